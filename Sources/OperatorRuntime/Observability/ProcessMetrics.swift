import Foundation
import Synchronization
import class Prometheus.PrometheusCollectorRegistry
import struct Prometheus.MetricNameDescriptor
import class Prometheus.Counter
import class Prometheus.Gauge

/// The standard `process_*` metrics, as every Prometheus client exports them, read from /proc at
/// each scrape (Linux; elsewhere they stay unset).
final class ProcessMetrics: Sendable {
    enum Name {
        static let cpuSeconds = "process_cpu_seconds_total"
        static let residentMemory = "process_resident_memory_bytes"
        static let virtualMemory = "process_virtual_memory_bytes"
        static let startTime = "process_start_time_seconds"
        static let openFileDescriptors = "process_open_fds"
        static let maxFileDescriptors = "process_max_fds"
    }

    private let cpuSeconds: Prometheus.Counter
    private let residentMemory: Prometheus.Gauge
    private let virtualMemory: Prometheus.Gauge
    private let startTime: Prometheus.Gauge
    private let openFileDescriptors: Prometheus.Gauge
    private let maxFileDescriptors: Prometheus.Gauge
    /// The CPU seconds already added to the counter, which only goes up by increments.
    private let countedCPUSeconds = Mutex(0.0)

    init(registry: PrometheusCollectorRegistry, help: [String: String]) {
        func descriptor(_ name: String) -> MetricNameDescriptor {
            MetricNameDescriptor(metricName: name, unitName: "", helpText: help[name] ?? "")
        }
        cpuSeconds = registry.makeCounter(descriptor: descriptor(Name.cpuSeconds), labels: [])
        residentMemory = registry.makeGauge(descriptor: descriptor(Name.residentMemory), labels: [])
        virtualMemory = registry.makeGauge(descriptor: descriptor(Name.virtualMemory), labels: [])
        startTime = registry.makeGauge(descriptor: descriptor(Name.startTime), labels: [])
        openFileDescriptors = registry.makeGauge(descriptor: descriptor(Name.openFileDescriptors), labels: [])
        maxFileDescriptors = registry.makeGauge(descriptor: descriptor(Name.maxFileDescriptors), labels: [])
    }

    /// Reads /proc/self and sets the metrics; called before each exposition.
    func update() {
        guard let sample = ProcSample.read() else { return }
        countedCPUSeconds.withLock { counted in
            if sample.cpuSeconds > counted {
                cpuSeconds.increment(by: sample.cpuSeconds - counted)
                counted = sample.cpuSeconds
            }
        }
        residentMemory.set(sample.residentBytes)
        virtualMemory.set(sample.virtualBytes)
        startTime.set(sample.startTime)
        openFileDescriptors.set(sample.openFileDescriptors)
        if let limit = sample.maxFileDescriptors { maxFileDescriptors.set(limit) }
    }
}

/// One reading of /proc/self: stat (CPU ticks, start ticks, sizes), the open fds and the limits.
struct ProcSample {
    var cpuSeconds: Double
    var residentBytes: Double
    var virtualBytes: Double
    var startTime: Double
    var openFileDescriptors: Double
    var maxFileDescriptors: Double?

    /// Ticks per second of /proc's times (USER_HZ): 100 on every Linux.
    static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
    static let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))

    static func read() -> ProcSample? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let afterName = stat.range(of: ") ", options: .backwards) else { return nil }
        // Fields after "pid (comm) ": state is field 3, so field n is index n - 3.
        let fields = stat[afterName.upperBound...].split(separator: " ")
        func field(_ number: Int) -> Double? { fields.count > number - 3 ? Double(fields[number - 3]) : nil }
        guard let utime = field(14), let stime = field(15), let startTicks = field(22),
              let virtualBytes = field(23), let residentPages = field(24),
              let uptimeText = try? String(contentsOfFile: "/proc/uptime", encoding: .utf8),
              let uptime = Double(uptimeText.split(separator: " ").first ?? "") else { return nil }
        let bootTime = Date().timeIntervalSince1970 - uptime
        let openFileDescriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0
        return ProcSample(
            cpuSeconds: (utime + stime) / ticksPerSecond, residentBytes: residentPages * pageSize, virtualBytes: virtualBytes,
            startTime: (bootTime + startTicks / ticksPerSecond).rounded(), openFileDescriptors: Double(openFileDescriptors),
            maxFileDescriptors: openFileLimit())
    }

    /// The soft limit of open files, from /proc/self/limits.
    static func openFileLimit() -> Double? {
        guard let limits = try? String(contentsOfFile: "/proc/self/limits", encoding: .utf8),
              let line = limits.split(separator: "\n").first(where: { $0.hasPrefix("Max open files") }) else { return nil }
        let columns = line.dropFirst("Max open files".count).split(separator: " ")
        return columns.first.flatMap { Double($0) }
    }
}
