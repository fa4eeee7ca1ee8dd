import CostGuardAPI
import Foundation

/// Tells an attack-like surge from organic growth, one frame at a time (docs/classifier.md).
/// A value type with no I/O: the same frames always give the same verdicts.
package struct SurgeClassifier: Sendable {
    package struct Settings: Sendable, Hashable {
        package var interval: Double
        package var warmup: Double
        /// Score at or above which an elevated frame is a surge.
        package var threshold: Double
        /// Rate multiples over baseline where the elevation gate starts to open and is fully open.
        package var gateLow: Double
        package var gateHigh: Double
        /// How long the steep-onset evidence holds at full strength before it fades (detection.holdDown).
        package var holdDown: Double

        package init(interval: Double, detection: CostGuardSpec.Detection) {
            self.interval = interval
            warmup = detection.warmup.seconds
            holdDown = max(detection.holdDown.seconds, interval)
            switch detection.sensitivity {
            case .low: (threshold, gateLow, gateHigh) = (0.75, 1.4, 2.2)
            case .medium: (threshold, gateLow, gateHigh) = (0.6, 1.25, 1.8)
            case .high: (threshold, gateLow, gateHigh) = (0.45, 1.15, 1.5)
            }
        }
    }

    /// One piece of evidence that the traffic is an attack: a weight, how strongly it shows, why.
    struct Evidence {
        var weight: Double
        var strength: Double
        var reason: Reason
        var contribution: Double { weight * strength }

        /// Evidence that other clients send (new sources, concentration) or other routes are asked:
        /// not the per-source rate, which the same clients retrying also raise.
        var isChangedTraffic: Bool {
            switch reason {
            case .newSources, .concentration, .routeShift: true
            default: false
            }
        }

        /// Evidence about how requests end (errors, conversion) rather than who sends them or what they ask for.
        var isOutcome: Bool {
            switch reason {
            case .conversionDrop, .clientErrors: true
            default: false
            }
        }
    }

    /// How much evidence that the traffic changed in kind (sources, route mix) opens the slow-ramp gate:
    /// one such signal clearly past the lower end of its ramp (each ramp already starts above everyday
    /// noise), so a single noisy frame of one signal does not count.
    static let changedTrafficScore = 0.1

    /// Below `buyingShareLow` of the requests not buying as users do, the evidence counts for nothing;
    /// from `buyingShareHigh` on, in full.
    static let buyingShareLow = 0.05
    static let buyingShareHigh = 0.2

    /// The weight of a steep onset when quality signals are there to judge the traffic itself.
    static let jumpWeightWithQuality = 0.3

    package let settings: Settings
    private(set) var baseline = TrafficBaseline()
    /// The known heavy hitters and the usual top-prefix rate, also read by the deny-list planner.
    private(set) var sources = SourceHistory()
    private var bursts = BurstTracker()
    private var firstT: Double?
    private var recentRates = RecentRates()
    private var episode: Episode?
    private var calmFrames = 0
    private var lastClass: Verdict.Class = .warmup
    /// Reused every frame so that judging a frame allocates nothing (the engine runs millions a second).
    private var quality: [Evidence] = []
    private var shape: [Evidence] = []
    private let alphaRate: Double, alphaSlow: Double, alphaQuality: Double, alphaDrift: Double, alphaDaily: Double
    private let alphaAnchor: Double

    struct Episode {
        var start: Double
        var jump: Double
        var jumpSeconds: Double
    }

    package init(settings: Settings) {
        self.settings = settings
        alphaRate = alpha(interval: settings.interval, tau: 1800)
        alphaSlow = alpha(interval: settings.interval, tau: 6 * 3600)
        alphaQuality = alpha(interval: settings.interval, tau: 3600)
        alphaDrift = alpha(interval: settings.interval, tau: 6 * 3600)
        alphaDaily = 0.3
        alphaAnchor = alpha(interval: settings.interval, tau: 86_400)
    }


    package mutating func classify(_ frame: SignalFrame) -> Verdict {
        let interval = settings.interval
        if firstT == nil { firstT = frame.t }
        let elapsed = frame.t - firstT! + interval
        let rate = frame.rps
        let jump = steepestJump(rate)
        defer { remember(rate) }

        // Elevation against the recent band, and against the long or daily one for slow ramps.
        let recent = baseline.rate.isEmpty ? rate : baseline.rate.value
        let shortMultiple = rate / max(recent, 1e-9)
        let slot = Int((frame.t.truncatingRemainder(dividingBy: 86_400) + 86_400).truncatingRemainder(dividingBy: 86_400) / 900)
        let daily = elapsed > 86_400 && baseline.daily[slot].count >= 1 ? baseline.daily[slot].value : nil
        let long = daily ?? (baseline.slowRate.isEmpty ? rate : baseline.slowRate.value)
        let longMultiple = rate / max(long, 1e-9)

        trackEpisode(t: frame.t, multiple: shortMultiple, jump: jump)

        // The buffer is moved out while it is filled: filling `self.quality` in place from a method
        // that reads `self` would make Swift copy the whole classifier.
        var collected = quality
        quality = []
        collected.removeAll(keepingCapacity: true)
        let routeShift = frame.routes.flatMap { $0.isEmpty ? nil : baseline.routeShift($0) }
        let perSource = perSourceMultiple(frame)
        let repeats = RepeatedRequests(perClientMultiple: perSource, routeDistance: routeShift?.distance)
        let signals = qualityEvidence(frame, dailyMultiple: daily.map { rate / max($0, 1e-9) }, perSource: perSource,
                                      routeShift: routeShift, repeats: repeats, into: &collected)
        quality = collected
        shape.removeAll(keepingCapacity: true)
        let qualityScore = Self.combine(quality)

        let rateOnly = signals == 0
        if let episode, episode.jump > 1 {
            // A steep onset is shared by floods and by pushes, TV spots and ticket drops, and it stays
            // on the episode for as long as it lasts. With quality signals it only corroborates: at
            // 0.3 it pauses a frame whose quality evidence is already 0.43 (conversion halved, or
            // errors up 8 points), never users who look normal or merely read without buying.
            // Without quality signals the shape is all there is.
            // A steep onset says something about the onset, not about the hours after it: the
            // evidence fades over the hold-down (10 min by default) once the episode has begun, so a
            // crowd that stays is not held as a surge for as long as it stays.
            let age = frame.t - episode.start
            let fade = age <= settings.holdDown ? 1 : exp(-(age - settings.holdDown) / settings.holdDown)
            shape.append(Evidence(weight: rateOnly ? 0.85 : Self.jumpWeightWithQuality,
                                  strength: ramp(log(episode.jump), log(2.5), log(8)) * fade,
                                  reason: .jump(multiple: episode.jump, seconds: episode.jumpSeconds)))
        }
        if episode != nil, let periodic = bursts.periodicity(now: frame.t) {
            shape.append(Evidence(weight: 0.85, strength: 1, reason: .periodicBursts(count: periodic.bursts, period: periodic.period)))
        }

        // Slow ramps are judged against the long baseline, but only when the traffic itself is suspect
        // and has changed in kind: other clients or another request mix. Worse outcomes alone (more
        // errors, fewer conversions) are what our own bad deploy looks like, and the rate sits above
        // the long baseline every morning simply because the day is rising.
        let suspectQuality = qualityScore >= 0.15
        let changedTraffic = Self.combine(quality, where: { !$0.isOutcome }) >= Self.changedTrafficScore
        let rampGate = suspectQuality && changedTraffic
        let gateMultiple = rampGate ? max(shortMultiple, longMultiple) : shortMultiple
        var gate = ramp(gateMultiple, settings.gateLow, settings.gateHigh)
        if rampGate, let daily {
            // The same slot on earlier days already follows the day's curve, so its band is
            // narrower than the recent rate's: the gate opens at 60% of the usual excess over it.
            let dailyMultiple = rate / max(daily, 1e-9)
            gate = max(gate, ramp(dailyMultiple, 1 + 0.6 * (settings.gateLow - 1), 1 + 0.6 * (settings.gateHigh - 1)))
        }
        var evidence = 1 - (1 - qualityScore) * (1 - Self.combine(shape))
        // Traffic that buys as users do cannot be mostly attack: requests that never buy dilute
        // the conversion ratio in proportion to their share. With conversion near its usual
        // ratio, whatever else the evidence says (heavy known prefixes, new visitors, a steep
        // rise), the requests that are not a user's are too few to be worth holding back.
        let users = usersShare(frame, repeats: repeats)
        if let users { evidence *= ramp(1 - users, Self.buyingShareLow, Self.buyingShareHigh) }
        let score = min(1, max(0, gate * evidence))

        let verdictClass: Verdict.Class
        if elapsed < settings.warmup {
            verdictClass = .warmup
        } else if gate > 0, score >= settings.threshold || (lastClass == .surge && score >= settings.threshold * 0.75) {
            verdictClass = .surge
        } else if gateMultiple >= settings.gateLow {
            verdictClass = .organic
        } else {
            verdictClass = .steady
        }
        lastClass = verdictClass

        let elevated = gateMultiple >= settings.gateLow || gate > 0
        let suspicious = suspectQuality || verdictClass == .surge || Self.combine(shape) >= 0.3
        learn(frame, slot: slot, suspicious: suspicious, elevated: elevated,
              onTheDaysCurve: daily.map { rate <= 1.1 * $0 } ?? !elevated)

        var reasons: [Reason] = []
        if verdictClass == .warmup {
            reasons.append(.warmingUp(seconds: elapsed, of: settings.warmup))
        }
        if elevated {
            reasons.append(longMultiple > shortMultiple && rampGate
                           ? .aboveLongBaseline(multiple: longMultiple) : .elevated(multiple: shortMultiple))
        }
        let notable = quality.contains { $0.contribution >= 0.1 } || shape.contains { $0.contribution >= 0.1 }
        if notable {
            let ranked = (quality + shape).filter { $0.contribution >= 0.1 }.sorted { $0.contribution > $1.contribution }
            reasons.append(contentsOf: ranked.prefix(4).map(\.reason))
        }
        // The conversion evidence holds the per-client reading; it is there only once the usual ratio is known.
        if elevated, let repeats, let conversion = frame.conversionRatio,
           let read = quality.lazy.compactMap({ if case .conversionDrop(let ofNormal) = $0.reason { ofNormal } else { nil } }).first,
           read - conversion / baseline.conversionRatio.value >= 0.1 {
            reasons.append(.repeatedRequests(perClientMultiple: repeats.perClientMultiple))
        }
        if verdictClass == .organic, !notable, signals > 0 { reasons.append(.looksOrganic(signals: signals)) }
        if rateOnly { reasons.append(.rateOnly) }
        let predicted = baseline.rate.isEmpty ? nil : max(baseline.rate.value, daily ?? 0)
        return Verdict(class: verdictClass, score: score, reasons: reasons, rateOnly: rateOnly,
                       outcomeEvidence: Self.combine(quality, where: \.isOutcome),
                       changedEvidence: Self.combine(quality, where: \.isChangedTraffic), predictedRps: predicted,
                       usersShare: users)
    }

    /// Conversion against its usual ratio, at most 1: requests that never buy dilute it in
    /// proportion to their share, so this is the share that buys as users do. The usual ratio is
    /// the higher of the last hour's and ordinary days' (a ramp drags the hour's down with it).
    /// Requests that the same clients repeat (`repeats`) are counted per client.
    private func usersShare(_ frame: SignalFrame, repeats: RepeatedRequests?) -> Double? {
        guard let conversion = frame.conversionRatio, baseline.conversionRatio.count >= 20 else { return nil }
        var usual = baseline.conversionRatio.value
        if baseline.anchoredConversion.count >= 20 { usual = max(usual, baseline.anchoredConversion.value) }
        guard usual > 0 else { return nil }
        return min(1, max(0, Self.ofNormal(conversion, usual: usual, repeats)))
    }

    /// Conversion against `usual`, with requests the same clients repeat allowed for.
    private static func ofNormal(_ conversion: Double, usual: Double, _ repeats: RepeatedRequests?) -> Double {
        let perRequest = conversion / usual
        return repeats?.conversionOfNormal(perRequest: perRequest) ?? perRequest
    }

    /// The frame's requests per distinct source against the usual rate per source, once that is learned.
    private func perSourceMultiple(_ frame: SignalFrame) -> Double? {
        guard let unique = frame.uniqueSources, unique > 0, baseline.perSourceRate.count >= 20,
              baseline.perSourceRate.value > 0 else { return nil }
        return (frame.rps / unique) / baseline.perSourceRate.value
    }

    /// Evidence from the traffic's quality signals; returns how many signals could be judged.
    /// `dailyMultiple`: the rate against the same slot on earlier days, once there is a day of history.
    /// `perSource`: requests per source against the usual rate per source; `routeShift`: the frame's
    /// route mix against the usual one; `repeats`: how far repeated requests by the same clients can
    /// explain a conversion drop.
    private func qualityEvidence(_ frame: SignalFrame, dailyMultiple: Double?, perSource: Double?,
                                 routeShift: (distance: Double, route: String, share: Double)?,
                                 repeats: RepeatedRequests?, into evidence: inout [Evidence]) -> Int {
        let ready = 20
        var signals = 0
        if let conversion = frame.conversionRatio, baseline.conversionRatio.count >= ready, baseline.conversionRatio.value > 0 {
            signals += 1
            let ofNormal = Self.ofNormal(conversion, usual: baseline.conversionRatio.value, repeats)
            evidence.append(Evidence(weight: 0.9, strength: ramp(1 - ofNormal, 0.2, 0.6), reason: .conversionDrop(ofNormal: ofNormal)))
        }
        if let errors = frame.clientErrorRatio, baseline.errorRatio.count >= ready {
            signals += 1
            let usual = baseline.errorRatio.value
            evidence.append(Evidence(weight: 0.8, strength: ramp(errors - usual, 0.03, 0.12),
                                     reason: .clientErrors(ratio: errors, usual: usual)))
        }
        if let multiple = perSource {
            signals += 1
            evidence.append(Evidence(weight: 0.8, strength: ramp(multiple, 1.6, 4), reason: .perSourceRate(multiple: multiple)))
        }
        if let top = frame.topSources, !top.isEmpty, frame.rps > 0, baseline.topShare.count >= ready {
            signals += 1
            var sum = 0.0
            for source in top { sum += source.rps }
            let share = min(1, sum / frame.rps)
            let usual = baseline.topShare.value
            evidence.append(Evidence(weight: 0.7, strength: ramp(share - usual, 0.1, 0.35),
                                     reason: .concentration(share: share, usual: usual, prefixes: top.count)))
        }
        if let newRatio = frame.newSourceRatio, baseline.newSourceRatio.count >= ready {
            signals += 1
            evidence.append(Evidence(weight: 0.4, strength: ramp(newRatio - baseline.newSourceRatio.value, 0.25, 0.6),
                                     reason: .newSources(share: newRatio)))
        }
        // Novelty weighted by behaviour: new clients are no sign by themselves (a news crowd is new),
        // but new clients at a person's pace whose arrival takes conversion down with it are an
        // attack made to look like people (a flood on the day's curve, a slow ramp). Clients sending
        // faster than usual are left to the per-source evidence (and are what retries look like).
        if let conversion = frame.conversionRatio, baseline.conversionRatio.count >= ready, baseline.conversionRatio.value > 0,
           let newRatio = frame.newSourceRatio, baseline.newSourceRatio.count >= ready {
            let ofNormal = Self.ofNormal(conversion, usual: baseline.conversionRatio.value, repeats)
            var paced = 1.0
            if let multiple = perSource { paced = 1 - ramp(multiple, 1.3, 2) }
            var strength = ramp(1 - ofNormal, 0.1, 0.35) * ramp(newRatio - baseline.newSourceRatio.value, 0.08, 0.3) * paced
            var shownOfNormal = ofNormal
            // A slow ramp drags the 1-hour baselines along with it; while the rate is above the same
            // slot on earlier days, the same test runs against the quality of ordinary days too.
            if let dailyMultiple, dailyMultiple >= 1.1, baseline.anchoredConversion.count >= ready, baseline.anchoredConversion.value > 0,
               baseline.anchoredNewRatio.count >= ready {
                let anchoredOfNormal = Self.ofNormal(conversion, usual: baseline.anchoredConversion.value, repeats)
                let anchored = ramp(1 - anchoredOfNormal, 0.1, 0.35) * ramp(newRatio - baseline.anchoredNewRatio.value, 0.08, 0.3) * paced
                if anchored > strength { strength = anchored; shownOfNormal = anchoredOfNormal }
            }
            evidence.append(Evidence(weight: 0.8, strength: strength,
                                     reason: .newSourcesNotConverting(share: newRatio, conversionOfNormal: shownOfNormal)))
        }
        if let shift = routeShift {
            signals += 1
            evidence.append(Evidence(weight: 0.7, strength: ramp(shift.distance, 0.15, 0.45),
                                     reason: .routeShift(route: shift.route, share: shift.share)))
        }
        return signals
    }

    /// Noisy-OR: independent pieces of evidence reinforce each other; one strong piece is enough.
    static func combine(_ evidence: [Evidence], where include: (Evidence) -> Bool = { _ in true }) -> Double {
        var remaining = 1.0
        for item in evidence where include(item) { remaining *= 1 - item.contribution }
        return 1 - remaining
    }

    /// The largest rise over the last one to four frames, and over how many seconds.
    private func steepestJump(_ rate: Double) -> (multiple: Double, seconds: Double) {
        var best = (multiple: 1.0, seconds: settings.interval)
        for back in 0..<recentRates.count where recentRates[back] > 0 {
            let multiple = rate / recentRates[back]
            if multiple > best.multiple { best = (multiple, Double(back + 1) * settings.interval) }
        }
        return best
    }

    private mutating func remember(_ rate: Double) {
        recentRates.push(rate)
    }

    /// An episode is a stretch of elevated rate; its onset steepness and start time are kept for it.
    private mutating func trackEpisode(t: Double, multiple: Double, jump: (multiple: Double, seconds: Double)) {
        if var current = episode {
            if t - current.start < 4 * settings.interval, jump.multiple > current.jump {
                current.jump = jump.multiple
                current.jumpSeconds = jump.seconds
                episode = current
            }
            calmFrames = multiple < 1.1 ? calmFrames + 1 : 0
            if calmFrames >= 4 { episode = nil }
        } else if multiple >= settings.gateLow {
            episode = Episode(start: t, jump: jump.multiple, jumpSeconds: jump.seconds)
            bursts.episodeStarted(at: t)
            calmFrames = 0
        }
    }

    /// Baselines learn from clean frames; suspect frames at a normal rate only drift them slowly,
    /// and suspect frames at an elevated rate teach nothing.
    private mutating func learn(_ frame: SignalFrame, slot: Int, suspicious: Bool, elevated: Bool, onTheDaysCurve: Bool) {
        if !suspicious, onTheDaysCurve {
            if let conversion = frame.conversionRatio { baseline.anchoredConversion.add(conversion, alpha: alphaAnchor) }
            if let newRatio = frame.newSourceRatio { baseline.anchoredNewRatio.add(newRatio, alpha: alphaAnchor) }
        }
        if suspicious && elevated { return }
        let quality = suspicious ? alphaDrift : alphaQuality
        baseline.rate.add(frame.rps, alpha: alphaRate)
        baseline.slowRate.add(frame.rps, alpha: alphaSlow)
        baseline.daily[slot].add(frame.rps, alpha: alphaDaily * settings.interval / 900)
        if let errors = frame.clientErrorRatio { baseline.errorRatio.add(errors, alpha: quality) }
        if let conversion = frame.conversionRatio { baseline.conversionRatio.add(conversion, alpha: quality) }
        if let unique = frame.uniqueSources, unique > 0 { baseline.perSourceRate.add(frame.rps / unique, alpha: quality) }
        if let newRatio = frame.newSourceRatio { baseline.newSourceRatio.add(newRatio, alpha: quality) }
        if let routes = frame.routes, !routes.isEmpty { baseline.learnRoutes(routes, alpha: quality) }
        if let top = frame.topSources, !top.isEmpty, frame.rps > 0 {
            var sum = 0.0
            for source in top { sum += source.rps }
            baseline.topShare.add(min(1, sum / frame.rps), alpha: quality)
            if !suspicious { sources.learn(top, at: frame.t, alpha: quality) }
        }
    }
}
