/// What the classifier concluded about one frame.
public struct Verdict: Sendable, Hashable {
    public enum Class: String, Sendable, Hashable, CaseIterable {
        /// Not enough history yet (detection.warmup); never a surge.
        case warmup
        /// The rate is within its baseline band.
        case steady
        /// The rate is above its band and looks like real users.
        case organic
        /// The rate is above its band and looks like an attack.
        case surge
    }

    public var `class`: Class
    /// Surge score in [0, 1]: how attack-like the frame is, given how elevated it is.
    public var score: Double
    /// Why, strongest first; `reasonTexts` says it in words.
    public var reasons: [Reason]
    /// True when only the rate was there to judge from.
    public var rateOnly: Bool

    public init(class: Class, score: Double, reasons: [Reason], rateOnly: Bool) {
        self.class = `class`
        self.score = score
        self.reasons = reasons
        self.rateOnly = rateOnly
    }
}

extension Verdict {
    public var reasonTexts: [String] { reasons.map(\.description) }
}
