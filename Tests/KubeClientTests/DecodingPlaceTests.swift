import Foundation
import KubeClient
import KubeModel
import Testing

/// Found by the fuzz suite: Foundation's JSONDecoder on Linux answers every syntax fault, a raw
/// control character, a lone surrogate escape and a number that does not fit its field alike
/// with "The given data was not valid JSON.", so an HPA watch event or a credential plugin's
/// output was refused without saying where. The codable codec now names the byte.
@Suite struct DecodingPlaceTests {
    static let hpaEvent = ObjectCodec<HorizontalPodAutoscaler>.codable()

    static func offset(of line: String) -> (Int?, String) {
        do {
            _ = try hpaEvent.decodeEvent(Array(line.utf8)[...])
            return (nil, "accepted")
        } catch let error as JSONError {
            return (error.offset, error.message)
        } catch {
            return (nil, "\(error)")
        }
    }

    /// Each line, the text at whose first byte the fault is, and what the error says.
    @Test(arguments: [
        (#"{"type":"MODIFIED","object":{"metadata":{"name":"web"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"minReplicas":1.5,"maxReplicas":3}}}"#, "1.5", "1.5 does not fit"),
        (#"{"type":"MODIFIED","object":{"metadata":{"name":"web"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"minReplicas":-7441513595936747606,"maxReplicas":3}}}"#, "-744", "32-bit"),
        ("{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"a\tb\"}}}", "\t", "control character"),
        (#"{"type":"ADDED","object":{"metadata":{"name":"a\uDFFFb"}}}"#, #"\uDFFF"#, "lone surrogate"),
        (#"{"type":"ADDED","object":{"metadata":{"name" "a"}}}"#, #""a"}"#, "expected ':'"),
    ])
    func aRefusedHPAEventNamesTheByte(line: String, at text: String, says: String) throws {
        let bytes = Array(line.utf8)
        let byte = try #require(bytes.firstRange(of: Array(text.utf8))?.lowerBound)
        let (offset, message) = Self.offset(of: line)
        #expect(offset == byte, "\(message)")
        #expect(message.contains(says), "\(message)")
    }

    /// Foundation's decoder trapped (SIGILL, the whole process) on this credential plugin output.
    @Test func credentialOutputDeepAtItsLastByteIsAnError() {
        let output = #"{"status":{"token":"# + String(repeating: "[", count: 511)
        let codec = ObjectCodec<Namespace>.codable()
        #expect {
            try codec.decodeObject(Array(output.utf8))
        } throws: { error in
            (error as? JSONError)?.offset == 529 && "\(error)".contains("nesting deeper than 512")
        }
    }

    @Test func aValidEventStillDecodes() throws {
        let event = try Self.hpaEvent.decodeEvent(Array(#"{"type":"ADDED","object":{"metadata":{"name":"web"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"maxReplicas":3}}}"#.utf8)[...])
        guard case .added(let hpa) = event else { Issue.record("\(event)"); return }
        #expect(hpa.metadata.name == "web" && hpa.spec.maxReplicas == 3)
    }
}
