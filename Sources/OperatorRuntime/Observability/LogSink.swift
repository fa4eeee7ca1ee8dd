import Foundation
import Synchronization

/// Where a log handler writes its lines. `standardError` writes each line with one `write`, under a
/// process-wide lock so that lines from concurrent tasks never interleave.
package struct LogSink: Sendable {
    /// Receives one complete line, newline included.
    package let write: @Sendable (String) -> Void

    package init(_ write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    package static let standardError = LogSink { line in
        standardErrorLock.withLock { _ in
            FileHandle.standardError.write(Data(line.utf8))
        }
    }
}

private let standardErrorLock = Mutex(())
