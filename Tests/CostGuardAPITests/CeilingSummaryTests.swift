import CostGuardAPI
import Testing

/// `status.ceiling`, the `kubectl get costguards` cell: the tightest ceiling and what else holds.
@Suite struct CeilingSummaryTests {
    typealias Ceiling = CostGuardStatus.Ceiling

    @Test(arguments: [
        ([], false, nil),
        ([Ceiling(namespace: "shop", name: "web", maxReplicas: 12, originalMaxReplicas: 40, cap: "surge", heldBy: nil)], false, "12/40 surge"),
        // The tightest by share of its own maxReplicas, not the lowest number.
        ([Ceiling(namespace: "shop", name: "web", maxReplicas: 12, originalMaxReplicas: 40, cap: "surge", heldBy: nil),
          Ceiling(namespace: "shop", name: "api", maxReplicas: 8, originalMaxReplicas: 10, cap: "nodeCap", heldBy: nil)], false, "12/40 surge +1"),
        ([Ceiling(namespace: "shop", name: "web", maxReplicas: 6, originalMaxReplicas: 40, cap: "nodeCap", heldBy: "platform")],
         true, "6/40 nodeCap, held by platform (dry run)"),
    ] as [([Ceiling], Bool, String?)])
    func summarises(_ ceilings: [Ceiling], dryRun: Bool, expected: String?) {
        #expect(CostGuardStatus.ceilingSummary(ceilings, dryRun: dryRun) == expected)
    }
}
