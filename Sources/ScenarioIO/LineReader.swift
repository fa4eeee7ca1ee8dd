#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file a line at a time through one reusable buffer (LineBuffer).
final class LineReader {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private let lines: LineBuffer
    /// The 1-based number of the line last returned.
    var lineNumber: Int { lines.lineNumber }

    /// Opens `path`; "-" reads standard input.
    init(path: String, bufferSize: Int) throws(ScenarioError) {
        if path == "-" {
            descriptor = 0
            ownsDescriptor = false
        } else {
            descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else {
                throw ScenarioError(code: .io, line: 0, problem: "cannot open \(path): \(String(cString: strerror(errno)))")
            }
            ownsDescriptor = true
        }
        lines = LineBuffer(capacity: bufferSize)
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// The next line without its line ending; valid until the next call.
    func next() throws(ScenarioError) -> UnsafeBufferPointer<UInt8>? {
        try lines.next { [descriptor, lines] space throws(ScenarioError) in
            while true {
                let count = read(descriptor, space.baseAddress!, space.count)
                if count >= 0 { return count }
                if errno != EINTR {
                    throw ScenarioError(code: .io, line: lines.lineNumber, problem: "read failed: \(String(cString: strerror(errno)))")
                }
            }
        }
    }
}
