import Foundation
import Logging

/// A `LogHandler` writing one human-readable line per event:
/// `2025-01-02T03:04:05.678Z info costguard: message key=value other="two words"`.
/// Same redaction as `JSONLogHandler`; nested metadata is shown as JSON.
public struct TextLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public let label: String
    private let sink: LogSink
    private let now: @Sendable () -> Date

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

    func render(_ event: LogEvent, at date: Date) -> String {
        var line = "\(LogRendering.timestamp(date)) \(event.level.rawValue) \(label): \(event.message.description)"
        if let error = event.error {
            line += " error=" + LogRendering.textValue(.string(String(describing: error)))
        }
        let merged = LogRendering.merged(handler: metadata, provider: metadataProvider, event: event.metadata)
        for key in merged.keys.sorted() {
            line += " \(key)=" + LogRendering.textValue(merged[key]!)
        }
        return line + "\n"
    }
}
