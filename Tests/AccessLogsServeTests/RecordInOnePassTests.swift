import AccessLogs
@testable import AccessLogsServe
import Foundation
import Testing

/// A JSON format reads a shipper's record in one pass (`LogFormat.withRecord`), with the rules
/// `ShipperRecord` states: a `log` or `message` string is the line, whatever else the record holds;
/// a record without one is the access log's own object.
@Suite struct RecordInOnePassTests {
    static let line = #"{"ClientHost":"198.51.100.7","DownstreamStatus":404,"RequestMethod":"GET","RequestPath":"/a","StartUTC":"2026-03-02T08:00:01Z"}"#
    static let other = #"{"ClientHost":"203.0.113.9","DownstreamStatus":200,"RequestMethod":"POST","RequestPath":"/b","StartUTC":"2026-03-02T08:00:02Z"}"#

    static func escaped(_ text: String) -> String {
        String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
    }

    /// What `withRecord` gives: the reason, the status and path, and the address.
    func read(_ record: String) -> (reason: SkipReason?, status: Int, path: String, address: ClientAddress)? {
        var copy = record
        var result: (SkipReason?, Int, String, ClientAddress)?
        let handled = copy.withUTF8 { bytes in
            LogFormat.traefik.withRecord(bytes) { reason, fields in
                result = (reason, fields.status, String(decoding: fields.path, as: UTF8.self), fields.address)
            }
        }
        guard handled else { return nil }
        return result
    }

    @Test func theCarriedLineWinsOverTheRecordsOwnKeys() throws {
        // Fluent Bit's parser filter with Reserve_Data keeps `log` beside the parsed keys.
        let record = String(Self.other.dropLast()) + #","log":"# + Self.escaped(Self.line) + "}"
        let carried = try #require(read(record))
        #expect(carried.reason == nil && carried.status == 404 && carried.path == "/a")
        #expect(carried.address == Array("198.51.100.7".utf8).withUnsafeBufferPointer { ClientAddress.parse($0) })
    }

    @Test func aRecordWithoutALineIsTheLogsOwnObject() throws {
        let own = try #require(read(#"{"date":1772438400.25,"# + Self.line.dropFirst()))
        #expect(own.reason == nil && own.status == 404 && own.path == "/a")
        // `message` that is not a string is one of the object's own keys.
        let kept = try #require(read(String(Self.line.dropLast()) + #","message":{"k":1}}"#))
        #expect(kept.reason == nil && kept.path == "/a")
    }

    @Test func aCarriedLineThatCannotBeReadIsSkippedForItsOwnReason() throws {
        let short = try #require(read(#"{"message":"# + Self.escaped(#"{"ClientHost":"198.51.100.7"}"#) + "}"))
        #expect(short.reason == .missingField)
        // A record cut after its `log` is not JSON, and its line is not used.
        let cut = try #require(read(#"{"log":"# + Self.escaped(Self.line) + #","da"#))
        #expect(cut.reason == .notJSON)
        // nginx lines are text: the record's string is found by ShipperRecord instead.
        var text = #"{"log":"x"}"#
        #expect(text.withUTF8 { LogFormat.nginx.withRecord($0) { _, _ in } } == false)
    }

    /// Read as an access-log line (a file, or a line a record carried), a `log` or `message`
    /// string is a key the format does not have: the line's own fields are read, as before the
    /// one-pass reader.
    @Test func aLineReadAsALineKeepsItsFieldsWhateverStringItCarries() throws {
        var line = String(Self.line.dropLast()) + #","message":"started"}"#
        var record = LogRecord()
        let reason = line.withUTF8 { LogFormat.traefik.parse($0, into: &record) }
        #expect(reason == nil)
        #expect(record.status == 404 && String(decoding: record.path, as: UTF8.self) == "/a")
    }
}
