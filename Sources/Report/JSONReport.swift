import FileOutput
import CostGuardAPI
import KubeModel
import GuardCore

/// The replay contract of spec/scenarios.md, written frame by frame as the replay runs.
package struct JSONReport {
    private let sink: OutputSink
    private var wroteFrame = false

    package init(sink: OutputSink, scenario: String) throws {
        self.sink = sink
        try sink.append { out in
            out += "{\"scenario\":"
            JSONText.appendQuoted(scenario, to: &out)
            out += ",\"frames\":["
        }
    }

    package mutating func frame(_ frame: ReplayFrame) throws {
        let first = !wroteFrame
        wroteFrame = true
        try sink.append { out in
            if !first { out += "," }
            out += "\n{\"t\":"
            out += JSONText.number(frame.t)
            out += ",\"verdict\":\""
            out += frame.verdict.class.rawValue
            out += "\",\"score\":"
            out += JSONText.number((frame.verdict.score * 1000).rounded() / 1000)
            out += frame.paused ? ",\"paused\":true,\"pauseReason\":\"" + frame.pauseReason!.rawValue + "\"" : ",\"paused\":false,\"pauseReason\":null"
            out += ",\"replicaCeiling\":"
            out += frame.replicaCeiling.map(String.init) ?? "null"
            if let holder = frame.ceilingBy {
                out += ",\"ceilingBy\":"
                JSONText.appendQuoted(holder, to: &out)
            }
            out += ",\"denied\":["
            for (index, prefix) in frame.denied.enumerated() {
                if index > 0 { out += "," }
                out += "\"" + prefix.description + "\""
            }
            out += "],\"replicas\":"
            out += String(frame.guarded.replicas)
            out += ",\"nodes\":"
            out += String(frame.guarded.nodes)
            out += ",\"hourlySpend\":"
            out += JSONText.number(cents(frame.guarded.hourlySpend))
            // Several guards: each one's changes under its name, in the frames where some changed.
            let acting = frame.guardPlans.filter { !$0.changes.isEmpty }
            if !acting.isEmpty {
                out += ",\"actionsBy\":{"
                for (index, plan) in acting.enumerated() {
                    if index > 0 { out += "," }
                    JSONText.appendQuoted(plan.guardName, to: &out)
                    out += ":"
                    Self.appendStrings(plan.changes.map(\.description), to: &out)
                }
                out += "}"
            }
            if !frame.changes.isEmpty {
                out += ",\"actions\":"
                Self.appendStrings(frame.changes.map(\.description), to: &out)
                out += ",\"reasons\":"
                Self.appendStrings(frame.verdict.reasons.map(\.description), to: &out)
            }
            out += "}"
        }
    }

    package func finish(_ summary: ReplaySummary) throws {
        try sink.append { out in
            out += "\n],\"summary\":{\"firstSurgeAt\":"
            out += summary.firstSurgeAt.map(JSONText.number) ?? "null"
            out += ",\"firstPauseAt\":"
            out += summary.firstPauseAt.map(JSONText.number) ?? "null"
            out += ",\"pausedSeconds\":"
            out += JSONText.number(summary.pausedSeconds)
            out += ",\"deniedPrefixes\":["
            for (index, prefix) in summary.deniedPrefixes.sorted().enumerated() {
                if index > 0 { out += "," }
                out += "\"" + prefix.description + "\""
            }
            out += "],\"guarded\":"
            totals(summary.guarded, into: &out)
            out += ",\"unguarded\":"
            totals(summary.unguarded, into: &out)
            out += ",\"frames\":" + String(summary.frames)
            out += ",\"surgeSeconds\":" + JSONText.number(summary.surgeSeconds)
            out += ",\"surgeCeilingSeconds\":" + JSONText.number(summary.surgeCeilingSeconds)
            out += ",\"rateOnlyFrames\":" + String(summary.rateOnlyFrames)
            out += ",\"costSaved\":" + JSONText.number(cents(summary.unguarded.cost - summary.guarded.cost))
            out += ",\"currency\":\"" + summary.currency + "\""
            out += ",\"capBreaches\":" + String(summary.capBreaches)
            out += ",\"deniedRequests\":" + JSONText.number(summary.deniedRequests.rounded())
            out += ",\"detectionDelay\":" + (summary.detectionDelay.map(JSONText.number) ?? "null")
            legit(summary, into: &out)
            guards(summary, into: &out)
            out += "}}\n"
        }
        try sink.flush()
    }

    /// A JSON array of strings.
    private static func appendStrings(_ texts: [String], to out: inout String) {
        out += "["
        for (index, text) in texts.enumerated() {
            if index > 0 { out += "," }
            JSONText.appendQuoted(text, to: &out)
        }
        out += "]"
    }

    /// With several guards, each one's share of the result and its `status.ceiling` at the last
    /// frame; absent with one guard.
    private func guards(_ summary: ReplaySummary, into out: inout String) {
        guard !summary.guards.isEmpty else { return }
        out += ",\"guards\":["
        for (index, guardTotals) in summary.guards.enumerated() {
            if index > 0 { out += "," }
            out += "{\"name\":"
            JSONText.appendQuoted(guardTotals.guardName, to: &out)
            out += ",\"verdict\":" + (guardTotals.last.map { "\"" + $0.verdict.rawValue + "\"" } ?? "null")
            out += ",\"ceiling\":"
            if let text = guardTotals.ceilingText { JSONText.appendQuoted(text, to: &out) } else { out += "null" }
            out += ",\"pausedSeconds\":" + JSONText.number(guardTotals.pausedSeconds)
            out += ",\"ceilingInForceSeconds\":" + JSONText.number(guardTotals.ceilingInForceSeconds)
            out += ",\"surgeSeconds\":" + JSONText.number(guardTotals.surgeSeconds) + "}"
        }
        out += "]"
    }

    /// Real users' requests and the deny list's precision, from the frames' scoring-only truth;
    /// null when the frames carry none.
    private func legit(_ summary: ReplaySummary, into out: inout String) {
        guard summary.hasLegitTruth else {
            out += ",\"legit\":null,\"denyPrecision\":null,\"collateral\":null"
            return
        }
        let legit = summary.legit
        func run(_ run: LegitTotals.Run) -> String {
            "{\"served\":" + JSONText.number(run.served.rounded()) + ",\"shed\":" + JSONText.number(run.shed.rounded())
                + ",\"denied\":" + JSONText.number(run.denied.rounded())
                + ",\"shedProRata\":" + JSONText.number(run.shedProRata.rounded())
                + ",\"shedShare\":" + JSONText.number((run.shedShare * 10_000).rounded() / 10_000) + "}"
        }
        out += ",\"legit\":{\"guarded\":" + run(legit.guarded) + ",\"unguarded\":" + run(legit.unguarded)
        out += ",\"window\":{\"guarded\":" + run(legit.windowGuarded) + ",\"unguarded\":" + run(legit.windowUnguarded) + "}}"
        out += ",\"denyPrecision\":" + (legit.denyPrecision.map { JSONText.number(($0 * 10_000).rounded() / 10_000) } ?? "null")
        out += ",\"collateral\":{\"legitRequestsDenied\":" + JSONText.number(legit.deniedLegitRequests.rounded())
        out += ",\"attackRequestsDenied\":" + JSONText.number(legit.deniedAttackRequests.rounded())
        out += ",\"attackPrefixesDenied\":" + String(legit.deniedAttackPrefixes.count)
        out += ",\"legitPrefixesDenied\":["
        for (index, prefix) in legit.deniedLegitPrefixes.sorted().enumerated() {
            if index > 0 { out += "," }
            out += "\"" + prefix.description + "\""
        }
        out += "]}"
    }

    private func totals(_ totals: RunTotals, into out: inout String) {
        out += "{\"nodeHours\":" + JSONText.number((totals.nodeHours * 100).rounded() / 100)
        out += ",\"cost\":" + JSONText.number(cents(totals.cost))
        out += ",\"peakNodes\":" + String(totals.peakNodes)
        out += ",\"peakHourlySpend\":" + JSONText.number(cents(totals.peakHourlySpend))
        out += ",\"servedRequests\":" + JSONText.number(totals.servedRequests.rounded())
        out += ",\"shedRequests\":" + JSONText.number(totals.shedRequests.rounded())
        out += "}"
    }
}

/// Money in the report is rounded to cents.
func cents(_ value: Double) -> Double { (value * 100).rounded() / 100 }
