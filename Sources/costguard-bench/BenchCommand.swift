import CommandSupport
import FileOutput
import ArgumentParser
import CostGuardAPI
import Foundation
import GuardCore
import Report
import ScenarioCatalog
import ScenarioIO

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Measures replay speed and memory (build with -c release for real figures).",
        discussion: """
        Writes a month-long scenario (15 s frames, 20 top sources each) unless --scenario names one, \
        then measures: parsing alone; a Foundation JSONSerialization parse of the same lines as the \
        baseline; the decision engine alone on frames held in memory; and the whole replay from file \
        to JSON, with resident memory sampled as it goes.
        """
    )

    @Option(help: "Replay this scenario file instead of generating one.")
    var scenario: String?

    @Option(help: "Days of 15 s frames to generate.")
    var days: Int = 30

    @Option(help: "Frames the engine-alone run decides.")
    var engineFrames: Int = 2_000_000

    @Option(help: "Which day of the scenario the engine-alone run cycles through (day 11 of the generated month has a flood).")
    var engineDay: Int = 11

    func run() throws {
        let path: String
        if let scenario {
            path = scenario
        } else {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("costguard-bench-\(days)d.jsonl").path
            let started = Date()
            var recipe = ScenarioCatalog.month()
            recipe.duration = Double(days) * 86_400
            let frames = try recipe.write(to: path).frames
            print("generated \(frames) frames (\(days) days) in \(seconds(since: started)) s: \(path)")
        }
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        print("scenario: \(path), \(String(format: "%.1f", Double(size) / 1e6)) MB")

        // Parsing alone.
        var started = Stopwatch()
        let reader = try ScenarioReader(path: path)
        var frameCount = 0
        while try reader.next() != nil { frameCount += 1 }
        let parseTime = started.elapsed()
        let parseRate = Double(frameCount) / parseTime.cpu
        print(line("parse (ScenarioReader)", frameCount, parseTime, extra: String(format: "%.0f MB per CPU-second", Double(size) / 1e6 / parseTime.cpu)))

        // Baseline: Foundation's JSON parser on the first day of the same lines.
        let baselineFrames = min(frameCount, 5760)
        let lines = try firstLines(of: path, count: baselineFrames + 1).dropFirst()
        started = Stopwatch()
        for text in lines { _ = try JSONSerialization.jsonObject(with: Data(text.utf8)) }
        let baselineTime = started.elapsed()
        let baselineRate = Double(lines.count) / baselineTime.cpu
        print(line("baseline (JSONSerialization)", lines.count, baselineTime,
                   extra: String(format: "ScenarioReader is x%.1f faster", parseRate / baselineRate)))

        // The engine alone, on one day of frames held in memory, replayed with advancing time.
        let sample = try ScenarioReader(path: path)
        let framesPerDay = Int(86_400 / sample.header.interval)
        let skip = min(engineDay, max(0, frameCount / framesPerDay - 1)) * framesPerDay
        for _ in 0..<skip { _ = try sample.next() }
        var frames: [SignalFrame] = []
        while frames.count < framesPerDay, let frame = try sample.next() { frames.append(frame) }
        var engine = DecisionEngine(policy: Policy(spec: sample.header.guardSpec, interval: sample.header.interval))
        let span = Double(frames.count) * sample.header.interval
        let firstT = frames.first?.t ?? 0
        var view = ClusterView(nodes: 6, hourlySpend: 6 * 0.192, nextNodeHourly: 0.192,
                               workloads: [WorkloadView(namespace: "shop", name: "web", replicas: 8, minReplicas: 4,
                                                        maxReplicas: 2000, podsPerNode: 10)])
        var paused = 0
        started = Stopwatch()
        for index in 0..<engineFrames {
            var frame = frames[index % frames.count]
            frame.t += span * Double(index / frames.count) - firstT
            view.workloads[0].replicas = max(4, Int(frame.rps / 28))
            let plan = engine.decide(frame: frame, cluster: view, t: frame.t)
            if plan.paused { paused += 1 }
        }
        let engineTime = started.elapsed()
        print(line("engine alone (DecisionEngine)", engineFrames, engineTime,
                   extra: "day \(skip / framesPerDay) cycled, \(paused) frames paused"))

        // End to end: file to JSON report, resident memory sampled along the way.
        let sink = try OutputSink(path: "/dev/null")
        let replayReader = try ScenarioReader(path: path)
        var report = try JSONReport(sink: sink, scenario: replayReader.header.name)
        var samples: [(Int, Int)] = []
        var done = 0
        let checkpoints = Set([frameCount / 10, frameCount / 2, frameCount - 1])
        started = Stopwatch()
        let summary = try Replay.run(replayReader) { frame in
            try report.frame(frame)
            if checkpoints.contains(done) { samples.append((done + 1, ProcessUsage.statusKiB("VmRSS"))) }
            done += 1
        }
        try report.finish(summary)
        let replayTime = started.elapsed()
        print(line("end to end (file -> JSON)", summary.frames, replayTime,
                   extra: String(format: "parsing is %.0f%% of its CPU time", Double(summary.frames) / parseRate / replayTime.cpu * 100)))
        print("resident memory during the replay: " + samples.map { "\($0.1 / 1024) MiB after \($0.0) frames" }.joined(separator: ", "))
        print("peak resident memory of this process: \(ProcessUsage.statusKiB("VmHWM") / 1024) MiB")
    }

    /// Rates per CPU-second of this process and per wall-clock second: the replay parses on a
    /// second thread, so its wall time is below its CPU time on two cores.
    private func line(_ label: String, _ frames: Int, _ time: Stopwatch.Reading, extra: String) -> String {
        let rate = Double(frames) / time.cpu
        let wallRate = Double(frames) / time.wall
        return "\(label.padding(toLength: 30, withPad: " ", startingAt: 0)) \(frames) frames, \(String(format: "%.3f", time.cpu)) s CPU, "
            + "\(String(format: "%.3f", time.wall)) s wall = \(String(format: "%.0f", rate)) frames per CPU-second, "
            + "\(String(format: "%.0f", wallRate)) frames/s wall (\(extra))"
    }

    private func seconds(since date: Date) -> String { String(format: "%.1f", Date().timeIntervalSince(date)) }

    private func firstLines(of path: String, count: Int) throws -> [String] {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CommandFailure("cannot open \(path)") }
        defer { try? handle.close() }
        var lines: [String] = []
        var pending: [UInt8] = []
        while lines.count < count, let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            pending.append(contentsOf: chunk)
            var start = 0
            while lines.count < count, let newline = pending[start...].firstIndex(of: 0x0A) {
                lines.append(String(decoding: pending[start..<newline], as: UTF8.self))
                start = newline + 1
            }
            pending.removeFirst(start)
        }
        return lines
    }
}

/// Wall-clock and CPU time (user + system, from getrusage) since it was made.
struct Stopwatch {
    struct Reading {
        var wall: Double
        var cpu: Double
    }

    private let wall = Date()
    private let cpu = ProcessUsage.cpuSeconds()

    func elapsed() -> Reading {
        Reading(wall: Date().timeIntervalSince(wall), cpu: ProcessUsage.cpuSeconds() - cpu)
    }
}

