import Foundation
import Logging

/// A `LogHandler` writing one line per event, in either `--log-format`:
/// - json: `{"ts":"2025-01-02T03:04:05.678Z","level":"info","logger":"costguard","msg":"…", …metadata}`.
///   Metadata follows the fixed keys, sorted; nested metadata is rendered as JSON objects and arrays; a
///   metadata key that would clash with a fixed key is written with a `meta.` prefix.
/// - text: `2025-01-02T03:04:05.678Z info costguard: message key=value other="two words"`, nested
///   metadata shown as JSON.
///
/// In both, values of keys named token, authorization or password are replaced with "[redacted]".
package struct LineLogHandler: LogHandler {
    package var logLevel: Logger.Level
    package var metadata: Logger.Metadata = [:]
    package var metadataProvider: Logger.MetadataProvider?
    package let label: String
    package let format: LogFormat
    private let sink: LogSink
    private let now: @Sendable () -> Date

    static let fixedKeys: Set<String> = ["ts", "level", "logger", "msg", "error"]

    package init(label: String, format: LogFormat, level: Logger.Level = .info, sink: LogSink = .standardError,
                metadataProvider: Logger.MetadataProvider? = nil, now: @escaping @Sendable () -> Date = { Date() }) {
        self.label = label
        self.format = format
        self.logLevel = level
        self.sink = sink
        self.metadataProvider = metadataProvider
        self.now = now
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        sink.write(render(event, at: now()))
    }

    /// One line, newline included.
    func render(_ event: LogEvent, at date: Date) -> String {
        let merged = LogRendering.merged(handler: metadata, provider: metadataProvider, event: event.metadata)
        switch format {
        case .json: return json(event, at: date, metadata: merged)
        case .text: return text(event, at: date, metadata: merged)
        }
    }

    private func json(_ event: LogEvent, at date: Date, metadata: Logger.Metadata) -> String {
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
        for key in metadata.keys.sorted() {
            line.append(",")
            LogRendering.appendJSONString(Self.fixedKeys.contains(key) ? "meta." + key : key, to: &line)
            line.append(":")
            LogRendering.appendJSON(metadata[key]!, to: &line)
        }
        line.append("}\n")
        return line
    }

    private func text(_ event: LogEvent, at date: Date, metadata: Logger.Metadata) -> String {
        var line = "\(LogRendering.timestamp(date)) \(event.level.rawValue) \(label): \(event.message.description)"
        if let error = event.error {
            line += " error=" + LogRendering.textValue(.string(String(describing: error)))
        }
        for key in metadata.keys.sorted() {
            line += " \(key)=" + LogRendering.textValue(metadata[key]!)
        }
        return line + "\n"
    }
}
