import GuardCore
import KubeModel
import PropertyBased
import Testing

/// HPA metric quantities ("41500m", "1.5k", "2Ki", "1e3"): a value or nil, never a trap, and a
/// value is always finite, so the rate bound downstream sees a number it can judge.
@Suite struct QuantityFuzzTests {
    static let seeds = ["41500m", "12", "1.5k", "2Ki", "1e3", "0", "-1", "  7 ", "1000E", "999Ei", "1e308k", "0.000001n", ".5M", "1e-3u"]
    static let suffixes = ["", "n", "u", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "e3", "E3", "i", "KiB", " "]

    @Test func quantities() async {
        await fuzz("HPA quantity", input: mutatedOrGenerated(Self.seeds) { rng in
            let mantissa = Gen.element(of: ["0", "1", "-1", "1.5", ".5", "5.", "1e308", "99999999999999999999", "-0", "+3", "0x10", "1_000"]).run(using: &rng) ?? ""
            return mantissa + (Gen.element(of: Self.suffixes).run(using: &rng) ?? "")
        }, read: { bytes in
            guard let value = Quantity.value(String(decoding: bytes, as: UTF8.self)) else {
                return .refused("not a quantity", namesPlace: true)  // the caller names the metric
            }
            guard value.isFinite else { return .refused("\(value) returned as a value", namesPlace: false) }
            // The bound the operator applies to a rate read from a quantity: judged, never a trap.
            _ = SignalBounds.problem(withRate: value)
            return .accepted
        })
    }
}
