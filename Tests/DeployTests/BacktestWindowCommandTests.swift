import Foundation
import Testing
import TestSupport

/// A backtest window has a bound: `--from 0 --to 99999999999 --step 1s` (10^11 frames, years of
/// queries) is refused at once with the bound and the step that would fit, not started.
@Suite struct BacktestWindowCommandTests {
    @Test func aBacktestWindowOfBillionsOfFramesIsRefusedWithTheBoundAndTheFix() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("backtest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("guard.yaml").path
        try Data(#"{"signals": {"prometheus": {"url": "http://127.0.0.1:9", "requestRate": "sum(rate(requests_total[1m]))"}}}"#.utf8)
            .write(to: URL(fileURLWithPath: path))
        let result = try await Tool.run(RunProcessTests.executable, ["report", "--prometheus", "http://127.0.0.1:9", "--guard", path,
                                                                     "--from", "0", "--to", "99999999999", "--step", "1s"], timeout: 30)
        #expect(result.status == 64, "\(result.output)")
        #expect(result.output.contains("100000000000 frames, above the bound of 1100000 per backtest; use --step 90910s or more"),
                "\(result.output)")
    }
}
