@testable import AccessLogs
import Foundation
import GuardCore
import Testing
import TestSupport

@Suite struct StateTests {
    @Test func daysRunOneAtATimeContinueOneHistory() async throws {
        let (whole, first, second, fresh) = try await onLowPriorityThread {
            let scratch = try Scratch()
            var generator = IngestTests.generator()
            generator.duration = 2700
            generator.floodStart = 99_999
            _ = try generator.write(traefik: scratch.path("all.log"))
            var options = IngestTests.options(.traefik)
            options.noveltyWarmup = 600
            let whole = try ingest([scratch.path("all.log")], options: options, header: testHeader, scratch: scratch)

            // The same log in two runs that share --state: the second run's frames are the whole run's.
            let lines = try String(contentsOfFile: scratch.path("all.log"), encoding: .utf8).split(separator: "\n").map(String.init)
            let cut = lines.firstIndex { $0.contains("T08:30:0") && !$0.contains("T08:29") }!
            // Cut at a quiet second so no interval is split across runs.
            let state = scratch.path("seen.state")
            let first = try ingest([try scratch.write("1.log", Array(lines[..<cut]))], options: options, header: testHeader, state: state, scratch: scratch)
            let second = try ingest([try scratch.write("2.log", Array(lines[cut...]))], options: options, header: testHeader, state: state, scratch: scratch)
            // Without the state the second half starts a new history.
            let fresh = try ingest([scratch.path("2.log")], options: options, header: testHeader, scratch: scratch)
            return (whole, first, second, fresh)
        }
        #expect(first.frames.count + second.frames.count == whole.frames.count)
        let tail = Array(whole.frames.suffix(second.frames.count))
        for (a, b) in zip(tail, second.frames) {
            #expect(a.newSourceRatio == b.newSourceRatio && a.newSourceRatio != nil)
            #expect(a.rps == b.rps && a.uniqueSources == b.uniqueSources)
        }
        // No newRatio before the warm-up without the state.
        #expect(fresh.frames.first?.newSourceRatio == nil)
    }

    @Test func aDamagedStateFileIsRefusedWithTheFix() throws {
        let scratch = try Scratch()
        var history = SourceHistory(filter: SeenBeforeFilter(cellsLog2: 12))
        history.filter.advance(to: 20_000)
        history.filter.insert(99)
        history.since = 1_700_000_000
        history.until = 1_700_003_600
        let path = scratch.path("s.state")
        try StateFile.save(history, to: path)
        #expect(try StateFile.load(path) == history)
        #expect(try StateFile.load(scratch.path("missing")) == nil)

        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[StateFile.headerSize + 10] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect { try StateFile.load(path) } throws: { error in
            let error = error as! IngestError
            return error.message.contains("checksum") && error.message.contains(path) && error.fix.contains("remove it")
        }
        try Data(bytes.prefix(100)).write(to: URL(fileURLWithPath: path))
        #expect { try StateFile.load(path) } throws: { ($0 as! IngestError).message.contains("truncated") }
        try Data("not a state".utf8).write(to: URL(fileURLWithPath: path))
        #expect { try StateFile.load(path) } throws: { ($0 as! IngestError).message.contains("too short") }
    }

    @Test func intervalSketchesFromTwoHalvesMergeToTheWhole() {
        var whole = IntervalSketch(), left = IntervalSketch(), right = IntervalSketch()
        var random = Random(seed: 5)
        for index in 0..<100_000 {
            let address = ClientAddress(high: (random.next() % 5000) << 40 | (random.next() % 4) << 32, low: 0, isV6: false)
            let status = index % 17 == 0 ? 404 : 200
            whole.add(address: address, status: status, converted: index % 31 == 0)
            if index % 2 == 0 {
                left.add(address: address, status: status, converted: index % 31 == 0)
            } else {
                right.add(address: address, status: status, converted: index % 31 == 0)
            }
        }
        left.merge(right)
        #expect(left.requests == whole.requests && left.clientErrors == whole.clientErrors && left.conversions == whole.conversions)
        #expect(left.sources == whole.sources)
        #expect(left.addresses == whole.addresses)
        #expect(left.prefixes.top(20).map(\.key) == whole.prefixes.top(20).map(\.key))
    }
}
