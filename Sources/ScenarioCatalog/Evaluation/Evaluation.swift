import GuardCore

/// Runs the evaluation catalogue: each scenario through CostGuard's replay (the operator's engine
/// and the reference cluster) and, over the same frames in the same run, the static threshold
/// guard on a reference cluster of its own. Frames are made in memory, one at a time.
package enum Evaluation {
    package static func run(_ family: EvaluationFamily, seed: UInt64, signals: SignalSet) -> ScenarioOutcome {
        let recipe = family.recipe(seed: seed)
        let header = recipe.header
        var synthesizer = ScenarioSynthesizer(recipe)
        var replay = Replay(header: header)
        var staticGuard = StaticThresholdGuard(interval: header.interval, holdDown: header.guardSpec.detection.holdDown.seconds)
        var staticCluster = ReferenceCluster(cluster: header.cluster, workload: header.workload, interval: header.interval)
        var staticLegit = LegitTotals()
        // Attacks only: the real users' traffic alone, unguarded, what the attack's absence would have cost.
        var legitOnlyCluster = family.isAttack ? ReferenceCluster(cluster: header.cluster, workload: header.workload, interval: header.interval) : nil
        var staticPaused = false
        let onset = header.truth?.onset ?? 0, end = header.truth?.end ?? .infinity
        let interval = header.interval
        var outcome = ScenarioOutcome(family: family.name, seed: seed, isAttack: family.isAttack, frames: 0)
        outcome.rateOnly = recipe.rateOnly || signals == .rps
        let maxNodes = header.guardSpec.caps.maxNodes, maxSpend = header.guardSpec.caps.maxHourlySpend?.double

        var noise = SplitMix64(seed: recipe.seed).derived(0x5167_4E41)
        while let (raw, rawTruth) = synthesizer.nextScored() {
            let frame = signals.apply(raw, interval: header.interval, random: &noise)
            var truth = rawTruth
            if frame.topSources == nil { truth.attackTop = [] }
            let t = frame.t
            let inWindow = t >= onset - interval && t <= end
            let step = replay.step(frame, truth: truth)
            outcome.frames += 1
            if step.pauseReason == .surge { outcome.costGuard.surgePausedSeconds += interval }
            if step.surgeCeiling { outcome.costGuard.surgeCeilingSeconds += interval }
            if inWindow, step.verdict.class == .surge, !outcome.costGuard.caught {
                outcome.costGuard.caught = true
                outcome.costGuard.delayFrames = max(0, Int(((t - onset) / interval).rounded()))
            }

            let open = staticCluster.step(t: t, rps: frame.rps, deniedRps: 0, paused: staticPaused, ceiling: nil)
            let legitOnly = legitOnlyCluster?.step(t: t, rps: truth.legitRps, deniedRps: 0, paused: false, ceiling: nil)
            // From onset to the end of the run: nodes an attack bought are paid for until they go.
            if let legitOnly, t >= onset {
                let hours = interval / 3600
                outcome.costGuard.spendSinceOnset += step.guarded.hourlySpend * hours
                outcome.staticGuard.spendSinceOnset += open.hourlySpend * hours
                outcome.unguardedSpendSinceOnset += step.unguarded.hourlySpend * hours
                outcome.legitOnlySpendSinceOnset += legitOnly.hourlySpend * hours
            }
            staticLegit.add(legitRps: truth.legitRps, deniedLegitRps: 0, guarded: open, unguarded: step.unguarded,
                            interval: interval, inWindow: t >= onset && t <= end)
            if let maxNodes, open.nodes > maxNodes { outcome.staticGuard.capBreaches += 1 }
            else if let maxSpend, open.hourlySpend > maxSpend + 1e-9 { outcome.staticGuard.capBreaches += 1 }
            staticPaused = staticGuard.decide(t: t, rps: frame.rps)
            if staticPaused {
                outcome.staticGuard.surgePausedSeconds += interval
                if inWindow, !outcome.staticGuard.caught {
                    outcome.staticGuard.caught = true
                    outcome.staticGuard.delayFrames = max(0, Int(((t - onset) / interval).rounded()))
                }
            }
        }

        let summary = replay.summary
        let legit = summary.legit
        outcome.costGuard.capBreaches = summary.capBreaches
        outcome.costGuard.deniedLegitPrefixes = legit.deniedLegitPrefixes.count
        outcome.costGuard.deniedAttackPrefixes = legit.deniedAttackPrefixes.count
        outcome.costGuard.deniedLegitRequests = legit.deniedLegitRequests
        if family.isAttack {
            outcome.costGuard.legitShedShare = legit.windowGuarded.shedShare
            outcome.staticGuard.legitShedShare = staticLegit.windowGuarded.shedShare
            outcome.unguardedLegitShedShare = legit.windowUnguarded.shedShare
        } else {
            outcome.costGuard.legitShedShare = legit.guarded.shedShare
            outcome.staticGuard.legitShedShare = staticLegit.guarded.shedShare
            outcome.unguardedLegitShedShare = legit.unguarded.shedShare
        }
        return outcome
    }

    /// Every family on every seed of `seeds`.
    package static func run(families: [EvaluationFamily] = EvaluationFamily.all, seeds: [UInt64], signals: SignalSet) -> [ScenarioOutcome] {
        var outcomes: [ScenarioOutcome] = []
        for family in families {
            for seed in seeds { outcomes.append(run(family, seed: seed, signals: signals)) }
        }
        return outcomes
    }
}
