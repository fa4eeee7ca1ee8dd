import CostGuardAPI
import Foundation
import GuardCore
import ScenarioCatalog
import ScenarioIO
import Testing

/// The generator itself: deterministic, shaped as documented, and honest about rate-only frames.
@Suite struct ScenarioCatalogTests {
    private func fileText(_ recipe: ScenarioRecipe) throws -> String {
        let path = ScenarioTestSupport.temporaryPath(recipe.name)
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try recipe.write(to: path)
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    private func shortened(_ recipe: ScenarioRecipe, hours: Double) -> ScenarioRecipe {
        var copy = recipe
        copy.duration = hours * 3600
        return copy
    }

    @Test func sameSeedSameFileOtherSeedOtherFile() throws {
        let recipe = shortened(ScenarioCatalog.newsFlashCrowd, hours: 4)
        let first = try fileText(recipe)
        #expect(try fileText(recipe) == first)
        var reseeded = recipe
        reseeded.seed += 1
        #expect(try fileText(reseeded) != first)
    }

    @Test func namesAreUniqueAndEveryAttackHasOnsetAndEnd() {
        let recipes = ScenarioCatalog.all
        #expect(Set(recipes.map(\.name)).count == recipes.count)
        for recipe in recipes {
            #expect(recipe.truth.class == "attack" || recipe.truth.class == "organic")
            let onset = recipe.truth.onset ?? -1, end = recipe.truth.end ?? -1
            #expect(onset >= 0 && onset < end, "\(recipe.name): truth \(onset)...\(end)")
            #expect(onset >= 3600 || !recipe.isAttack, "\(recipe.name): attacks start after an hour of history")
        }
    }

    @Test func rateOnlyFramesCarryOnlyTimeAndRate() throws {
        let text = try fileText(shortened(ScenarioCatalog.rateOnlyAttack, hours: 5))
        let frames = text.split(separator: "\n").dropFirst()
        #expect(frames.count == 1200)
        for line in frames {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            // The signals are t and rps; `truth` is the scoring-only field (FrameTruth), never a signal.
            #expect(Set(object.keys) == ["t", "rps", "truth"])
            let truth = try #require(object["truth"] as? [String: Any])
            #expect(Set(truth.keys) == ["legitRps", "attackTop"])
        }
    }

    @Test func groundTruthStaysOutOfTheFramesAndPoolsAreDisjoint() throws {
        let synthesizer = ScenarioSynthesizer(ScenarioCatalog.flashCrowdWithFlood)
        #expect(!synthesizer.attackPrefixes.isEmpty)
        #expect(synthesizer.attackPrefixes.isDisjoint(with: synthesizer.organicPrefixes))
        #expect(!ReferenceSetup.internalRange.contains(synthesizer.carrierNAT))
        #expect(ReferenceSetup.internalRange.contains(synthesizer.internalPrefix))
        let text = try fileText(shortened(ScenarioCatalog.httpFloodBotnet, hours: 1))
        let header = try #require(text.split(separator: "\n").first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(header.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["scenario", "name", "interval", "start", "cluster", "workload", "guard", "truth"])
    }

    /// The carrier NAT is the heaviest organic prefix in the baseline and grows with organic traffic.
    @Test func carrierNATLeadsTheBaselineAndGrowsWithIt() throws {
        var synthesizer = ScenarioSynthesizer(ScenarioCatalog.slowAdoptionGrowth)
        let nat = synthesizer.carrierNAT
        var early: [Double] = [], late: [Double] = [], leads = 0, frames = 0
        while let frame = synthesizer.next() {
            let top = try #require(frame.topSources)
            #expect(top.count == 20)
            let rate = top.first { $0.prefix == nat }?.rps ?? 0
            if frame.t < 3600 { early.append(rate) }
            if frame.t >= 14 * 3600 { late.append(rate) }
            if top.first?.prefix == nat { leads += 1 }
            frames += 1
        }
        #expect(Double(leads) > 0.8 * Double(frames), "the carrier NAT leads \(leads) of \(frames) frames")
        let mean = { (values: [Double]) in values.reduce(0, +) / Double(values.count) }
        #expect(mean(late) > 2 * mean(early))
    }

    @Test func yoyoBurstsRepeatOnTheirPeriod() {
        let shape = Shape.bursts(onset: 1000, on: 150, period: 540, cycles: 3)
        #expect(shape.value(at: 999) == 0)
        #expect(shape.value(at: 1000) == 1)
        #expect(shape.value(at: 1149) == 1)
        #expect(shape.value(at: 1150) == 0)
        #expect(shape.value(at: 1540) == 1)
        #expect(shape.value(at: 1000 + 3 * 540) == 0)
        #expect(shape.end == 1000 + 3 * 540)
    }

    /// The benchmark month: 30 days at 15 s with 20 top sources in every frame, streamed.
    @Test func monthHasThirtyDaysOfFullFrames() throws {
        let month = ScenarioCatalog.month()
        #expect(month.frameCount == 30 * 86_400 / 15)
        #expect(month.topSources == 20)
        let path = ScenarioTestSupport.temporaryPath("month-head")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let generated = try shortened(month, hours: 24).write(to: path)
        let reader = try ScenarioReader(path: path)
        var count = 0
        while let frame = try reader.next() {
            #expect(frame.topSources?.count == 20)
            count += 1
        }
        #expect(count == generated.frames)
        #expect(count == 5760)
    }
}
