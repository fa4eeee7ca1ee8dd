import Foundation
import PropertyBased

/// The seeds a fuzz run draws from. Fixed by default, so CI runs the same cases every time and a
/// failure reproduces; `FUZZ_SEED=<number>` explores other cases (and a failure names its seed).
enum FuzzSeed {
    static let base: UInt64 = {
        guard let text = ProcessInfo.processInfo.environment["FUZZ_SEED"] else { return 0xC057_6A4D_F022 }
        return UInt64(text) ?? 0xC057_6A4D_F022
    }()

    /// One generator per case: the case reproduces alone from (base, reader, index).
    static func rng(reader: String, case index: Int) -> Xoshiro {
        // Xoshiro's first outputs hang on one state word, so the words are mixed (SplitMix64)
        // from all three parts: seeded raw, every case drew the same first numbers.
        var state = base ^ fnv1a(reader) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(index) &* 0xBF58_476D_1CE4_E5B9
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        return Xoshiro(seed: (next(), next(), next(), next()))
    }

    /// A stable hash: Swift's Hasher is randomised per process, which would change the cases.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return hash
    }
}
