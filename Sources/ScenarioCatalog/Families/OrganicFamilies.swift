import Foundation
import GuardCore

extension EvaluationFamily {
    package static var organic: [EvaluationFamily] {
        [newsCrowd, cgnatAudience, flashCrowdWithRetries, rateOnlyFlashCrowd, tvAdCrowd, ticketDrop, launchIntoCap,
         retryStormAfterOutage, corporateProxyAudience, mobileCarrierShift, spreadingAudience]
    }

    static func organicRecipe(_ draw: inout Draw, duration: Double, episode: (Double) -> OrganicEpisode) -> ScenarioRecipe {
        var recipe = base(&draw, duration: duration, truth: .init(class: "organic"))
        let crowd = episode(recipe.baseline.meanRps)
        recipe.truth = .init(class: "organic", onset: crowd.shape.onset, end: crowd.shape.end)
        recipe.episodes = [crowd]
        return recipe
    }

    /// A news crowd: new readers from new prefixes on the usual pages.
    static let newsCrowd = EvaluationFamily(name: "news-crowd", isAttack: false, note: "Slashdot effect") { draw, _ in
        let onset = draw.uniform(3, 5) * hour
        let multiple = draw.uniform(2, 8), rise = draw.uniform(120, 1200), decay = draw.uniform(0.5, 2.5) * hour
        let newShare = draw.uniform(0.4, 0.75), prefixes = draw.int(10, 40)
        return organicRecipe(&draw, duration: onset + 6 * hour) { _ in
            var crowd = OrganicEpisode(name: "news", shape: .flash(onset: onset, rise: rise, decay: decay),
                                       effect: .crowd(multipleOfMean: multiple), newShare: newShare)
            crowd.newcomerPrefixes = prefixes
            return crowd
        }
    }

    /// Issue 12, failure 3: a real audience through a few dozen carrier-NAT prefixes seen before,
    /// each at several times its usual rate, converting and erring as usual.
    static let cgnatAudience = EvaluationFamily(name: "cgnat-audience", isAttack: false, note: "issue 12 (3), RFC 6598 carrier NAT") { draw, _ in
        let onset = draw.uniform(3, 5) * hour
        let multiple = draw.uniform(1.5, 5), rise = draw.uniform(300, 1500), hold = draw.uniform(1, 3) * hour
        let known = draw.int(15, 40), share = draw.uniform(0.6, 0.9), conversion = draw.uniform(0.85, 1.1)
        return organicRecipe(&draw, duration: onset + hold + 2 * hour) { _ in
            var crowd = OrganicEpisode(name: "audience", shape: .plateau(onset: onset, rise: rise, end: onset + hold, fall: 1200),
                                       effect: .crowd(multipleOfMean: multiple), newShare: 0.08)
            crowd.knownPrefixes = known
            crowd.knownShare = share
            crowd.conversionFactor = conversion
            return crowd
        }
    }

    /// Issue 12, failure 4: an under-provisioned crowd whose clients retry; retries about double the
    /// crowd's requests and never convert.
    static let flashCrowdWithRetries = EvaluationFamily(name: "flash-crowd-with-retries", isAttack: false, note: "issue 12 (4)") { draw, _ in
        let onset = draw.uniform(3, 5) * hour
        let multiple = draw.uniform(3, 8), rise = draw.uniform(60, 600), decay = draw.uniform(0.5, 2) * hour
        let retries = draw.uniform(0.7, 1.2), newShare = draw.uniform(0.4, 0.7)
        return organicRecipe(&draw, duration: onset + 5 * hour) { _ in
            var crowd = OrganicEpisode(name: "crowd", shape: .flash(onset: onset, rise: rise, decay: decay),
                                       effect: .crowd(multipleOfMean: multiple), newShare: newShare)
            crowd.newcomerPrefixes = 30
            crowd.retryFactor = retries
            return crowd
        }
    }

