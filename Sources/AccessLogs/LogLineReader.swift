import CZlib
import GuardCore
import ScenarioIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a log a line at a time through one reusable buffer; gzip input (told by its magic bytes,
/// whatever the file is called) is inflated on the way, concatenated members included.
package final class LogLineReader {
    package let name: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private let lines: LineBuffer
    private var inflater: Inflater?
    /// Read ahead before the gzip check, handed to the inflater or kept as the first bytes.
    private var pending: [UInt8] = []
    /// The 1-based number of the line last returned.
    package var lineNumber: Int { lines.lineNumber }
    /// Bytes read from the file (compressed size for gzip).
    package private(set) var bytesRead = 0

    /// Opens `path`; "-" reads standard input.
    package init(path: String, bufferSize: Int = 1 << 20) throws(IngestError) {
        name = path == "-" ? "standard input" : path
        if path == "-" {
            descriptor = 0
            ownsDescriptor = false
        } else {
            descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else {
                throw IngestError(.io, "cannot open \(path): \(String(cString: strerror(errno)))", fix: "name a readable log file, or - for standard input")
            }
            ownsDescriptor = true
        }
        lines = LineBuffer(capacity: bufferSize)
        var head = [UInt8](repeating: 0, count: 2)
        var got = 0
        while got < 2 {
            let count = head.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + got, 2 - got) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { throw readError() }
            if count == 0 { break }
            got += count
            bytesRead += count
        }
        pending = Array(head[0..<got])
        if got == 2, head[0] == 0x1F, head[1] == 0x8B { inflater = try Inflater(name: name) }
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// The next line without its line ending; valid until the next call.
    package func next() throws(IngestError) -> UnsafeBufferPointer<UInt8>? {
        try lines.next { space throws(IngestError) in try fill(space) }
    }

    private func readError() -> IngestError {
        IngestError(.io, "reading \(name) failed: \(String(cString: strerror(errno)))", fix: "check the file and the disk")
    }

    /// Inflated bytes for gzip, raw bytes otherwise; 0 at the end.
    private func fill(_ space: UnsafeMutableRawBufferPointer) throws(IngestError) -> Int {
        guard let inflater else { return try readRaw(into: space) }
        return try inflater.inflate(into: space) { [self] input throws(IngestError) in try self.readRaw(into: input) }
    }

    /// Reads raw file bytes (the gzip check's two bytes first); 0 at the end of the file.
    private func readRaw(into space: UnsafeMutableRawBufferPointer) throws(IngestError) -> Int {
        if !pending.isEmpty {
            let count = min(pending.count, space.count)
            space.copyBytes(from: pending[0..<count])
            pending.removeFirst(count)
            return count
        }
        while true {
            let count = read(descriptor, space.baseAddress!, space.count)
            if count < 0 && errno == EINTR { continue }
            if count < 0 { throw readError() }
            bytesRead += count
            return count
        }
    }
}

/// zlib's inflate over a gzip stream (window bits 15 + 32: gzip or zlib header detected).
private final class Inflater {
    private var stream = z_stream()
    private let input: UnsafeMutableRawBufferPointer
    private let name: String
    private var finished = false

    init(name: String) throws(IngestError) {
        self.name = name
        input = .allocate(byteCount: 1 << 18, alignment: 16)
        let status = inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            input.deallocate()
            throw IngestError(.io, "\(name): zlib could not start (\(status))", fix: "check the zlib installation")
        }
    }

    deinit {
        inflateEnd(&stream)
        input.deallocate()
    }

    /// Fills `output` with inflated bytes; 0 only at the end of the last member.
    func inflate(into output: UnsafeMutableRawBufferPointer,
                 read: (UnsafeMutableRawBufferPointer) throws(IngestError) -> Int) throws(IngestError) -> Int {
        stream.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = UInt32(output.count)
        while stream.avail_out == UInt32(output.count) {
            if stream.avail_in == 0 {
                let count = try read(input)
                if count == 0 {
                    guard finished || stream.total_in == 0 else {
                        throw IngestError(.io, "\(name): the gzip stream ends early", fix: "the file is truncated; recompress it or give it uncompressed")
                    }
                    return 0
                }
                stream.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_in = UInt32(count)
            }
            let status = CZlib.inflate(&stream, Z_NO_FLUSH)
            switch status {
            case Z_OK, Z_BUF_ERROR:
                finished = false
            case Z_STREAM_END:
                // Another member may follow (cat a.gz b.gz); start over on what is left.
                finished = true
                let rest = stream.avail_in, next = stream.next_in
                let produced = output.count - Int(stream.avail_out)
                inflateReset(&stream)
                stream.next_in = next
                stream.avail_in = rest
                if produced > 0 { return produced }
                stream.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = UInt32(output.count)
            default:
                throw IngestError(.io, "\(name): the gzip data is corrupt (zlib \(status))", fix: "check the file with gzip -t")
            }
        }
        return output.count - Int(stream.avail_out)
    }
}
