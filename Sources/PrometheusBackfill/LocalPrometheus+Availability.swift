import Foundation

/// Whether the tests and benchmarks that need a real Prometheus can run here: where it is
/// installed, and always under CI (CI set to anything but empty, 0 or false), where its absence
/// must fail the run instead of skipping it.
extension LocalPrometheus {
    package static let inCI = ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty && $0 != "0" && $0 != "false" } ?? false
    package static let runsHere = locate() != nil || inCI
    package static let notInstalled = "prometheus and promtool are not installed (apt-get install prometheus); set CI=1 to make this a failure"

    /// The binaries, or an error that says how to install them.
    package static func requiredBinaries() throws -> Binaries {
        guard let binaries = locate() else {
            throw Failure(description: "prometheus/promtool are not on PATH: install them with apt-get install prometheus (.ci/run does)")
        }
        return binaries
    }
}
