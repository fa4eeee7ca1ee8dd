/// ingress-nginx's default `log-format-upstream`:
/// `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent ...`.
/// Only the fields up to the status are read; what follows may be anything.
enum NginxLine {
    static func parse(_ line: UnsafeBufferPointer<UInt8>, into record: inout LogRecord) -> SkipReason? {
        record.router = UnsafeBufferPointer(start: nil, count: 0)
        let n = line.count
        var i = 0
        func until(_ byte: UInt8) -> Int? {
            var j = i
            while j < n, line[j] != byte { j += 1 }
            return j < n ? j : nil
        }
        guard let addressEnd = until(0x20) else { return .notNginx }
        let host = UnsafeBufferPointer(rebasing: line[0..<addressEnd])
        // " - $remote_user [" : the user may be "-" or a name without spaces.
        i = addressEnd + 1
        guard i + 2 < n, line[i] == UInt8(ascii: "-"), line[i + 1] == 0x20 else { return .notNginx }
        i += 2
        guard let userEnd = until(0x20) else { return .notNginx }
        i = userEnd + 1
        guard i < n, line[i] == UInt8(ascii: "["), let timeEnd = until(UInt8(ascii: "]")) else { return .notNginx }
        let time = UnsafeBufferPointer(rebasing: line[(i + 1)..<timeEnd])
        i = timeEnd + 1
        guard i + 1 < n, line[i] == 0x20, line[i + 1] == UInt8(ascii: "\"") else { return .notNginx }
        i += 2
        // The request ends at the first quote followed by a space; nginx escapes quotes inside as \x22.
        let requestStart = i
        guard let requestEnd = until(UInt8(ascii: "\"")) else { return .notNginx }
        i = requestEnd + 1
        guard i < n, line[i] == 0x20 else { return .notNginx }
        i += 1
        let statusStart = i
        while i < n, line[i] != 0x20 { i += 1 }
        guard let status = UnsafeBufferPointer(rebasing: line[statusStart..<i]).statusCode else { return .badStatus }
        // "GET /path HTTP/1.1"
        var j = requestStart
        while j < requestEnd, line[j] != 0x20 { j += 1 }
        guard j < requestEnd else { return .badRequest }
        let method = UnsafeBufferPointer(rebasing: line[requestStart..<j])
        let pathStart = j + 1
        var k = pathStart
        while k < requestEnd, line[k] != 0x20 { k += 1 }
        let path = UnsafeBufferPointer(rebasing: line[pathStart..<k])
        guard path.first == UInt8(ascii: "/"), method.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else { return .badRequest }
        return LogFields.fill(&record, host: host, time: LogTime.nginx(time), status: Int64(status), method: method, path: path)
    }
}
