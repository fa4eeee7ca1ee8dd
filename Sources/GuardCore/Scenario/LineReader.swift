#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file a line at a time through one reusable buffer (it grows only for a longer line).
final class LineReader {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    private var exhausted = false
    /// The 1-based number of the line last returned.
    private(set) var lineNumber = 0

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
        buffer = .allocate(byteCount: max(bufferSize, 64), alignment: 16)
    }

    deinit {
        buffer.deallocate()
        if ownsDescriptor { close(descriptor) }
    }

    /// The next line without its line ending; valid until the next call.
    func next() throws(ScenarioError) -> UnsafeBufferPointer<UInt8>? {
        while true {
            let base = buffer.baseAddress!
            if start < end, let newline = memchr(base + start, 0x0A, end - start) {
                let length = base.distance(to: newline) - start
                return take(length, skip: 1)
            }
            if exhausted {
                guard start < end else { return nil }
                return take(end - start, skip: 0)
            }
            try fill()
        }
    }

    private func take(_ length: Int, skip: Int) -> UnsafeBufferPointer<UInt8> {
        let pointer = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self) + start
        start += length + skip
        lineNumber += 1
        let trimmed = length > 0 && pointer[length - 1] == 0x0D ? length - 1 : length
        return UnsafeBufferPointer(start: pointer, count: trimmed)
    }

    private func fill() throws(ScenarioError) {
        if start > 0 {
            if end > start { memmove(buffer.baseAddress!, buffer.baseAddress! + start, end - start) }
            end -= start
            start = 0
        }
        if end == buffer.count {
            let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 16)
            larger.copyMemory(from: UnsafeRawBufferPointer(buffer))
            buffer.deallocate()
            buffer = larger
        }
        let count = read(descriptor, buffer.baseAddress! + end, buffer.count - end)
        if count < 0 {
            if errno == EINTR { return }
            throw ScenarioError(code: .io, line: lineNumber, problem: "read failed: \(String(cString: strerror(errno)))")
        }
        if count == 0 { exhausted = true }
        end += count
    }
}
