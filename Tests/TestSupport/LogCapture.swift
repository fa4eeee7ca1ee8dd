import Logging
import Synchronization

/// Keeps the log lines at or above a level (message and metadata), to check what a part logs and
/// how often.
package final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])
    private let level: Logger.Level

    package init(level: Logger.Level = .trace) {
        self.level = level
    }

    package var all: [String] { lines.withLock { $0 } }

    package func logger() -> Logger {
        var logger = Logger(label: "test") { _ in Handler(capture: self, logLevel: self.level) }
        logger.logLevel = level
        return logger
    }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level

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
