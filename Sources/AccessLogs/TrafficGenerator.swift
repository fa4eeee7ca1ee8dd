import Foundation

/// Writes a synthetic access log with its exact per-interval truth, for the tests and
/// `costguard-bench ingest`: organic traffic (IPv4 and IPv6 clients, returning and new, a few
/// heavy prefixes, 404s, 429s and checkouts) and from `floodStart` a flood from hundreds of /24s,
/// plus unreadable lines. The same requests can be written as Traefik JSON and as ingress-nginx text.
package struct TrafficGenerator: Sendable {
    package var start: Double = 1_772_438_400 // 2026-03-02T08:00:00Z
    package var duration = 7200
    package var interval = 15
    package var organicRps = 150.0
    package var floodStart = 4800
    package var floodRps = 300.0
    package var floodPrefixes = 300
    /// Of every this many lines, one is unreadable.
    package var garbageEvery = 997
    package var seed: UInt64 = 13

    package init() {}

    /// Exactly what one interval held.
    package struct Truth: Sendable {
        package var requests = 0
        package var clientErrors = 0
        package var conversions = 0
        package var routers: [String: Int] = [:]
        package var paths: [String: Int] = [:]
        package var sources: Set<ClientAddress> = []
        package var prefixes: [PrefixKey: Int] = [:]
        /// Requests from sources not seen in any earlier interval.
        package var newRequests = 0
    }

    package struct Output: Sendable {
        package var truth: [Truth]
        package var lines = 0
        package var garbage = 0
        package var bytes = 0
    }

    private struct Request {
        var time: Double
        var end: Double
        var address: ClientAddress
        var method: String
        var path: String
        var route: String
        var status: Int
    }

    private static let routes: [(path: String, weight: Double)] = [
        ("/", 0.30), ("/product", 0.38), ("/search", 0.16), ("/cart", 0.09), ("/checkout", 0.05), ("/login", 0.02),
    ]

    /// Writes the log to `traefik` (JSON) and, if given, the same requests to `nginx` (text).
    package func write(traefik: String, nginx: String? = nil) throws -> Output {
        var random = Random(seed: seed)
        let traefikOut = try LineFile(path: traefik)
        let nginxOut = try nginx.map { try LineFile(path: $0) }
        var output = Output(truth: [])
        var seen: Set<ClientAddress> = []
        var pool: [ClientAddress] = []
        pool.reserveCapacity(200_000)
        // Clients who come back: a day's regulars exist before the log starts.
        for _ in 0..<Int(organicRps * 200) { pool.append(freshClient(&random)) }
        // Bots: `floodPrefixes` /24s of 20 addresses, weighted so that a few are heavy.
        var bots: [(ClientAddress, Double)] = []
        for index in 0..<floodPrefixes {
            let base = UInt64(0x2D00_0000 &+ UInt32(index) << 8 &* 37 &+ 0x10_0000) << 32 & 0xFFFF_FF00_0000_0000
            let weight = 1.0 / Double(index + 3)
            for host in 0..<20 { bots.append((ClientAddress(high: base | UInt64(host + 1) << 32, low: 0, isV6: false), weight / 20)) }
        }
        let botTotal = bots.reduce(0) { $0 + $1.1 }
        var botCumulative: [Double] = []
        var sum = 0.0
        for bot in bots { sum += bot.1 / botTotal; botCumulative.append(sum) }
        var lineCount = 0
        for index in 0..<(duration / interval) {
            let t0 = Double(index * interval)
            var truth = Truth()
            var requests: [Request] = []
            let diurnal = 1 + 0.15 * sin(t0 / 3600)
            let organic = random.poisson(organicRps * diurnal * Double(interval))
            var flood = 0
            if index * interval >= floodStart {
                let ramp = min(1, Double(index * interval - floodStart + interval) / 120)
                flood = random.poisson(floodRps * ramp * Double(interval))
            }
            for _ in 0..<organic {
                let address = organicClient(&random, &pool)
                let (path, route) = organicPath(&random)
                var status = 200
                let roll = random.unit()
                if roll < 0.02 { status = 404 } else if roll < 0.025 { status = 429 } else if roll < 0.028 { status = 503 } else if roll < 0.03 { status = 401 }
                let method = route == "/checkout" || (route == "/cart" && random.unit() < 0.5) ? "POST" : "GET"
                let time = t0 + random.unit() * Double(interval)
                requests.append(Request(time: time, end: time + random.unit() * 0.8, address: address, method: method, path: path, route: route, status: status))
            }
            for _ in 0..<flood {
                let pick = random.unit()
                var low = 0, high = botCumulative.count - 1
                while low < high {
                    let mid = (low + high) / 2
                    if botCumulative[mid] < pick { low = mid + 1 } else { high = mid }
                }
                let time = t0 + random.unit() * Double(interval)
                let path = random.unit() < 0.7 ? "/search?q=\(random.next() % 100_000)" : "/"
                requests.append(Request(time: time, end: time + random.unit() * 1.5, address: bots[low].0, method: "GET",
                                        path: path, route: path == "/" ? "/" : "/search", status: 200))
            }
            // Traefik writes a line when the request ends.
            requests.sort { $0.end < $1.end }
            var fresh: Set<ClientAddress> = []
            for request in requests {
                truth.requests += 1
                if (400..<500).contains(request.status) && request.status != 429 { truth.clientErrors += 1 }
                if request.method == "POST", request.path.hasPrefix("/checkout"), (200..<300).contains(request.status) { truth.conversions += 1 }
                truth.routers[Self.routerName(request.route), default: 0] += 1
                truth.paths[request.route, default: 0] += 1
                // One source: an IPv4 address, an IPv6 /64.
                let source = ClientAddress(high: request.address.high, low: 0, isV6: request.address.isV6)
                truth.sources.insert(source)
                truth.prefixes[request.address.prefixKey, default: 0] += 1
                if !seen.contains(source) {
                    truth.newRequests += 1
                    fresh.insert(source)
                }
                lineCount += 1
                if lineCount % garbageEvery == 0 {
                    let bad = Self.garbage(lineCount / garbageEvery)
                    try traefikOut.append(bad.traefik)
                    try nginxOut?.append(bad.nginx)
                    output.garbage += 1
                }
                try traefikOut.append(traefikLine(request, count: lineCount, random: &random))
                try nginxOut?.append(nginxLine(request, random: &random))
                output.lines += 1
            }
            seen.formUnion(fresh)
            output.truth.append(truth)
        }
        output.bytes = traefikOut.bytes
        try traefikOut.close()
        try nginxOut?.close()
        return output
    }

    private func organicClient(_ random: inout Random, _ pool: inout [ClientAddress]) -> ClientAddress {
        let roll = random.unit()
        // Heavy organic sources: an office NAT (/24) and a mobile carrier's IPv6 /48.
        if roll < 0.03 { return ClientAddress(high: 0x0A2A_0700_0000_0000 | UInt64(random.next() % 8 + 1) << 32, low: 0, isV6: false) }
        if roll < 0.05 {
            return ClientAddress(high: 0x2A01_0D83_36F4_0000 | random.next() % 200, low: random.next(), isV6: true)
        }
        if pool.isEmpty || random.unit() < 0.08 {
            let fresh = freshClient(&random)
            pool.append(fresh)
            return fresh
        }
        let recent = min(pool.count, 20_000)
        return pool[pool.count - 1 - Int(random.next() % UInt64(recent))]
    }

    /// A client not seen before: 20% IPv6.
    private func freshClient(_ random: inout Random) -> ClientAddress {
        if random.unit() < 0.2 {
            return ClientAddress(high: 0x2003_0000_0000_0000 | random.next() & 0x0000_FFFF_FFFF_FFFF, low: random.next(), isV6: true)
        }
        let value = UInt32(truncatingIfNeeded: random.next())
        return ClientAddress(high: UInt64(value & 0x3FFF_FFFF | 0x4000_0000) << 32, low: 0, isV6: false)
    }

    private func organicPath(_ random: inout Random) -> (String, String) {
        var roll = random.unit()
        for (route, weight) in Self.routes {
            roll -= weight
            if roll < 0 {
                switch route {
                case "/product": return ("/product/\(random.next() % 5000)?ref=home", route)
                case "/search": return ("/search?q=shoes", route)
                default: return (route, route)
                }
            }
        }
        return ("/", "/")
    }

    static func routerName(_ route: String) -> String {
        route == "/" ? "websecure-shop-home@kubernetes" : "websecure-shop-\(route.dropFirst())@kubernetes"
    }

    private static func text(_ address: ClientAddress) -> String {
        if !address.isV6 {
            let value = UInt32(truncatingIfNeeded: address.high >> 32)
            return "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
        }
        let words = [address.high >> 48, address.high >> 32 & 0xFFFF, address.high >> 16 & 0xFFFF, address.high & 0xFFFF,
                     address.low >> 48, address.low >> 32 & 0xFFFF, address.low >> 16 & 0xFFFF, address.low & 0xFFFF]
        return words.map { String($0, radix: 16) }.joined(separator: ":")
    }

    /// "2026-03-02T08:00:00.123456789Z" without a formatter per line.
    private func rfc3339(_ time: Double) -> String {
        let whole = (start + time).rounded(.down)
        let nanos = Int(((start + time) - whole) * 1e9)
        let c = Self.civil(Int(whole))
        return pad(c.year, 4) + "-" + pad(c.month, 2) + "-" + pad(c.day, 2) + "T" + pad(c.hour, 2) + ":" + pad(c.minute, 2)
            + ":" + pad(c.second, 2) + "." + pad(nanos, 9) + "Z"
    }

    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private func nginxTime(_ time: Double) -> String {
        let c = Self.civil(Int((start + time).rounded(.down)))
        return pad(c.day, 2) + "/" + Self.monthNames[c.month - 1] + "/" + pad(c.year, 4) + ":" + pad(c.hour, 2) + ":"
            + pad(c.minute, 2) + ":" + pad(c.second, 2) + " +0000"
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// Civil UTC time of seconds since 1970 (Howard Hinnant's civil_from_days).
    static func civil(_ seconds: Int) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day, rest / 3600, rest / 60 % 60, rest % 60)
    }

    private func traefikLine(_ r: Request, count: Int, random: inout Random) -> String {
        let host = Self.text(r.address)
        let port = 1024 + Int(random.next() % 60_000)
        let addr = r.address.isV6 ? "[\(host)]:\(port)" : "\(host):\(port)"
        let time = rfc3339(r.time)
        let duration = Int((r.end - r.time) * 1e9)
        let size = 512 + Int(random.next() % 20_000)
        return #"{"ClientAddr":"\#(addr)","ClientHost":"\#(host)","ClientPort":"\#(port)","DownstreamContentSize":\#(size),"DownstreamStatus":\#(r.status),"Duration":\#(duration),"OriginStatus":\#(r.status),"RequestHost":"shop.example.com","RequestMethod":"\#(r.method)","RequestPath":"\#(r.path)","RequestProtocol":"HTTP/2.0","RouterName":"\#(Self.routerName(r.route))","ServiceName":"shop-web-8080@kubernetes","StartUTC":"\#(time)","entryPointName":"websecure","level":"info","time":"\#(time.prefix(19))Z"}"#
    }

    private func nginxLine(_ r: Request, random: inout Random) -> String {
        let size = 512 + Int(random.next() % 20_000)
        return "\(Self.text(r.address)) - - [\(nginxTime(r.time))] \"\(r.method) \(r.path) HTTP/2.0\" \(r.status) \(size) \"-\" \"Mozilla/5.0\" 312 0.012 [shop-web-8080] [] 10.42.3.17:8080 \(size) 0.011 \(r.status) 5f1c0e3b2a"
    }

    /// Unreadable lines as logs really hold them: cut short, not the format, a broken field.
    static func garbage(_ n: Int) -> (traefik: String, nginx: String) {
        switch n % 4 {
        case 0: return (#"{"ClientHost":"198.51.100.9","StartUTC":"2026-03-02T08:0"#, #"198.51.100.9 - - [02/Mar/2026:08:0"#)
        case 1: return ("\u{16}\u{03}\u{01} binary noise", "\u{16}\u{03}\u{01} binary noise")
        case 2: return (#"{"ClientHost":"unknown","StartUTC":"2026-03-02T08:00:00Z","RequestMethod":"GET","RequestPath":"/","DownstreamStatus":200}"#,
                        #"unknown - - [02/Mar/2026:08:00:00 +0000] "GET / HTTP/1.1" 200 0 "-" "-""#)
        default: return (#"{"ClientHost":"198.51.100.9","StartUTC":"yesterday","RequestMethod":"GET","RequestPath":"/","DownstreamStatus":200}"#,
                         #"198.51.100.9 - - [02/Mar/2026:08:00:00 +0000] "\x16\x03" 400 0 "-" "-""#)
        }
    }
}

/// SplitMix64: the same numbers on every machine for a seed.
struct Random {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// A Poisson count (normal approximation past 50, which is all the generator needs).
    mutating func poisson(_ mean: Double) -> Int {
        if mean < 50 {
            let limit = exp(-mean)
            var product = unit(), count = 0
            while product > limit { product *= unit(); count += 1 }
            return count
        }
        let u1 = max(unit(), 1e-12), u2 = unit()
        let normal = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        return max(0, Int((mean + normal * mean.squareRoot()).rounded()))
    }
}

/// A file written a line at a time through a buffer.
final class LineFile {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private(set) var bytes = 0

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw IngestError(.io, "cannot create \(path)", fix: "check the folder is writable")
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        buffer.reserveCapacity(1 << 20)
    }

    func append(_ line: String) throws {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        bytes += line.utf8.count + 1
        if buffer.count >= 1 << 20 { try flush() }
    }

    func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        try handle.close()
    }
}

