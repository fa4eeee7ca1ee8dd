import CostGuardAPI
import Foundation
import GuardCore
import KubeModel
import ScenarioIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The scenario file an ingest writes (spec: scenarios.md): the header line, written when the first
/// interval closes (its start is the header's `start`), then one line per frame, in GuardCore's
/// own writer's text.
package final class ScenarioOutput {
    private let header: HeaderTemplate
    private let descriptor: Int32
    private var buffer = ""
    package private(set) var frames = 0

    package init(header: HeaderTemplate, descriptor: Int32 = 1) {
        self.header = header
        self.descriptor = descriptor
        buffer.reserveCapacity(1 << 17)
    }

    package func write(_ frame: SignalFrame, start: Double) throws {
        if frames == 0 {
            buffer += ScenarioWriter.headerLine(try header.header(start: Date(timeIntervalSince1970: start)))
            buffer += "\n"
        }
        frames += 1
        ScenarioWriter.appendFrame(frame, to: &buffer)
        buffer += "\n"
        if buffer.utf8.count >= 1 << 16 { try flush() }
    }

    package func flush() throws(IngestError) {
        var text = buffer
        buffer = ""
        let ok = text.withUTF8 { bytes -> Bool in
            var done = 0
            while done < bytes.count {
                let count = systemWrite(descriptor, bytes.baseAddress! + done, bytes.count - done)
                if count < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                done += count
            }
            return true
        }
        guard ok else {
            throw IngestError(.io, "writing the scenario failed: \(String(cString: strerror(errno)))", fix: "check where standard output goes")
        }
    }
}

/// The C library's write(2), named apart from the output's own `write`.
private func systemWrite(_ fd: Int32, _ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int { write(fd, bytes, count) }

/// `--header FILE`: the cluster, workload, guard and optional name; the ingest sets `scenario`,
/// `interval` and `start`. Checked in full (GuardCore's header reader) before any log is read.
package struct HeaderTemplate: Sendable {
    private var fields: [String: JSONValue]

    package init(json text: String, interval: Int, source: String) throws(IngestError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: text)
        } catch {
            throw IngestError(.header, "--header \(source) is not JSON: \(error)", fix: "give a JSON object with cluster, workload and guard")
        }
        guard case .object(let object) = value else {
            throw IngestError(.header, "--header \(source) is not a JSON object", fix: "give a JSON object with cluster, workload and guard")
        }
        for key in object.keys where !["cluster", "workload", "guard", "name", "truth"].contains(key) {
            let fix = ["scenario", "interval", "start"].contains(key)
                ? "leave \(key) out: costguard ingest sets it (--interval, the first request's time)"
                : "remove it; the header takes cluster, workload, guard and name"
            throw IngestError(.header, "--header \(source): \(key) is not a header field here", fix: fix)
        }
        fields = object
        fields["scenario"] = .int(1)
        fields["interval"] = .int(Int64(interval))
        if fields["name"] == nil { fields["name"] = .string("ingested") }
        // Any start will do for the check; the real one comes with the first interval.
        _ = try header(start: Date(timeIntervalSince1970: 0), source: source)
    }

    package func header(start: Date, source: String = "FILE") throws(IngestError) -> ScenarioHeader {
        var fields = self.fields
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        fields["start"] = .string(formatter.string(from: start))
        do {
            return try ScenarioHeader(jsonLine: JSONValue.object(fields).jsonString)
        } catch {
            throw IngestError(.header, "--header \(source): \(error.problem)", fix: "correct the field it names (spec: scenarios.md, the header)")
        }
    }
}
