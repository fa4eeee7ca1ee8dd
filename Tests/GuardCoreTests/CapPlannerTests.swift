import CostGuardAPI
@testable import GuardCore
import Testing

/// The caps, table by table: which cap binds and how many nodes it allows (node cap, hourly
/// spend, the monthly budget's run rate to month end), and the ceilings that keep the HPA's next
/// step under it.
@Suite struct CapPlannerTests {
    static func policy(maxNodes: Int? = nil, maxHourlySpend: String? = nil, monthlyBudget: String? = nil) throws -> Policy {
        var caps: [String] = []
        if let maxNodes { caps.append("\"maxNodes\": \(maxNodes)") }
        if let maxHourlySpend { caps.append("\"maxHourlySpend\": \"\(maxHourlySpend)\"") }
        if let monthlyBudget { caps.append("\"monthlyBudget\": \"\(monthlyBudget)\"") }
        return Policy(spec: try CostGuardSpec.parse(manifest: "{\"caps\": {\(caps.joined(separator: ", "))}}"), interval: 15)
    }

    static func view(nodes: Int, price: Double = 0.5, monthToDate: Double = 0, hoursToMonthEnd: Double = 0,
                     workloads: [WorkloadView] = [], reserved: Int = 0) -> ClusterView {
        ClusterView(nodes: nodes, hourlySpend: Double(nodes) * price, nextNodeHourly: price, reservedNodes: reserved, workloads: workloads,
                    monthToDateSpend: monthToDate, secondsToMonthEnd: hoursToMonthEnd * 3600)
    }

    struct LimitCase: Sendable, CustomTestStringConvertible {
        var what: String
        var maxNodes: Int?
        var maxHourlySpend: String?
        var monthlyBudget: String?
        var nodes: Int
        var monthToDate: Double = 0
        var hoursToMonthEnd: Double = 0
        var allowed: Int?
        var cap: CapKind?
        var testDescription: String { what }
    }

    static let limits: [LimitCase] = [
        LimitCase(what: "no caps: no limit", nodes: 10, allowed: nil, cap: nil),
        LimitCase(what: "the node cap alone", maxNodes: 20, nodes: 10, allowed: 20, cap: .nodeCap),
        // 10 nodes at 0.50/h = 5.00/h; 8.00/h leaves room for 6 more nodes.
        LimitCase(what: "the hourly spend, tighter than the node cap", maxNodes: 20, maxHourlySpend: "8.00", nodes: 10,
                  allowed: 16, cap: .spendCap),
        LimitCase(what: "the node cap, tighter than the spend", maxNodes: 12, maxHourlySpend: "8.00", nodes: 10, allowed: 12, cap: .nodeCap),
        LimitCase(what: "spend already over: fewer nodes than now", maxHourlySpend: "4.00", nodes: 10, allowed: 8, cap: .spendCap),
        LimitCase(what: "spend exactly at a node's price", maxHourlySpend: "5.50", nodes: 10, allowed: 11, cap: .spendCap),
        // 1,000 budget, 640 spent, 100 h left: 3.60/h to month end, at 0.50 a node: 7 nodes.
        LimitCase(what: "the budget's run rate to month end", maxNodes: 20, monthlyBudget: "1000", nodes: 10, monthToDate: 640,
                  hoursToMonthEnd: 100, allowed: 7, cap: .budget),
        LimitCase(what: "a budget with room binds less than the node cap", maxNodes: 12, monthlyBudget: "1000", nodes: 10,
                  monthToDate: 100, hoursToMonthEnd: 100, allowed: 12, cap: .nodeCap),
        LimitCase(what: "a budget already spent allows no node", monthlyBudget: "1000", nodes: 10, monthToDate: 1000,
                  hoursToMonthEnd: 10, allowed: 0, cap: .budget),
        LimitCase(what: "the month over: the budget waits for the next", monthlyBudget: "1000", nodes: 10, monthToDate: 1000,
                  hoursToMonthEnd: 0, allowed: nil, cap: nil),
    ]

    @Test(arguments: limits)
    func theTightestCapBinds(_ row: LimitCase) throws {
        let policy = try Self.policy(maxNodes: row.maxNodes, maxHourlySpend: row.maxHourlySpend, monthlyBudget: row.monthlyBudget)
        let limit = CapPlanner.allowedNodes(policy, Self.view(nodes: row.nodes, monthToDate: row.monthToDate,
                                                               hoursToMonthEnd: row.hoursToMonthEnd))
        #expect(limit?.nodes == row.allowed)
        #expect(limit?.cap == row.cap)
    }

