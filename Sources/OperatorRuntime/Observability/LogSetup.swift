import Logging
import Synchronization

/// The `--log-format` choice.
package enum LogFormat: String, Sendable, Hashable, CaseIterable {
    case json
    case text
}

/// A `--log-format` or `--log-level` value that is not one of the choices.
package struct LogSetupError: Error, Hashable, CustomStringConvertible {
    package var flag: String
    package var value: String
    package var choices: [String]

    package var description: String {
        "invalid value \"\(value)\" for \(flag): expected one of \(choices.joined(separator: ", "))"
    }
}

/// Process-wide logging setup: the `LoggingSystem` can be bootstrapped once per process, so this does it
/// at most once and says whether it did.
package enum LogSetup {
    private static let bootstrapped = Mutex(false)

    /// Reads a `--log-format` value (`json` or `text`).
    package static func format(_ value: String, flag: String = "--log-format") throws(LogSetupError) -> LogFormat {
        guard let format = LogFormat(rawValue: value.lowercased()) else {
            throw LogSetupError(flag: flag, value: value, choices: LogFormat.allCases.map(\.rawValue))
        }
        return format
    }

    /// Reads a `--log-level` value (trace, debug, info, notice, warning, error, critical).
    package static func level(_ value: String, flag: String = "--log-level") throws(LogSetupError) -> Logger.Level {
        guard let level = Logger.Level(rawValue: value.lowercased()) else {
            throw LogSetupError(flag: flag, value: value, choices: Logger.Level.allCases.map(\.rawValue))
        }
        return level
    }

    /// A handler factory for the format and level, writing to `sink`.
    package static func handlerFactory(format: LogFormat, level: Logger.Level,
                                      sink: LogSink = .standardError) -> @Sendable (String) -> any LogHandler {
        { label in LineLogHandler(label: label, format: format, level: level, sink: sink) }
    }

    /// Bootstraps the process's `LoggingSystem` with a handler writing to standard error. Only the first
    /// call in a process has an effect; returns whether this call was it.
    @discardableResult
    package static func bootstrap(format: LogFormat, level: Logger.Level) -> Bool {
        let first = bootstrapped.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return false }
        LoggingSystem.bootstrap(handlerFactory(format: format, level: level))
        return true
    }

    /// Reads both flags' values and bootstraps; throws (naming the flag) for a bad value.
    @discardableResult
    package static func bootstrap(logFormat: String, logLevel: String) throws(LogSetupError) -> Bool {
        bootstrap(format: try format(logFormat), level: try level(logLevel))
    }
}
