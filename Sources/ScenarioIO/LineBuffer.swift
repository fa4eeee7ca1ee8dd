#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lines out of one reusable buffer that a reader fills (a file, standard input, an inflater);
/// the buffer grows only for a line longer than it. It does no I/O itself: the scenario reader
/// and the access-log reader each bring their own source and their own errors.
package final class LineBuffer {
    private var buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    private var exhausted = false
    /// The 1-based number of the line last returned.
    package private(set) var lineNumber = 0

    package init(capacity: Int) {
        buffer = .allocate(byteCount: max(capacity, 64), alignment: 16)
    }

    deinit { buffer.deallocate() }

    /// The next line without its line ending (a CR before the LF dropped too); valid until the
    /// next call. `fill` writes into the space it is given and returns how many bytes it wrote,
    /// 0 at the end of the input.
    package func next<Failure: Error>(
        fill: (UnsafeMutableRawBufferPointer) throws(Failure) -> Int
    ) throws(Failure) -> UnsafeBufferPointer<UInt8>? {
        while true {
            let base = buffer.baseAddress!
            if start < end, let newline = memchr(base + start, 0x0A, end - start) {
                return take(base.distance(to: newline) - start, skip: 1)
            }
            if exhausted {
                guard start < end else { return nil }
                return take(end - start, skip: 0)
            }
            makeRoom()
            let count = try fill(UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
            if count == 0 { exhausted = true }
            end += count
        }
    }

    private func take(_ length: Int, skip: Int) -> UnsafeBufferPointer<UInt8> {
        let pointer = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self) + start
        start += length + skip
        lineNumber += 1
        let trimmed = length > 0 && pointer[length - 1] == 0x0D ? length - 1 : length
        return UnsafeBufferPointer(start: pointer, count: trimmed)
    }

    /// Moves what is left to the front, and doubles the buffer for a line longer than it.
    private func makeRoom() {
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
    }
}