    static func web(replicas: Int, max: Int = 1000, podsPerNode: Int = 10, name: String = "web") -> WorkloadView {
        WorkloadView(namespace: "shop", name: name, replicas: replicas, minReplicas: 2, maxReplicas: max, podsPerNode: podsPerNode)
    }

    @Test(arguments: [
        // (replicas, limit in nodes, reserved nodes, held before; the ceiling, nil for none)
        (40, 20, 0, false, nil),    // its next step (80 replicas, 8 nodes) fits in 20 nodes
        (80, 20, 0, false, nil),    // its next step (160) still fits the 20 nodes' 200
        (120, 20, 0, false, 200),   // its next step (240) would cross: held at the 20 nodes' 200
        (120, 20, 5, false, 150),   // 5 nodes taken by other work: 15 nodes' worth
        (160, 20, 0, true, 200),    // held: stays while the step (320) is above 75% of it
        (60, 20, 0, true, nil),     // well below a ceiling it held (step 120 <= 150): lifted
        (300, 20, 0, false, 200),   // already past the cap: held at what the cap allows, never raised
    ] as [(Int, Int, Int, Bool, Int?)])
    func aCeilingGoesOnBeforeTheNextStepCrossesTheLimit(_ replicas: Int, _ nodes: Int, _ reserved: Int, _ held: Bool, _ ceiling: Int?) {
        let view = Self.view(nodes: 10, workloads: [Self.web(replicas: replicas)], reserved: reserved)
        let previous = held ? [ReplicaCeiling(namespace: "shop", name: "web", maxReplicas: 200, cap: .nodeCap)] : []
        let result = CapPlanner.ceilings(CapPlanner.Limit(nodes: nodes, cap: .nodeCap), view, previous: previous)
        #expect(result.first?.maxReplicas == ceiling, "\(replicas) replicas, \(nodes) nodes allowed, \(reserved) reserved")
    }

    @Test func theFreeHeadroomIsSharedSoThatEveryWorkloadGrowingAtOnceStaysUnder() {
        // 20 nodes allowed; a and b use 4 each (40 replicas at 10 a node): 12 free, 6 each.
        let view = Self.view(nodes: 8, workloads: [Self.web(replicas: 40, name: "a"), Self.web(replicas: 40, name: "b")])
        let result = CapPlanner.ceilings(CapPlanner.Limit(nodes: 20, cap: .spendCap), view, previous: [])
        #expect(result.isEmpty, "each next step (80 replicas, 8 nodes) fits its 10 nodes")
        let busy = Self.view(nodes: 16, workloads: [Self.web(replicas: 80, name: "a"), Self.web(replicas: 80, name: "b")])
        let held = CapPlanner.ceilings(CapPlanner.Limit(nodes: 20, cap: .spendCap), busy, previous: [])
        #expect(held.map(\.maxReplicas) == [100, 100])
        #expect(held.allSatisfy { $0.cap == .spendCap })
        #expect(held.reduce(0) { $0 + $1.maxReplicas } / 10 <= 20, "together they stay within the 20 nodes")
    }

    @Test func aCeilingNeverRaisesTheHPAsOwnMaxReplicasNorGoesBelowItsMin() {
        let small = Self.view(nodes: 10, workloads: [Self.web(replicas: 50, max: 60)])
        #expect(CapPlanner.ceilings(CapPlanner.Limit(nodes: 5, cap: .nodeCap), small, previous: []).first?.maxReplicas == 50)
        let none = Self.view(nodes: 10, workloads: [Self.web(replicas: 50, max: 40)])
        #expect(CapPlanner.ceilings(CapPlanner.Limit(nodes: 100, cap: .nodeCap), none, previous: []).isEmpty)
        let zero = Self.view(nodes: 10, workloads: [Self.web(replicas: 50)])
        #expect(CapPlanner.ceilings(CapPlanner.Limit(nodes: 0, cap: .budget), zero, previous: []).first?.maxReplicas == 2,
                "no node allowed: held at minReplicas, never 0")
    }
}
