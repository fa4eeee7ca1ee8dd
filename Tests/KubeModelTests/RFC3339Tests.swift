import KubeModel
import Testing

/// A fuzz run crashed the process with SIGFPE inside ICU (SimpleDateFormat::subParse, under
/// ISO8601DateFormatter.date(from:)), reached from a scenario header's start or a credential
/// plugin's expirationTimestamp. Text reaches ICU now only in RFC 3339's shape.
@Suite struct RFC3339Tests {
    @Test(arguments: ["2026-03-02T08:00:00Z", "2026-03-02T08:00:00.123456Z", "2026-03-02T08:00:00+02:00", "2026-03-02t08:00:00z"])
    func wellFormedTimes(text: String) { #expect(RFC3339.isWellFormed(text)) }

    @Test(arguments: ["2026-13-02T08:00:00Z", "2026-03-02T25:00:00Z", "2026-03-02", "yesterday", "٢٠٢٦-03-02T08:00:00Z",
                      "2026-03-02T08:00:00.Z", "2026-03-02T08:00:00+2:00", "99999-03-02T08:00:00Z", "2026-03-02T08:00:00Zjunk", ""])
    func malformedTimes(text: String) { #expect(!RFC3339.isWellFormed(text)) }
}
