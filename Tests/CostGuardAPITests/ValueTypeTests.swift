import CostGuardAPI
import Testing

@Suite struct ValueTypeTests {
    @Test(arguments: [("15s", 15.0), ("10m", 600.0), ("1h", 3600.0), ("1h30m", 5400.0), ("500ms", 0.5), ("1.5h", 5400.0)])
    func goDurationsParse(text: String, seconds: Double) {
        #expect(GoDuration(parsing: text)?.seconds == seconds)
    }

    @Test(arguments: ["", "15", "m", "1d", "-5s", "1h 2m"])
    func badDurationsAreRejected(text: String) {
        #expect(GoDuration(parsing: text) == nil)
    }

    @Test func durationsPrintInShortestGoForm() {
        #expect(GoDuration(seconds: 600).description == "10m")
        #expect(GoDuration(seconds: 5400).description == "1h30m")
        #expect(GoDuration(seconds: 15).description == "15s")
    }

    @Test(arguments: ["12.00", "0.192", "8000", "0.5"])
    func moneyParsesAndKeepsItsText(text: String) {
        #expect(Money(parsing: text)?.description == text)
    }

    @Test(arguments: ["12,00", "-1", "1e3", "", ".5", "12.", "1.2345678", " 1"])
    func badMoneyIsRejected(text: String) {
        #expect(Money(parsing: text) == nil)
    }

    @Test(arguments: [
        ("198.51.100.0/24", "198.51.100.0/24"), ("198.51.100.7/24", "198.51.100.0/24"), ("10.0.0.1", "10.0.0.1/32"),
        ("2001:db8:4::/48", "2001:db8:4::/48"), ("2001:DB8:0:0:1::/80", "2001:db8:0:0:1::/80"), ("::/0", "::/0"),
        ("2001:db8::1", "2001:db8::1/128"), ("fe80:0:0:0:0:0:0:1/64", "fe80::/64"),
    ])
    func prefixesParseToCanonicalForm(text: String, canonical: String) {
        #expect(IPPrefix(text)?.description == canonical)
    }

    @Test(arguments: ["256.1.1.0/24", "1.2.3/24", "10.0.0.0/33", "2001:db8:::/48", "2001:db8::/129", "1:2:3:4:5:6:7:8:9/64", "x/8", "10.0.0.0/"])
    func badPrefixesAreRejected(text: String) {
        #expect(IPPrefix(text) == nil)
    }

    @Test func containmentRespectsFamilyAndLength() throws {
        let ten = try #require(IPPrefix("10.0.0.0/8"))
        #expect(ten.contains(try #require(IPPrefix("10.42.0.0/16"))))
        #expect(!ten.contains(try #require(IPPrefix("11.0.0.0/24"))))
        #expect(!ten.contains(try #require(IPPrefix("::a00:0/104"))))
        let doc = try #require(IPPrefix("2001:db8::/32"))
        #expect(doc.contains(try #require(IPPrefix("2001:db8:4::/48"))))
        #expect(doc.overlaps(try #require(IPPrefix("2000::/3"))))
        #expect(!doc.contains(try #require(IPPrefix("2001:db9::/48"))))
    }
}
