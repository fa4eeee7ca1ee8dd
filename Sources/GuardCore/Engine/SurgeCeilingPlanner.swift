/// The graded response to a surge: instead of disabling scale-up, a replica ceiling at what the
/// organic part of the traffic needs, so real users keep being served while the attack's share is
/// not bought. The organic part is the baseline's prediction for this slot plus the share of the
/// rise the verdict is not sure about, with headroom; never above the caps (the engine takes the
/// lower of this ceiling and a cap's).
enum SurgeCeilingPlanner {
    /// Headroom over the organic estimate: the HPA's tolerance (10%), the baseline's noise, and
    /// users arriving while the surge holds.
    static let headroom = 1.3

    /// Requests per second the workloads' replicas serve at their usual load (learned from calm frames).
    struct Capacity: Sendable, Hashable {
        var perReplica = DecayingMean()

        mutating func learn(rps: Double, replicas: Int, alpha: Double) {
            guard replicas > 0, rps > 0, rps.isFinite else { return }
            perReplica.add(rps / Double(replicas), alpha: alpha)
        }

        var known: Double? { perReplica.count >= 20 && perReplica.value > 0 ? perReplica.value : nil }
    }

    /// The organic rate to provide for: the prediction, plus the part of the rise above it that the
    /// verdict does not claim (1 - score), with headroom.
    /// Where the frame says what share of it behaves like real users (`usersShare`), at least that
    /// share of the rate is provided for.
    static func organicRps(rps: Double, predicted: Double, score: Double, usersShare: Double? = nil) -> Double {
        let excess = max(0, rps - predicted)
        let graded = predicted + (1 - min(1, max(0, score))) * excess
        return max(graded, rps * (usersShare ?? 0)) * headroom
    }

    /// One ceiling per workload, its share of `organicRps` by its share of the replicas, never below
    /// `floor` (the replicas each had when the surge began) or its minReplicas, never above its maxReplicas.
    static func ceilings(organicRps: Double, perReplica: Double, view: ClusterView, floor: [String: Int]) -> [ReplicaCeiling] {
        let total = view.workloads.reduce(0) { $0 + $1.replicas }
        guard total > 0, perReplica > 0 else { return [] }
        let needed = organicRps / perReplica
        return view.workloads.compactMap { workload in
            let share = Double(workload.replicas) / Double(total)
            let want = Int(min((needed * share).rounded(.up), Double(workload.maxReplicas)).clampedFinite)
            let lowest = max(floor["\(workload.namespace)/\(workload.name)"] ?? 0, workload.minReplicas, 1)
            let ceiling = min(max(want, lowest), workload.maxReplicas)
            guard ceiling < workload.maxReplicas else { return nil }
            return ReplicaCeiling(namespace: workload.namespace, name: workload.name, maxReplicas: ceiling, cap: .surge)
        }
    }
}
