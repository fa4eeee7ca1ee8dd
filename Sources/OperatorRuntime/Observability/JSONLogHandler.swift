import Foundation
import Logging

/// A `LogHandler` writing one JSON object per line:
/// `{"ts":"2025-01-02T03:04:05.678Z","level":"info","logger":"costguard","msg":"…", …metadata}`.
/// Metadata follows the fixed keys, sorted; nested metadata is rendered as JSON objects and arrays; a
/// metadata key that would clash with a fixed key is written with a `meta.` prefix. Values of keys named
/// token, authorization or password are replaced with "[redacted]".
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public let label: String
    private let sink: LogSink
    private let now: @Sendable () -> Date

    static let fixedKeys: Set<String> = ["ts", "level", "logger", "msg", "error"]

    public init(label: String, level: Logger.Level = .info, sink: LogSink = .standardError,
                metadataProvider: Logger.MetadataProvider? = nil, now: @escaping @Sendable () -> Date = { Date() }) {
        self.label = label
        self.logLevel = level
        self.sink = sink
        self.metadataProvider = metadataProvider
        self.now = now
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        sink.write(render(event, at: now()))
    }

    /// One line, newline included.
    func render(_ event: LogEvent, at date: Date) -> String {
        var line = "{\"ts\":"
        LogRendering.appendJSONString(LogRendering.timestamp(date), to: &line)
        line.append(",\"level\":")
        LogRendering.appendJSONString(event.level.rawValue, to: &line)
        line.append(",\"logger\":")
        LogRendering.appendJSONString(label, to: &line)
        line.append(",\"msg\":")
        LogRendering.appendJSONString(event.message.description, to: &line)
        if let error = event.error {
            line.append(",\"error\":")
            LogRendering.appendJSONString(String(describing: error), to: &line)
        }
        let merged = LogRendering.merged(handler: metadata, provider: metadataProvider, event: event.metadata)
        for key in merged.keys.sorted() {
            line.append(",")
            LogRendering.appendJSONString(Self.fixedKeys.contains(key) ? "meta." + key : key, to: &line)
            line.append(":")
            LogRendering.appendJSON(merged[key]!, to: &line)
        }
        line.append("}\n")
        return line
    }
}
