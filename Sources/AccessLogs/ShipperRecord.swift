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
                    guard carried == nil, key.matches("log") || key.matches("message"),
                          try reader.peekKind() == .string else { return }
                    carried = try reader.readString()
                }
            }
        } catch {
            return nil
        }
        guard var carried else { return body(record) }
        return carried.withUTF8 { body($0) }
    }
}
