/// Which sources were seen in the last 7 days: a blocked, time-stamped Bloom filter. Each 4-bit
/// cell holds the day (mod 15, 0 = empty) it was last set; a source was seen if all 9 of its
/// cells, which lie in one 64-byte block (one cache line), carry a day at most 7 days before the
/// filter's day. Moving to a later day clears cells that fall out of the window, so memory never
/// grows: 2^27 cells are 64 MiB, and with 10 million distinct sources in the window (13.4 cells
/// each) a source never seen passes for seen with probability 0.48% (docs/access-logs.md).
package struct SeenBeforeFilter: Sendable, Hashable {
    package static let window = 7
    static let hashes = 9
    /// log2 of the number of cells; 27 is the default (64 MiB).
    package let cellsLog2: Int
    /// Two cells a byte.
    package private(set) var bytes: [UInt8]
    /// Days since 1970 of the newest day inserted or advanced to; nil before the first.
    package private(set) var day: Int?

    package init(cellsLog2: Int = 27) {
        self.cellsLog2 = min(max(cellsLog2, 10), 32)
        bytes = [UInt8](repeating: 0, count: 1 << (self.cellsLog2 - 1))
        day = nil
    }

    package init?(cellsLog2: Int, bytes: [UInt8], day: Int?) {
        guard (10...32).contains(cellsLog2), bytes.count == 1 << (cellsLog2 - 1) else { return nil }
        self.cellsLog2 = cellsLog2
        self.bytes = bytes
        self.day = day
    }

    @inline(__always) private static func tag(_ day: Int) -> UInt8 { UInt8(((day % 15) + 15) % 15 + 1) }

    /// Moves the filter to `newDay`, forgetting what is now older than the window. Earlier days
    /// never move it back.
    package mutating func advance(to newDay: Int) {
        guard let current = day else {
            day = newDay
            return
        }
        guard newDay > current else { return }
        let jump = newDay - current
        day = newDay
        if jump > Self.window {
            for index in bytes.indices { bytes[index] = 0 }
            return
        }
        let now = Self.tag(current)
        // One table for all 256 bytes: each nibble aged by `jump`, cleared past the window.
        var table = [UInt8](repeating: 0, count: 256)
        func aged(_ cell: UInt8) -> UInt8 {
            guard cell != 0 else { return 0 }
            let age = (Int(now) - Int(cell) + 15) % 15
            return age + jump > Self.window ? 0 : cell
        }
        for value in 0..<256 { table[value] = aged(UInt8(value >> 4)) << 4 | aged(UInt8(value & 0xF)) }
        table.withUnsafeBufferPointer { table in
            bytes.withUnsafeMutableBufferPointer { cells in
                for index in cells.indices { cells[index] = table[Int(cells[index])] }
            }
        }
    }

    /// Cell indexes of `hash`: a block from the top bits, 9 cells in it from a second mix.
    @inline(__always) private static func forEachCell(_ hash: UInt64, cellsLog2: Int, _ body: (Int) -> Void) {
        let blockBits = cellsLog2 - 7
        let block = Int(truncatingIfNeeded: hash >> UInt64(64 - blockBits)) << 7
        var bits = Mix.hash(hash, 0xB10C)
        for _ in 0..<Self.hashes {
            body(block | Int(bits & 0x7F))
            bits >>= 7
        }
    }

    /// Whether `hash` was inserted on a day in the window ending at the filter's day.
    @inline(__always) package func contains(_ hash: UInt64) -> Bool {
        guard let day else { return false }
        let now = Int(Self.tag(day))
        var seen = true
        let log2 = cellsLog2
        bytes.withUnsafeBufferPointer { cells in
            Self.forEachCell(hash, cellsLog2: log2) { cell in
                let byte = cells[cell >> 1]
                let value = Int(cell & 1 == 0 ? byte & 0xF : byte >> 4)
                if value == 0 || (now - value + 15) % 15 > Self.window { seen = false }
            }
        }
        return seen
    }

    /// Marks `hash` seen on the filter's day (call `advance(to:)` first).
    @inline(__always) package mutating func insert(_ hash: UInt64) {
        guard let day else { return }
        let now = Self.tag(day)
        let log2 = cellsLog2
        bytes.withUnsafeMutableBufferPointer { cells in
            Self.forEachCell(hash, cellsLog2: log2) { cell in
                let index = cell >> 1
                cells[index] = cell & 1 == 0 ? (cells[index] & 0xF0) | now : (cells[index] & 0x0F) | now << 4
            }
        }
    }

    /// Sources from two histories: the cell-wise newer day, both first moved to the later day.
    package mutating func merge(_ other: SeenBeforeFilter) {
        precondition(other.cellsLog2 == cellsLog2, "filters of different sizes do not merge")
        var other = other
        if let theirs = other.day { advance(to: theirs) }
        if let mine = day { other.advance(to: mine) }
        guard let day else { return }
        let now = Int(Self.tag(day))
        func newer(_ a: UInt8, _ b: UInt8) -> UInt8 {
            if a == 0 { return b }
            if b == 0 { return a }
            return (now - Int(a) + 15) % 15 <= (now - Int(b) + 15) % 15 ? a : b
        }
        for index in bytes.indices {
            let a = bytes[index], b = other.bytes[index]
            bytes[index] = newer(a >> 4, b >> 4) << 4 | newer(a & 0xF, b & 0xF)
        }
    }
}
