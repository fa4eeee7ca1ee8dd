import Foundation
import GuardCore

extension ScenarioCatalog {
    /// Thirty days at 15 s with 20 top sources a frame, for the benchmark: weekday rhythm, a slow
    /// adoption trend, weekly email campaigns, one news day, and three attacks. Write it with
    /// `write(to:)`: it is streamed, never held in memory.
    package static func month(seed: UInt64 = 2026) -> ScenarioRecipe {
        let day = 86_400.0
        var baseline = OrganicBaseline(meanRps: meanRps)
        baseline.weekendFactor = 0.8
        let flood = flood(onset: 11 * day + 14 * hour, minutes: 50)
        var recipe = ScenarioRecipe(name: "month", seed: seed, start: Date(timeIntervalSince1970: 1_775_001_600),  // 2026-04-01
                                    duration: 30 * day, baseline: baseline, truth: attack(flood.shape))
        recipe.episodes = [
            OrganicEpisode(name: "adoption", shape: .plateau(onset: 0, rise: 30 * day, end: 30 * day, fall: 0),
                           effect: .growth(multiple: 1.3), newShare: 0.5),
            newsCrowd(onset: 17 * day + 9 * hour),
        ]
        for week in 0..<4 {
            var email = OrganicEpisode(name: "email", shape: .flash(onset: (Double(week) * 7 + 1) * day + 10 * hour, rise: 240, decay: 1800),
                                       effect: .crowd(multipleOfMean: 2), newShare: 0.04)
            email.conversionFactor = 1.4
            recipe.episodes.append(email)
        }
        recipe.attacks = [
            flood,
            AttackWave(name: "yoyo", shape: .bursts(onset: 20 * day + 20 * hour, on: 150, period: 540, cycles: 12),
                       peakRps: 2500, bots: 1500, prefixCount: 200, headShare: 0.45, errorRatio: 0.2, conversionRatio: 0.001,
                       newShare: 0.9, routes: cartHeavy),
            AttackWave(name: "low-and-slow", shape: .ramp(onset: 25 * day + 2 * hour, duration: 6 * hour, end: 25 * day + 14 * hour),
                       peakRps: 900, bots: 2500, prefixCount: 300, headShare: 0.3, errorRatio: 0.3, conversionRatio: 0,
                       newShare: 0.85, routes: searchHeavy),
        ]
        return recipe
    }
}
