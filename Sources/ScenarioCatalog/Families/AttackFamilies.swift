import Foundation
import GuardCore

extension EvaluationFamily {
    static let hour = 3600.0
    static let day = 86_400.0
    static let meanRps = 300.0

    /// Narrow route mixes attacks use (order: /, /product, /search, /cart, /checkout, /login).
    static let attackRoutes: [[Double]] = [
        [0.04, 0.03, 0.90, 0.02, 0.0, 0.01], [0.75, 0.20, 0.03, 0.01, 0.0, 0.01], [0.05, 0.10, 0.05, 0.78, 0.01, 0.01],
        [0.20, 0.25, 0.45, 0.07, 0.01, 0.02],
    ]

    // Botnets of thousands of prefixes list only their heaviest few hundred, with the share those
    // carry of the whole (the rest is a tail too thin to reach a frame's top 20 either way): the
    // frames are the same, and each frame does not sort thousands of prefixes.

    /// A recipe starting on a Monday at a random hour, with a random mean organic rate.
    static func base(_ draw: inout Draw, duration: Double, truth: ScenarioHeader.Truth) -> ScenarioRecipe {
        let startHour = draw.int(0, 23)
        return ScenarioRecipe(name: "", seed: 0, start: ScenarioCatalog.monday(at: startHour), duration: duration,
                              baseline: OrganicBaseline(meanRps: meanRps * draw.uniform(0.6, 1.6)), truth: truth)
    }

    package static var attacks: [EvaluationFamily] {
        [httpFlood, diurnalMimicFlood, slowRamp, pulseWave, carpetBombing, residentialProxyBotnet, scrapingBots,
         credentialStuffing]
    }

    static func attackRecipe(_ draw: inout Draw, onset: Double, duration: Double, wave: (Double) -> AttackWave) -> ScenarioRecipe {
        var recipe = base(&draw, duration: duration, truth: .init(class: "attack", onset: onset, end: onset))
        let attack = wave(recipe.baseline.meanRps)
        recipe.truth = .init(class: "attack", onset: attack.shape.onset, end: attack.shape.end)
        recipe.attacks = [attack]
        return recipe
    }

    /// The classic: a botnet in hosting ranges hammers one route at many times the organic rate.
    static let httpFlood = EvaluationFamily(name: "http-flood", isAttack: true, note: "L7 floods (Cloudflare DDoS reports)") { draw, _ in
        let onset = draw.uniform(3, 5) * hour
        let minutes = draw.uniform(20, 60), rise = draw.uniform(15, 120)
        let peak = draw.uniform(4, 20), routes = draw.pick(attackRoutes)
        let bots = draw.int(1500, 6000), prefixes = draw.int(150, 500), head = draw.uniform(0.3, 0.6)
        let errors = draw.uniform(0.08, 0.3), newShare = draw.uniform(0.8, 0.97)
        return attackRecipe(&draw, onset: onset, duration: onset + 3 * hour) { mean in
            AttackWave(name: "flood", shape: .plateau(onset: onset, rise: rise, end: onset + minutes * 60, fall: 60),
                       peakRps: mean * peak, bots: bots, prefixCount: prefixes, headShare: head, errorRatio: errors,
                       conversionRatio: 0.0005, newShare: newShare, routes: routes)
        }
    }

    /// Issue 12, failure 1: a flood that copies the day's curve (+40–70% of the organic rate, ramped
    /// in over 30 minutes) from thousands of new sources at a human per-source rate that do not convert.
    static let diurnalMimicFlood = EvaluationFamily(name: "diurnal-mimic-flood", isAttack: true, note: "issue 12 (1)") { draw, _ in
        let onset = day + draw.uniform(6, 14) * hour
        let share = draw.uniform(0.4, 0.7), hold = draw.uniform(3, 6) * hour
        let perBot = draw.uniform(0.06, 0.12), errors = draw.uniform(0.02, 0.05), newShare = draw.uniform(0.8, 0.95)
        return attackRecipe(&draw, onset: onset, duration: onset + hold + 2 * hour) { _ in
            var wave = AttackWave(name: "mimic", shape: .plateau(onset: onset, rise: 1800, end: onset + hold, fall: 1800),
                                  peakRps: share, bots: 0, prefixCount: 400, headShare: 0.1, skew: 0.4, errorRatio: errors,
                                  conversionRatio: 0.0005, newShare: newShare, routes: [0.32, 0.40, 0.18, 0.08, 0.01, 0.01])
            wave.followsOrganic = true
            wave.perBotRps = perBot
            return wave
        }
    }

    /// Issue 12, failure 2: +8–12% of the base rate per hour for ten hours from tens of thousands of
    /// new sources at a human rate (a denial-of-wallet ramp).
    static let slowRamp = EvaluationFamily(name: "slow-ramp", isAttack: true, note: "issue 12 (2), denial of wallet") { draw, _ in
        let onset = day + draw.uniform(0, 8) * hour
        let perHour = draw.uniform(0.08, 0.12), perBot = draw.uniform(0.06, 0.12)
        let errors = draw.uniform(0.03, 0.08), routes = draw.pick(attackRoutes), newShare = draw.uniform(0.75, 0.95)
        return attackRecipe(&draw, onset: onset, duration: onset + 11 * hour) { mean in
            var wave = AttackWave(name: "ramp", shape: .ramp(onset: onset, duration: 10 * hour, end: onset + 11 * hour),
                                  peakRps: mean * perHour * 10, bots: 0, prefixCount: 400, headShare: 0.09, skew: 0.4,
                                  errorRatio: errors, conversionRatio: 0, newShare: newShare, routes: routes)
            wave.perBotRps = perBot
            return wave
        }
    }

