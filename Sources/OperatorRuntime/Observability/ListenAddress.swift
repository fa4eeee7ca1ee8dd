/// A host and port to listen on, parsed from a bind-address flag the way controller-runtime reads
/// `--metrics-bind-address` and `--health-probe-bind-address`: `":8080"` (all interfaces),
/// `"127.0.0.1:8080"`, `"[::1]:8080"`, port 0 for any free port, and `"0"` (or empty) to disable.
package struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// The host to bind; `0.0.0.0` for "all interfaces".
    package var host: String
    /// The port to bind; 0 lets the system pick a free one.
    package var port: Int

    package init(host: String = "0.0.0.0", port: Int) {
        self.host = host
        self.port = port
    }

    package var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Reads one bind-address flag. Returns nil when the value disables the endpoint (`"0"` or empty).
    /// - Parameter flag: the flag's name, as the user typed it (e.g. `--metrics-bind-address`), for the error.
    package static func parse(_ value: String, flag: String) throws(ListenAddressError) -> ListenAddress? {
        if value == "0" || value.isEmpty { return nil }
        func failure(_ reason: String) -> ListenAddressError {
            ListenAddressError(flag: flag, value: value, reason: reason)
        }
        guard let colon = value.lastIndex(of: ":") else {
            throw failure("expected host:port or :port (or 0 to disable)")
        }
        var host = String(value[..<colon])
        let portText = value[value.index(after: colon)...]
        if host.hasPrefix("[") {
            guard host.hasSuffix("]"), host.count > 2 else { throw failure("unbalanced brackets around the IPv6 host") }
            host = String(host.dropFirst().dropLast())
        } else if host.contains(":") {
            throw failure("an IPv6 host must be in brackets, as in [::1]:8080")
        } else if host.contains("]") {
            throw failure("unbalanced brackets around the IPv6 host")
        }
        if host.isEmpty { host = "0.0.0.0" }
        guard !host.contains(where: { $0 == " " || $0 == "/" }) else { throw failure("the host \"\(host)\" is not a hostname or IP address") }
        guard !portText.isEmpty, portText.allSatisfy({ $0.isASCII && $0.isNumber }), portText.count <= 5,
              let port = Int(portText), port <= 65535
        else {
            throw failure("the port \"\(portText)\" is not a number from 0 to 65535")
        }
        return ListenAddress(host: host, port: port)
    }
}

/// A bind-address flag that could not be read; says which flag, what it held and why it is wrong.
package struct ListenAddressError: Error, Hashable, CustomStringConvertible {
    package var flag: String
    package var value: String
    package var reason: String

    package init(flag: String, value: String, reason: String) {
        self.flag = flag
        self.value = value
        self.reason = reason
    }

    package var description: String { "invalid value \"\(value)\" for \(flag): \(reason)" }
}
