import Foundation
import KubeModel

/// kube-apiserver's Node printer: Status from the Ready condition (plus SchedulingDisabled
/// when cordoned), Roles from the node-role labels, the kubelet version, and the wide
/// columns (addresses, OS image, kernel, container runtime).
extension BuiltInPrinters {
    static let node = TablePrinter(columns: nodeColumns) { object, now in
        let info = object.value(atPath: "status.nodeInfo")
        func reported(_ field: String) -> JSONValue {
            let text = info?[field]?.stringValue ?? ""
            return .string(text.isEmpty ? "<unknown>" : text)
        }
        return [
            .string(object.metadataName), .string(nodeStatus(object)), .string(nodeRoles(object)),
            .string(Timestamp.age(of: object, now: now)), .string(info?["kubeletVersion"]?.stringValue ?? ""),
            .string(nodeAddress(object, type: "InternalIP")), .string(nodeAddress(object, type: "ExternalIP")),
            reported("osImage"), reported("kernelVersion"), reported("containerRuntimeVersion"),
        ]
    }

    static let nodeAddressesDescription = "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own status or consumers of the downward API (status.hostIP)."

    static let nodeColumns: [TableColumn] = [
        .name,
        TableColumn(name: "Status", type: "string", description: "The status of the node"),
        TableColumn(name: "Roles", type: "string", description: "The roles of the node"),
        .age,
        TableColumn(name: "Version", type: "string", description: "Kubelet Version reported by the node."),
        TableColumn(name: "Internal-IP", type: "string", description: nodeAddressesDescription, priority: 1),
        TableColumn(name: "External-IP", type: "string", description: nodeAddressesDescription, priority: 1),
        TableColumn(name: "OS-Image", type: "string",
                    description: "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", priority: 1),
        TableColumn(name: "Kernel-Version", type: "string",
                    description: "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", priority: 1),
        TableColumn(name: "Container-Runtime", type: "string",
                    description: "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).", priority: 1),
    ]

    static func nodeStatus(_ node: JSONValue) -> String {
        let conditions = node.value(atPath: "status.conditions")?.arrayValue ?? []
        // Upstream keeps the last Ready condition when there are several.
        var status: [String] = []
        if let ready = conditions.last(where: { $0["type"]?.stringValue == "Ready" }) {
            status.append(ready["status"]?.stringValue == "True" ? "Ready" : "NotReady")
        } else {
            status.append("Unknown")
        }
        if node.value(atPath: "spec.unschedulable")?.boolValue == true { status.append("SchedulingDisabled") }
        return status.joined(separator: ",")
    }

    /// `node-role.kubernetes.io/<role>` keys and `kubernetes.io/role` values, sorted.
    static func nodeRoles(_ node: JSONValue) -> String {
        var roles = Set<String>()
        for (key, value) in node.value(atPath: "metadata.labels")?.stringMap ?? [:] {
            if key.hasPrefix("node-role.kubernetes.io/") {
                let role = String(key.dropFirst("node-role.kubernetes.io/".count))
                if !role.isEmpty { roles.insert(role) }
            } else if key == "kubernetes.io/role", !value.isEmpty {
                roles.insert(value)
            }
        }
        return roles.isEmpty ? "<none>" : roles.sorted().joined(separator: ",")
    }

    static func nodeAddress(_ node: JSONValue, type: String) -> String {
        let addresses = node.value(atPath: "status.addresses")?.arrayValue ?? []
        return addresses.first { $0["type"]?.stringValue == type }?["address"]?.stringValue ?? "<none>"
    }
}
