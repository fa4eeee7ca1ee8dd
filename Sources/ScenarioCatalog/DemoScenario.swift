import Foundation
import GuardCore

extension ScenarioCatalog {
    /// `costguard demo`'s built-in scenario: a news flash crowd that must be served, then, while
    /// it fades, an HTTP flood that must not be paid for. Five hours at 15 s.
    ///
    /// The site is a tenth of the catalogue's reference one, with requests ten times as costly
    /// (4 rps per pod, so the same pods and nodes): the demo writes every request as an access-log
    /// line through the live receiver, 2.7 million over the five hours.
    package static var demo: ScenarioRecipe {
        let scale = 0.1
        let crowd = newsCrowd(onset: 1 * hour, multiple: 5)
        var wave = flood(onset: 3 * hour, minutes: 30, peakRps: 6000 * scale)
        wave.bots = Int(Double(wave.bots) * scale)
        var recipe = ScenarioRecipe(name: "demo-flash-crowd-then-flood", seed: 7, start: monday(at: 8), duration: 5 * hour,
                                    baseline: OrganicBaseline(meanRps: meanRps * scale), truth: attack(wave.shape))
        recipe.workload.rpsPerPod *= scale
        recipe.episodes = [crowd]
        recipe.attacks = [wave]
        return recipe
    }
}
