import Foundation

/// What a process uses, from the kernel (Linux): the benchmarks' one reader of it.
enum ProcessUsage {
    /// A `/proc/PID/status` field in KiB, 0 when it cannot be read. VmRSS: resident now; VmHWM:
    /// the peak; RssAnon: the heap and stacks; RssFile: the binary's and libraries' pages.
    static func statusKiB(_ field: String, of pid: String = "self") -> Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }) else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }

    /// User and system CPU seconds of this process so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
