import CZlib

/// A request body sent with `Content-Encoding: gzip` (the OpenTelemetry Collector's OTLP/HTTP
/// exporter compresses by default; Fluent Bit and Vector can), inflated in memory up to a limit so
/// that a small compressed body cannot become a large one.
package enum GzipBody {
    package enum Failure: Error, Sendable, Equatable {
        /// Inflated, the body would pass `limit` bytes.
        case tooLarge(limit: Int)
        case corrupt(String)
    }

    package static func inflate(_ compressed: [UInt8], limit: Int) -> Result<[UInt8], Failure> {
        var stream = z_stream()
        // 15 + 32: a gzip or zlib header, told apart by zlib.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return .failure(.corrupt("zlib could not start"))
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        return compressed.withUnsafeBufferPointer { input -> Result<[UInt8], Failure> in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = UInt32(input.count)
            while true {
                let (status, produced) = chunk.withUnsafeMutableBufferPointer { space -> (Int32, Int) in
                    stream.next_out = space.baseAddress
                    stream.avail_out = UInt32(space.count)
                    let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return (status, space.count - Int(stream.avail_out))
                }
                guard output.count + produced <= limit else { return .failure(.tooLarge(limit: limit)) }
                output.append(contentsOf: chunk[0..<produced])
                switch status {
                case Z_STREAM_END:
                    return .success(output)
                case Z_OK:
                    continue
                case Z_BUF_ERROR where stream.avail_in == 0:
                    return .failure(.corrupt("the gzip data ends early"))
                case Z_BUF_ERROR:
                    continue
                default:
                    return .failure(.corrupt("the gzip data is corrupt (zlib \(status))"))
                }
            }
        }
    }
}
