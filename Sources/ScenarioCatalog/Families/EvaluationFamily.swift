import Foundation

/// A kind of traffic with randomized parameters: each seed gives another scenario of the kind.
/// The evaluation catalogue is these families, run on seed sets that are kept apart (EvaluationSeeds).
package struct EvaluationFamily: Sendable {
    package var name: String
    package var isAttack: Bool
    /// Where the family comes from (an incident, a paper, the issue that asked for it).
    package var note: String
    let build: @Sendable (inout Draw, UInt64) -> ScenarioRecipe

    /// The scenario of this family for `seed`; the same seed always gives the same scenario.
    package func recipe(seed: UInt64) -> ScenarioRecipe {
        var draw = Draw(SplitMix64(seed: seed).derived(Self.salt(name)))
        var recipe = build(&draw, seed)
        recipe.name = "\(name)-\(seed)"
        recipe.seed = seed &* 7919 &+ Self.salt(name)
        return recipe
    }

    /// A stable number per family name (FNV-1a), so families with one seed still differ.
    static func salt(_ name: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    package static var all: [EvaluationFamily] { attacks + organic }
}

/// The two seed sets. The classifier is tuned on TUNING only; EVALUATION judges a change and is
/// never tuned on (docs/classifier.md keeps both tables and the log of accepted and rejected changes).
package enum EvaluationSeeds {
    package static let tuning: [UInt64] = [11, 12, 13, 14, 15, 16, 17, 18]
    package static let evaluation: [UInt64] = [90_001, 90_002, 90_003, 90_004, 90_005, 90_006, 90_007, 90_008]
}

/// Parameter draws for one scenario.
struct Draw {
    var random: SplitMix64
    init(_ random: SplitMix64) { self.random = random }

    mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * random.unit() }
    mutating func int(_ low: Int, _ high: Int) -> Int { low + random.int(below: high - low + 1) }
    mutating func pick<T>(_ choices: [T]) -> T { choices[random.int(below: choices.count)] }
}
