@testable import AccessLogs
import CostGuardAPI
import Foundation
import ScenarioIO
import Testing

@Suite struct ReaderTests {
    @Test func traefikLineGivesItsFields() throws {
        let line = #"{"ClientAddr":"[2001:db8:7::9]:443","ClientHost":"2001:db8:7::9","DownstreamStatus":429,"RequestMethod":"POST","RequestPath":"/checkout/pay?x=1","RouterName":"websecure-shop@kubernetes","StartUTC":"2026-03-02T08:00:01.5Z","level":"info"}"#
        let record = try #require(parse(.traefik, line))
        #expect(record.time == 1_772_438_401.5)
        #expect(record.status == 429)
        #expect(record.address.isV6 && record.address.prefixKey.prefix.description == "2001:db8:7::/48")
        #expect(record.method == "POST" && record.path == "/checkout/pay?x=1" && record.router == "websecure-shop@kubernetes")
    }

    @Test func nginxDefaultFormatGivesItsFields() throws {
        let line = #"203.0.113.7 - alice [02/Mar/2026:09:00:00 +0100] "GET /product/12?a=b HTTP/1.1" 404 153 "-" "curl/8.0" 80 0.001 [shop-web-8080] [] 10.42.0.5:8080 153 0.001 404 abc"#
        let record = try #require(parse(.nginx, line))
        #expect(record.time == 1_772_438_400)
        #expect(record.status == 404 && record.method == "GET" && record.path == "/product/12?a=b" && record.router.isEmpty)
        #expect(!record.address.isV6 && record.address.prefixKey.prefix.description == "203.0.113.0/24")
    }

    @Test func envoyDefaultKeysGiveTheFields() throws {
        let line = #"{"start_time":"2026-03-02T08:00:00.000Z","method":"GET","path":"/search","protocol":"HTTP/1.1","response_code":200,"downstream_remote_address":"198.51.100.4:50122","upstream_host":"10.0.0.1:80"}"#
        let record = try #require(parse(.envoy, line))
        #expect(record.time == 1_772_438_400 && record.status == 200 && record.path == "/search")
        #expect(record.address.prefixKey.prefix.description == "198.51.100.0/24")
    }

    @Test func clientAddressSpellings() {
        func text(_ string: String) -> String? {
            var copy = string
            return copy.withUTF8 { ClientAddress.parse($0) }.map { $0.prefixKey.prefix.description + ($0.isV6 ? " v6" : " v4") }
        }
        #expect(text("203.0.113.7") == "203.0.113.0/24 v4")
        #expect(text("203.0.113.7:5123") == "203.0.113.0/24 v4")
        #expect(text("[2001:db8:abcd:1::5]:443") == "2001:db8:abcd::/48 v6")
        #expect(text("2001:db8:abcd:1::5") == "2001:db8:abcd::/48 v6")
        #expect(text("::ffff:192.0.2.1") == "192.0.2.0/24 v4")
        for bad in ["", "unknown", "256.1.1.1", "1.2.3", "[2001:db8::1", "1.2.3.4.5", "-"] { #expect(text(bad) == nil, "\(bad)") }
    }

    @Test func sourcesAreSlash32AndSlash64() {
        func hash(_ string: String) -> UInt64 {
            var copy = string
            return copy.withUTF8 { ClientAddress.parse($0)!.sourceHash }
        }
        #expect(hash("2001:db8:1:2::1") == hash("2001:db8:1:2:ffff::9"))
        #expect(hash("2001:db8:1:2::1") != hash("2001:db8:1:3::1"))
        #expect(hash("192.0.2.1") != hash("192.0.2.2"))
    }

    @Test func badLinesSayWhy() {
        #expect(skipReason(.traefik, #"{"ClientHost":"1.2.3.4","StartUTC":"2026-03-0"#) == .notJSON)
        #expect(skipReason(.traefik, #"{"ClientHost":"1.2.3.4","RequestMethod":"GET","RequestPath":"/","DownstreamStatus":200}"#) == .missingField)
        #expect(skipReason(.traefik, #"{"ClientHost":"nope","StartUTC":"2026-03-02T08:00:00Z","RequestMethod":"GET","RequestPath":"/","DownstreamStatus":200}"#) == .badAddress)
        #expect(skipReason(.traefik, #"{"ClientHost":"1.2.3.4","StartUTC":"March","RequestMethod":"GET","RequestPath":"/","DownstreamStatus":200}"#) == .badTime)
        #expect(skipReason(.traefik, #"{"ClientHost":"1.2.3.4","StartUTC":"2026-03-02T08:00:00Z","RequestMethod":"GET","RequestPath":"/","DownstreamStatus":"x"}"#) == .badStatus)
        #expect(skipReason(.traefik, #"{"ClientHost":"1.2.3.4","StartUTC":"2026-03-02T08:00:00Z","RequestMethod":"GET","RequestPath":"/","DownstreamStatus":99}"#) == .badStatus)
        #expect(skipReason(.nginx, "garbage") == .notNginx)
        #expect(skipReason(.nginx, #"1.2.3.4 - - [02/Mar/2026:08:00:00 +0000] "\x16\x03" 400 0 "-" "-""#) == .badRequest)
        #expect(skipReason(.nginx, #"1.2.3.4 - - [02/Mar/2026:08:00:00 +0000] "GET / HTTP/1.1" 2000 0 "-" "-""#) == .badStatus)
        #expect(skipReason(.nginx, #"1.2.3.4 - - [31/Foo/2026:08:00:00 +0000] "GET / HTTP/1.1" 200 0 "-" "-""#) == .badTime)
        #expect(skipReason(.envoy, #"{"start_time":"2026-03-02T08:00:00Z","method":"GET","path":"/"}"#) == .missingField)
    }

    @Test func gzipInputIsReadAsIs() throws {
        let scratch = try Scratch()
        let lines = (0..<5000).map { #"{"ClientHost":"192.0.2.\#($0 % 200)","StartUTC":"2026-03-02T08:00:\#(String(format: "%02d", $0 % 30))Z","RequestMethod":"GET","RequestPath":"/","DownstreamStatus":200}"# }
        let plain = try scratch.write("access.log", lines)
        let zipped = scratch.path("access.log.gz")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -c '\(plain)' > '\(zipped)' && gzip -c '\(plain)' >> '\(zipped)'"]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        // Two gzip members, as `cat a.gz b.gz` makes: every line of both is read.
        let reader = try LogLineReader(path: zipped, bufferSize: 4096)
        var count = 0
        while let line = try reader.next() {
            #expect(String(decoding: line, as: UTF8.self) == lines[count % lines.count])
            count += 1
        }
        #expect(count == 10_000)
    }

    @Test func truncatedGzipIsAnErrorNotASilentEnd() throws {
        let scratch = try Scratch()
        let plain = try scratch.write("a.log", (0..<20000).map { "line \($0) with some text to compress \($0 * 7)" })
        let zipped = scratch.path("a.log.gz")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -c '\(plain)' | head -c 20000 > '\(zipped)'"]
        try process.run()
        process.waitUntilExit()
        let reader = try LogLineReader(path: zipped)
        #expect(throws: IngestError.self) { while try reader.next() != nil {} }
    }
}
