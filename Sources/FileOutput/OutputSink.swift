#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A buffered writer to a file descriptor: scenario files and reports stream out as they are made,
/// in writes of `flushAt` bytes, instead of growing in memory.
package final class OutputSink {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var buffer = ""
    private let flushAt: Int

    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    /// Standard output.
    package init() {
        descriptor = 1
        ownsDescriptor = false
        flushAt = 1 << 16
        buffer.reserveCapacity(flushAt + 4096)
    }

    /// Creates or truncates the file at `path`.
    package init(path: String, flushAt: Int = 1 << 16) throws {
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))") }
        ownsDescriptor = true
        self.flushAt = max(1, flushAt)
        buffer.reserveCapacity(flushAt + 4096)
    }

    private var closed = false

    /// Writes what is buffered and closes the file: a full disk or a failed close (an NFS write
    /// reported late) surfaces here, so call it once the report is done.
    package func close() throws {
        guard !closed else { return }
        closed = true
        do {
            try flush()
        } catch {
            if ownsDescriptor { _ = systemClose(descriptor) }
            throw error
        }
        if ownsDescriptor, systemClose(descriptor) != 0 {
            throw Failure(description: "closing the output failed: \(String(cString: strerror(errno)))")
        }
    }

    /// A sink dropped without `close()` (an error path): its tail is still written, and a failure
    /// is said on standard error rather than lost.
    deinit {
        guard !closed else { return }
        let pending = buffer.utf8.count
        do {
            try flush()
        } catch {
            let line = "costguard: \(pending) bytes of report output were not written: \(error)\n"
            _ = line.withCString { systemWrite(2, $0, strlen($0)) }
        }
        if ownsDescriptor { _ = systemClose(descriptor) }
    }

    package func write(_ text: String) throws {
        buffer += text
        if buffer.utf8.count >= flushAt { try flush() }
    }

    /// Appends through a closure, so hot paths build into the buffer without temporary strings.
    package func append(_ body: (inout String) -> Void) throws {
        body(&buffer)
        if buffer.utf8.count >= flushAt { try flush() }
    }

    package func flush() throws {
        guard !buffer.isEmpty else { return }
        var pending = buffer
        buffer.removeAll(keepingCapacity: true)
        try pending.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw Failure(description: "write failed: \(String(cString: strerror(errno)))")
                }
                offset += written
            }
        }
    }
}

@inline(__always)
private func systemClose(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}

@inline(__always)
private func systemWrite(_ descriptor: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, pointer, count)
}
