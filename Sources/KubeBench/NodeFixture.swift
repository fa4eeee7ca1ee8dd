import KubeModel

/// A Node as a real cluster serves it, ~7 KB: managedFields, annotations, conditions
/// and a long image list, most of which the focused reader skips.
enum NodeFixture {
    static func json(index: Int, resourceVersion: Int) -> JSONValue {
        let name = "ip-10-0-\(index / 250)-\(index % 250).ec2.internal"
        var images: [JSONValue] = []
        for image in 0..<24 {
            images.append(["names": [.string("registry.example.com/team-\(image)/service-\(image)@sha256:\(String(repeating: "ab", count: 32))"),
                                     .string("registry.example.com/team-\(image)/service-\(image):v1.\(image).0")],
                           "sizeBytes": .int(Int64(100_000_000 + image * 1_000_003))])
        }
        let conditions: [JSONValue] = ["MemoryPressure", "DiskPressure", "PIDPressure", "Ready"].map { type in
            ["type": .string(type), "status": type == "Ready" ? "True" : "False",
             "lastHeartbeatTime": "2026-03-02T05:00:15Z", "lastTransitionTime": "2026-03-01T00:00:00Z",
             "reason": .string("Kubelet\(type)"), "message": .string("kubelet reports \(type) as expected")]
        }
        return [
            "apiVersion": "v1", "kind": "Node",
            "metadata": [
                "name": .string(name), "uid": .string("6f1c\(index)-aaaa-bbbb-cccc-000000000000"),
                "resourceVersion": .string(String(resourceVersion)), "creationTimestamp": "2026-03-01T00:00:00Z",
                "labels": [
                    "kubernetes.io/hostname": .string(name), "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
                    "node.kubernetes.io/instance-type": index % 3 == 0 ? "m5.xlarge" : "m5.large",
                    "karpenter.sh/capacity-type": index % 4 == 0 ? "spot" : "on-demand",
                    "karpenter.sh/nodepool": "default", "topology.kubernetes.io/zone": .string("us-east-1\(["a", "b", "c"][index % 3])"),
                    "topology.kubernetes.io/region": "us-east-1",
                ],
                "annotations": [
                    "node.alpha.kubernetes.io/ttl": "0",
                    "volumes.kubernetes.io/controller-managed-attach-detach": "true",
                    "karpenter.sh/nodepool-hash": "1234567890123456789",
                ],
                "managedFields": [
                    ["manager": "kubelet", "operation": "Update", "apiVersion": "v1", "time": "2026-03-02T05:00:15Z",
                     "fieldsType": "FieldsV1",
                     "fieldsV1": ["f:status": ["f:conditions": ["k:{\"type\":\"Ready\"}": ["f:lastHeartbeatTime": [:]]],
                                                "f:images": [:], "f:nodeInfo": ["f:bootID": [:]]]]],
                ],
            ],
            "spec": ["podCIDR": .string("10.1.\(index % 250).0/24"), "podCIDRs": [.string("10.1.\(index % 250).0/24")],
                     "providerID": .string("aws:///us-east-1a/i-0\(index)abcdef")],
            "status": [
                "capacity": ["cpu": "2", "memory": "7910360Ki", "pods": "29", "ephemeral-storage": "83873772Ki"],
                "allocatable": ["cpu": "1930m", "memory": "7220184Ki", "pods": "29", "ephemeral-storage": "76224326324"],
                "addresses": [["type": "InternalIP", "address": .string("10.0.\(index / 250).\(index % 250)")],
                              ["type": "Hostname", "address": .string(name)]],
                "conditions": .array(conditions),
                "images": .array(images),
                "nodeInfo": ["kubeletVersion": "v1.33.0", "containerRuntimeVersion": "containerd://1.7.0",
                             "osImage": "Amazon Linux 2023", "kernelVersion": "6.1.0", "machineID": "abc", "systemUUID": "def",
                             "bootID": "ghi", "architecture": "amd64", "operatingSystem": "linux", "kubeProxyVersion": ""],
                "daemonEndpoints": ["kubeletEndpoint": ["Port": 10250]],
            ],
        ]
    }
}
