#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes bytes to a file through one fixed buffer, so long outputs stream to disk in large writes
/// instead of growing in memory.
final class BufferedFileWriter {
    private let descriptor: Int32
    private let path: String
    private var buffer: [UInt8] = []
    private let capacity: Int
    private var closed = false

    /// Creates or truncates `path`.
    init(path: String, bufferSize: Int) throws(ScenarioError) {
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw ScenarioError(code: .io, line: 0, problem: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        self.path = path
        capacity = max(bufferSize, 4096)
        buffer.reserveCapacity(capacity)
    }

    deinit {
        if !closed { _ = systemClose(descriptor) }
    }

    func append(_ text: String) throws(ScenarioError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= capacity { try flush() }
    }

    func flush() throws(ScenarioError) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { bytes in
                write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw ScenarioError(code: .io, line: 0, problem: "write to \(path) failed: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes what is buffered and closes the file; a failed close can lose data, so it is an error.
    func close() throws(ScenarioError) {
        guard !closed else { return }
        try flush()
        closed = true
        if systemClose(descriptor) != 0 {
            throw ScenarioError(code: .io, line: 0, problem: "closing \(path) failed: \(String(cString: strerror(errno)))")
        }
    }
}

/// The C library's close(2), named apart from the writer's own `close()`.
private func systemClose(_ descriptor: Int32) -> Int32 { close(descriptor) }
