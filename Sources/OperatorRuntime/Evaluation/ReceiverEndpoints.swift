import CostGuardAPI
import KubeClient
import KubeModel
import Signals

/// Where a guard's access-log receivers are: its `url`, or every ready endpoint of the Service's
/// EndpointSlices (label `kubernetes.io/service-name`), listed again each evaluation so that a
/// rolling restart of the receivers is followed at once. Terminating and not-ready endpoints are
/// left out: they are not being sent lines.
enum ReceiverEndpoints {
    static func lookup(_ receivers: CostGuardSpec.Signals.AccessLogs.Receivers, client: Client) -> ReceiverLookup {
        switch receivers {
        case .url(let url):
            return { [url] }
        case .service(let namespace, let name, let port):
            return { () async throws(SignalsError) -> [String] in
                let slices: ObjectList<EndpointSlice>
                do {
                    slices = try await client.listAll(.endpointSlices, namespace: namespace,
                                                      options: ListOptions(labelSelector: "kubernetes.io/service-name=\(name)"),
                                                      as: .codable(EndpointSlice.self))
                } catch let error as KubeError where error.isForbidden {
                    throw SignalsError(.configuration, "the operator may not list EndpointSlices in \(namespace) (\(error)); deploy/base grants it in costguard-system only: run the receivers there or add a Role for \(namespace)")
                } catch {
                    throw SignalsError(.unreachable, "cannot list the EndpointSlices of Service \(namespace)/\(name)", cause: KubeErrorText(error))
                }
                let urls = addresses(slices.items).map { "http://\($0):\(port)" }
                guard !urls.isEmpty else {
                    throw SignalsError(.unreachable, "Service \(namespace)/\(name) has no ready endpoints (are the costguard ingest serve pods running and ready?)")
                }
                return urls
            }
        }
    }

    /// Ready endpoint addresses, IPv6 in brackets, sorted and without repeats.
    static func addresses(_ slices: [EndpointSlice]) -> [String] {
        var found = Set<String>()
        for slice in slices where slice.addressType == "IPv4" || slice.addressType == "IPv6" {
            for endpoint in slice.endpoints ?? [] where endpoint.conditions?.ready ?? true {
                for address in endpoint.addresses {
                    found.insert(slice.addressType == "IPv6" ? "[\(address)]" : address)
                }
            }
        }
        return found.sorted()
    }
}

/// The fields of a discovery.k8s.io/v1 EndpointSlice the lookup reads.
struct EndpointSlice: Decodable, Sendable {
    struct Endpoint: Decodable, Sendable {
        var addresses: [String]
        var conditions: Conditions?
    }

    /// `ready` unset means ready (the API's rule: an unknown state is taken as ready).
    struct Conditions: Decodable, Sendable {
        var ready: Bool?
    }

    var addressType: String
    var endpoints: [Endpoint]?
}

/// A Kubernetes error as a Sendable cause with its text.
struct KubeErrorText: Error, Sendable, CustomStringConvertible {
    var description: String
    init(_ error: any Error) { description = String(describing: error) }
}
