import KubeModel

/// The CostGuard CustomResourceDefinition as KubeSim needs it to serve the kind: names, scope,
/// status subresource and the printer columns `kubectl get costguards` shows. The schema is left
/// open here (preserve-unknown-fields, so KubeSim's schema validation has nothing to check); crds/
/// holds the full one that a real cluster gets (DeployTests checks that the printer columns are the same).
package enum CostGuardCRD {
    package static var printerColumns: JSONValue {
        [
            ["name": "Mode", "type": "string", "jsonPath": ".spec.mode", "description": "DryRun only reports; Enforce acts."],
            ["name": "Phase", "type": "string", "jsonPath": ".status.phase"],
            ["name": "Verdict", "type": "string", "jsonPath": ".status.verdict.class",
             "description": "The classifier's verdict on the latest frame."],
            ["name": "Nodes", "type": "integer", "jsonPath": ".status.nodes", "description": "Counted nodes."],
            ["name": "Max Nodes", "type": "integer", "jsonPath": ".spec.caps.maxNodes"],
            ["name": "Ceiling", "type": "string", "jsonPath": ".status.ceiling",
             "description": "The tightest replica ceiling in force: maxReplicas/original and why (a cap, or surge: the organic share)."],
            ["name": "Spend/h", "type": "string", "jsonPath": ".status.hourlySpend", "description": "Hourly price of the counted nodes."],
            ["name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp"],
        ]
    }

    package static var object: JSONValue {
        [
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": ["name": "costguards.costguard.dev"],
            "spec": [
                "group": "costguard.dev", "scope": "Cluster",
                "names": ["plural": "costguards", "singular": "costguard", "kind": "CostGuard", "listKind": "CostGuardList",
                          "shortNames": ["cg"]],
                "versions": [[
                    "name": "v1alpha1", "served": true, "storage": true, "subresources": ["status": [:]],
                    "additionalPrinterColumns": printerColumns,
                    "schema": ["openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]],
                ]],
            ],
        ]
    }
}
