import Foundation
import ScenarioCatalog

/// The scenario the executable writes for itself: the demo's.
enum BuiltInScenarios {
    static func writeDemo() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("costguard-demo.jsonl").path
        _ = try ScenarioCatalog.demo.write(to: path)
        return path
    }
}
