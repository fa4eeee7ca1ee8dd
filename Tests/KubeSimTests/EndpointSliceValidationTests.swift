import KubeModel
import KubeSim
import Testing

/// KubeSim refuses the EndpointSlices kube-apiserver refuses (the operator lists them to find the
/// access-log receivers; a test that writes one must fail as it would on a cluster).
@Suite struct EndpointSliceValidationTests {
    static func slice(_ name: String, addressType: JSONValue = "IPv4", addresses: JSONValue = ["10.0.0.1"],
                      port: JSONValue = 8090, protocolName: JSONValue = "TCP") -> JSONValue {
        ["apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
         "metadata": ["name": .string(name), "labels": ["kubernetes.io/service-name": "costguard-ingest"]],
         "addressType": addressType, "endpoints": [["addresses": addresses, "conditions": ["ready": true]]],
         "ports": [["name": "http", "port": port, "protocol": protocolName]]]
    }

    /// The refusal as text, its quotes unescaped.
    static func text(_ error: any Error) -> String {
        String(describing: error).replacingOccurrences(of: "\\\"", with: "\"")
    }

    @Test func theRealServersRulesAreEnforced() throws {
        let cluster = ClusterState()
        let type = try #require(cluster.resourceType(group: "discovery.k8s.io", version: "v1", plural: "endpointslices"))
        try cluster.create(type, namespace: "default", body: Self.slice("good"))
        try cluster.create(type, namespace: "default", body: Self.slice("six", addressType: "IPv6", addresses: ["fd00::1"]))
        let cases: [(JSONValue, String)] = [
            (Self.slice("a", addressType: nil), "addressType: Required value"),
            (Self.slice("b", addressType: "IP"), "addressType: Unsupported value: \"IP\""),
            (Self.slice("c", addresses: []), "endpoints[0].addresses: Required value: must contain at least 1 address"),
            (Self.slice("d", addresses: ["10.0.0.300"]), "endpoints[0].addresses[0]: Invalid value: \"10.0.0.300\": must be a valid IPv4 address"),
            (Self.slice("e", addressType: "IPv6", addresses: ["10.0.0.1"]), "must be a valid IPv6 address"),
            (Self.slice("f", port: 70_000), "ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive"),
            (Self.slice("g", protocolName: "HTTP"), "ports[0].protocol: Unsupported value: \"HTTP\""),
        ]
        for (body, expected) in cases {
            var message: String?
            do { try cluster.create(type, namespace: "default", body: body) } catch { message = Self.text(error) }
            #expect(message?.contains("422") == true, "\(expected): \(message ?? "accepted")")
            #expect(message?.contains(expected) == true, "\(expected): \(message ?? "accepted")")
        }
        // addressType is immutable.
        var message: String?
        do {
            _ = try cluster.patch(type, namespace: "default", name: "good", patchType: .merge, patch: ["addressType": "FQDN"])
        } catch { message = Self.text(error) }
        #expect(message?.contains("addressType: Invalid value: \"FQDN\": field is immutable") == true, "\(message ?? "accepted")")
        #expect(try cluster.object(type, namespace: "default", name: "good")?["addressType"] == "IPv4")
    }
}
