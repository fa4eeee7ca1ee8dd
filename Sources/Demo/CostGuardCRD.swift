import KubeModel

/// The CostGuard CustomResourceDefinition as KubeSim needs it to serve the kind (names, scope,
/// status subresource, printer columns). KubeSim does not validate schemas, so the schema is
/// left open here; crds/ holds the full one that a real cluster gets.
public enum CostGuardCRD {
    public static var object: JSONValue {
        [
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": ["name": "costguards.costguard.dev"],
            "spec": [
                "group": "costguard.dev", "scope": "Cluster",
                "names": ["plural": "costguards", "singular": "costguard", "kind": "CostGuard", "listKind": "CostGuardList",
                          "shortNames": ["cg"]],
                "versions": [[
                    "name": "v1alpha1", "served": true, "storage": true, "subresources": ["status": [:]],
                    "schema": ["openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]],
                ]],
            ],
        ]
    }
}