extension TrafficGenerator {
    /// A `--header` for the generated log: the example flood scenario's cluster and guard, with
    /// pods sized so that the organic traffic needs a few.
    package func headerJSON() -> String {
        let rpsPerPod = Int(max(1, (organicRps / 4).rounded()))
        return #"{"cluster":{"maxNodes":400,"minNodes":3,"nodeHourlyPrice":0.192,"nodeProvisionSeconds":90,"nodeScaleDownSeconds":600,"nodes":3,"podsPerNode":10},"guard":{"actions":{"denyList":{"enabled":true,"maxEntries":256,"name":"costguard-deny","neverDeny":["10.0.0.0/8"],"provider":"CalicoGlobalNetworkSet","ttl":"1h"},"pauseScaleUp":{"enabled":true}},"caps":{"maxHourlySpend":"12.00","maxNodes":60},"detection":{"holdDown":"10m","sensitivity":"Medium","warmup":"10m"},"mode":"Enforce","signals":{"interval":"15s"}},"name":"generated-access-log","workload":{"maxReplicas":2000,"minReplicas":4,"name":"web","namespace":"shop","podStartSeconds":30,"rpsPerPod":\#(rpsPerPod),"scaleDownStabilizationSeconds":300,"targetUtilization":0.7}}"#
    }
}
