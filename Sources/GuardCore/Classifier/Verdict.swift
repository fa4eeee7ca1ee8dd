/// What the classifier concluded about one frame.
package struct Verdict: Sendable, Hashable {
    package enum Class: String, Sendable, Hashable, CaseIterable {
        /// Not enough history yet (detection.warmup); never a surge.
        case warmup
        /// The rate is within its baseline band.
        case steady
        /// The rate is above its band and looks like real users.
        case organic
        /// The rate is above its band and looks like an attack.
        case surge
    }

    package var `class`: Class
    /// Surge score in [0, 1]: how attack-like the frame is, given how elevated it is.
    package var score: Double
    /// Why, strongest first; `reasonTexts` says it in words.
    package var reasons: [Reason]
    /// True when only the rate was there to judge from.
    package var rateOnly: Bool
    /// How strongly the requests' outcomes (conversion, client errors) alone say attack, in [0, 1]:
    /// what makes a surge clear enough to pause outright, or a heavy prefix fit to deny.
    package var outcomeEvidence: Double
    /// How strongly who sends (new sources, concentration) or what is asked (route mix) changed, in [0, 1].
    package var changedEvidence: Double
    /// The rate real users would send now by the baseline (the same slot on earlier days, or the
    /// recent rate): what the graded response provides for. Nil before there is a baseline.
    package var predictedRps: Double?
    /// The share of this frame's requests that behave like real users, in [0, 1], where a signal
    /// can tell: conversion against its usual ratio (requests that never buy dilute it in proportion
    /// to their share). Nil without a conversion signal.
    package var usersShare: Double?

    package init(class: Class, score: Double, reasons: [Reason], rateOnly: Bool, outcomeEvidence: Double = 0,
                changedEvidence: Double = 0, predictedRps: Double? = nil, usersShare: Double? = nil) {
        self.usersShare = usersShare
        self.changedEvidence = changedEvidence
        self.class = `class`
        self.score = score
        self.reasons = reasons
        self.rateOnly = rateOnly
        self.outcomeEvidence = outcomeEvidence
        self.predictedRps = predictedRps
    }
}

extension Verdict {
    package var reasonTexts: [String] { reasons.map(\.description) }
}
