import Foundation
import GuardCore

/// The named synthetic scenarios that every classifier change is checked against: organic rises
/// that must never be paused for surge, and attacks that must be.
package enum ScenarioCatalog {
    package static var all: [ScenarioRecipe] {
        [steadyDiurnal, slowAdoptionGrowth, newsFlashCrowd, marketingEmailSpike, scheduledLaunch,
         httpFloodBotnet, smallBotnetFewPrefixes, yoyoAttack, lowAndSlowCostRamp, badDeploy,
         flashCrowdWithFlood, organicGrowthIntoNodeCap, rateOnlyAttack, rateOnlyOrganicRise, pushNotificationSpike]
    }

    package static func named(_ name: String) -> ScenarioRecipe? { all.first { $0.name == name } }

    static let hour = 3600.0
    static let meanRps = 300.0

    /// A Monday at `hour` UTC.
    static func monday(at hour: Int) -> Date { Date(timeIntervalSince1970: 1_775_433_600 + Double(hour) * 3600) }

    static func organic(_ onset: Double, _ end: Double) -> ScenarioHeader.Truth { .init(class: "organic", onset: onset, end: end) }
    static func attack(_ shape: Shape) -> ScenarioHeader.Truth { .init(class: "attack", onset: shape.onset, end: shape.end) }

    /// Route mixes: the usual one, and the narrow ones attacks use.
    static let searchHeavy = [0.04, 0.03, 0.90, 0.02, 0.0, 0.01]
    static let homeHeavy = [0.75, 0.20, 0.03, 0.01, 0.0, 0.01]
    static let cartHeavy = [0.05, 0.10, 0.05, 0.78, 0.01, 0.01]

    package static var steadyDiurnal: ScenarioRecipe {
        ScenarioRecipe(name: "steady-diurnal", seed: 101, start: monday(at: 0), duration: 24 * hour,
                       baseline: OrganicBaseline(meanRps: meanRps), truth: organic(0, 24 * hour))
    }

    package static var slowAdoptionGrowth: ScenarioRecipe {
        let shape = Shape.plateau(onset: 2 * hour, rise: 12 * hour, end: 18 * hour, fall: 0)
        var recipe = ScenarioRecipe(name: "slow-adoption-growth", seed: 102, start: monday(at: 4), duration: 18 * hour,
                                    baseline: OrganicBaseline(meanRps: meanRps), truth: organic(2 * hour, 14 * hour))
        recipe.episodes = [OrganicEpisode(name: "adoption", shape: shape, effect: .growth(multiple: 2.8), newShare: 0.5)]
        return recipe
    }

    static func newsCrowd(onset: Double, rise: Double = 600, multiple: Double = 6) -> OrganicEpisode {
        var episode = OrganicEpisode(name: "news", shape: .flash(onset: onset, rise: rise, decay: 2 * hour),
                                     effect: .crowd(multipleOfMean: multiple), newShare: 0.6)
        episode.newcomerPrefixes = 30
        return episode
    }

    package static var newsFlashCrowd: ScenarioRecipe {
        let crowd = newsCrowd(onset: 3 * hour)
        var recipe = ScenarioRecipe(name: "news-flash-crowd", seed: 103, start: monday(at: 6), duration: 12 * hour,
                                    baseline: OrganicBaseline(meanRps: meanRps), truth: organic(3 * hour, crowd.shape.end))
        recipe.episodes = [crowd]
        return recipe
    }

    package static var marketingEmailSpike: ScenarioRecipe {
        var email = OrganicEpisode(name: "email", shape: .flash(onset: 2.5 * hour, rise: 240, decay: 1800),
                                   effect: .crowd(multipleOfMean: 2.5), newShare: 0.04)
        // Subscribers are known customers: they convert better and go to the offer and the cart.
        email.conversionFactor = 1.4
        email.routes = [0.22, 0.44, 0.08, 0.17, 0.08, 0.01]
        var recipe = ScenarioRecipe(name: "marketing-email-spike", seed: 104, start: monday(at: 7), duration: 8 * hour,
                                    baseline: OrganicBaseline(meanRps: meanRps), truth: organic(2.5 * hour, email.shape.end))
        recipe.episodes = [email]
        return recipe
    }

    package static var scheduledLaunch: ScenarioRecipe {
        var launch = OrganicEpisode(name: "launch", shape: .plateau(onset: 3 * hour, rise: 300, end: 5 * hour, fall: hour),
                                    effect: .crowd(multipleOfMean: 3), newShare: 0.35)
        launch.routes = [0.26, 0.46, 0.12, 0.10, 0.05, 0.01]
        launch.newcomerPrefixes = 20
        var recipe = ScenarioRecipe(name: "scheduled-launch", seed: 105, start: monday(at: 10), duration: 10 * hour,
                                    baseline: OrganicBaseline(meanRps: meanRps), truth: organic(3 * hour, launch.shape.end))
        recipe.episodes = [launch]
        return recipe
    }

    static func flood(onset: Double, minutes: Double = 45, peakRps: Double = 6000) -> AttackWave {
        AttackWave(name: "http-flood", shape: .plateau(onset: onset, rise: 30, end: onset + minutes * 60, fall: 30),
                   peakRps: peakRps, bots: 4500, prefixCount: 400, headShare: 0.5, errorRatio: 0.24,
                   conversionRatio: 0.0005, newShare: 0.95, routes: searchHeavy)
    }

    package static var httpFloodBotnet: ScenarioRecipe {
        let wave = flood(onset: 4 * hour)
        var recipe = ScenarioRecipe(name: "http-flood-botnet", seed: 106, start: monday(at: 2), duration: 8 * hour,
                                    baseline: OrganicBaseline(meanRps: meanRps), truth: attack(wave.shape))
        recipe.attacks = [wave]
        return recipe
    }

    package static var smallBotnetFewPrefixes: ScenarioRecipe {
        let shape = Shape.plateau(onset: 4 * hour, rise: 60, end: 5 * hour, fall: 60)
        let wave = AttackWave(name: "small-botnet", shape: shape, peakRps: 2400, bots: 90, prefixCount: 6, headShare: 1,
                              skew: 0.3, errorRatio: 0.12, conversionRatio: 0, newShare: 0.9, routes: homeHeavy)
        var recipe = ScenarioRecipe(name: "small-botnet-few-prefixes", seed: 107, start: monday(at: 9), duration: 8 * hour,
                                    baseline: OrganicBaseline(meanRps: meanRps), truth: attack(shape))
        recipe.attacks = [wave]
        return recipe
    }

    package static var yoyoAttack: ScenarioRecipe {
        // On for 2.5 minutes every 9: long enough to trigger a scale-up, short enough that the
        // nodes bought stay through the 10-minute scale-down delay.
        let shape = Shape.bursts(onset: 3 * hour, on: 150, period: 540, cycles: 10)
        let wave = AttackWave(name: "yoyo", shape: shape, peakRps: 2500, bots: 1500, prefixCount: 200, headShare: 0.45,
                              errorRatio: 0.2, conversionRatio: 0.001, newShare: 0.9, routes: cartHeavy)
        var recipe = ScenarioRecipe(name: "yoyo-attack", seed: 108, start: monday(at: 8), duration: 8 * hour,
                                    baseline: OrganicBaseline(meanRps: meanRps), truth: attack(shape))
        recipe.attacks = [wave]
        return recipe
    }

    package static var lowAndSlowCostRamp: ScenarioRecipe {
        // Up to six times the mean organic rate over six hours: never a jump, always a bill.
        let shape = Shape.ramp(onset: 3 * hour, duration: 6 * hour, end: 10 * hour)
        let wave = AttackWave(name: "low-and-slow", shape: shape, peakRps: 1800, bots: 2500, prefixCount: 300, headShare: 0.3,
                              errorRatio: 0.3, conversionRatio: 0, newShare: 0.85, routes: searchHeavy)
        var recipe = ScenarioRecipe(name: "low-and-slow-cost-ramp", seed: 109, start: monday(at: 4), duration: 12 * hour,
                                    baseline: OrganicBaseline(meanRps: meanRps), truth: attack(shape))
        recipe.attacks = [wave]
        return recipe
    }

    package static var badDeploy: ScenarioRecipe {
        // Deployed at 10:00, on the morning rise, when the long baseline lags the rate the most.
        let shape = Shape.plateau(onset: 10 * hour, rise: 60, end: 12 * hour, fall: 60)
        var recipe = ScenarioRecipe(name: "bad-deploy", seed: 110, start: monday(at: 0), duration: 16 * hour,
                                    baseline: OrganicBaseline(meanRps: meanRps), truth: organic(shape.onset, shape.end))
        recipe.incidents = [QualityIncident(shape: shape, addedErrorRatio: 0.2, conversionFactor: 0.55, retryFraction: 0.05)]
        return recipe
    }

    package static var flashCrowdWithFlood: ScenarioRecipe {
        let crowd = newsCrowd(onset: 3 * hour)
        let wave = flood(onset: 3 * hour + 40 * 60, minutes: 40, peakRps: 5000)
        var recipe = ScenarioRecipe(name: "flash-crowd-with-flood", seed: 111, start: monday(at: 6), duration: 10 * hour,
                                    baseline: OrganicBaseline(meanRps: meanRps), truth: attack(wave.shape))
        recipe.episodes = [crowd]
        recipe.attacks = [wave]
        return recipe
    }

    package static var organicGrowthIntoNodeCap: ScenarioRecipe {
        let shape = Shape.plateau(onset: 2 * hour, rise: 10 * hour, end: 16 * hour, fall: 0)
        var recipe = ScenarioRecipe(name: "organic-growth-into-node-cap", seed: 112, start: monday(at: 4), duration: 16 * hour,
                                    baseline: OrganicBaseline(meanRps: meanRps), truth: organic(2 * hour, 12 * hour))
        recipe.episodes = [OrganicEpisode(name: "adoption", shape: shape, effect: .growth(multiple: 7), newShare: 0.5)]
        // 8 nodes hold 80 pods, 2240 rps at target utilization: the grown peak needs more.
        recipe.guardSpec = ReferenceSetup.guardSpec(maxNodes: 8, maxHourlySpend: "12.00")
        return recipe
    }

    /// A content push to existing app users: as steep as a flood's onset, but the same people on the
    /// usual pages. They read rather than buy, so conversion per request dips by a third. The steep
    /// onset must not pause it when the quality signals see real users.
    package static var pushNotificationSpike: ScenarioRecipe {
        var push = OrganicEpisode(name: "push", shape: .flash(onset: 3 * hour, rise: 30, decay: 900),
                                  effect: .crowd(multipleOfMean: 8), newShare: 0.02)
        push.conversionFactor = 0.6
        push.routes = [0.34, 0.42, 0.10, 0.09, 0.04, 0.01]
        var recipe = ScenarioRecipe(name: "push-notification-spike", seed: 115, start: monday(at: 9), duration: 6 * hour,
                                    baseline: OrganicBaseline(meanRps: meanRps), truth: organic(3 * hour, push.shape.end))
        recipe.episodes = [push]
        return recipe
    }

    package static var rateOnlyAttack: ScenarioRecipe {
        var recipe = httpFloodBotnet
        recipe.name = "rate-only-attack"
        recipe.seed = 113
        recipe.rateOnly = true
        return recipe
    }

    package static var rateOnlyOrganicRise: ScenarioRecipe {
        let crowd = newsCrowd(onset: 3 * hour, rise: 900, multiple: 4)
        var recipe = ScenarioRecipe(name: "rate-only-organic-rise", seed: 114, start: monday(at: 6), duration: 10 * hour,
                                    baseline: OrganicBaseline(meanRps: meanRps), truth: organic(3 * hour, crowd.shape.end))
        recipe.episodes = [crowd]
        recipe.rateOnly = true
        return recipe
    }
}
