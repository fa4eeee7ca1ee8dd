import CostGuardAPI
import Foundation
import GuardCore
import ScenarioCatalog

/// The demo's traffic source as an ingress would log it: one Traefik JSON access-log line per
/// request of a frame, such that the live receiver's sketches give that frame back. The frame at
/// `t` is the rate over the interval that ends at `t` (the HPA metric's meaning), so its lines are
/// stamped in `[t - interval, t)`, the receiver interval an evaluation at `t + interval / 2` reads.
///
/// A frame names the heaviest prefixes and their rates, the distinct sources, the client-error
/// and conversion shares and the route mix. Each listed prefix gets its requests from as many
/// addresses as the frame's mean requests per source implies; the rest of the requests come from
/// the rest of the sources, one address per network of its own, stable from frame to frame.
package struct FrameAccessLog: Sendable {
    package let start: Date
    package let interval: Double
    /// The conversion the lines make (`POST /checkout`), as the receiver is told to count it.
    package static let conversionRule = "POST /checkout"

    package init(start: Date, interval: Double) {
        self.start = start
        self.interval = interval
    }

    /// A sender: one address and how many of the frame's requests it makes.
    struct Sender {
        var address: String
        var requests: Int
    }

    package func lines(for frame: SignalFrame) -> [String] {
        let total = Int((frame.rps * interval).rounded())
        guard total > 0 else { return [] }
        var random = SplitMix64(seed: 0xC057_6A2D ^ UInt64(max(0, frame.t)))
        let senders = Self.senders(of: frame, total: total, interval: interval)
        let requests = Self.requests(of: frame, total: total, random: &random)
        let stamps = timeStamps(endingAt: frame.t)
        var lines: [String] = []
        lines.reserveCapacity(total)
        var next = 0
        for sender in senders {
            for _ in 0..<sender.requests {
                let request = requests[next]
                let offset = (Double(next) + 0.5) / Double(total) * interval
                let second = min(stamps.count - 1, Int(offset))
                let millis = Int((offset - Double(second)) * 1000)
                let time = stamps[second] + "." + String(1000 + millis).dropFirst() + "Z"
                lines.append(#"{"ClientHost":"\#(sender.address)","DownstreamStatus":\#(request.status),"RequestHost":"shop.example.com","RequestMethod":"\#(request.method)","RequestPath":"\#(request.path)","StartUTC":"\#(time)","entryPointName":"websecure"}"#)
                next += 1
            }
        }
        return lines
    }

    /// "2026-04-06T07:59:45" for each whole second of the interval ending at `t`.
    private func timeStamps(endingAt t: Double) -> [String] {
        let first = start.addingTimeInterval(t - interval)
        let style = Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day().dateSeparator(.dash)
            .time(includingFractionalSeconds: false).timeSeparator(.colon)
        return (0..<max(1, Int(interval.rounded(.up)))).map { first.addingTimeInterval(Double($0)).formatted(style) }
    }

    // MARK: Senders

    /// Listed prefixes first, each with its rate; then the unlisted rest.
    static func senders(of frame: SignalFrame, total: Int, interval: Double) -> [Sender] {
        let unique = max(1, Int(frame.uniqueSources ?? Double(total)))
        let perSource = Double(total) / Double(unique)
        var senders: [Sender] = []
        var requestsLeft = total
        var sourcesLeft = unique
        for source in frame.topSources ?? [] {
            let requests = min(requestsLeft, Int((source.rps * interval).rounded()))
            guard requests > 0 else { continue }
            let addresses = min(requests, max(1, min(250, Int((Double(requests) / perSource).rounded()))))
            for host in 0..<addresses {
                senders.append(Sender(address: address(in: source.prefix, host: host),
                                      requests: requests / addresses + (host < requests % addresses ? 1 : 0)))
            }
            requestsLeft -= requests
            sourcesLeft -= addresses
        }
        guard requestsLeft > 0 else { return senders }
        let listed = Set((frame.topSources ?? []).map(\.prefix))
        let rest = min(requestsLeft, max(1, sourcesLeft))
        var index = 0
        for number in 0..<rest {
            var candidate: IPPrefix
            repeat {
                candidate = restNetwork(index)
                index += 1
            } while listed.contains(candidate)
            senders.append(Sender(address: address(in: candidate, host: index % 250),
                                  requests: requestsLeft / rest + (number < requestsLeft % rest ? 1 : 0)))
        }
        return senders
    }

    /// The `n`th unlisted sender's /24: public-looking, outside 10.0.0.0/8, spread by a hash.
    static func restNetwork(_ n: Int) -> IPPrefix {
        var mix = SplitMix64(seed: UInt64(n) &+ 0x5EED)
        let value = UInt32(truncatingIfNeeded: mix.next() >> 32)
        let first = 11 + (value >> 24) % 180  // 11.x.x.x to 190.x.x.x
        return IPPrefix(family: .v4, high: UInt64(first << 24 | value & 0x00FF_FF00) << 32, low: 0, length: 24)
    }

    /// Host `host` of a prefix, inside it whatever its length: an IPv4 address, or an IPv6 /64 of
    /// its own where the prefix is shorter than a /64 (an IPv6 source is its /64).
    package static func address(in prefix: IPPrefix, host: Int) -> String {
        let hostPrefix: IPPrefix
        switch prefix.family {
        case .v4:
            let hostBits = 32 - Int(prefix.length)
            let number = hostBits == 0 ? 0 : UInt64(host) % max(1, (1 << UInt64(min(hostBits, 16))) - 2) + 1
            hostPrefix = IPPrefix(family: .v4, high: prefix.high | number << 32, low: 0, length: 32)
        case .v6 where prefix.length < 64:
            let subnets = UInt64(1) << UInt64(min(64 - Int(prefix.length), 16))
            hostPrefix = IPPrefix(family: .v6, high: prefix.high | (UInt64(host) + 1) % subnets, low: 0x1D, length: 128)
        case .v6:
            let hostBits = 128 - Int(prefix.length)
            let number = hostBits == 0 ? 0 : (UInt64(host) + 1) % (UInt64(1) << UInt64(min(hostBits, 16)))
            hostPrefix = IPPrefix(family: .v6, high: prefix.high, low: prefix.low | number, length: 128)
        }
        let text = hostPrefix.description
        return String(text[..<text.lastIndex(of: "/")!])
    }

    // MARK: Requests

    struct Request {
        var method: String
        var path: String
        var status: Int
    }

    /// `total` requests with the frame's route mix, conversions and client errors, in random
    /// order: who sends what is not in the frame, so no sender gets only one kind.
    static func requests(of frame: SignalFrame, total: Int, random: inout SplitMix64) -> [Request] {
        let conversions = min(total, Int(((frame.conversionRatio ?? 0) * Double(total)).rounded()))
        let errors = min(total - conversions, Int(((frame.clientErrorRatio ?? 0) * Double(total)).rounded()))
        var counts = routeCounts(frame.routes ?? [RouteShare(route: "/", share: 1)], total: total)
        // Conversions are checkout requests: taken from the checkout route first, then the largest.
        var owed = conversions
        while owed > 0 {
            let index = counts.firstIndex { $0.route == "/checkout" && $0.count > 0 }
                ?? counts.indices.max { counts[$0].count < counts[$1].count }!
            let taken = min(owed, counts[index].count)
            counts[index].count -= taken
            owed -= taken
        }
        var requests = Array(repeating: Request(method: "POST", path: "/checkout", status: 200), count: conversions)
        requests.reserveCapacity(total)
        for (route, count) in counts {
            for _ in 0..<count { requests.append(Request(method: "GET", path: path(route, &random), status: 200)) }
        }
        for index in stride(from: requests.count - 1, to: 0, by: -1) {
            requests.swapAt(index, Int(random.next() % UInt64(index + 1)))
        }
        // Client errors fall on requests that did not convert, over every route (the order is random).
        var marked = 0
        for index in requests.indices where marked < errors && requests[index].method == "GET" {
            requests[index].status = 404
            marked += 1
        }
        return requests
    }

    /// Whole request counts per route that add up to `total` (largest remainders).
    static func routeCounts(_ routes: [RouteShare], total: Int) -> [(route: String, count: Int)] {
        let sum = routes.reduce(0) { $0 + $1.share }
        guard sum > 0 else { return [("/", total)] }
        let exact = routes.map { $0.share / sum * Double(total) }
        var counts = routes.indices.map { (route: routes[$0].route, count: Int(exact[$0].rounded(.down))) }
        let byRemainder = routes.indices.sorted { exact[$0] - exact[$0].rounded(.down) > exact[$1] - exact[$1].rounded(.down) }
        var short = total - counts.reduce(0) { $0 + $1.count }
        for index in byRemainder where short > 0 {
            counts[index].count += 1
            short -= 1
        }
        return counts
    }

    /// A path under the route (the receiver takes a route's first path segment).
    private static func path(_ route: String, _ random: inout SplitMix64) -> String {
        switch route {
        case "/product": "/product/\(random.next() % 5000)"
        case "/search": "/search?q=item\(random.next() % 100)"
        default: route
        }
    }
}
