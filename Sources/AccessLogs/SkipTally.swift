/// Lines not used, by reason, with the first few places, for the summary on standard error.
package struct SkipTally: Sendable, Hashable {
    package static let examplesKept = 5
    package private(set) var counts: [SkipReason: Int] = [:]
    package private(set) var examples: [SkipReason: [String]] = [:]
    package var total: Int { counts.values.reduce(0, +) }

    package init() {}

    package mutating func count(_ reason: SkipReason, file: String, line: Int) {
        counts[reason, default: 0] += 1
        if examples[reason, default: []].count < Self.examplesKept { examples[reason, default: []].append("\(file):\(line)") }
    }

    /// "skipped 3 of 1000 lines: 2 not a JSON object (a.log:4, a.log:9); 1 ..."
    package func summary(linesRead: Int) -> String {
        guard total > 0 else { return "skipped 0 of \(linesRead) lines" }
        let parts = counts.keys.sorted().map { reason in
            "\(counts[reason]!) \(reason.rawValue) (first: \(examples[reason, default: []].joined(separator: ", ")))"
        }
        return "skipped \(total) of \(linesRead) lines: " + parts.joined(separator: "; ")
    }
}
