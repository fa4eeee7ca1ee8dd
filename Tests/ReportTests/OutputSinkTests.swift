import FileOutput
import Foundation
import Report
import Testing

/// A report's tail must never be lost silently: closing the sink writes what is buffered and
/// throws when the disk is full, instead of a `try?` in deinit dropping the error.
@Suite struct OutputSinkTests {
    @Test func closingOnAFullDiskThrows() throws {
        try #require(FileManager.default.fileExists(atPath: "/dev/full"), "/dev/full is Linux's always-full device")
        let sink = try OutputSink(path: "/dev/full")
        try sink.write("a report tail smaller than the buffer\n")
        #expect(throws: OutputSink.Failure.self) { try sink.close() }
    }

    @Test func closeWritesTheBufferedTail() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sink-\(UUID()).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sink = try OutputSink(path: path)
        try sink.write("tail\n")
        try sink.close()
        try sink.close()  // once closed, again is nothing
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "tail\n")
    }
}
