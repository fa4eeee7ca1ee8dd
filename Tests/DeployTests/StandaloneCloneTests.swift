import Foundation
import TestSupport
import Testing

/// A clone stands alone: the repository's files, copied to a folder with nothing beside it, run
/// README's `costguard report` commands as written (with the built executable for `swift run
/// costguard`), and no source, test or doc reads anything outside the repository.
@Suite struct StandaloneCloneTests {
    /// The repository's files as a clone has them (tracked, plus new files not yet committed).
    static func repositoryFiles() async throws -> [String] {
        let listed = try await Tool.run("/usr/bin/env", ["git", "-C", Repo.root.path, "ls-files", "--cached", "--others", "--exclude-standard"])
        try #require(listed.status == 0, "git ls-files: \(listed.output)")
        return listed.stdout.split(separator: "\n").map(String.init)
            .filter { FileManager.default.fileExists(atPath: Repo.path($0)) }
    }

    /// Every `swift run costguard report --scenario ...` line of README's shell blocks (the
    /// Prometheus backtest needs a server, and its own tests run it).
    static func readmeReportCommands() throws -> [String] {
        let readme = try String(contentsOfFile: Repo.path("README.md"), encoding: .utf8)
        var inShell = false
        var commands: [String] = []
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inShell = line == "```sh"; continue }
            if inShell, line.hasPrefix("swift run costguard report --scenario ") {
                commands.append(String(line.prefix { $0 != "#" }).trimmingCharacters(in: .whitespaces))
            }
        }
        return commands
    }

    @Test func readmeReportCommandsRunInACopyWithNothingBesideIt() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: RunProcessTests.executable),
                     "\(RunProcessTests.executable) is missing: run the tests with swift test, which builds it")
        let commands = try Self.readmeReportCommands()
        #expect(commands.count >= 3, "README shows the report commands: \(commands)")
        let outer = FileManager.default.temporaryDirectory.appendingPathComponent("costguard-clone-\(UUID().uuidString)")
        let copy = outer.appendingPathComponent("costguard")
        defer { try? FileManager.default.removeItem(at: outer) }
        for file in try await Self.repositoryFiles() {
            let target = copy.appendingPathComponent(file)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: Repo.path(file), toPath: target.path)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outer.path) == ["costguard"], "only the copy is there")
        for command in commands {
            let line = command.replacingOccurrences(of: "swift run costguard", with: "'\(RunProcessTests.executable)'")
            let result = try await Tool.run("/bin/sh", ["-c", "cd '\(copy.path)' && \(line)"], timeout: 120)
            #expect(result.status == 0, "\(command) in a copy of the repository: \(result.output)")
        }
        for (output, marker) in [("flood.html", "<!DOCTYPE html>"), ("flood.json", "\"scenario\"")] {
            let text = (try? String(contentsOf: copy.appendingPathComponent(output), encoding: .utf8)) ?? ""
            #expect(text.contains(marker), "\(output) was not written as README says")
        }
    }

    /// Nothing the project builds, tests or documents for users points outside the repository: the
    /// contracts the project follows are its own docs, and its examples are committed.
    @Test func noFileReadsOutsideTheRepository() async throws {
        for file in try await Self.repositoryFiles() where !file.hasSuffix(".jsonl") {
            guard let text = try? String(contentsOfFile: Repo.path(file), encoding: .utf8) else { continue }
            // Spelled in parts, so that this file does not itself name the paths it forbids.
            let outside = "sha" + "red"
            for needle in ["../" + outside, outside + "/scenarios", outside + "/spec", outside + "/DESIGN"] {
                #expect(!text.contains(needle), "\(file) names \(needle)")
            }
        }
    }
}
