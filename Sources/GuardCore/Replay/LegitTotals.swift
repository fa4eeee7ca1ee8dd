import CostGuardAPI

/// What happened to real users' requests, from the frames' scoring-only truth: served and shed,
/// guarded against unguarded, and what the deny list turned away (spec/scenarios.md, replay output).
package struct LegitTotals: Sendable, Hashable {
    package init() {}

    package struct Run: Sendable, Hashable {
        package var served = 0.0
        package var shed = 0.0
        /// The part of `shed` turned away at the edge by the deny list (guarded run only).
        package var denied = 0.0
        /// Shed if overload turned users and attack away alike (in proportion to what each sent),
        /// rather than the attack's excess first: the pessimistic bound beside `shed`.
        package var shedProRata = 0.0
        package var offered: Double { served + shed }
        /// Shed as a share of offered legit requests, 0 when none were offered.
        package var shedShare: Double { offered > 0 ? shed / offered : 0 }
    }

    package var guarded = Run()
    package var unguarded = Run()
    /// The same, counted only within the header truth's window (onset to end): during the attack.
    package var windowGuarded = Run()
    package var windowUnguarded = Run()
    /// Requests the deny list turned away that were the attacker's, and that were real users'.
    package var deniedAttackRequests = 0.0
    package var deniedLegitRequests = 0.0
    /// Denied prefixes that sent attack traffic, and denied prefixes that sent real users' (collateral).
    package var deniedAttackPrefixes: Set<IPPrefix> = []
    package var deniedLegitPrefixes: Set<IPPrefix> = []

    /// Share of denied requests that were the attacker's; nil when nothing was denied.
    package var denyPrecision: Double? {
        let denied = deniedAttackRequests + deniedLegitRequests
        return denied > 0 ? deniedAttackRequests / denied : nil
    }

    /// One frame: `legitRps` real users offered, `deniedLegitRps` of theirs turned away, and each
    /// run's admitted and served load. Users are served first from the capacity there is (what is
    /// shed is the attack's excess, as with per-client rate limits at the edge); `shedProRata`
    /// counts the other extreme, capacity shared in proportion to what each side sent.
    package mutating func add(legitRps: Double, deniedLegitRps: Double, guarded step: ReferenceCluster.Step,
                              unguarded open: ReferenceCluster.Step, interval: Double, inWindow: Bool) {
        let admittedLegit = max(0, legitRps - deniedLegitRps)
        func count(_ run: inout Run, admitted: Double, step: ReferenceCluster.Step, denied: Double) {
            let served = min(admitted, step.served)
            let proRata = step.admitted > 0 ? step.served * min(1, admitted / step.admitted) : 0
            run.served += served * interval
            run.shed += max(0, legitRps - served) * interval
            run.shedProRata += max(0, legitRps - proRata) * interval
            run.denied += denied * interval
        }
        count(&guarded, admitted: admittedLegit, step: step, denied: deniedLegitRps)
        count(&unguarded, admitted: legitRps, step: open, denied: 0)
        if inWindow {
            count(&windowGuarded, admitted: admittedLegit, step: step, denied: deniedLegitRps)
            count(&windowUnguarded, admitted: legitRps, step: open, denied: 0)
        }
    }
}
