import KubeModel

/// Traefik v2/v3's JSON access log (`accessLog.format: json`): one object a line.
enum TraefikLine {
    /// `carried`: set to the object's `log` or `message` string, if it has one (a shipper's
    /// record that carries the line), in the same pass. The fields are read either way: a
    /// caller reading shipper records (`LogFormat.withRecord`) then uses the carried line
    /// instead; one reading access-log lines ignores it, as a key the format does not have.
    static func parse(_ line: UnsafeBufferPointer<UInt8>, into record: inout LogRecord, carried: inout String?) -> SkipReason? {
        var host: UnsafeBufferPointer<UInt8>?, time: UnsafeBufferPointer<UInt8>?
        var status: Int64?, method: UnsafeBufferPointer<UInt8>?, path: UnsafeBufferPointer<UInt8>?
        record.router = UnsafeBufferPointer(start: nil, count: 0)
        var badStatus = false
        do {
            try JSONReader.read(line) { reader in
                try reader.readObject { reader, key in
                    // Keys are told apart by length first: most of a line's keys are skipped.
                    switch key.byteCount {
                    case 10 where key.matches("ClientHost"): host = try reader.readStringBytes().bytes
                    case 8 where key.matches("StartUTC"): time = try reader.readStringBytes().bytes
                    case 13 where key.matches("RequestMethod"): method = try reader.readStringBytes().bytes
                    case 11 where key.matches("RequestPath"): path = try reader.readStringBytes().bytes
                    case 10 where key.matches("RouterName"):
                        if try reader.peekKind() == .string { record.router = try reader.readStringBytes().bytes }
                    case 16 where key.matches("DownstreamStatus"):
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

/// The checks every reader shares once it has found its fields.
enum LogFields {
    /// The JSON readers' end (Traefik, Envoy): every field found, the status an integer, the
    /// time RFC 3339.
    @inline(__always) static func fillJSON(_ record: inout LogRecord, host: UnsafeBufferPointer<UInt8>?,
                                           time: UnsafeBufferPointer<UInt8>?, status: Int64?, badStatus: Bool,
                                           method: UnsafeBufferPointer<UInt8>?, path: UnsafeBufferPointer<UInt8>?) -> SkipReason? {
        guard let host, let time, let method, let path else { return .missingField }
        if badStatus { return .badStatus }
        guard let status else { return .missingField }
        return fill(&record, host: host, time: LogTime.rfc3339(time), status: status, method: method, path: path)
    }

    @inline(__always) static func fill(_ record: inout LogRecord, host: UnsafeBufferPointer<UInt8>, time: Double?,
                                       status: Int64, method: UnsafeBufferPointer<UInt8>,
                                       path: UnsafeBufferPointer<UInt8>) -> SkipReason? {
        guard let time else { return .badTime }
        guard let address = ClientAddress.parse(host) else { return .badAddress }
        guard (100...599).contains(status) else { return .badStatus }
        guard !method.isEmpty, !path.isEmpty else { return .badRequest }
        record.time = time
        record.address = address
        record.status = Int(status)
        record.method = method
        record.path = path
        return nil
    }
}
