import CostGuardAPI
import Foundation
@testable import GuardCore
import Testing

/// The classifier on its own, table by table: two hours of ordinary traffic, then ten minutes of
/// something else, and the verdict that ten minutes should get.
@Suite struct SurgeClassifierTests {
    /// What the ten minutes look like against the ordinary two hours (100 rps; 3% of requests
    /// buy, 2% are client errors, 10% come from new sources, each source at a person's 0.1 rps).
    struct Episode: Sendable, CustomTestStringConvertible {
        var what: String
        var rate: Double
        var conversion: Double = 0.03
        var errors: Double = 0.02
        var newSources: Double = 0.1
        var perSourceRps: Double = 0.1
        var checkoutShare: Double = 0.2
        /// Only the rate, as a guard reading HPA metrics has it.
        var rateOnly = false
        /// The verdict every frame of the episode's last five minutes must get (the onset's first
        /// frames may still be deciding).
        var expected: Verdict.Class
        var testDescription: String { what }
    }

    static let episodes: [Episode] = [
        Episode(what: "the same traffic stays steady", rate: 1, expected: .steady),
        Episode(what: "a tenth more stays steady", rate: 1.1, expected: .steady),
        Episode(what: "a crowd five times the rate that buys as usual is organic", rate: 5, newSources: 0.5, expected: .organic),
        Episode(what: "a flood of new sources that never buy and draw errors is a surge", rate: 5, conversion: 0.002, errors: 0.2,
                newSources: 0.95, perSourceRps: 2, checkoutShare: 0.01, expected: .surge),
        Episode(what: "a flood from a few busy sources that never buy is a surge", rate: 8, conversion: 0.004, errors: 0.05,
                newSources: 0.6, perSourceRps: 20, checkoutShare: 0.02, expected: .surge),
        // Carrier NAT or an office: the same few sources each sending ten times their usual rate.
        // While it buys as users do, at most a sliver of it can be anything else.
        Episode(what: "an audience of busy sources that buys as usual is organic", rate: 4, perSourceRps: 1, expected: .organic),
        Episode(what: "the same busy sources that stop buying are a surge", rate: 4, conversion: 0.005, perSourceRps: 1, expected: .surge),
        // Retries: each client sends twice its rate, every other request a repeat that does not buy;
        // conversions per client stay as usual. The same requests from other clients, or repeats of
        // other routes than usual, are not retries.
        Episode(what: "a crowd whose clients retry the usual pages is organic", rate: 4, conversion: 0.015, newSources: 0.5,
                perSourceRps: 0.2, expected: .organic),
        Episode(what: "as many requests from other clients that do not buy are a surge", rate: 4, conversion: 0.015,
                newSources: 0.5, expected: .surge),
        Episode(what: "repeats of other routes than usual are a surge", rate: 4, conversion: 0.015, newSources: 0.5,
                perSourceRps: 0.2, checkoutShare: 0.01, expected: .surge),
        Episode(what: "a jump of eight times the rate with no other signal is a rate-only surge", rate: 8, rateOnly: true,
                expected: .surge),
        Episode(what: "the same traffic with no other signal stays steady", rate: 1, rateOnly: true, expected: .steady),
    ]

    static func frame(t: Double, multiple: Double, _ episode: Episode?) -> SignalFrame {
        let rps = 100 * multiple
        var frame = SignalFrame(t: t, rps: rps)
        if episode?.rateOnly == true { return frame }
        let ordinary = episode == nil
        frame.conversionRatio = ordinary ? 0.03 : episode!.conversion
        frame.clientErrorRatio = ordinary ? 0.02 : episode!.errors
        frame.newSourceRatio = ordinary ? 0.1 : episode!.newSources
        frame.uniqueSources = rps / (ordinary ? 0.1 : episode!.perSourceRps)
        let checkout = ordinary ? 0.2 : episode!.checkoutShare
        frame.routes = [RouteShare(route: "GET /", share: 0.8 - checkout * 0.5), RouteShare(route: "POST /checkout", share: checkout),
                        RouteShare(route: "GET /search", share: 0.2 - checkout * 0.5)]
        return frame
    }

    /// The episode's forty frames' verdicts, after two ordinary hours.
    static func verdicts(_ episode: Episode) -> [Verdict] {
        var classifier = SurgeClassifier(settings: .init(interval: 15, detection: CostGuardSpec.Detection()))
        var t = 0.0
        while t < 7200 {
            var ordinary = Self.frame(t: t, multiple: 1, nil)
            if episode.rateOnly { ordinary = SignalFrame(t: t, rps: ordinary.rps) }
            _ = classifier.classify(ordinary)
            t += 15
        }
        return (0..<40).map { classifier.classify(Self.frame(t: t + Double($0) * 15, multiple: episode.rate, episode)) }
    }

    @Test(arguments: episodes)
    func anEpisodeGetsItsVerdict(_ episode: Episode) {
        let settled = Self.verdicts(episode).suffix(20)
        #expect(settled.allSatisfy { $0.class == episode.expected },
                "\(settled.map { "\($0.class.rawValue) \(String(format: "%.2f", $0.score))" })")
        #expect(settled.allSatisfy { $0.rateOnly == episode.rateOnly })
        if episode.expected == .surge { #expect(settled.allSatisfy { !$0.reasons.isEmpty }, "a surge names its reasons") }
    }

    @Test func aRetryingCrowdIsSaidToRepeatItsRequests() throws {
        let retrying = try #require(Self.episodes.first { $0.what.hasPrefix("a crowd whose clients retry") })
        let last = try #require(Self.verdicts(retrying).last)
        let repeated = last.reasons.compactMap { reason -> Double? in
            if case .repeatedRequests(let multiple) = reason { multiple } else { nil }
        }
        #expect(repeated.count == 1 && abs(repeated[0] - 2) < 0.01, "each client at twice its rate: \(last.reasonTexts)")
        #expect(last.usersShare == 1, "the repeats are counted per client")
        let others = try #require(Self.episodes.first { $0.what.hasPrefix("as many requests from other clients") })
        #expect(try #require(Self.verdicts(others).last).reasons.allSatisfy {
            if case .repeatedRequests = $0 { false } else { true }
        })
    }

    @Test func theFirstFramesAreWarmup() {
        var classifier = SurgeClassifier(settings: .init(interval: 15, detection: CostGuardSpec.Detection()))
        let first = classifier.classify(Self.frame(t: 0, multiple: 1, nil))
        #expect(first.class == .warmup)
        #expect(first.score == 0)
    }
}
