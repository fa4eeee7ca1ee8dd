import Foundation
import GuardCore
import ScenarioCatalog
import Testing

/// examples/scenarios holds the catalogue's scenarios as files, so that README's `report` commands
/// and the tests replay files that come with the repository (nothing beside a clone is read). Each
/// file is what its recipe writes today, byte for byte; after a change to the generator, rewrite
/// them with `COSTGUARD_WRITE_EXAMPLES=1 swift test --disable-xctest --filter ExampleScenarioFileTests`.
@Suite struct ExampleScenarioFileTests {
    @Test(arguments: ScenarioTestSupport.exampleRecipes.map(\.name))
    func theCommittedFileIsWhatTheCatalogueWrites(name: String) throws {
        let recipe = try #require(ScenarioTestSupport.exampleRecipes.first { $0.name == name })
        let committed = ScenarioTestSupport.exampleScenarios.appendingPathComponent(name + ".jsonl").path
        if ProcessInfo.processInfo.environment["COSTGUARD_WRITE_EXAMPLES"] == "1" {
            try FileManager.default.createDirectory(at: ScenarioTestSupport.exampleScenarios, withIntermediateDirectories: true)
            _ = try recipe.write(to: committed)
        }
        let fresh = ScenarioTestSupport.temporaryPath(name)
        defer { try? FileManager.default.removeItem(atPath: fresh) }
        _ = try recipe.write(to: fresh)
        let expected = try #require(FileManager.default.contents(atPath: fresh))
        let actual = try #require(FileManager.default.contents(atPath: committed), "\(committed) is missing")
        #expect(actual == expected, "\(committed) is not what ScenarioCatalog.\(name) writes; rewrite it (see this suite's comment)")
    }
}
