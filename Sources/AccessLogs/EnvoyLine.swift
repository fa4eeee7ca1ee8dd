import KubeModel

/// Envoy's (Contour's, Istio's) JSON access log with the default keys.
enum EnvoyLine {
    static func parse(_ line: UnsafeBufferPointer<UInt8>, into record: inout LogRecord) -> SkipReason? {
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
                    default: break
                    }
                }
            }
        } catch {
            return .notJSON
        }
        return LogFields.fillJSON(&record, host: host, time: time, status: status, badStatus: badStatus, method: method, path: path)
    }
}
