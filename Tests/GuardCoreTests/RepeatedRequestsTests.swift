@testable import GuardCore
import Testing

/// Repeats explain a conversion drop only as far as conversion per client allows, and only when they
/// look like retries (docs/classifier.md, Quality evidence). Checked over a grid of frames.
@Suite struct RepeatedRequestsTests {
    static let perRequest = stride(from: 0.0, through: 1.4, by: 0.05).map { $0 }
    static let perClient = stride(from: 0.5, through: 8, by: 0.25).map { $0 }
    static let distance = stride(from: 0.0, through: 0.4, by: 0.025).map { $0 }

    @Test func repeatsNeverMakeConversionLookWorseOrBetterThanPerClient() {
        for multiple in Self.perClient {
            for shift in Self.distance {
                guard let repeats = RepeatedRequests(perClientMultiple: multiple, routeDistance: shift) else { continue }
                for value in Self.perRequest {
                    let adjusted = repeats.conversionOfNormal(perRequest: value)
                    #expect(adjusted >= value, "\(value) x\(multiple) at \(shift): \(adjusted)")
                    #expect(adjusted <= max(value, min(1, value * multiple)) + 1e-12, "\(value) x\(multiple) at \(shift): \(adjusted)")
                }
            }
        }
    }

    @Test func otherRoutesOrManyAttemptsAreNotRetries() {
        #expect(RepeatedRequests(perClientMultiple: 2, routeDistance: RepeatedRequests.otherRoutes) == nil)
        #expect(RepeatedRequests(perClientMultiple: RepeatedRequests.manyAttempts, routeDistance: 0) == nil)
        #expect(RepeatedRequests(perClientMultiple: 1, routeDistance: 0) == nil, "no repeats without more requests per client")
        #expect(RepeatedRequests(perClientMultiple: 2, routeDistance: nil) == nil, "no route mix, no telling")
        #expect(RepeatedRequests(perClientMultiple: nil, routeDistance: 0) == nil)
    }

    @Test func conversionPerClientDecides() throws {
        let retrying = try #require(RepeatedRequests(perClientMultiple: 2, routeDistance: 0.02))
        // Every other request a repeat, each client buying as usual: fully explained.
        #expect(retrying.conversionOfNormal(perRequest: 0.5) == 1)
        // Conversion per client at 80% of usual or below: other clients that do not buy, not repeats.
        #expect(retrying.conversionOfNormal(perRequest: 0.4) == 0.4)
        #expect(retrying.conversionOfNormal(perRequest: 0.3) == 0.3)
        // A conversion ratio above usual is left as it is.
        #expect(retrying.conversionOfNormal(perRequest: 1.2) == 1.2)
    }
}
