import CZlib
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--state FILE`: the seen-before history between runs. Version 1 layout, little-endian:
/// "CGSEEN\0\0", version (u32), cellsLog2 (u32), day (i64, Int64.min = none), since and until
/// (f64 bits, NaN = none), the filter's byte count (u64) and CRC-32 (u32), then the filter.
/// Written to a temporary file beside it, synced, then renamed: a crash leaves the old or the new.
package enum StateFile {
    static let magic: [UInt8] = Array("CGSEEN\0\0".utf8)
    static let version: UInt32 = 1
    static let headerSize = 8 + 4 + 4 + 8 + 8 + 8 + 8 + 4

    /// The history in `path`, or nil if there is no such file yet.
    package static func load(_ path: String) throws(IngestError) -> SourceHistory? {
        let descriptor = open(path, O_RDONLY)
        if descriptor < 0 {
            if errno == ENOENT { return nil }
            throw IngestError(.state, "--state \(path): cannot open: \(String(cString: strerror(errno)))", fix: "check the path and its permissions")
        }
        defer { close(descriptor) }
        func bad(_ problem: String) -> IngestError {
            IngestError(.state, "--state \(path): \(problem)",
                        fix: "give the file an earlier costguard ingest wrote, or remove it to start a new history")
        }
        var header = [UInt8](repeating: 0, count: headerSize)
        guard try readFully(descriptor, into: &header, path: path) == headerSize else { throw bad("is too short to be a state file") }
        guard Array(header[0..<8]) == magic else { throw bad("is not a costguard ingest state file") }
        let version = UInt32(littleEndianBytes: header, at: 8)
        guard version == Self.version else { throw bad("has version \(version); this costguard reads version \(Self.version)") }
        let cellsLog2 = Int(UInt32(littleEndianBytes: header, at: 12))
        let dayValue = Int64(bitPattern: UInt64(littleEndianBytes: header, at: 16))
        let since = Double(bitPattern: UInt64(littleEndianBytes: header, at: 24))
        let until = Double(bitPattern: UInt64(littleEndianBytes: header, at: 32))
        let count = UInt64(littleEndianBytes: header, at: 40)
        let checksum = UInt32(littleEndianBytes: header, at: 48)
        guard (10...32).contains(cellsLog2), count == UInt64(1) << UInt64(cellsLog2 - 1) else {
            throw bad("declares \(count) filter bytes for 2^\(cellsLog2) cells")
        }
        var bytes = [UInt8](repeating: 0, count: Int(count))
        guard try readFully(descriptor, into: &bytes, path: path) == bytes.count else { throw bad("is truncated") }
        var extra = [UInt8](repeating: 0, count: 1)
        guard try readFully(descriptor, into: &extra, path: path) == 0 else { throw bad("has bytes after the filter") }
        guard crc(bytes) == checksum else { throw bad("fails its checksum (damaged)") }
        guard let filter = SeenBeforeFilter(cellsLog2: cellsLog2, bytes: bytes, day: dayValue == Int64.min ? nil : Int(dayValue)) else {
            throw bad("holds a filter this costguard cannot read")
        }
        var history = SourceHistory(filter: filter)
        history.since = since.isNaN ? nil : since
        history.until = until.isNaN ? nil : until
        return history
    }

    package static func save(_ history: SourceHistory, to path: String) throws(IngestError) {
        var header = magic
        header.appendLittleEndian(version)
        header.appendLittleEndian(UInt32(history.filter.cellsLog2))
        header.appendLittleEndian(UInt64(bitPattern: Int64(history.filter.day ?? Int(Int64.min))))
        header.appendLittleEndian((history.since ?? .nan).bitPattern)
        header.appendLittleEndian((history.until ?? .nan).bitPattern)
        header.appendLittleEndian(UInt64(history.filter.bytes.count))
        header.appendLittleEndian(crc(history.filter.bytes))
        let temporary = path + ".tmp-\(getpid())"
        func fail(_ what: String) -> IngestError {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            return IngestError(.state, "--state \(path): \(what): \(reason)", fix: "check the folder is writable and the disk has room")
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw fail("cannot create \(temporary)") }
        var ok = writeFully(descriptor, header) && writeFully(descriptor, history.filter.bytes)
        ok = ok && fsync(descriptor) == 0
        if close(descriptor) != 0 { ok = false }
        guard ok else { throw fail("writing failed") }
        guard rename(temporary, path) == 0 else { throw fail("cannot replace it") }
    }

    static func crc(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            var value = crc32(0, nil, 0)
            var offset = 0
            while offset < buffer.count {
                let chunk = min(buffer.count - offset, 1 << 30)
                value = crc32(value, buffer.baseAddress! + offset, UInt32(chunk))
                offset += chunk
            }
            return UInt32(truncatingIfNeeded: value)
        }
    }

    private static func readFully(_ descriptor: Int32, into bytes: inout [UInt8], path: String) throws(IngestError) -> Int {
        var got = 0
        while got < bytes.count {
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + got, $0.count - got) }
            if count < 0 {
                if errno == EINTR { continue }
                throw IngestError(.state, "--state \(path): read failed: \(String(cString: strerror(errno)))", fix: "check the file and the disk")
            }
            if count == 0 { break }
            got += count
        }
        return got
    }

    private static func writeFully(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + done, $0.count - done) }
            if count < 0 {
                if errno == EINTR { continue }
                return false
            }
            done += count
        }
        return true
    }
}

extension FixedWidthInteger {
    init(littleEndianBytes bytes: [UInt8], at offset: Int) {
        var value = Self.zero
        for index in 0..<(Self.bitWidth / 8) { value |= Self(truncatingIfNeeded: bytes[offset + index]) << (8 * index) }
        self = value
    }
}

extension Array where Element == UInt8 {
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        for index in 0..<(T.bitWidth / 8) { append(UInt8(truncatingIfNeeded: value >> (8 * index))) }
    }
}
