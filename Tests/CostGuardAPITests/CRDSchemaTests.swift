import CostGuardAPI
import Foundation
import KubeModel
import Testing

/// The CRD (crds/costguard.dev_costguards.yaml) and the Swift parser accept and reject the same
/// manifests. Resources/validate_crd.py checks a manifest as the API server would (defaults, the
/// structural schema, and each CEL rule evaluated by cel-python); every example in crds/examples/ and the
/// guard of every scenario in examples/scenarios must get the same verdict from it and from
/// `CostGuardSpec.parse`: a valid one reads as the same spec once the CRD's defaults are filled in,
/// and an invalid one has both name the same field. The CRD itself must pass what the API server
/// checks when it accepts one: every `default` against its node's schema and CEL rules, as written.
/// The script needs python3 with jsonschema, PyYAML and cel-python; without them these tests are
/// skipped, with the reason printed, and fail under CI.
@Suite struct CRDSchemaTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let crd = packageRoot.appendingPathComponent("crds/costguard.dev_costguards.yaml").path
    static let examples = packageRoot.appendingPathComponent("crds/examples")
    static let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources")
    static let script = resources.appendingPathComponent("validate_crd.py").path
    static let exampleScenarios = packageRoot.appendingPathComponent("examples/scenarios")
    static let inCI = ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty && $0 != "0" && $0 != "false" } ?? false

    /// Structural, every rule compiles, and every default passes its schema and the CEL rules at its
    /// level before nested defaults are filled in (a real API server refused the CRD for that).
    @Test func crdIsStructuralAndEveryDefaultPassesItsRules() throws {
        guard let lines = try Self.validate(["--check-structural"]) else { return }
        let report = try #require(lines.first, "validate_crd.py --check-structural printed nothing")
        #expect(lines.count == 1)
        #expect(report["check"] == "structural")
        #expect(report["ok"] == true, "the CRD is not sound: \(report["errors"]?.jsonString ?? "no errors listed")")
    }

    /// The check above can fail: the rules as they were before has() guarded them are refused, with
    /// the messages the real API server gave.
    @Test func rulesThatReadFieldsADefaultLacksAreRefused() throws {
        let crd = Self.resources.appendingPathComponent("unguarded-rules-crd.yaml").path
        guard let lines = try Self.validate(["--check-structural"], crd: crd) else { return }
        let report = try #require(lines.first)
        #expect(report["ok"] == false)
        let messages = (report["errors"]?.arrayValue ?? []).map { Problem($0).description }
        let expected = [
            "openAPIV3Schema.spec: default: Invalid value: \"object\": no such key: detection evaluating rule: detection.holdDown is shorter",
            "openAPIV3Schema.spec.rateLimit: default: Invalid value: \"object\": no such key: enabled evaluating rule: actions.rateLimit.middleware",
            "openAPIV3Schema.spec.rateLimit: default: Invalid value: \"object\": no such key: surgeBurst evaluating rule: actions.rateLimit.surgeBurst",
        ]
        for text in expected {
            #expect(messages.contains { $0.contains(text) }, "no error contains \"\(text)\"; the errors: \(messages)")
        }
        #expect(messages.count == expected.count, "\(messages)")
    }

    /// The CEL rules hold on every example as written, before defaulting (an object a client sends
    /// may lack any optional field); an invalid example either passes them (its fault is elsewhere,
    /// or shows only once defaults are in) or fails with the message its first line expects.
    @Test func rulesHoldOnEveryExampleAsWritten() throws {
        let valid = Self.files(in: Self.examples, ending: ".yaml")
        let invalid = Self.files(in: Self.examples.appendingPathComponent("invalid"), ending: ".yaml")
        guard let lines = try Self.validate(["--rules-only"] + valid + invalid) else { return }
        #expect(lines.count == valid.count + invalid.count)
        for line in lines {
            let file = line["file"]?.stringValue ?? "?"
            let problems = (line["errors"]?.arrayValue ?? []).map(Problem.init)
            if valid.contains(file) {
                #expect(problems.isEmpty, "\(file): the rules fail on a valid example as written: \(problems)")
            } else if !problems.isEmpty {
                let expected = try Self.expectedMessage(in: file)
                #expect(problems.allSatisfy { $0.description.contains(expected) },
                        "\(file): a rule fails with something other than \"\(expected)\": \(problems)")
            }
        }
    }

    @Test func validExamplesPassTheCRDAndTheParserWithTheSameDefaults() throws {
        var manifests = Self.files(in: Self.examples, ending: ".yaml")
        for name in ["dryrun-minimal.yaml", "shop-enforce.yaml"] {
            #expect(manifests.contains { $0.hasSuffix("/" + name) }, "crds/examples/\(name) is missing")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("costguard-crd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let scenarios = Self.files(in: Self.exampleScenarios, ending: ".jsonl")
        #expect(!scenarios.isEmpty, "no scenario files in \(Self.exampleScenarios.path)")
        for scenario in scenarios {
            // Line 1 is the header; its guard is a CostGuard spec.
            let header = try JSONValue(parsing: Self.firstLine(of: scenario))
            let spec = try #require(header["guard"], "\(scenario): the header has no guard")
            let name = URL(fileURLWithPath: scenario).deletingPathExtension().lastPathComponent
            let manifest: JSONValue = [
                "apiVersion": "costguard.dev/v1alpha1", "kind": "CostGuard", "metadata": ["name": .string(name)], "spec": spec,
            ]
            let path = directory.appendingPathComponent(name + ".json").path
            try manifest.jsonString.write(toFile: path, atomically: true, encoding: .utf8)
            manifests.append(path)
        }

        guard let lines = try Self.validate(["--defaulted"] + manifests) else { return }
        #expect(lines.map { $0["file"]?.stringValue ?? "" } == manifests, "one line per manifest, in order")
        for line in lines {
            let file = line["file"]?.stringValue ?? "?"
            #expect(line["valid"] == true, "the CRD rejects \(file): \(line["errors"]?.jsonString ?? "")")
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let parsed: CostGuardSpec
            do {
                parsed = try CostGuardSpec.parse(manifest: text)
            } catch {
                Issue.record("the Swift parser rejects \(file), which the CRD accepts: \(error)")
                continue
            }
            // The CRD's defaults are the parser's: the object as the API server stores it reads the same.
            let defaulted = try #require(line.value(atPath: "defaulted.spec"), "\(file): no defaulted spec")
            let stored = try CostGuardSpec(json: defaulted)
            #expect(stored == parsed, "\(file): the CRD's defaults differ from the Swift parser's; defaulted spec \(defaulted.jsonString)")
        }
    }

    @Test func invalidExamplesFailTheCRDAndTheParserOnTheSameField() throws {
        let manifests = Self.files(in: Self.examples.appendingPathComponent("invalid"), ending: ".yaml")
        #expect(manifests.count >= 6, "expected at least 6 manifests in crds/examples/invalid, found \(manifests.count)")
        guard let lines = try Self.validate(manifests) else { return }
        #expect(lines.map { $0["file"]?.stringValue ?? "" } == manifests, "one line per manifest, in order")
        for line in lines {
            let file = line["file"]?.stringValue ?? "?"
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let expected = try Self.expectedMessage(in: file)
            let problems = (line["errors"]?.arrayValue ?? []).map(Problem.init)
            #expect(line["valid"] == false, "the CRD accepts \(file)")
            #expect(problems.contains { $0.description.contains(expected) },
                    "\(file): no error contains \"\(expected)\"; the errors: \(problems)")
            do {
                _ = try CostGuardSpec.parse(manifest: text)
                Issue.record("the Swift parser accepts \(file), which the CRD rejects")
            } catch {
                // parse throws SpecErrors only (typed throws).
                let swiftFields = error.errors.map(\.field)
                let crdFields = problems.map(\.path).filter { !$0.isEmpty }
                #expect(swiftFields.contains { swift in crdFields.contains { Self.sameField(swift, $0) } },
                        "\(file): Swift names \(swiftFields), the CRD \(crdFields)")
            }
        }
    }

    /// What an invalid example's first line, `# expect: <part of the error message>`, expects.
    static func expectedMessage(in file: String) throws -> String {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let marker = "# expect: "
        let firstLine = text.prefix { $0 != "\n" }
        guard firstLine.hasPrefix(marker), firstLine.count > marker.count else {
            throw ExampleError(description: "\(file): the first line must be \"\(marker)<part of the error message>\"")
        }
        return String(firstLine.dropFirst(marker.count))
    }

    struct ExampleError: Error, CustomStringConvertible {
        var description: String
    }

    /// Whether two error paths name the same field, one perhaps more closely (`values`, `values[1]`).
    static func sameField(_ one: String, _ other: String) -> Bool {
        let (short, long) = one.count <= other.count ? (one, other) : (other, one)
        return long == short || long.hasPrefix(short + ".") || long.hasPrefix(short + "[")
    }

    /// One error in validate_crd.py's output.
    struct Problem: Sendable, CustomStringConvertible {
        var path: String
        var message: String

        init(_ value: JSONValue) {
            path = value["path"]?.stringValue ?? ""
            message = value["message"]?.stringValue ?? ""
        }

        var description: String { "\(path): \(message)" }
    }

    /// Runs validate_crd.py on the CRD; its JSON lines, or nil (after saying why) when python3 or
    /// its packages are missing.
    static func validate(_ arguments: [String], crd: String = crd) throws -> [JSONValue]? {
        guard let python = findOnPath("python3") else {
            unavailable("python3 is not on PATH")
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, crd] + arguments
        // One pipe for both streams: a Python traceback shows in the failure message.
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 3 {
            unavailable("python3 lacks a package validate_crd.py needs: \(output)")
            return nil
        }
        #expect(process.terminationStatus == 0, "validate_crd.py exited with status \(process.terminationStatus): \(output)")
        return try output.split(separator: "\n").filter { $0.hasPrefix("{") }.map { try JSONValue(parsing: String($0)) }
    }

    static func unavailable(_ reason: String) {
        if inCI {
            Issue.record("\(reason); CI must install them (python3 -m pip install jsonschema PyYAML cel-python)")
        } else {
            print("skipping the CRD schema test: \(reason) (python3 -m pip install jsonschema PyYAML cel-python)")
        }
    }

    static func findOnPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func files(in directory: URL, ending suffix: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(suffix) }.sorted().map { directory.appendingPathComponent($0).path }
    }

    /// The first line of a file, without reading a whole multi-megabyte scenario.
    static func firstLine(of path: String) throws -> String {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var bytes: [UInt8] = []
        while let chunk = try handle.read(upToCount: 65_536), !chunk.isEmpty {
            if let end = chunk.firstIndex(of: UInt8(ascii: "\n")) {
                bytes.append(contentsOf: chunk[chunk.startIndex..<end])
                break
            }
            bytes.append(contentsOf: chunk)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
