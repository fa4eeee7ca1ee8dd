import KubeModel
@testable import KubeSim
import Testing

/// Quantities as Go's resource.Quantity prints them after parsing, which is what HPA cells show.
@Suite struct QuantityTextTests {
    @Test func valuesAreRewrittenInCanonicalForm() {
        let cases: [(String, String)] = [
            ("28000m", "28"), ("27500m", "27500m"), ("1.5", "1500m"), ("0.5", "500m"), ("-1.5", "-1500m"),
            ("2000", "2k"), ("1500", "1500"), ("1000M", "1G"), ("0m", "0"), ("0", "0"), ("-0", "0"),
            ("15e-4", "1500e-6"), ("1000e3", "1e6"), (" 28 ", "28"),
            // Binary: whole values of at least 1024 stay binary, others turn decimal.
            ("2048Ki", "2Mi"), ("1024Mi", "1Gi"), ("8Ki", "8Ki"), ("1536Ki", "1536Ki"), ("1.5Ki", "1536"), ("0.5Ki", "512"),
            ("1Ei", "1Ei"),
            // Finer than a nano: rounded away from zero.
            ("0.0000000001", "1n"), ("-0.0000000001", "-1n"), ("1.0000000001", "1000000001n"),
            // Beyond int64 (Go's slow path).
            ("123456789012345678901", "123456789012345678901"),
        ]
        for (written, printed) in cases { #expect(QuantityText.canonical(written) == printed, "\(written)") }
    }

    /// ParseQuantity keeps the text of a small value already in canonical shape, quirks included.
    @Test func canonicalLookingTextIsKeptAsWritten() {
        for kept in ["28", "100", "1Ki", "1023Ki", "123M", "1e3", "1E3", "10e3", "1e-3", "1200e3", "05", "+5", "1.500", "1m"] {
            #expect(QuantityText.canonical(kept) == kept)
        }
    }

    @Test func cellTextCoversNilNumbersAndNonsense() {
        #expect(QuantityText.print(nil) == "<nil>")
        #expect(QuantityText.print(.null) == "<nil>")
        #expect(QuantityText.print(28) == "28")
        #expect(QuantityText.print(.double(27.5)) == "27500m")
        #expect(QuantityText.print("12x") == "12x")
        for invalid in ["", "abc", "1.2.3", "5Kb", "1e", "--1"] { #expect(QuantityText.canonical(invalid) == nil, "\(invalid)") }
    }
}
