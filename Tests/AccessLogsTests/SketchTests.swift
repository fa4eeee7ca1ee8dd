@testable import AccessLogs
import Testing

@Suite struct SketchTests {
    @Test(arguments: [1, 100, 5_000, 40_000, 300_000])
    func cardinalityWithinTwoPercentOfExact(distinct: Int) {
        var sketch = CardinalitySketch()
        for value in 0..<distinct {
            // Each source three times: repeats must not count.
            for _ in 0..<3 { sketch.insert(hash: Mix.hash(UInt64(value), 0x4)) }
        }
        let error = abs(sketch.estimate - Double(distinct)) / Double(distinct)
        #expect(error <= 0.02, "estimate \(sketch.estimate) for \(distinct)")
    }

    @Test func cardinalityHalvesMergeToTheWhole() {
        var whole = CardinalitySketch(), left = CardinalitySketch(), right = CardinalitySketch()
        for value in 0..<50_000 {
            let hash = Mix.hash(UInt64(value), 0x6)
            whole.insert(hash: hash)
            if value % 3 == 0 { left.insert(hash: hash) } else { right.insert(hash: hash) }
        }
        left.merge(right)
        #expect(left == whole)
        #expect(CardinalitySketch().estimate == 0)
    }

    /// A skewed stream with far more keys than counters, so counters are replaced.
    private func stream(_ count: Int, seed: UInt64) -> [PrefixKey] {
        var random = Random(seed: seed)
        return (0..<count).map { _ in
            let u = random.unit()
            // 40% from 30 heavy keys, the rest spread over 200 000.
            let id = u < 0.4 ? random.next() % 30 : 1000 + random.next() % 200_000
            return PrefixKey(bits: id << 40, isV6: id % 5 == 0)
        }
    }

    @Test func heavyHittersListEveryKeyAboveOnePercentWithinTwoPercent() {
        let keys = stream(300_000, seed: 7)
        var exact: [PrefixKey: Int] = [:]
        var sketch = HeavyHitters(capacity: 5000)
        for key in keys {
            exact[key, default: 0] += 1
            sketch.insert(key)
        }
        let top = Dictionary(uniqueKeysWithValues: sketch.top(5000).map { ($0.key, $0.count) })
        let heavy = exact.filter { Double($0.value) > 0.01 * Double(keys.count) }
        #expect(heavy.count >= 20)
        for (key, count) in heavy {
            let estimate = top[key] ?? -1
            #expect(estimate >= count && Double(estimate - count) <= 0.02 * Double(count), "\(key): \(estimate) vs \(count)")
        }
        #expect(sketch.total == keys.count)
    }

    @Test func heavyHittersMergeKeepsTheBound() {
        let keys = stream(200_000, seed: 9)
        var exact: [PrefixKey: Int] = [:]
        var left = HeavyHitters(capacity: 5000), right = HeavyHitters(capacity: 5000)
        for (index, key) in keys.enumerated() {
            exact[key, default: 0] += 1
            if index % 2 == 0 { left.insert(key) } else { right.insert(key) }
        }
        left.merge(right)
        let top = Dictionary(uniqueKeysWithValues: left.top(5000).map { ($0.key, $0.count) })
        for (key, count) in exact where Double(count) > 0.01 * Double(keys.count) {
            let estimate = top[key] ?? -1
            #expect(estimate >= count && Double(estimate - count) <= 0.02 * Double(count), "\(key): \(estimate) vs \(count)")
        }
        #expect(left.total == keys.count)
    }

    @Test func heavyHittersAreExactUntilFull() {
        var a = HeavyHitters(capacity: 100), b = HeavyHitters(capacity: 100)
        for index in 0..<1000 { a.insert(PrefixKey(bits: UInt64(index % 50) << 40, isV6: false)) }
        for index in (0..<1000).reversed() { b.insert(PrefixKey(bits: UInt64(index % 50) << 40, isV6: false)) }
        #expect(a.top(20).map(\.count) == Array(repeating: 20, count: 20))
        #expect(a.top(20).map(\.key) == b.top(20).map(\.key))
    }

    @Test func seenBeforeFilterFalsePositivesAtTheStatedLoad() {
        // 13.4 cells a source, as 10 million sources in 2^27 cells.
        var filter = SeenBeforeFilter(cellsLog2: 20)
        filter.advance(to: 100)
        let inserted = Int(Double(1 << 20) / 13.4)
        for value in 0..<inserted { filter.insert(Mix.hash(UInt64(value), 1)) }
        for value in stride(from: 0, to: inserted, by: 97) { #expect(filter.contains(Mix.hash(UInt64(value), 1))) }
        var falsePositives = 0
        let probes = 200_000
        for value in 0..<probes where filter.contains(Mix.hash(UInt64(value), 2)) { falsePositives += 1 }
        let rate = Double(falsePositives) / Double(probes)
        #expect(rate < 0.006, "false-positive rate \(rate), 0.48% expected")
    }

    @Test func seenBeforeFilterForgetsAfterSevenDays() {
        var filter = SeenBeforeFilter(cellsLog2: 12)
        filter.advance(to: 20_000)
        filter.insert(42)
        for day in 20_001...20_007 {
            filter.advance(to: day)
            #expect(filter.contains(42), "day \(day)")
        }
        filter.advance(to: 20_008)
        #expect(!filter.contains(42))
        // A jump past the window forgets everything; going back never moves the day.
        filter.insert(7)
        filter.advance(to: 20_100)
        #expect(!filter.contains(7))
        filter.insert(8)
        filter.advance(to: 20_050)
        #expect(filter.day == 20_100 && filter.contains(8))
    }

    @Test func seenBeforeFiltersMergeAsOneHistory() {
        var a = SeenBeforeFilter(cellsLog2: 14), b = SeenBeforeFilter(cellsLog2: 14)
        a.advance(to: 10)
        a.insert(1)
        b.advance(to: 16)
        b.insert(2)
        a.merge(b)
        #expect(a.day == 16 && a.contains(1) && a.contains(2))
        a.advance(to: 18)
        #expect(!a.contains(1) && a.contains(2))
    }

    @Test func addressTallySamplesPastItsCapacity() {
        var tally = AddressTally(capacity: 2000)
        for value in 0..<50_000 { tally.insert(Mix.hash(UInt64(value), 3), count: value % 4 + 1) }
        #expect(tally.counts.count <= 2000 && tally.level > 0)
        // Sources below 20 000 count as seen: 40% of the requests.
        var exactTally = AddressTally(capacity: 1 << 20)
        for value in 0..<50_000 { exactTally.insert(Mix.hash(UInt64(value), 3), count: value % 4 + 1) }
        let seen = Set((0..<20_000).map { Mix.hash(UInt64($0), 3) })
        let sampled = tally.newShare { seen.contains($0) }!
        let exact = exactTally.newShare { seen.contains($0) }!
        #expect(abs(sampled - exact) < 0.05, "\(sampled) vs \(exact)")
        #expect(abs(exact - 0.6) < 0.001)
    }
}
