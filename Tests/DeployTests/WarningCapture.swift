import Logging
import Synchronization

/// Keeps the warnings (and worse) logged through its logger, message and metadata, to check
/// what the operator reports and how often.
final class WarningCapture: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    func logger() -> Logger {
        var logger = Logger(label: "test") { _ in Handler(capture: self) }
        logger.logLevel = .warning
        return logger
    }

    struct Handler: LogHandler {
        let capture: WarningCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .warning

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let line = "\(event.level) \(event.message) \(event.metadata ?? [:]) \(metadata)"
            capture.lines.withLock { $0.append(line) }
        }
    }
}
