import CostGuardAPI

/// Parses one frame line (spec/scenarios.md) straight from its bytes.
enum FrameParser {
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) throws(ScenarioError) -> SignalFrame {
        var truth: FrameTruth?
        return try parse(bytes, line: line, truth: &truth)
    }

    /// Parses a frame line; its scoring-only `truth` object, if any, goes to `truth`, not into the frame.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, line: Int, truth: inout FrameTruth?) throws(ScenarioError) -> SignalFrame {
        var scanner = JSONScanner(bytes)
        var field = "frame"
        var frame = SignalFrame(t: .nan, rps: .nan)
        truth = nil
        do {
            try object(&scanner, into: &frame, truth: &truth, field: &field)
        } catch {
            throw ScenarioError(code: .frame, line: line, field: field, problem: error.problem)
        }
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

    private static func object(_ scanner: inout JSONScanner, into frame: inout SignalFrame, truth: inout FrameTruth?,
                               field: inout String) throws(JSONScanner.Failure) {
        try scanner.expect(UInt8(ascii: "{"), "a JSON object")
        if !scanner.take(UInt8(ascii: "}")) {
            repeat {
                field = "frame"
                guard let key = try scanner.rawString() else { throw JSONScanner.Failure(problem: "a key has escapes") }
                try scanner.expect(UInt8(ascii: ":"), "':'")
                if key.equals("t") {
                    field = "t"; frame.t = try scanner.number()
                } else if key.equals("rps") {
                    field = "rps"; frame.rps = try scanner.number()
                } else if key.equals("clientErrorRatio") {
                    field = "clientErrorRatio"; frame.clientErrorRatio = try ratio(&scanner)
                } else if key.equals("conversionRatio") {
                    field = "conversionRatio"; frame.conversionRatio = try ratio(&scanner)
                } else if key.equals("routes") {
                    field = "routes"; frame.routes = try routes(&scanner)
                } else if key.equals("sources") {
                    field = "sources"; try sources(&scanner, into: &frame, field: &field)
                } else if key.equals("truth") {
                    field = "truth"; truth = try Self.truth(&scanner, field: &field)
                } else {
                    try scanner.skipValue()
                }
            } while scanner.take(UInt8(ascii: ","))
            try scanner.expect(UInt8(ascii: "}"), "',' or '}'")
        }
        field = "frame"
        guard scanner.atEnd else { throw JSONScanner.Failure(problem: "text follows the frame object") }
    }

    /// `{"legitRps": x, "attackTop": [i, …]}`: scoring only (spec/scenarios.md), never decided on.
    private static func truth(_ scanner: inout JSONScanner, field: inout String) throws(JSONScanner.Failure) -> FrameTruth? {
        if scanner.takeNull() { return nil }
        try scanner.expect(UInt8(ascii: "{"), "an object with legitRps and attackTop")
        var result = FrameTruth(legitRps: .nan)
        if !scanner.take(UInt8(ascii: "}")) {
            repeat {
                guard let key = try scanner.rawString() else { throw JSONScanner.Failure(problem: "a key has escapes") }
                try scanner.expect(UInt8(ascii: ":"), "':'")
                if key.equals("legitRps") {
                    field = "truth.legitRps"
                    let value = try scanner.number()
                    guard value.isFinite, value >= 0 else { throw JSONScanner.Failure(problem: "\(value) is not a rate of 0 or more") }
                    result.legitRps = value
                } else if key.equals("attackTop") {
                    field = "truth.attackTop"
                    try scanner.expect(UInt8(ascii: "["), "a list of indices into sources.top")
                    if !scanner.take(UInt8(ascii: "]")) {
                        repeat {
                            let index = try scanner.number()
                            guard index >= 0, index < 1000, index == index.rounded() else {
                                throw JSONScanner.Failure(problem: "\(index) is not an index into sources.top")
                            }
                            result.attackTop.append(Int(index))
                        } while scanner.take(UInt8(ascii: ","))
                        try scanner.expect(UInt8(ascii: "]"), "',' or ']'")
                    }
                } else {
                    try scanner.skipValue()
                }
            } while scanner.take(UInt8(ascii: ","))
            try scanner.expect(UInt8(ascii: "}"), "',' or '}'")
        }
        guard !result.legitRps.isNaN else {
            field = "truth.legitRps"
            throw JSONScanner.Failure(problem: "is missing; a frame's truth needs legitRps")
        }
        return result
    }

    private static func ratio(_ scanner: inout JSONScanner) throws(JSONScanner.Failure) -> Double? {
        if scanner.takeNull() { return nil }
        let value = try scanner.number()
        guard value >= 0, value <= 1 else { throw JSONScanner.Failure(problem: "\(value) is not a ratio between 0 and 1") }
        return value
    }

    private static func routes(_ scanner: inout JSONScanner) throws(JSONScanner.Failure) -> [RouteShare]? {
        if scanner.takeNull() { return nil }
        try scanner.expect(UInt8(ascii: "{"), "an object of route shares")
        var result: [RouteShare] = []
        result.reserveCapacity(8)
        if scanner.take(UInt8(ascii: "}")) { return result }
        repeat {
            let route = try scanner.string()
            try scanner.expect(UInt8(ascii: ":"), "':'")
            let share = try scanner.number()
            guard share >= 0, share <= 1 else { throw JSONScanner.Failure(problem: "share of \(route) is \(share), not between 0 and 1") }
            result.append(RouteShare(route: route, share: share))
        } while scanner.take(UInt8(ascii: ","))
        try scanner.expect(UInt8(ascii: "}"), "',' or '}'")
        return result
    }

    private static func sources(_ scanner: inout JSONScanner, into frame: inout SignalFrame,
                                field: inout String) throws(JSONScanner.Failure) {
        if scanner.takeNull() { return }
        try scanner.expect(UInt8(ascii: "{"), "an object")
        if scanner.take(UInt8(ascii: "}")) { return }
        repeat {
            guard let key = try scanner.rawString() else { throw JSONScanner.Failure(problem: "a key has escapes") }
            try scanner.expect(UInt8(ascii: ":"), "':'")
            if key.equals("unique") {
                field = "sources.unique"
                if !scanner.takeNull() {
                    let unique = try scanner.number()
                    guard unique >= 0 else { throw JSONScanner.Failure(problem: "\(unique) is negative") }
                    frame.uniqueSources = unique
                }
            } else if key.equals("newRatio") {
                field = "sources.newRatio"; frame.newSourceRatio = try ratio(&scanner)
            } else if key.equals("top") {
                field = "sources.top"; frame.topSources = try top(&scanner, field: &field)
            } else {
                try scanner.skipValue()
            }
        } while scanner.take(UInt8(ascii: ","))
        try scanner.expect(UInt8(ascii: "}"), "',' or '}'")
    }

    private static func top(_ scanner: inout JSONScanner, field: inout String) throws(JSONScanner.Failure) -> [SourceRate]? {
        if scanner.takeNull() { return nil }
        try scanner.expect(UInt8(ascii: "["), "a list of {prefix, rps}")
        var result: [SourceRate] = []
        result.reserveCapacity(20)
        if scanner.take(UInt8(ascii: "]")) { return result }
        repeat {
            field = "sources.top[\(result.count)]"
            try scanner.expect(UInt8(ascii: "{"), "an object with prefix and rps")
            var prefix: IPPrefix?
            var rps = Double.nan
            repeat {
                guard let key = try scanner.rawString() else { throw JSONScanner.Failure(problem: "a key has escapes") }
                try scanner.expect(UInt8(ascii: ":"), "':'")
                if key.equals("prefix") {
                    guard let raw = try scanner.rawString(), let parsed = IPPrefix(utf8: raw) else {
                        throw JSONScanner.Failure(problem: "prefix is not a CIDR such as \"198.51.100.0/24\"")
                    }
                    prefix = parsed
                } else if key.equals("rps") {
                    rps = try scanner.number()
                } else {
                    try scanner.skipValue()
                }
            } while scanner.take(UInt8(ascii: ","))
            try scanner.expect(UInt8(ascii: "}"), "',' or '}'")
            guard let prefix else { throw JSONScanner.Failure(problem: "prefix is missing") }
            guard rps.isFinite, rps >= 0 else { throw JSONScanner.Failure(problem: "rps is missing or negative") }
            result.append(SourceRate(prefix: prefix, rps: rps))
        } while scanner.take(UInt8(ascii: ","))
        try scanner.expect(UInt8(ascii: "]"), "',' or ']'")
        return result
    }
}
