import GuardCore

/// Keeps a replay's curves for charts in at most `capacity` buckets: when full, neighbours merge
/// and each bucket spans twice as many frames, so memory stays flat for any length.
package struct SeriesCollector: Sendable {
    package struct Bucket: Sendable {
        package var t: Double
        package var rps: Double
        /// The most serious verdict in the bucket (surge > organic > steady > warmup).
        package var verdict: Verdict.Class
        package var replicas: Int
        package var unguardedReplicas: Int
        package var nodes: Int
        package var unguardedNodes: Int
        package var spend: Double
        package var unguardedSpend: Double
        package var denied: Int
        /// Scale-up paused in any frame of the bucket, and the lowest replica ceiling in force.
        package var paused: Bool = false
        package var ceiling: Int?

        mutating func merge(_ other: Bucket) {
            paused = paused || other.paused
            if let other = other.ceiling { ceiling = min(ceiling ?? other, other) }
            rps = max(rps, other.rps)
            if Self.rank(other.verdict) > Self.rank(verdict) { verdict = other.verdict }
            replicas = max(replicas, other.replicas)
            unguardedReplicas = max(unguardedReplicas, other.unguardedReplicas)
            nodes = max(nodes, other.nodes)
            unguardedNodes = max(unguardedNodes, other.unguardedNodes)
            spend = max(spend, other.spend)
            unguardedSpend = max(unguardedSpend, other.unguardedSpend)
            denied = max(denied, other.denied)
        }

        static func rank(_ verdict: Verdict.Class) -> Int {
            switch verdict {
            case .warmup: 0
            case .steady: 1
            case .organic: 2
            case .surge: 3
            }
        }
    }

    /// A decision worth showing a person, with the frame's time.
    package struct Event: Sendable {
        package var t: Double
        package var text: String
    }

    package private(set) var buckets: [Bucket] = []
    package private(set) var events: [Event] = []
    package private(set) var eventsDropped = 0
    private var pending: Bucket?
    private var pendingFrames = 0
    private var framesPerBucket = 1
    private let capacity: Int
    private let eventLimit: Int

    package init(capacity: Int = 1200, eventLimit: Int = 200) {
        self.capacity = capacity
        self.eventLimit = eventLimit
    }

    package mutating func add(_ frame: ReplayFrame) {
        let bucket = Bucket(t: frame.t, rps: frame.rps, verdict: frame.verdict.class,
                            replicas: frame.guarded.replicas, unguardedReplicas: frame.unguarded.replicas,
                            nodes: frame.guarded.nodes, unguardedNodes: frame.unguarded.nodes,
                            spend: frame.guarded.hourlySpend, unguardedSpend: frame.unguarded.hourlySpend,
                            denied: frame.denied.count, paused: frame.paused, ceiling: frame.replicaCeiling)
        if pending == nil { pending = bucket } else { pending!.merge(bucket) }
        pendingFrames += 1
        if pendingFrames == framesPerBucket { flushPending() }
        if frame.guardPlans.isEmpty {
            for text in Self.describe(frame.changes) { addEvent(t: frame.t, text: text) }
        } else {
            // Several guards: each one's decisions, under its name.
            for plan in frame.guardPlans {
                for text in Self.describe(plan.changes) { addEvent(t: frame.t, text: "\(plan.guardName): \(text)") }
            }
        }
    }

    private mutating func addEvent(t: Double, text: String) {
        if events.count < eventLimit { events.append(Event(t: t, text: text)) } else { eventsDropped += 1 }
    }

    /// One line per change, with a frame's deny-list additions and removals folded into one line each.
    package static func describe(_ changes: [Decision]) -> [String] {
        var lines: [String] = []
        var denied: [(String, Double)] = []
        var expired: [String] = []
        for change in changes {
            switch change {
            case .deny(let prefix, let rps, _): denied.append((prefix.description, rps))
            case .expire(let prefix): expired.append(prefix.description)
            default: lines.append(change.description)
            }
        }
        if !denied.isEmpty {
            let heaviest = denied.sorted { $0.1 > $1.1 }.prefix(5).map { "\($0.0) (\(Reason.multiple($0.1)) rps)" }
            lines.append("denied \(denied.count) prefix\(denied.count == 1 ? "" : "es"): \(heaviest.joined(separator: ", "))\(denied.count > 5 ? ", …" : "")")
        }
        if !expired.isEmpty {
            lines.append("removed \(expired.count) prefix\(expired.count == 1 ? "" : "es") from the deny list: \(expired.prefix(5).joined(separator: ", "))\(expired.count > 5 ? ", …" : "")")
        }
        return lines
    }

    /// The buckets, including a partly filled last one.
    package func finished() -> [Bucket] {
        pending.map { buckets + [$0] } ?? buckets
    }

    private mutating func flushPending() {
        guard let bucket = pending else { return }
        buckets.append(bucket)
        pending = nil
        pendingFrames = 0
        if buckets.count >= capacity {
            var merged: [Bucket] = []
            merged.reserveCapacity(capacity / 2 + 1)
            var index = 0
            while index + 1 < buckets.count {
                var pair = buckets[index]
                pair.merge(buckets[index + 1])
                merged.append(pair)
                index += 2
            }
            if index < buckets.count { merged.append(buckets[index]) }
            buckets = merged
            framesPerBucket *= 2
        }
    }
}
