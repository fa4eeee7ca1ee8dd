import ScenarioIO
/// Several logs read as one: each file's next request is held, and the earliest of them goes
/// first, so files split by time or by line, given in any order, are one stream by time.
package final class LogSources {
    private final class Source {
        let reader: LogLineReader
        var record = LogRecord()
        var ready = false
        init(reader: LogLineReader) { self.reader = reader }
    }

    private let sources: [Source]
    private let format: LogFormat

    package init(paths: [String], format: LogFormat) throws(IngestError) {
        var sources: [Source] = []
        for path in paths { sources.append(Source(reader: try LogLineReader(path: path))) }
        self.sources = sources
        self.format = format
    }

    package var bytesRead: Int { sources.reduce(0) { $0 + $1.reader.bytesRead } }

    /// Feeds every request to `ingest` and closes its last intervals.
    package func run(into ingest: LogIngest) throws {
        if sources.count == 1 {
            let source = sources[0]
            while let line = try source.reader.next() {
                try feed(line, source, ingest)
                if source.ready {
                    try ingest.add(source.record, file: source.reader.name, line: source.reader.lineNumber)
                    source.ready = false
                }
            }
        } else {
            for source in sources { try advance(source, ingest) }
            while true {
                var earliest: Source?
                for source in sources where source.ready {
                    if earliest == nil || source.record.time < earliest!.record.time { earliest = source }
                }
                guard let source = earliest else { break }
                try ingest.add(source.record, file: source.reader.name, line: source.reader.lineNumber)
                source.ready = false
                try advance(source, ingest)
            }
        }
        try ingest.finish()
    }

    @inline(__always) private func feed(_ line: UnsafeBufferPointer<UInt8>, _ source: Source, _ ingest: LogIngest) throws {
        if line.isEmpty { return }
        if let reason = format.parse(line, into: &source.record) {
            ingest.skip(reason, file: source.reader.name, line: source.reader.lineNumber)
        } else {
            source.ready = true
        }
    }

    /// Reads `source` up to its next readable request, counting what it skips.
    private func advance(_ source: Source, _ ingest: LogIngest) throws {
        while !source.ready, let line = try source.reader.next() { try feed(line, source, ingest) }
    }
}
