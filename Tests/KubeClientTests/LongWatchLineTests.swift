import KubeClient
import Testing

/// Found by the fuzz suite: one watch event line of 8 MiB arriving in 4 KiB chunks (as a large
/// object or a hostile server sends it) took 523 s to frame, each chunk re-copying and
/// re-scanning the whole partial line; the watch stalled the reflector for that long.
@Suite struct LongWatchLineTests {
    @Test func anEightMebibyteLineInSmallChunksIsFramedQuickly() throws {
        let line = Array((#"{"type":"ADDED","object":{"metadata":{"name":""# + String(repeating: "n", count: 8 << 20) + "\"}}}\n").utf8)
        var splitter = LineSplitter()
        var lines: [ArraySlice<UInt8>] = []
        let elapsed = try ContinuousClock().measure {
            for start in stride(from: 0, to: line.count, by: 4096) {
                lines += try splitter.feed(line[start..<min(line.count, start + 4096)])
            }
        }
        #expect(lines.count == 1 && lines.first.map(Array.init) == Array(line.dropLast()))
        #expect(elapsed < .seconds(20), "framing took \(elapsed)")  // 2.6 s in a debug build, 523 s before
    }

    @Test func theBoundHoldsAcrossChunksWithoutNewlines() {
        var splitter = LineSplitter(maxLineBytes: 10)
        #expect(throws: Never.self) { try splitter.feed(Array("123456".utf8)) }
        #expect(throws: LineSplitter.LineTooLong.self) { try splitter.feed(Array("78901".utf8)) }
    }
}
