import GuardCore
import KubeModel
import CostGuardAPI
import FileOutput
import Foundation

/// Writes a scenario file (spec/scenarios.md, version 1): the header line, then one JSON line per
/// frame, streamed through a buffer so that a month of frames never sits in memory.
package final class ScenarioWriter {
    private let output: OutputSink
    private let path: String
    private var line = ""

    /// Creates (or truncates) `path` and writes the header line.
    package init(path: String, header: ScenarioHeader, bufferSize: Int = 1 << 20) throws(ScenarioError) {
        self.path = path
        do { output = try OutputSink(path: path, flushAt: bufferSize) } catch { throw Self.failure(error, path) }
        line.reserveCapacity(2048)
        try append(Self.headerLine(header) + "\n")
    }

    private func append(_ text: String) throws(ScenarioError) {
        do { try output.write(text) } catch { throw Self.failure(error, path) }
    }

    private static func failure(_ error: any Error, _ path: String) -> ScenarioError {
        ScenarioError(code: .io, line: 0, problem: "\(path): \(error)")
    }

    /// Writes a frame line; `truth`, for scoring only, is written as the frame's `truth` object.
    package func write(_ frame: SignalFrame, truth: FrameTruth? = nil) throws(ScenarioError) {
        line.removeAll(keepingCapacity: true)
        Self.appendFrame(frame, to: &line)
        if let truth {
            line.removeLast()
            Self.appendTruth(truth, to: &line)
            line += "}"
        }
        line += "\n"
        try append(line)
    }

    /// Flushes and closes the file; call it once after the last frame.
    package func close() throws(ScenarioError) {
        do { try output.close() } catch { throw Self.failure(error, path) }
    }

    /// The header as one JSON line; the guard is written with `CostGuardSpec.json`, so every default is explicit.
    package static func headerLine(_ header: ScenarioHeader) -> String {
        let cluster = header.cluster, workload = header.workload
        var fields: [String: JSONValue] = [
            "scenario": .int(1),
            "name": .string(header.name),
            "interval": .double(header.interval),
            "start": .string(rfc3339(header.start)),
            "cluster": .object([
                "nodes": .int(Int64(cluster.nodes)), "minNodes": .int(Int64(cluster.minNodes)),
                "maxNodes": .int(Int64(cluster.maxNodes)), "podsPerNode": .int(Int64(cluster.podsPerNode)),
                "nodeHourlyPrice": .double(cluster.nodeHourlyPrice),
                "nodeProvisionSeconds": .double(cluster.nodeProvisionSeconds),
                "nodeScaleDownSeconds": .double(cluster.nodeScaleDownSeconds),
            ]),
            "workload": .object([
                "namespace": .string(workload.namespace), "name": .string(workload.name),
                "minReplicas": .int(Int64(workload.minReplicas)), "maxReplicas": .int(Int64(workload.maxReplicas)),
                "rpsPerPod": .double(workload.rpsPerPod), "targetUtilization": .double(workload.targetUtilization),
                "podStartSeconds": .double(workload.podStartSeconds),
                "scaleDownStabilizationSeconds": .double(workload.scaleDownStabilizationSeconds),
            ]),
            "guard": header.guardSpec.json,
        ]
        if let truth = header.truth {
            var truthFields: [String: JSONValue] = ["class": .string(truth.class)]
            if let onset = truth.onset { truthFields["onset"] = .double(onset) }
            if let end = truth.end { truthFields["end"] = .double(end) }
            fields["truth"] = .object(truthFields)
        }
        return JSONValue.object(fields).jsonString
    }

    /// One frame in the spec's key order; optional fields that are nil are left out.
    package static func appendFrame(_ frame: SignalFrame, to out: inout String) {
        out += "{\"t\":"
        out += JSONText.number(frame.t)
        out += ",\"rps\":"
        out += JSONText.number(frame.rps)
        if let errors = frame.clientErrorRatio {
            out += ",\"clientErrorRatio\":"
            out += JSONText.number(errors)
        }
        if let conversion = frame.conversionRatio {
            out += ",\"conversionRatio\":"
            out += JSONText.number(conversion)
        }
        if let routes = frame.routes {
            out += ",\"routes\":{"
            for (index, route) in routes.enumerated() {
                if index > 0 { out += "," }
                JSONText.appendQuoted(route.route, to: &out)
                out += ":"
                out += JSONText.number(route.share)
            }
            out += "}"
        }
        if frame.uniqueSources != nil || frame.newSourceRatio != nil || frame.topSources != nil {
            appendSources(frame, to: &out)
        }
        out += "}"
    }

    static func appendTruth(_ truth: FrameTruth, to out: inout String) {
        out += ",\"truth\":{\"legitRps\":"
        out += JSONText.number(truth.legitRps)
        out += ",\"attackTop\":["
        for (index, top) in truth.attackTop.enumerated() {
            if index > 0 { out += "," }
            out += String(top)
        }
        out += "]}"
    }

    private static func appendSources(_ frame: SignalFrame, to out: inout String) {
        out += ",\"sources\":{"
        var first = true
        func key(_ name: String) {
            if !first { out += "," }
            first = false
            out += "\"\(name)\":"
        }
        if let unique = frame.uniqueSources {
            key("unique")
            out += JSONText.number(unique)
        }
        if let newRatio = frame.newSourceRatio {
            key("newRatio")
            out += JSONText.number(newRatio)
        }
        if let top = frame.topSources {
            key("top")
            out += "["
            for (index, source) in top.enumerated() {
                if index > 0 { out += "," }
                out += "{\"prefix\":\""
                out += source.prefix.description
                out += "\",\"rps\":"
                out += JSONText.number(source.rps)
                out += "}"
            }
            out += "]"
        }
        out += "}"
    }

    private static func rfc3339(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
