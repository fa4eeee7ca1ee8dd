import CostGuardAPI
import Foundation
import GuardCore
import ScenarioIO

/// A scenario written to disk, with the test-side ground truth that the file itself does not carry.
package struct GeneratedScenario: Sendable {
    package var path: String
    package var header: ScenarioHeader
    package var frames: Int
    /// Every prefix a botnet of the scenario sends from.
    package var attackPrefixes: Set<IPPrefix>
    /// Organic prefixes heavy enough to be listed (baseline heavy hitters, episode newcomers).
    package var organicPrefixes: Set<IPPrefix>
    /// The carrier NAT: the heaviest organic prefix, growing with organic traffic.
    package var carrierNAT: IPPrefix
    package var internalPrefix: IPPrefix
}

extension ScenarioRecipe {
    /// Streams the scenario to `path`, frame by frame.
    package func write(to path: String) throws(ScenarioError) -> GeneratedScenario {
        var synthesizer = ScenarioSynthesizer(self)
        let writer = try ScenarioWriter(path: path, header: header)
        var frames = 0
        while let (frame, truth) = synthesizer.nextScored() {
            try writer.write(frame, truth: truth)
            frames += 1
        }
        try writer.close()
        return GeneratedScenario(path: path, header: header, frames: frames, attackPrefixes: synthesizer.attackPrefixes,
                                 organicPrefixes: synthesizer.organicPrefixes, carrierNAT: synthesizer.carrierNAT,
                                 internalPrefix: synthesizer.internalPrefix)
    }
}

extension ScenarioRecipe {
    /// The scenario's header and frames in memory, read back from a file written as `write(to:)`
    /// writes it (so they are what a replay of the file sees), the file removed afterwards.
    package func readBack() throws -> (header: ScenarioHeader, frames: [SignalFrame]) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("costguard-\(name)-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try write(to: path)
        let reader = try ScenarioReader(path: path)
        var frames: [SignalFrame] = []
        while let frame = try reader.next() { frames.append(frame) }
        return (reader.header, frames)
    }
}