    /// Issue 12, failure 5: rate only (HPA metrics, no Prometheus); a 10–20× crowd within one interval.
    static let rateOnlyFlashCrowd = EvaluationFamily(name: "rate-only-flash-crowd", isAttack: false, note: "issue 12 (5)") { draw, _ in
        let onset = draw.uniform(3, 5) * hour
        let multiple = draw.uniform(8, 19), decay = draw.uniform(0.5, 2) * hour
        var recipe = organicRecipe(&draw, duration: onset + 6 * hour) { _ in
            OrganicEpisode(name: "crowd", shape: .flash(onset: onset, rise: 15, decay: decay),
                           effect: .crowd(multipleOfMean: multiple), newShare: 0.5)
        }
        recipe.rateOnly = true
        return recipe
    }

    /// A TV advert: viewers arrive within a minute and leave within minutes (second-screen spikes).
    static let tvAdCrowd = EvaluationFamily(name: "tv-ad-crowd", isAttack: false, note: "TV-ad second-screen spikes") { draw, _ in
        let onset = draw.uniform(3, 5) * hour
        let multiple = draw.uniform(4, 12), rise = draw.uniform(20, 90), decay = draw.uniform(300, 900)
        let conversion = draw.uniform(0.7, 1.0), newShare = draw.uniform(0.4, 0.7)
        return organicRecipe(&draw, duration: onset + 4 * hour) { _ in
            var crowd = OrganicEpisode(name: "tv", shape: .flash(onset: onset, rise: rise, decay: decay),
                                       effect: .crowd(multipleOfMean: multiple), newShare: newShare)
            crowd.newcomerPrefixes = 30
            crowd.conversionFactor = conversion
            crowd.routes = [0.45, 0.35, 0.10, 0.07, 0.02, 0.01]
            return crowd
        }
    }

    /// A ticket drop: registered fans at the on-sale minute, on the cart and checkout, retrying.
    static let ticketDrop = EvaluationFamily(name: "ticket-drop", isAttack: false, note: "on-sale queues") { draw, _ in
        let onset = draw.uniform(3, 5) * hour
        let multiple = draw.uniform(5, 15), hold = draw.uniform(600, 1800), conversion = draw.uniform(0.6, 1.3)
        let retries = draw.uniform(0.1, 0.4)
        return organicRecipe(&draw, duration: onset + 4 * hour) { _ in
            var crowd = OrganicEpisode(name: "drop", shape: .plateau(onset: onset, rise: 45, end: onset + hold, fall: 900),
                                       effect: .crowd(multipleOfMean: multiple), newShare: 0.15)
            crowd.routes = [0.15, 0.20, 0.05, 0.35, 0.20, 0.05]
            crowd.conversionFactor = conversion
            crowd.retryFactor = retries
            crowd.knownPrefixes = 20
            crowd.knownShare = 0.3
            return crowd
        }
    }

    /// A launch that outgrows the caps: real users, and the node cap must hold with a ceiling.
    static let launchIntoCap = EvaluationFamily(name: "launch-into-cap", isAttack: false, note: "launch into a hard cap") { draw, _ in
        let onset = draw.uniform(3, 5) * hour
        let multiple = draw.uniform(6, 12), rise = draw.uniform(600, 1800), hold = draw.uniform(2, 4) * hour
        let maxNodes = draw.int(14, 24)
        var recipe = organicRecipe(&draw, duration: onset + hold + 2 * hour) { _ in
            var crowd = OrganicEpisode(name: "launch", shape: .plateau(onset: onset, rise: rise, end: onset + hold, fall: 1800),
                                       effect: .crowd(multipleOfMean: multiple), newShare: 0.4)
            crowd.newcomerPrefixes = 20
            return crowd
        }
        recipe.guardSpec = ReferenceSetup.guardSpec(maxNodes: maxNodes, maxHourlySpend: "12.00")
        return recipe
    }

