import CostGuardAPI
import GuardCore
import KubeModel

/// Parses one frame line (spec/scenarios.md) straight from its bytes, with KubeModel's
/// forward-only `JSONReader` (the house's one JSON cursor), without building a document.
enum FrameParser {
    /// A value that is JSON but not what the format allows.
    struct Failure: Error {
        var problem: String
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) throws(ScenarioError) -> SignalFrame {
        var truth: FrameTruth?
        return try parse(bytes, line: line, truth: &truth)
    }

    /// Parses a frame line; its scoring-only `truth` object, if any, goes to `truth`, not into the frame.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, line: Int, truth: inout FrameTruth?) throws(ScenarioError) -> SignalFrame {
        var field = "frame"
        var frame = SignalFrame(t: .nan, rps: .nan)
        var found: FrameTruth?
        do {
            try JSONReader.read(bytes) { reader in
                guard try reader.peekKind() == .object else { throw Failure(problem: "expected a JSON object") }
                try object(&reader, into: &frame, truth: &found, field: &field)
                field = "frame"
            }
        } catch let error as Failure {
            throw ScenarioError(code: .frame, line: line, field: field, problem: error.problem)
        } catch let error as JSONError {
            throw ScenarioError(code: .frame, line: line, field: field, problem: describe(error))
        } catch {
            throw ScenarioError(code: .frame, line: line, field: field, problem: "\(error)")
        }
        truth = found
        guard frame.t.isFinite else {
            throw ScenarioError(code: .frame, line: line, field: "t", problem: "is missing; every frame needs t, seconds since start")
        }
        if frame.rps.isNaN {
            throw ScenarioError(code: .frame, line: line, field: "rps", problem: "is missing; every frame needs rps")
        }
        if let problem = SignalBounds.problem(withRate: frame.rps) {
            throw ScenarioError(code: .frame, line: line, field: "rps", problem: problem)
        }
        return frame
    }

    /// The reader's fault at the column of the line where it stopped.
    private static func describe(_ error: JSONError) -> String {
        let message = error.message == "trailing characters" ? "text follows the frame object" : error.message
        return error.offset.map { "\(message) at column \($0 + 1)" } ?? message
    }

    private static func object(_ reader: inout JSONReader, into frame: inout SignalFrame, truth: inout FrameTruth?,
                               field: inout String) throws {
        try reader.readObject { reader, key in
            field = "frame"
            if key.matches("t") {
                field = "t"; frame.t = try reader.readDouble()
            } else if key.matches("rps") {
                field = "rps"; frame.rps = try reader.readDouble()
            } else if key.matches("clientErrorRatio") {
                field = "clientErrorRatio"; frame.clientErrorRatio = try ratio(&reader)
            } else if key.matches("conversionRatio") {
                field = "conversionRatio"; frame.conversionRatio = try ratio(&reader)
            } else if key.matches("routes") {
                field = "routes"; frame.routes = try routes(&reader)
            } else if key.matches("sources") {
                field = "sources"; try sources(&reader, into: &frame, field: &field)
            } else if key.matches("truth") {
                field = "truth"; truth = try Self.truth(&reader, field: &field)
            }
        }
    }

    /// `{"legitRps": x, "attackTop": [i, …]}`: scoring only (spec/scenarios.md), never decided on.
    private static func truth(_ reader: inout JSONReader, field: inout String) throws -> FrameTruth? {
        if try reader.consumeNull() { return nil }
        guard try reader.peekKind() == .object else { throw Failure(problem: "expected an object with legitRps and attackTop") }
        var result = FrameTruth(legitRps: .nan)
        try reader.readObject { reader, key in
            if key.matches("legitRps") {
                field = "truth.legitRps"
                let value = try reader.readDouble()
                guard value.isFinite, value >= 0 else { throw Failure(problem: "\(value) is not a rate of 0 or more") }
                result.legitRps = value
            } else if key.matches("attackTop") {
                field = "truth.attackTop"
                guard try reader.peekKind() == .array else { throw Failure(problem: "expected a list of indices into sources.top") }
                try reader.readArray { reader in
                    let index = try reader.readDouble()
                    guard index >= 0, index < 1000, index == index.rounded() else {
                        throw Failure(problem: "\(index) is not an index into sources.top")
                    }
                    result.attackTop.append(Int(index))
                }
            }
        }
        guard !result.legitRps.isNaN else {
            field = "truth.legitRps"
            throw Failure(problem: "is missing; a frame's truth needs legitRps")
        }
        return result
    }

    private static func ratio(_ reader: inout JSONReader) throws -> Double? {
        if try reader.consumeNull() { return nil }
        let value = try reader.readDouble()
        guard value >= 0, value <= 1 else { throw Failure(problem: "\(value) is not a ratio between 0 and 1") }
        return value
    }

    private static func routes(_ reader: inout JSONReader) throws -> [RouteShare]? {
        if try reader.consumeNull() { return nil }
        guard try reader.peekKind() == .object else { throw Failure(problem: "expected an object of route shares") }
        var result: [RouteShare] = []
        result.reserveCapacity(8)
        try reader.readObject { reader, key in
            let route = key.string
            let share = try reader.readDouble()
            guard share >= 0, share <= 1 else { throw Failure(problem: "share of \(route) is \(share), not between 0 and 1") }
            result.append(RouteShare(route: route, share: share))
        }
        return result
    }

    private static func sources(_ reader: inout JSONReader, into frame: inout SignalFrame, field: inout String) throws {
        if try reader.consumeNull() { return }
        guard try reader.peekKind() == .object else { throw Failure(problem: "expected an object") }
        try reader.readObject { reader, key in
            if key.matches("unique") {
                field = "sources.unique"
                if try !reader.consumeNull() {
                    let unique = try reader.readDouble()
                    guard unique >= 0 else { throw Failure(problem: "\(unique) is negative") }
                    frame.uniqueSources = unique
                }
            } else if key.matches("newRatio") {
                field = "sources.newRatio"; frame.newSourceRatio = try ratio(&reader)
            } else if key.matches("top") {
                field = "sources.top"; frame.topSources = try top(&reader, field: &field)
            }
        }
    }

    private static func top(_ reader: inout JSONReader, field: inout String) throws -> [SourceRate]? {
        if try reader.consumeNull() { return nil }
        guard try reader.peekKind() == .array else { throw Failure(problem: "expected a list of {prefix, rps}") }
        var result: [SourceRate] = []
        result.reserveCapacity(20)
        do {
            try reader.readArray { reader in
                guard try reader.peekKind() == .object else { throw Failure(problem: "expected an object with prefix and rps") }
                var prefix: IPPrefix?
                var rps = Double.nan
                try reader.readObject { reader, key in
                    if key.matches("prefix") {
                        let (raw, escaped) = try reader.readStringBytes()
                        guard !escaped, let parsed = IPPrefix(utf8: raw) else {
                            throw Failure(problem: "prefix is not a CIDR such as \"198.51.100.0/24\"")
                        }
                        prefix = parsed
                    } else if key.matches("rps") {
                        rps = try reader.readDouble()
                    }
                }
                guard let prefix else { throw Failure(problem: "prefix is missing") }
                guard rps.isFinite, rps >= 0 else { throw Failure(problem: "rps is missing or negative") }
                result.append(SourceRate(prefix: prefix, rps: rps))
            }
        } catch {
            // The element is named only on a fault: a frame has twenty of them.
            field = "sources.top[\(result.count)]"
            throw error
        }
        return result
    }
}
