/// The reference cluster model of spec/scenarios.md, step for step: Kubernetes' own HPA and
/// node-autoscaler defaults, so that replays from different guards and scorers compare.
package struct ReferenceCluster: Sendable {
    package let cluster: ClusterParameters
    package let workload: WorkloadParameters
    package let interval: Double

    /// Replica count after the last frame.
    package private(set) var replicas = 0
    /// Requested nodes, each with the time it is ready.
    private var readyTimes: [Double] = []
    /// unneededSince[i]: since when at least i+1 nodes have been unneeded without a break.
    private var unneededSince: [Double] = []
    /// (t, desired) within the scale-down stabilization window.
    private var recommendations: [(t: Double, desired: Int)] = []
    private var recommendationStart = 0
    private var started = false

    package init(cluster: ClusterParameters, workload: WorkloadParameters, interval: Double) {
        self.cluster = cluster
        self.workload = workload
        self.interval = interval
    }

    package struct Step: Sendable, Hashable {
        package var replicas: Int
        package var desired: Int
        package var nodes: Int
        package var readyNodes: Int
        package var hourlySpend: Double
        package var admitted: Double
        package var served: Double
    }

    package var nodes: Int { readyTimes.count }

    /// Scales for the frame at `t` with offered `rps`, of which `deniedRps` is on the deny list;
    /// `paused` and `ceiling` are the guard's decisions after the previous frame.
    package mutating func step(t: Double, rps: Double, deniedRps: Double, paused: Bool, ceiling: Int?) -> Step {
        let admitted = max(0, rps - deniedRps)
        let perPod = workload.rpsPerPod * workload.targetUtilization
        // Within Int's range whatever the input: a bad rate must not trap the process.
        let computed = Int(min((admitted / perPod).rounded(.up), Double(workload.maxReplicas) + 1).clampedFinite)
        let clamped = min(max(computed, workload.minReplicas), workload.maxReplicas)

        let desired: Int
        if !started {
            desired = clamped
            replicas = clamped
        } else if replicas > 0, abs(admitted / (Double(replicas) * perPod) - 1) <= 0.1 {
            desired = replicas
        } else {
            desired = clamped
        }
        record(t: t, desired: desired)

        if started {
            if desired > replicas {
                if !paused {
                    replicas = min(desired, max(2 * replicas, replicas + 4), ceiling ?? Int.max)
                }
            } else if desired < replicas {
                let stabilized = highestRecommendation()
                if stabilized < replicas { replicas = stabilized }
            }
        }
        if let ceiling, ceiling < replicas { replicas = ceiling }

        let needed = min(max((replicas + cluster.podsPerNode - 1) / cluster.podsPerNode, cluster.minNodes), cluster.maxNodes)
        if !started {
            readyTimes = Array(repeating: t, count: max(cluster.nodes, needed))
            started = true
        } else if needed > readyTimes.count {
            readyTimes.append(contentsOf: repeatElement(t + cluster.nodeProvisionSeconds, count: needed - readyTimes.count))
        }
        scaleDownNodes(t: t, needed: needed)

        let ready = readyTimes.reduce(0) { $0 + ($1 <= t ? 1 : 0) }
        let capacity = Double(min(replicas, ready * cluster.podsPerNode)) * workload.rpsPerPod
        return Step(replicas: replicas, desired: desired, nodes: readyTimes.count, readyNodes: ready,
                    hourlySpend: Double(readyTimes.count) * cluster.nodeHourlyPrice,
                    admitted: admitted, served: min(admitted, capacity))
    }

    /// Nodes unneeded for `nodeScaleDownSeconds` without a break are removed (the newest first).
    private mutating func scaleDownNodes(t: Double, needed: Int) {
        let excess = max(0, readyTimes.count - needed)
        if unneededSince.count > excess { unneededSince.removeLast(unneededSince.count - excess) }
        while unneededSince.count < excess { unneededSince.append(t) }
        let removable = unneededSince.prefix { t - $0 >= cluster.nodeScaleDownSeconds }.count
        guard removable > 0 else { return }
        readyTimes.sort()
        readyTimes.removeLast(removable)
        unneededSince.removeFirst(removable)
    }

    private mutating func record(t: Double, desired: Int) {
        recommendations.append((t, desired))
        // Kubernetes keeps recommendations newer than now minus the window.
        while recommendationStart < recommendations.count,
              recommendations[recommendationStart].t <= t - workload.scaleDownStabilizationSeconds {
            recommendationStart += 1
        }
        if recommendationStart > 256 {
            recommendations.removeFirst(recommendationStart)
            recommendationStart = 0
        }
    }

    private func highestRecommendation() -> Int {
        var highest = 0
        for index in recommendationStart..<recommendations.count { highest = max(highest, recommendations[index].desired) }
        return highest
    }
}

extension Double {
    /// The value, or 0 when it is NaN, and within ±2^53 (so `Int(_:)` cannot trap).
    var clampedFinite: Double {
        isNaN ? 0 : Swift.min(Swift.max(self, -9_007_199_254_740_992), 9_007_199_254_740_992)
    }
}
