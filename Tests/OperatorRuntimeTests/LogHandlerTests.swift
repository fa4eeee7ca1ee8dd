import Foundation
import Logging
import OperatorRuntime
import Testing

@Suite struct LogHandlerTests {
    /// 2025-01-02T03:04:05.500Z
    private static let fixedDate = Date(timeIntervalSince1970: 1_735_787_045.5)

    private func decode(_ line: String) throws -> [String: Any] {
        #expect(line.hasSuffix("\n"))
        #expect(line.dropLast().contains("\n") == false, "one object per line")
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(object as? [String: Any])
    }

    @Test func jsonLinesParseAndEscape() throws {
        let captured = CapturedLines()
        var logger = Logger(label: "costguard.reconcile") {
            LineLogHandler(label: $0, format: .json, level: .debug, sink: captured.sink, now: { Self.fixedDate })
        }
        logger[metadataKey: "guard"] = "shop"
        logger.info("he said \"stop\"\nthen \\left\t\u{01}", metadata: [
            "nodes": "\(7)",
            "nested": ["ok": "v", "list": ["a", "b\"c"], "deeper": ["x": "y"]],
        ])
        let line = try #require(captured.all.first)
        let object = try decode(line)
        #expect(object["ts"] as? String == "2025-01-02T03:04:05.500Z")
        #expect(object["level"] as? String == "info")
        #expect(object["logger"] as? String == "costguard.reconcile")
        #expect(object["msg"] as? String == "he said \"stop\"\nthen \\left\t\u{01}")
        #expect(object["guard"] as? String == "shop")
        #expect(object["nodes"] as? String == "7")
        let nested = try #require(object["nested"] as? [String: Any])
        #expect(nested["ok"] as? String == "v")
        #expect(nested["list"] as? [String] == ["a", "b\"c"])
        #expect((nested["deeper"] as? [String: String]) == ["x": "y"])
        #expect(line.hasPrefix("{\"ts\":\"2025-01-02T03:04:05.500Z\",\"level\":\"info\",\"logger\":\"costguard.reconcile\",\"msg\":"))
    }

    @Test func secretsAreRedactedAtAnyDepth() throws {
        let captured = CapturedLines()
        var logger = Logger(label: "costguard") { LineLogHandler(label: $0, format: .json, sink: captured.sink) }
        logger[metadataKey: "password"] = "hunter2"
        logger.warning("calling the API", metadata: [
            "token": "eyJhbGciOi",
            "Authorization": "Bearer eyJhbGciOi",
            "request": ["authorization": "Bearer abc", "path": "/apis"],
        ])
        let line = try #require(captured.all.first)
        #expect(!line.contains("hunter2"))
        #expect(!line.contains("eyJhbGciOi"))
        #expect(!line.contains("Bearer"))
        let object = try decode(line)
        #expect(object["password"] as? String == "[redacted]")
        #expect(object["token"] as? String == "[redacted]")
        #expect(object["Authorization"] as? String == "[redacted]")
        #expect((object["request"] as? [String: String]) == ["authorization": "[redacted]", "path": "/apis"])
        #expect(object["level"] as? String == "warning")
    }

    @Test func metadataCannotOverwriteTheFixedKeys() throws {
        let captured = CapturedLines()
        let logger = Logger(label: "costguard") { LineLogHandler(label: $0, format: .json, sink: captured.sink) }
        logger.info("real", metadata: ["msg": "fake", "level": "fake"])
        let object = try decode(try #require(captured.all.first))
        #expect(object["msg"] as? String == "real")
        #expect(object["level"] as? String == "info")
        #expect(object["meta.msg"] as? String == "fake")
        #expect(object["meta.level"] as? String == "fake")
    }

    @Test func levelFiltersAndRealTimestamps() throws {
        let captured = CapturedLines()
        let logger = Logger(label: "costguard") { LineLogHandler(label: $0, format: .json, level: .info, sink: captured.sink) }
        logger.debug("hidden")
        logger.error("shown")
        #expect(captured.all.count == 1)
        let object = try decode(try #require(captured.all.first))
        let ts = try #require(object["ts"] as? String)
        #expect(ts.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/) != nil, "\(ts)")
    }

    @Test func textLines() throws {
        let captured = CapturedLines()
        let logger = Logger(label: "costguard") {
            LineLogHandler(label: $0, format: .text, sink: captured.sink, now: { Self.fixedDate })
        }
        logger.notice("paused scale-up", metadata: ["guard": "shop", "token": "secret", "why": "two words"])
        #expect(captured.all == ["2025-01-02T03:04:05.500Z notice costguard: paused scale-up guard=shop token=[redacted] why=\"two words\"\n"])
    }

    @Test func flagValues() throws {
        #expect(try LogSetup.format("json") == .json)
        #expect(try LogSetup.format("TEXT") == .text)
        #expect(try LogSetup.level("debug") == .debug)
        let format = try #require(throws: LogSetupError.self) { try LogSetup.format("yaml") }
        #expect(format.description.contains("--log-format"))
        let level = try #require(throws: LogSetupError.self) { try LogSetup.level("loud") }
        #expect(level.description.contains("--log-level"))

        let captured = CapturedLines()
        let factory = LogSetup.handlerFactory(format: .json, level: .warning, sink: captured.sink)
        let logger = Logger(label: "made", factory: factory)
        logger.info("below the level")
        logger.warning("at the level")
        #expect(captured.all.count == 1)
        #expect(try decode(try #require(captured.all.first))["logger"] as? String == "made")
    }
}
