import Foundation
import GuardCore

extension ScenarioCatalog {
    /// `costguard demo`'s built-in scenario: a news flash crowd that must be served, then, while
    /// it fades, an HTTP flood that must not be paid for. Five hours at 15 s.
    package static var demo: ScenarioRecipe {
        let crowd = newsCrowd(onset: 1 * hour, multiple: 5)
        let wave = flood(onset: 3 * hour, minutes: 30, peakRps: 6000)
        var recipe = ScenarioRecipe(name: "demo-flash-crowd-then-flood", seed: 7, start: monday(at: 8), duration: 5 * hour,
                                    baseline: OrganicBaseline(meanRps: meanRps), truth: attack(wave.shape))
        recipe.episodes = [crowd]
        recipe.attacks = [wave]
        return recipe
    }
}
