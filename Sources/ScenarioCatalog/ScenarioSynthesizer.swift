import CostGuardAPI
import Foundation
import GuardCore

/// Turns a recipe into frames, one at a time (an iterator, so a month never sits in memory).
/// Deterministic: the recipe's seed fixes every prefix and every noise draw.
package struct ScenarioSynthesizer: IteratorProtocol, Sendable {
    package let recipe: ScenarioRecipe
    /// The organic baseline's heavy prefixes; the first is a carrier NAT that carries many users.
    package let organicPool: PrefixPool
    package let newcomerPools: [PrefixPool]
    /// Per episode, the known organic prefixes its audience comes through (empty unless `knownPrefixes`).
    package let knownPools: [PrefixPool]
    package let botnets: [PrefixPool]
    /// An internal client (inside the guard's neverDeny range) that shows up among the heavy prefixes.
    package let internalPrefix: IPPrefix
    private var random: SplitMix64
    private let attackSet: Set<IPPrefix>
    private var wander = 0.0
    private var index = 0

    /// The carrier NAT's share of organic traffic: many users behind one prefix, the heaviest in the baseline.
    static let carrierNATShare = 0.028
    static let internalRps = 3.0

    package init(_ recipe: ScenarioRecipe) {
        self.recipe = recipe
        var prefixes = SplitMix64(seed: recipe.seed).derived(1)
        var taken: Set<IPPrefix> = []
        var organic = PrefixPool.zipf(count: 59, headShare: 0.085, skew: 0.85, ipv6Fraction: 0.25,
                                      space: .residential, taken: &taken, random: &prefixes)
        let carrierNAT = AddressSpace.residential.fresh(ipv6: false, taken: &taken, random: &prefixes)
        organic.prefixes.insert(carrierNAT, at: 0)
        organic.weights.insert(Self.carrierNATShare, at: 0)
        organicPool = organic
        newcomerPools = recipe.episodes.map { episode in
            PrefixPool.zipf(count: episode.newcomerPrefixes, headShare: episode.newcomerShare, skew: 0.9, ipv6Fraction: 0.3,
                            space: .residential, taken: &taken, random: &prefixes)
        }
        knownPools = recipe.episodes.map { episode in
            let count = min(episode.knownPrefixes, organic.prefixes.count)
            return PrefixPool(prefixes: Array(organic.prefixes.prefix(count)),
                              weights: Array(repeating: 1 / Double(max(count, 1)), count: count))
        }
        botnets = recipe.attacks.map { wave in
            PrefixPool.zipf(count: wave.prefixCount, headShare: wave.headShare, skew: wave.skew, ipv6Fraction: 0.1,
                            space: wave.residential ? .residential : .botnet, taken: &taken, random: &prefixes)
        }
        internalPrefix = IPPrefix(family: .v4, high: UInt64(10 << 24 | 42 << 16 | 7 << 8) << 32, low: 0, length: 24)
        random = SplitMix64(seed: recipe.seed).derived(2)
        attackSet = Set(botnets.flatMap(\.prefixes))
    }

    /// The ground truth for scoring: every listed prefix of every botnet.
    package var attackPrefixes: Set<IPPrefix> { Set(botnets.flatMap(\.prefixes)) }
    /// Organic prefixes heavy enough to be listed: baseline heavy hitters and episode newcomers.
    package var organicPrefixes: Set<IPPrefix> { Set(organicPool.prefixes + newcomerPools.flatMap(\.prefixes)) }
    package var carrierNAT: IPPrefix { organicPool.prefixes[0] }

    package mutating func next() -> SignalFrame? { nextScored()?.frame }

    /// The next frame with its scoring-only truth (real users' rate, which listed sources attack).
    package mutating func nextScored() -> (frame: SignalFrame, truth: FrameTruth)? {
        guard index < recipe.frameCount else { return nil }
        let t = Double(index) * recipe.interval
        index += 1
        return frame(at: t)
    }

    private mutating func frame(at t: Double) -> (frame: SignalFrame, truth: FrameTruth) {
        let base = recipe.baseline
        // Slow wander (AR(1), 20-minute memory) on top of the daily rhythm and the weekly one.
        let memory = exp(-recipe.interval / 1200)
        wander = wander * memory + (1 - memory * memory).squareRoot() * 0.04 * random.normal()
        let clock = recipe.start.timeIntervalSince1970 + t
        let hour = (clock.truncatingRemainder(dividingBy: 86_400)) / 3600
        let weekday = Int((clock / 86_400).rounded(.down) + 4) % 7  // 1970-01-01 was a Thursday; 0 is Sunday
        let weekly = weekday == 0 || weekday == 6 ? base.weekendFactor : 1
        let daily = 1 - base.diurnalAmplitude * cos(2 * .pi * (hour - base.troughHour) / 24)

        var growth = 1.0
        for episode in recipe.episodes {
            if case .growth(let multiple) = episode.effect { growth *= 1 + (multiple - 1) * episode.shape.value(at: t) }
        }
        let baselineRps = base.meanRps * daily * weekly * (1 + wander)
        let returning = baselineRps * max(0.2, 1 + 0.025 * random.normal())
        let grown = returning * growth
        var mix = TrafficMix(routeCount: scenarioRoutes.count)
        mix.add(rps: returning, errors: base.errorRatio, conversion: base.conversionRatio, newShare: base.newRatio,
                routes: base.routes, sources: returning / base.perSourceRps)
        // Adoption: the added users are new, and they behave like the rest.
        mix.add(rps: grown - returning, errors: base.errorRatio, conversion: base.conversionRatio, newShare: 0.5,
                routes: base.routes, sources: (grown - returning) / base.perSourceRps)
        var listed: [SourceRate] = []
        listed.reserveCapacity(organicPool.prefixes.count + 64)
        var knownUsers = grown

        for (number, episode) in recipe.episodes.enumerated() {
            guard case .crowd(let multiple) = episode.effect else { continue }
            let strength = episode.shape.value(at: t)
            guard strength > 0 else { continue }
            let crowd = base.meanRps * multiple * strength * max(0.2, 1 + 0.03 * random.normal())
            mix.add(rps: crowd, errors: base.errorRatio, conversion: base.conversionRatio * episode.conversionFactor,
                    newShare: episode.newShare, routes: episode.routes ?? base.routes, sources: crowd / (base.perSourceRps * 1.05))
            // Clients retrying slow answers: the same people and pages again, never converting.
            let retried = crowd * episode.retryFactor
            mix.add(rps: retried, errors: base.errorRatio, conversion: 0, newShare: episode.newShare,
                    routes: episode.routes ?? base.routes, sources: 0)
            let sent = crowd + retried
            // An audience behind carrier NAT or a corporate proxy: known prefixes, each far above its usual rate.
            let throughKnown = episode.knownPrefixes > 0 ? sent * episode.knownShare : 0
            if throughKnown > 0 { add(knownPools[number], rps: throughKnown, to: &listed, spread: 0.1) }
            // Returning users in the crowd come through the usual prefixes (the carrier NAT grows with them).
            knownUsers += (sent - throughKnown) * (1 - episode.newShare)
            add(newcomerPools[number], rps: (sent - throughKnown) * episode.newShare, to: &listed, spread: 0.12)
        }
        add(organicPool, rps: knownUsers, to: &listed, spread: 0.1)

        var incidentErrors = 0.0, incidentConversion = 1.0, retries = 0.0
        for incident in recipe.incidents {
            let strength = incident.shape.value(at: t)
            incidentErrors += incident.addedErrorRatio * strength
            incidentConversion *= 1 - (1 - incident.conversionFactor) * strength
            retries += incident.retryFraction * strength
        }
        mix.degrade(addedErrors: incidentErrors, conversionFactor: incidentConversion, retries: retries)

        let internalRps = Self.internalRps * max(0.2, 1 + 0.1 * random.normal())
        mix.add(rps: internalRps, errors: 0, conversion: base.conversionRatio, newShare: 0, routes: base.routes, sources: 4)
        listed.append(SourceRate(prefix: internalPrefix, rps: internalRps))

        let legitRps = mix.rps
        for (number, wave) in recipe.attacks.enumerated() {
            let strength = wave.shape.value(at: t)
            guard strength > 0 else { continue }
            let level = wave.followsOrganic ? baselineRps * growth : 1
            let rps = wave.peakRps * level * strength * max(0.2, 1 + 0.05 * random.normal())
            mix.add(rps: rps, errors: wave.errorRatio, conversion: wave.conversionRatio, newShare: wave.newShare,
                    routes: wave.routes, sources: wave.perBotRps.map { rps / $0 } ?? Double(wave.bots) * strength)
            add(botnets[number], rps: rps, to: &listed, spread: 0.15)
        }
        let frame = mix.frame(t: t, listed: listed, top: recipe.topSources, rateOnly: recipe.rateOnly, random: &random)
        var attackTop: [Int] = []
        if !attackSet.isEmpty, let top = frame.topSources {
            for (position, source) in top.enumerated() where attackSet.contains(source.prefix) { attackTop.append(position) }
        }
        return (frame, FrameTruth(legitRps: min(frame.rps, TrafficMix.round(legitRps, 2)), attackTop: attackTop))
    }

    /// Adds a pool's prefixes for `rps` of traffic, each with its own noise.
    private mutating func add(_ pool: PrefixPool, rps: Double, to listed: inout [SourceRate], spread: Double) {
        guard rps > 0 else { return }
        for (prefix, weight) in zip(pool.prefixes, pool.weights) {
            let value = rps * weight * max(0, 1 + spread * random.normal())
            if value > 0 { listed.append(SourceRate(prefix: prefix, rps: value)) }
        }
    }
}