    /// After an outage of our own, every client retries at once: errors and no conversions for minutes.
    static let retryStormAfterOutage = EvaluationFamily(name: "retry-storm-after-outage", isAttack: false,
                                                        note: "retry storms (AWS Builders' Library, timeouts and retries)") { draw, _ in
        let onset = draw.uniform(3, 5) * hour
        let minutes = draw.uniform(4, 15), retries = draw.uniform(1, 2.5), conversion = draw.uniform(0.2, 0.5)
        let errors = draw.uniform(0.01, 0.06)
        var recipe = base(&draw, duration: onset + 4 * hour, truth: .init(class: "organic"))
        let shape = Shape.plateau(onset: onset, rise: 30, end: onset + minutes * 60, fall: 180)
        recipe.truth = .init(class: "organic", onset: onset, end: shape.end)
        recipe.incidents = [QualityIncident(shape: shape, addedErrorRatio: errors, conversionFactor: conversion, retryFraction: retries)]
        return recipe
    }

    /// A company's all-hands or webinar: thousands of employees behind a handful of known proxy prefixes.
    static let corporateProxyAudience = EvaluationFamily(name: "corporate-proxy-audience", isAttack: false,
                                                         note: "corporate egress proxies") { draw, _ in
        let onset = draw.uniform(3, 5) * hour
        let multiple = draw.uniform(1, 3), hold = draw.uniform(0.75, 2) * hour, known = draw.int(2, 6)
        let share = draw.uniform(0.5, 0.85)
        return organicRecipe(&draw, duration: onset + hold + 2 * hour) { _ in
            var crowd = OrganicEpisode(name: "all-hands", shape: .plateau(onset: onset, rise: 600, end: onset + hold, fall: 600),
                                       effect: .crowd(multipleOfMean: multiple), newShare: 0.05)
            crowd.knownPrefixes = known
            crowd.knownShare = share
            return crowd
        }
    }

    /// Readers of something that spreads: new visitors arriving over hours, past the day's curve, at a
    /// person's pace, reading the product pages and seldom buying. The organic twin of the diurnal
    /// mimic and the slow ramp, which are new clients at a person's pace that do not buy.
    static let spreadingAudience = EvaluationFamily(name: "spreading-audience", isAttack: false,
                                                    note: "content that spreads; the organic twin of slow ramps") { draw, _ in
        let onset = day + draw.uniform(6, 14) * hour
        let multiple = draw.uniform(0.4, 1.2), rise = draw.uniform(1, 4) * hour, hold = draw.uniform(2, 4) * hour
        let conversion = draw.uniform(0.1, 0.4), newShare = draw.uniform(0.6, 0.9)
        return organicRecipe(&draw, duration: onset + rise + hold + 2 * hour) { _ in
            var crowd = OrganicEpisode(name: "readers", shape: .plateau(onset: onset, rise: rise, end: onset + rise + hold, fall: hour),
                                       effect: .crowd(multipleOfMean: multiple), newShare: newShare)
            crowd.conversionFactor = conversion
            crowd.routes = [0.40, 0.45, 0.10, 0.04, 0.005, 0.005]
            return crowd
        }
    }

    /// A mobile carrier renumbers: many users appear from a few new prefixes, as new addresses.
    static let mobileCarrierShift = EvaluationFamily(name: "mobile-carrier-shift", isAttack: false, note: "carrier CGNAT pool changes") { draw, _ in
        let onset = draw.uniform(3, 5) * hour
        let multiple = draw.uniform(0.4, 1.2), prefixes = draw.int(4, 12), share = draw.uniform(0.5, 0.8)
        return organicRecipe(&draw, duration: onset + 5 * hour) { _ in
            var crowd = OrganicEpisode(name: "carrier", shape: .plateau(onset: onset, rise: 900, end: onset + 4 * hour, fall: 900),
                                       effect: .crowd(multipleOfMean: multiple), newShare: 0.9)
            crowd.newcomerPrefixes = prefixes
            crowd.newcomerShare = share
            return crowd
        }
    }

}
