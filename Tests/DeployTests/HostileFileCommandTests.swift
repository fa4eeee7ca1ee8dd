import Foundation
import Testing
import TestSupport

/// What a user may hand `costguard report` by mistake or malice as the guard file: an alias bomb,
/// broken YAML, a binary or Latin-1 file. Each ends promptly with one clear line naming the
/// file, never a hang, parser internals or a Foundation error code.
@Suite struct HostileFileCommandTests {
    static let executable = RunProcessTests.executable

    /// The "billion laughs": nine levels of nine aliases, 9^9 strings once expanded.
    static let aliasBomb: String = {
        var lines = ["a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]"]
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for (previous, name) in zip(names, names.dropFirst()) {
            lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]")
        }
        return "apiVersion: costguard.dev/v1alpha1\nkind: CostGuard\nmetadata:\n  name: bomb\n  labels:\n"
            + lines.map { "    " + $0 }.joined(separator: "\n") + "\nspec: {}\n"
    }()

    func backtest(guardFile: String, extra: [String] = ["--from", "0", "--to", "3600", "--step", "15s"]) async throws -> ToolResult {
        // Port 9 (discard) on loopback: nothing listens, and nothing should be asked before the guard is read.
        try await Tool.run(Self.executable, ["report", "--prometheus", "http://127.0.0.1:9", "--guard", guardFile] + extra, timeout: 60)
    }

    func file(_ name: String, _ contents: Data) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try contents.write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func anAliasBombAsTheGuardFileIsRefusedAtOnce() async throws {
        let path = try file("bomb.yaml", Data(Self.aliasBomb.utf8))
        // It ends on its own with the refusal (0.06 s of CPU and 32 MB alone); main was killed at
        // the 60 s timeout, status 15. Wall time is not checked: a loaded CI machine stretches it.
        let result = try await backtest(guardFile: path)
        #expect(result.status == 1, "exit \(result.status): \(result.output)")
        #expect(result.stderr.contains("\(path): manifest: expands to more than 100000 nodes"), "\(result.output)")
    }

    @Test func brokenYAMLIsOneLineWithTheLineAndColumn() async throws {
        let path = try file("broken.yaml", Data("apiVersion: costguard.dev/v1alpha1\nkind: CostGuard\nspec:\n  mode: [DryRun\n  caps: {maxNodes: 3}\n".utf8))
        let result = try await backtest(guardFile: path)
        #expect(result.status == 1, "\(result.output)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.output)")
        #expect(result.stderr.contains("\(path): manifest: is not valid YAML or JSON: line "), "\(result.output)")
        #expect(result.stderr.contains(", column "), "\(result.output)")
    }

    @Test func aBinaryGuardFileIsNamedAsNotText() async throws {
        let path = try file("guard.yaml", Data([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0xff, 0xfe]))
        let result = try await backtest(guardFile: path)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stderr.contains("\(path): manifest: a NUL byte at offset 7: a binary file"), "\(result.output)")
        #expect(!result.output.contains("NSCocoaErrorDomain"), "\(result.output)")
    }

    @Test func aLatin1GuardFileIsNamedAsNotUTF8() async throws {
        let text = Data("spec:\n  mode: DryRun # caf".utf8)
        let path = try file("guard.yaml", text + [0xe9, 0x0a])  // "café" in Latin-1
        let result = try await backtest(guardFile: path)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stderr.contains("\(path): manifest: byte 0xe9 at offset \(text.count) is not UTF-8"), "\(result.output)")
    }
}
