import Foundation

/// Per-family figures of an evaluation run, for both guards side by side, as Markdown or JSON.
package struct EvaluationTable: Sendable {
    package struct Row: Sendable {
        package var family: String
        package var isAttack: Bool
        package var scenarios: Int
        package var costGuard: Figures
        package var staticGuard: Figures
        /// Mean share of real users' requests shed with no guard at all: what the traffic itself
        /// costs them (capacity arrives late), so the guards' own share is the difference.
        package var unguardedShed: Double
    }

    /// One guard's figures over a family's scenarios.
    package struct Figures: Sendable {
        package var caught = 0
        package var medianDelay: Double?
        /// Scenarios with any surge pause, and the longest such pause.
        package var paused = 0
        package var longestPause = 0.0
        /// Scenarios held by a surge ceiling, and the longest such hold.
        package var ceilinged = 0
        package var longestCeiling = 0.0
        package var deniedLegitPrefixes = 0
        package var deniedLegitRequests = 0.0
        package var deniedAttackPrefixes = 0
        package var meanLegitShed = 0.0
        package var maxLegitShed = 0.0
        package var capsHeld = 0
        /// Attacks: the share of the attacks' added spend (summed over the scenarios, so an attack
        /// that cost more counts more) that the guard paid for anyway.
        package var attackSpendBought: Double?

        init(_ outcomes: [GuardOutcome], spend: [(paid: Double, cost: Double)]) {
            let cost = spend.reduce(0) { $0 + $1.cost }
            attackSpendBought = cost > 0 ? spend.reduce(0) { $0 + $1.paid } / cost : nil
            caught = outcomes.filter(\.caught).count
            let delays = outcomes.compactMap(\.delayFrames).sorted()
            if !delays.isEmpty {
                let middle = delays.count / 2
                medianDelay = delays.count % 2 == 1 ? Double(delays[middle]) : Double(delays[middle - 1] + delays[middle]) / 2
            }
            paused = outcomes.filter { $0.surgePausedSeconds > 0 }.count
            longestPause = outcomes.map(\.surgePausedSeconds).max() ?? 0
            ceilinged = outcomes.filter { $0.surgeCeilingSeconds > 0 }.count
            longestCeiling = outcomes.map(\.surgeCeilingSeconds).max() ?? 0
            deniedLegitPrefixes = outcomes.reduce(0) { $0 + $1.deniedLegitPrefixes }
            deniedLegitRequests = outcomes.reduce(0) { $0 + $1.deniedLegitRequests }
            deniedAttackPrefixes = outcomes.reduce(0) { $0 + $1.deniedAttackPrefixes }
            meanLegitShed = outcomes.isEmpty ? 0 : outcomes.reduce(0) { $0 + $1.legitShedShare } / Double(outcomes.count)
            maxLegitShed = outcomes.map(\.legitShedShare).max() ?? 0
            capsHeld = outcomes.filter { $0.capBreaches == 0 }.count
        }
    }

    package var set: String
    package var signals: SignalSet
    package var rows: [Row]
    package var outcomes: [ScenarioOutcome]

    package init(set: String, signals: SignalSet, outcomes: [ScenarioOutcome]) {
        self.set = set
        self.signals = signals
        self.outcomes = outcomes
        var order: [String] = []
        for outcome in outcomes where !order.contains(outcome.family) { order.append(outcome.family) }
        rows = order.map { family in
            let mine = outcomes.filter { $0.family == family }
            return Row(family: family, isAttack: mine[0].isAttack, scenarios: mine.count,
                       costGuard: Self.figures(mine, \.costGuard), staticGuard: Self.figures(mine, \.staticGuard),
                       unguardedShed: Self.meanUnguardedShed(mine))
        }
    }

    static func figures(_ outcomes: [ScenarioOutcome], _ side: KeyPath<ScenarioOutcome, GuardOutcome>) -> Figures {
        Figures(outcomes.map { $0[keyPath: side] }, spend: outcomes.compactMap { $0.attackSpend($0[keyPath: side]) })
    }

    static func meanUnguardedShed(_ outcomes: [ScenarioOutcome]) -> Double {
        outcomes.isEmpty ? 0 : outcomes.reduce(0) { $0 + $1.unguardedLegitShedShare } / Double(outcomes.count)
    }

    /// All attacks, or all organic scenarios, as one row.
    package func total(attacks: Bool) -> Row {
        let mine = outcomes.filter { $0.isAttack == attacks }
        return Row(family: attacks ? "all attacks" : "all organic", isAttack: attacks, scenarios: mine.count,
                   costGuard: Self.figures(mine, \.costGuard), staticGuard: Self.figures(mine, \.staticGuard),
                   unguardedShed: Self.meanUnguardedShed(mine))
    }

    package var markdown: String {
        var out = "**\(set) set, signals: \(signals.rawValue)** (\(outcomes.count) scenarios; CostGuard | static 3× median guard)\n\n"
        out += "| attack family | n | caught | median delay (frames) | attack's spend bought | legit shed | legit shed, no guard | collateral denies (prefixes) | caps held |\n"
        out += "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        for row in rows.filter(\.isAttack) + [total(attacks: true)] {
            let c = row.costGuard, s = row.staticGuard
            out += "| \(row.family) | \(row.scenarios) | \(c.caught) \\| \(s.caught) | \(Self.delay(c.medianDelay)) \\| \(Self.delay(s.medianDelay)) "
                + "| \(Self.share(c.attackSpendBought)) \\| \(Self.share(s.attackSpendBought)) "
                + "| \(Self.percent(c.meanLegitShed)) \\| \(Self.percent(s.meanLegitShed)) | \(Self.percent(row.unguardedShed)) "
                + "| \(c.deniedLegitPrefixes) \\| – "
                + "| \(c.capsHeld) \\| \(s.capsHeld) |\n"
        }
        out += "\n| organic family | n | paused for surge (longest) | surge ceiling (longest) | legit shed (max) | legit shed, no guard | collateral denies (prefixes) | caps held |\n"
        out += "|---|---:|---:|---:|---:|---:|---:|---:|\n"
        for row in rows.filter({ !$0.isAttack }) + [total(attacks: false)] {
            let c = row.costGuard, s = row.staticGuard
            out += "| \(row.family) | \(row.scenarios) | \(c.paused) (\(Self.minutes(c.longestPause))) \\| \(s.paused) (\(Self.minutes(s.longestPause))) "
                + "| \(c.ceilinged) (\(Self.minutes(c.longestCeiling))) \\| – "
                + "| \(Self.percent(c.meanLegitShed)) (\(Self.percent(c.maxLegitShed))) \\| \(Self.percent(s.meanLegitShed)) (\(Self.percent(s.maxLegitShed))) "
                + "| \(Self.percent(row.unguardedShed)) | \(c.deniedLegitPrefixes) \\| – | \(c.capsHeld) \\| \(s.capsHeld) |\n"
        }
        return out
    }

    package var json: String {
        func figures(_ f: Figures) -> String {
            "{\"caught\":\(f.caught),\"medianDelayFrames\":\(f.medianDelay.map { "\($0)" } ?? "null"),\"paused\":\(f.paused),"
                + "\"longestPauseSeconds\":\(f.longestPause),\"ceilinged\":\(f.ceilinged),\"longestCeilingSeconds\":\(f.longestCeiling),"
                + "\"deniedLegitPrefixes\":\(f.deniedLegitPrefixes),\"deniedLegitRequests\":\(f.deniedLegitRequests.rounded()),"
                + "\"deniedAttackPrefixes\":\(f.deniedAttackPrefixes),\"meanLegitShed\":\(Self.rounded(f.meanLegitShed)),"
                + "\"maxLegitShed\":\(Self.rounded(f.maxLegitShed)),\"capsHeld\":\(f.capsHeld),"
                + "\"attackSpendBought\":\(f.attackSpendBought.map { "\(Self.rounded($0))" } ?? "null")}"
        }
        let all = rows + [total(attacks: true), total(attacks: false)]
        let body = all.map { row in
            "{\"family\":\"\(row.family)\",\"attack\":\(row.isAttack),\"scenarios\":\(row.scenarios),"
                + "\"costGuard\":\(figures(row.costGuard)),\"static\":\(figures(row.staticGuard)),"
                + "\"unguardedMeanLegitShed\":\(Self.rounded(row.unguardedShed))}"
        }
        return "{\"set\":\"\(set)\",\"signals\":\"\(signals.rawValue)\",\"families\":[\n" + body.joined(separator: ",\n") + "\n]}\n"
    }

    static func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
    static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
    static func share(_ value: Double?) -> String { value.map(percent) ?? "–" }
    static func delay(_ value: Double?) -> String { value.map { String(format: "%g", $0) } ?? "–" }
    static func minutes(_ seconds: Double) -> String { seconds == 0 ? "0" : String(format: "%.0f min", seconds / 60) }
}