    /// Pulse waves: short, very high bursts every few minutes (Imperva's pulse-wave DDoS, Yo-Yo).
    static let pulseWave = EvaluationFamily(name: "pulse-wave", isAttack: true, note: "Imperva pulse-wave DDoS; Yo-Yo attacks") { draw, _ in
        let onset = draw.uniform(3, 5) * hour
        let on = draw.uniform(45, 180), period = draw.uniform(300, 900), cycles = draw.int(8, 14)
        let peak = draw.uniform(4, 12), routes = draw.pick(attackRoutes), errors = draw.uniform(0.08, 0.3)
        return attackRecipe(&draw, onset: onset, duration: onset + period * Double(cycles) + hour) { mean in
            AttackWave(name: "pulses", shape: .bursts(onset: onset, on: on, period: period, cycles: cycles),
                       peakRps: mean * peak, bots: 3000, prefixCount: 400, headShare: 0.4, errorRatio: errors,
                       conversionRatio: 0.0005, newShare: 0.9, routes: routes)
        }
    }

    /// Carpet bombing: the flood spread so thinly over thousands of /24s that no prefix is heavy.
    static let carpetBombing = EvaluationFamily(name: "carpet-bombing", isAttack: true, note: "carpet-bombing DDoS (Netscout reports)") { draw, _ in
        let onset = draw.uniform(3, 5) * hour
        let minutes = draw.uniform(30, 90), peak = draw.uniform(3, 12), routes = draw.pick(attackRoutes)
        let perBot = draw.uniform(0.3, 2), errors = draw.uniform(0.05, 0.25)
        return attackRecipe(&draw, onset: onset, duration: onset + 3 * hour) { mean in
            var wave = AttackWave(name: "carpet", shape: .plateau(onset: onset, rise: 60, end: onset + minutes * 60, fall: 60),
                                  peakRps: mean * peak, bots: 0, prefixCount: 300, headShare: 0.0125, skew: 0.05,
                                  errorRatio: errors, conversionRatio: 0, newShare: 0.92, routes: routes)
            wave.perBotRps = perBot
            return wave
        }
    }

    /// A botnet of residential proxies: home addresses, many seen before, near-human rates, no buying.
    static let residentialProxyBotnet = EvaluationFamily(name: "residential-proxy-botnet", isAttack: true,
                                                         note: "residential proxy networks behind L7 floods") { draw, _ in
        let onset = draw.uniform(3, 5) * hour
        let minutes = draw.uniform(40, 120), peak = draw.uniform(2, 6), rise = draw.uniform(60, 600)
        let perBot = draw.uniform(0.1, 0.4), newShare = draw.uniform(0.15, 0.4), errors = draw.uniform(0.03, 0.1)
        return attackRecipe(&draw, onset: onset, duration: onset + 3.5 * hour) { mean in
            var wave = AttackWave(name: "proxies", shape: .plateau(onset: onset, rise: rise, end: onset + minutes * 60, fall: 120),
                                  peakRps: mean * peak, bots: 0, prefixCount: 400, headShare: 0.073, skew: 0.3, errorRatio: errors,
                                  conversionRatio: 0.001, newShare: newShare, routes: [0.20, 0.45, 0.28, 0.05, 0.01, 0.01])
            wave.residential = true
            wave.perBotRps = perBot
            return wave
        }
    }

    /// Scraping bots: a few hosting ranges fetch product pages for hours, fast per source, never buying.
    static let scrapingBots = EvaluationFamily(name: "scraping-bots", isAttack: true, note: "OWASP OAT-011 scraping") { draw, _ in
        let onset = draw.uniform(3, 5) * hour
        let hours = draw.uniform(1.5, 4), peak = draw.uniform(1.2, 3.5)
        let bots = draw.int(60, 400), prefixes = draw.int(30, 120)
        return attackRecipe(&draw, onset: onset, duration: onset + hours * hour + hour) { mean in
            AttackWave(name: "scraper", shape: .plateau(onset: onset, rise: 600, end: onset + hours * hour, fall: 300),
                       peakRps: mean * peak, bots: bots, prefixCount: prefixes, headShare: 0.8, skew: 0.7,
                       errorRatio: 0.04, conversionRatio: 0, newShare: 0.7, routes: [0.02, 0.90, 0.06, 0.01, 0.0, 0.01])
        }
    }

    /// Credential stuffing: one route (/login), most answers 401, from residential proxies.
    static let credentialStuffing = EvaluationFamily(name: "credential-stuffing", isAttack: true, note: "OWASP OAT-008") { draw, _ in
        let onset = draw.uniform(3, 5) * hour
        let hours = draw.uniform(0.75, 3), peak = draw.uniform(1.5, 5), errors = draw.uniform(0.5, 0.85)
        let perBot = draw.uniform(0.2, 1)
        return attackRecipe(&draw, onset: onset, duration: onset + hours * hour + hour) { mean in
            var wave = AttackWave(name: "stuffing", shape: .plateau(onset: onset, rise: 300, end: onset + hours * hour, fall: 300),
                                  peakRps: mean * peak, bots: 0, prefixCount: 400, headShare: 0.136, skew: 0.4,
                                  errorRatio: errors, conversionRatio: 0, newShare: 0.8, routes: [0.02, 0.01, 0.01, 0.01, 0.0, 0.95])
            wave.residential = true
            wave.perBotRps = perBot
            return wave
        }
    }

}
