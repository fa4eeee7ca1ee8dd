import Foundation
import KubeClient
import Testing

/// Kubeconfigs go through the same YAML reader as guard files: an alias bomb is refused without
/// being expanded, a syntax error is one line with its place, and a binary file is named.
@Suite struct KubeconfigInputTests {
    func write(_ data: Data) throws -> String {
        let directory = NSTemporaryDirectory() + "kubeconfig-input-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: directory + "/config"))
        return directory + "/config"
    }

    func message(_ path: String) -> String {
        do {
            _ = try KubeConfig.load(path: path)
            return "loaded"
        } catch {
            return "\(error)"
        }
    }

    @Test func anAliasBombIsRefusedAtOnce() throws {
        var lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for (previous, name) in zip(names, names.dropFirst()) {
            lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]")
        }
        let path = try write(Data(("current-context: c\n" + lines.joined(separator: "\n") + "\n").utf8))
        let started = ContinuousClock.now
        let text = message(path)
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(text.contains("kubeconfig \(path) is not valid: expands to more than 100000 nodes"), "\(text)")
    }

    @Test func aSyntaxErrorIsOneLineWithItsPlace() throws {
        let path = try write(Data("current-context: c\nclusters: [{name: k, cluster: {server: x}\n".utf8))
        let text = message(path)
        #expect(text.contains("kubeconfig \(path) is not valid: line "), "\(text)")
        #expect(!text.contains("\n"), "\(text)")
    }

    @Test func aBinaryFileIsNamed() throws {
        let path = try write(Data([0x1f, 0x8b, 0x08, 0x00, 0x00]))
        let text = message(path)
        #expect(text.contains("kubeconfig \(path): a NUL byte at offset 3: a binary file"), "\(text)")
    }
}
