import KubeModel

/// Envoy's (Contour's, Istio's) JSON access log with the default keys.
enum EnvoyLine {
    /// `carried`: set to the object's `log` or `message` string, if it has one (a shipper's
    /// record that carries the line), in the same pass. The fields are read either way: a
    /// caller reading shipper records (`LogFormat.withRecord`) then uses the carried line
    /// instead; one reading access-log lines ignores it, as a key the format does not have.
    static func parse(_ line: UnsafeBufferPointer<UInt8>, into record: inout LogRecord, carried: inout String?) -> SkipReason? {
        var host: UnsafeBufferPointer<UInt8>?, time: UnsafeBufferPointer<UInt8>?
        var status: Int64?, method: UnsafeBufferPointer<UInt8>?, path: UnsafeBufferPointer<UInt8>?
        var badStatus = false
        record.router = UnsafeBufferPointer(start: nil, count: 0)
        do {
            try JSONReader.read(line) { reader in
                try reader.readObject { reader, key in
                    switch key.byteCount {
                    case 25 where key.matches("downstream_remote_address"): host = try reader.readStringBytes().bytes
                    case 10 where key.matches("start_time"): time = try reader.readStringBytes().bytes
                    case 6 where key.matches("method"): method = try reader.readStringBytes().bytes
                    case 4 where key.matches("path"):
                        if try reader.peekKind() == .string { path = try reader.readStringBytes().bytes }
                    case 13 where key.matches("response_code"):
                        do { status = try reader.readIntegerInPlace() } catch { badStatus = true; try reader.skipValue() }
                    default:
                        if ShipperRecord.isLineKey(key) { try ShipperRecord.readLine(&reader, into: &carried) }
                    }
                }
            }
        } catch {
            // A record that is not whole JSON carries nothing, even if its `log` was read.
            carried = nil
            return .notJSON
        }
        return LogFields.fillJSON(&record, host: host, time: time, status: status, badStatus: badStatus, method: method, path: path)
    }
}
