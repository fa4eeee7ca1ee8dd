import Foundation
import KubeModel
import TestSupport
import Testing

/// Runs Resources/validate_manifests.py: Kubernetes kinds against the schemas of a current release
/// (the `kubernetes-validate` package, strict), CostGuards against the CRD (by importing
/// Tests/CostGuardAPITests/Resources/validate_crd.py), other custom resources on their apiVersion,
/// kind and metadata only.
enum ManifestValidator {
    static let script = Repo.resources.appendingPathComponent("validate_manifests.py").path
    static let crdValidator = Repo.path("Tests/CostGuardAPITests/Resources/validate_crd.py")
    static let crd = Repo.path("crds/costguard.dev_costguards.yaml")
    static let install = "python3 -m pip install kubernetes-validate jsonschema PyYAML cel-python"

    struct Report: Sendable {
        /// One line per object.
        var objects: [JSONValue]
        var summary: JSONValue

        var invalid: [JSONValue] { objects.filter { $0["valid"] != true } }

        /// What was checked, for the test log: counts per check and the kinds without a schema.
        var description: String {
            let version = summary["kubernetesVersion"]?.stringValue ?? "?"
            let count = { (check: String) in self.objects.filter { $0["check"]?.stringValue == check }.count }
            let missing = (summary["schemaNotAvailable"]?.arrayValue ?? []).compactMap(\.stringValue)
            return "\(objects.count) objects: \(count("kubernetes-schema")) against the Kubernetes \(version) schemas (strict), "
                + "\(count("crd-schema")) against the CostGuard CRD (schema, defaults, CEL twins), "
                + "\(count("metadata-only")) on apiVersion, kind and metadata only (schema not available: "
                + (missing.isEmpty ? "none" : missing.joined(separator: "; ")) + ")"
        }
    }

    /// The report on `files`, or nil (after saying why: a failure under CI) when python3 or its
    /// packages are missing.
    static func validate(_ files: [String], test: String) async throws -> Report? {
        guard let python = TestEnvironment.findOnPath("python3") else {
            TestEnvironment.unavailable(test, "python3 is not on PATH", install: install)
            return nil
        }
        let result = try await Tool.run(python, [script, "--crd-validator", crdValidator, "--crd", crd] + files)
        if result.status == 3 {
            TestEnvironment.unavailable(test, "python3 lacks a package: \(result.output)", install: install)
            return nil
        }
        #expect(result.status == 0, "validate_manifests.py exited with \(result.status): \(result.output)")
        let lines = try result.stdout.split(separator: "\n").filter { $0.hasPrefix("{") }.map { try JSONValue(parsing: String($0)) }
        let summary = try #require(lines.last, "validate_manifests.py printed nothing: \(result.output)")
        #expect(summary["summary"] == true, "the last line is not the summary: \(summary.jsonString)")
        return Report(objects: Array(lines.dropLast()), summary: summary)
    }

    /// Explains an invalid object in a test failure.
    static func describe(_ line: JSONValue) -> String {
        let file = Repo.relative(line["file"]?.stringValue ?? "?")
        let object = "\(line["kind"]?.stringValue ?? "?") \(line["name"]?.stringValue ?? "?")"
        return "\(file) #\(line["document"]?.intValue ?? 0) \(object) [\(line["schema"]?.stringValue ?? "")]: "
            + (line["errors"]?.jsonString ?? "")
    }
}
