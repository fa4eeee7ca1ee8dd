import Foundation
import KubeModel
import Testing

/// The project's one JSON escape and number rule (`JSONText`), as JSONValue, the logs and the
/// scenario and report writers use it: every string reads back as itself through another parser.
@Suite struct JSONTextTests {
    @Test func everyStringReadsBackThroughFoundationsParser() throws {
        let samples = ["plain", "quote \" and \\ backslash", "line\nfeed\r\ttab", "\u{0}\u{1}\u{8}\u{C}\u{1F}\u{7F}",
                       "js line ends \u{2028} \u{2029}", "é ü 日本 🙂", "\u{E2}\u{80}", ""]
        for sample in samples {
            var bytes: [UInt8] = []
            JSONText.appendQuoted(sample, to: &bytes)
            let parsed = try JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed) as? String
            #expect(parsed == sample, "\(String(decoding: bytes, as: UTF8.self))")
            var text = ""
            JSONText.appendQuoted(sample, to: &text)
            #expect(Array(text.utf8) == bytes, "the String and byte forms agree")
            #expect(!bytes.contains { $0 < 0x20 || $0 == 0x7F }, "no raw control byte")
        }
        var escaped: [UInt8] = []
        JSONText.appendQuoted("a\u{2028}b\u{7F}", to: &escaped)
        #expect(String(decoding: escaped, as: UTF8.self) == #""a\u2028b\u007f""#)
        #expect(JSONValue.object(["k": .string("x\u{2029}")]).jsonString == #"{"k":"x\u2029"}"#)
    }

    @Test func numbersAreShortAndIntegersPlain() {
        #expect(JSONText.number(3) == "3")
        #expect(JSONText.number(-0.5) == "-0.5")
        #expect(Double(JSONText.number(1e15)) == 1e15 && Double(JSONText.number(1.5e300)) == 1.5e300)
        #expect(JSONText.number(.nan) == "null")
        #expect(JSONText.number(.infinity) == "null")
        #expect(JSONValue.double(2.0).jsonString == "2")
    }
}
