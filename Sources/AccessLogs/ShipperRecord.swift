import KubeModel

/// One record of a shipper's newline-delimited JSON `POST` (Fluent Bit's `http` output with
/// `format json_lines`, Vector's `http` sink with the `json` codec and newline-delimited framing).
/// The access-log line is the record's `log` string (Fluent Bit's tail and Kubernetes inputs) or
/// its `message` string (Vector's sources); a record with neither is the access log's own JSON
/// object (Fluent Bit or Vector after a JSON parser), whose extra keys the readers skip.
package enum ShipperRecord {
    /// Calls `body` with the access-log line `record` carries; nil when the record is not a JSON
    /// object (skipped as `SkipReason.notJSON`).
    package static func withLogLine<Result>(_ record: UnsafeBufferPointer<UInt8>,
                                            _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        var carried: String?
        do {
            try JSONReader.read(record) { reader in
                try reader.readObject { reader, key in
                    if isLineKey(key) { try readLine(&reader, into: &carried) }
                }
            }
        } catch {
            return nil
        }
        guard var carried else { return body(record) }
        return carried.withUTF8 { body($0) }
    }

    /// The keys a record carries its line in: `log` (Fluent Bit) and `message` (Vector).
    @inline(__always) static func isLineKey(_ key: JSONKey) -> Bool {
        (key.byteCount == 3 && key.matches("log")) || (key.byteCount == 7 && key.matches("message"))
    }

    /// Reads a line key's value as the carried line when it is a string and none came before it
    /// (the first one wins); any other value is left to the caller's reader to skip.
    @inline(__always) static func readLine(_ reader: inout JSONReader, into carried: inout String?) throws {
        if carried == nil, try reader.peekKind() == .string { carried = try reader.readString() }
    }
}

extension ShipperRecord {
    /// The records of a body that is one JSON array (Fluent Bit's `format json`, Vector's `json`
    /// codec with its default array framing), each copied out undecoded; nil when the body is not
    /// an array (then it is newline-delimited). A body that starts as an array but is not valid
    /// JSON is an error, before any record is used, so a shipper's retry never counts twice.
    package static func arrayRecords(_ body: UnsafeBufferPointer<UInt8>) throws(ShipperBodyError) -> [[UInt8]]? {
        guard let first = body.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }), first == UInt8(ascii: "[") else {
            return nil
        }
        var records: [[UInt8]] = []
        do {
            try JSONReader.read(body) { reader in
                try reader.readArray { reader in records.append(try reader.readRawValue()) }
            }
        } catch {
            throw ShipperBodyError(reason: "the body starts as a JSON array of records but is not valid JSON (\(error))")
        }
        return records
    }
}

package struct ShipperBodyError: Error, Sendable, CustomStringConvertible {
    package var reason: String
    package var description: String { reason }
}
