import Foundation
import Synchronization

/// Where a log handler writes its lines. `standardError` writes each line with one `write`, under a
/// process-wide lock so that lines from concurrent tasks never interleave.
public struct LogSink: Sendable {
    /// Receives one complete line, newline included.
    public let write: @Sendable (String) -> Void

    public init(_ write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    public static let standardError = LogSink { line in
        standardErrorLock.withLock { _ in
            FileHandle.standardError.write(Data(line.utf8))
        }
    }
}

private let standardErrorLock = Mutex(())
