import Foundation
import Testing

/// Paths in the repository, and the tools (python3, kubectl) the deploy tests run.
enum Repo {
    /// The package root: this file is Tests/DeployTests/DeploySupport.swift.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    static let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources")

    /// Files under a folder of the repository whose names end with `suffix`, sorted; `recursive`
    /// descends into subfolders except those named in `skipping`.
    static func files(under relative: String, ending suffix: String, recursive: Bool = true,
                      skipping: Set<String> = []) -> [String] {
        let base = root.appendingPathComponent(relative)
        var found: [String] = []
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: base.path)) ?? []).sorted()
        for name in names {
            let url = base.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                if recursive, !skipping.contains(name) {
                    found += files(under: relative + "/" + name, ending: suffix, recursive: true, skipping: skipping)
                }
            } else if name.hasSuffix(suffix) {
                found.append(url.path)
            }
        }
        return found
    }

    /// A path shown relative to the repository root, for messages.
    static func relative(_ path: String) -> String {
        let prefix = root.path + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}

enum TestEnvironment {
    /// CI runs with CI set (to anything but empty, 0 or false): a missing tool is then a failure.
    static let inCI = ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty && $0 != "0" && $0 != "false" } ?? false

    static func findOnPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Says why a test cannot run: a recorded issue under CI, a printed skip elsewhere.
    static func unavailable(_ test: String, _ reason: String, install: String) {
        if inCI {
            Issue.record("\(reason); CI must install it (\(install))")
        } else {
            print("skipping \(test): \(reason) (\(install))")
        }
    }
}
