/// Splits a byte stream into `\n`-terminated lines, as the watch protocol frames events.
/// Pure: chunks in, complete lines out; a partial line waits for the next chunk.
package struct LineSplitter: Sendable {
    package struct LineTooLong: Error, Sendable {}

    var partial: [UInt8] = []
    /// A bound on one event, so a broken stream cannot grow the buffer without limit.
    package let maxLineBytes: Int

    package init(maxLineBytes: Int = 64 * 1024 * 1024) {
        self.maxLineBytes = maxLineBytes
    }

    package mutating func feed(_ chunk: some Collection<UInt8>) throws -> [ArraySlice<UInt8>] {
        // A chunk without a newline only extends the partial line: copying and rescanning the
        // partial for each such chunk made a long line quadratic (8 MiB in 4 KiB chunks: 523 s).
        guard chunk.contains(UInt8(ascii: "\n")) else {
            partial.append(contentsOf: chunk)
            if partial.count > maxLineBytes { throw LineTooLong() }
            return []
        }
        var lines: [ArraySlice<UInt8>] = []
        var bytes: [UInt8]
        if partial.isEmpty {
            bytes = Array(chunk)
        } else {
            bytes = partial
            bytes.append(contentsOf: chunk)
            partial = []
        }
        var start = bytes.startIndex
        while let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
            let line = bytes[start..<newline]
            if !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) { lines.append(line) }
            start = newline + 1
        }
        partial = Array(bytes[start...])
        if partial.count > maxLineBytes { throw LineTooLong() }
        return lines
    }

    /// What is left when the stream ends: a last event without its newline.
    package mutating func finish() -> ArraySlice<UInt8>? {
        defer { partial = [] }
        return partial.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x0A }) ? nil : partial[...]
    }
}
