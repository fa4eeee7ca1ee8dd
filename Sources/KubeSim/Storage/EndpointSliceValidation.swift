import Foundation
import KubeModel

/// The discovery.k8s.io/v1 EndpointSlice rules kube-apiserver enforces: a supported and unchanged
/// addressType, at most 1000 endpoints of 1 to 100 addresses of that type, at most 100 ports with
/// a supported protocol and a port number in range.
enum EndpointSliceValidation {
    static let key = ResourceKey(group: "discovery.k8s.io", plural: "endpointslices")
    static let addressTypes = ["IPv4", "IPv6", "FQDN"]
    static let protocols = ["TCP", "UDP", "SCTP"]

    static func check(_ type: ResourceType, _ value: JSONValue, old: JSONValue?, name: String) throws {
        guard type.key == key else { return }
        func invalid(_ field: String, _ message: String) -> APIFailure { APIFailure.invalid(type, name, field: field, message) }
        guard let addressType = value["addressType"]?.stringValue else { throw invalid("addressType", "Required value") }
        guard addressTypes.contains(addressType) else {
            throw invalid("addressType", "Unsupported value: \"\(addressType)\": supported values: \"FQDN\", \"IPv4\", \"IPv6\"")
        }
        if let previous = old?["addressType"]?.stringValue, previous != addressType {
            throw invalid("addressType", "Invalid value: \"\(addressType)\": field is immutable")
        }
        let endpoints = value["endpoints"]?.arrayValue ?? []
        if endpoints.count > 1000 { throw invalid("endpoints", "Too many: \(endpoints.count): must have at most 1000 items") }
        for (index, endpoint) in endpoints.enumerated() {
            let field = "endpoints[\(index)].addresses"
            let addresses = endpoint["addresses"]?.arrayValue ?? []
            if addresses.isEmpty { throw invalid(field, "Required value: must contain at least 1 address") }
            if addresses.count > 100 { throw invalid(field, "Too many: \(addresses.count): must have at most 100 items") }
            for (position, address) in addresses.enumerated() {
                let text = address.stringValue ?? ""
                guard !isValid(text, as: addressType) else { continue }
                let what = addressType == "FQDN" ? "must be a valid DNS subdomain" : "must be a valid \(addressType) address"
                throw invalid("\(field)[\(position)]", "Invalid value: \"\(text)\": \(what)")
            }
        }
        let ports = value["ports"]?.arrayValue ?? []
        if ports.count > 100 { throw invalid("ports", "Too many: \(ports.count): must have at most 100 items") }
        for (index, port) in ports.enumerated() {
            if let number = port["port"]?.intValue, !(1...65_535).contains(number) {
                throw invalid("ports[\(index)].port", "Invalid value: \(number): must be between 1 and 65535, inclusive")
            }
            if let proto = port["protocol"]?.stringValue, !protocols.contains(proto) {
                throw invalid("ports[\(index)].protocol", "Unsupported value: \"\(proto)\": supported values: \"SCTP\", \"TCP\", \"UDP\"")
            }
        }
    }

    static func isValid(_ address: String, as addressType: String) -> Bool {
        switch addressType {
        case "IPv4":
            var bytes = in_addr()
            return inet_pton(AF_INET, address, &bytes) == 1
        case "IPv6":
            var bytes = in6_addr()
            return address.contains(":") && inet_pton(AF_INET6, address, &bytes) == 1
        default:
            return (1...253).contains(address.count)
                && address.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
                    (1...63).contains(label.count) && label.first != "-" && label.last != "-"
                        && label.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
                }
        }
    }
}
