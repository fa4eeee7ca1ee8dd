import CostGuardAPI
import Foundation
import GuardCore

/// Turns a recipe into frames, one at a time (an iterator, so a month never sits in memory).
/// Deterministic: the recipe's seed fixes every prefix and every noise draw.
public struct ScenarioSynthesizer: IteratorProtocol, Sendable {
    public let recipe: ScenarioRecipe
    /// The organic baseline's heavy prefixes; the first is a carrier NAT that carries many users.
    public let organicPool: PrefixPool
    public let newcomerPools: [PrefixPool]
    public let botnets: [PrefixPool]
    /// An internal client (inside the guard's neverDeny range) that shows up among the heavy prefixes.
    public let internalPrefix: IPPrefix
    private var random: SplitMix64
    private var wander = 0.0
    private var index = 0

    /// The carrier NAT's share of organic traffic: many users behind one prefix, the heaviest in the baseline.
    static let carrierNATShare = 0.028
    static let internalRps = 3.0

    public init(_ recipe: ScenarioRecipe) {
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
            PrefixPool.zipf(count: episode.newcomerPrefixes, headShare: 0.2, skew: 0.9, ipv6Fraction: 0.3,
                            space: .residential, taken: &taken, random: &prefixes)
        }
        botnets = recipe.attacks.map { wave in
            PrefixPool.zipf(count: wave.prefixCount, headShare: wave.headShare, skew: wave.skew, ipv6Fraction: 0.1,
                            space: .botnet, taken: &taken, random: &prefixes)
        }
        internalPrefix = IPPrefix(family: .v4, high: UInt64(10 << 24 | 42 << 16 | 7 << 8) << 32, low: 0, length: 24)
        random = SplitMix64(seed: recipe.seed).derived(2)
    }

    /// The ground truth for scoring: every listed prefix of every botnet.
    public var attackPrefixes: Set<IPPrefix> { Set(botnets.flatMap(\.prefixes)) }
    /// Organic prefixes heavy enough to be listed: baseline heavy hitters and episode newcomers.
    public var organicPrefixes: Set<IPPrefix> { Set(organicPool.prefixes + newcomerPools.flatMap(\.prefixes)) }
    public var carrierNAT: IPPrefix { organicPool.prefixes[0] }

    public mutating func next() -> SignalFrame? {
        guard index < recipe.frameCount else { return nil }
        let t = Double(index) * recipe.interval
        index += 1
        return frame(at: t)
    }

    private mutating func frame(at t: Double) -> SignalFrame {
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
            // Returning users in the crowd come through the usual prefixes (the carrier NAT grows with them).
            knownUsers += crowd * (1 - episode.newShare)
            add(newcomerPools[number], rps: crowd * episode.newShare, to: &listed, spread: 0.12)
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

        for (number, wave) in recipe.attacks.enumerated() {
            let strength = wave.shape.value(at: t)
            guard strength > 0 else { continue }
            let rps = wave.peakRps * strength * max(0.2, 1 + 0.05 * random.normal())
            mix.add(rps: rps, errors: wave.errorRatio, conversion: wave.conversionRatio, newShare: wave.newShare,
                    routes: wave.routes, sources: Double(wave.bots) * strength)
            add(botnets[number], rps: rps, to: &listed, spread: 0.15)
        }
        return mix.frame(t: t, listed: listed, top: recipe.topSources, rateOnly: recipe.rateOnly, random: &random)
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
