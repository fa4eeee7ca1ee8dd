import Foundation
import ScenarioCatalog

/// The scenarios the executable writes for itself: the demo's and the benchmark's month.
enum BuiltInScenarios {
    static func writeDemo() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("costguard-demo.jsonl").path
        _ = try ScenarioCatalog.demo.write(to: path)
        return path
    }

    /// `days` of the catalogue's month scenario (15 s frames, 20 top sources each); returns the frame count.
    static func writeBench(days: Int, to path: String) throws -> Int {
        var recipe = ScenarioCatalog.month()
        recipe.duration = Double(days) * 86_400
        return try recipe.write(to: path).frames
    }
}
