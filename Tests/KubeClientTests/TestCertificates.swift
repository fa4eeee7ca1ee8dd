import Foundation

/// A throwaway PKI made with the `openssl` command-line tool: a CA, a server certificate
/// for 127.0.0.1 and localhost, and a client certificate, all signed by the CA. PEM text
/// is read into memory and the key files are deleted at once.
struct TestCertificates: Sendable {
    var caCertificate: String
    var serverCertificate: String
    var serverKey: String
    /// A server certificate that names only `kube.internal`, as API servers behind a load
    /// balancer often have: reaching it by address needs `tls-server-name`.
    var namedServerCertificate: String
    var namedServerKey: String
    var clientCertificate: String
    var clientKey: String

    /// Made once per test process: key generation is the slow part.
    static let shared = Result { try TestCertificates() }

    static func get() throws -> TestCertificates { try shared.get() }

    init() throws {
        let directory = NSTemporaryDirectory() + "costguard-pki-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let openssl = OpenSSL(directory: directory)

        try openssl.key("ca.key")
        try openssl.run("req", "-new", "-x509", "-key", "ca.key", "-subj", "/CN=costguard-test-ca", "-days", "2",
                        "-config", openssl.requestConfig(), "-addext", "basicConstraints=critical,CA:TRUE",
                        "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", "ca.crt")
        try openssl.issue("server", subject: "/CN=127.0.0.1", extensions: """
            basicConstraints = critical, CA:FALSE
            keyUsage = critical, digitalSignature, keyEncipherment
            extendedKeyUsage = serverAuth
            subjectAltName = IP:127.0.0.1, DNS:localhost
            """)
        try openssl.issue("named", subject: "/CN=kube.internal", extensions: """
            basicConstraints = critical, CA:FALSE
            keyUsage = critical, digitalSignature, keyEncipherment
            extendedKeyUsage = serverAuth
            subjectAltName = DNS:kube.internal
            """)
        // kube-apiserver reads the user from CN and groups from O.
        try openssl.issue("client", subject: "/O=system:masters/CN=costguard-test", extensions: """
            basicConstraints = critical, CA:FALSE
            keyUsage = critical, digitalSignature
            extendedKeyUsage = clientAuth
            """)

        caCertificate = try openssl.read("ca.crt")
        serverCertificate = try openssl.read("server.crt")
        serverKey = try openssl.read("server.key")
        namedServerCertificate = try openssl.read("named.crt")
        namedServerKey = try openssl.read("named.key")
        clientCertificate = try openssl.read("client.crt")
        clientKey = try openssl.read("client.key")
    }
}

/// Runs `openssl` in one directory and fails loudly with its stderr.
private struct OpenSSL {
    let directory: String

    func key(_ name: String) throws {
        // P-256 keys are generated in milliseconds, RSA ones take much longer.
        try run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", name)
    }

    /// A key, a CSR and a certificate signed by ca.crt with the given v3 extensions.
    func issue(_ name: String, subject: String, extensions: String) throws {
        try key("\(name).key")
        try run("req", "-new", "-key", "\(name).key", "-subj", subject,
                "-config", requestConfig(), "-out", "\(name).csr")
        try run("x509", "-req", "-in", "\(name).csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                "-set_serial", String(UInt32.random(in: 1...UInt32.max)), "-days", "2",
                "-extfile", write("\(name).ext", extensions), "-out", "\(name).crt")
    }

    /// An empty request config, so the system's openssl.cnf adds no extensions of its own.
    func requestConfig() throws -> String {
        try write("req.cnf", "[req]\ndistinguished_name = dn\n[dn]\n")
    }

    func write(_ name: String, _ text: String) throws -> String {
        try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
        return name
    }

    func read(_ name: String) throws -> String {
        try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
    }

    func run(_ arguments: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw OpenSSLFailed(arguments: arguments, status: process.terminationStatus,
                                stderr: String(decoding: message, as: UTF8.self))
        }
    }
}

struct OpenSSLFailed: Error, CustomStringConvertible {
    var arguments: [String]
    var status: Int32
    var stderr: String
    var description: String {
        "openssl \(arguments.joined(separator: " ")) exited \(status) (is openssl installed?): \(stderr)"
    }
}
