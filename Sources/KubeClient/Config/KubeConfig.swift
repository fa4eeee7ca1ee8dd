import Foundation
import YAMLInput

/// Reads a kubeconfig: the current context or a named one. Relative paths in the
/// file resolve against the file's folder, as kubectl resolves them.
package struct KubeConfig: Sendable {
    package var configuration: ClientConfiguration
    /// The context's namespace, if it names one.
    package var namespace: String?
    package var contextName: String

    package static func load(path: String, context: String? = nil) throws -> KubeConfig {
        let text: String
        do {
            text = try TextFile.read(path)
        } catch {
            throw KubeError(code: .configuration, message: "kubeconfig \(error)")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            return try parse(yaml: text, context: context, baseDirectory: directory)
        } catch let error as KubeError where error.code == .configuration && error.message.hasPrefix("kubeconfig ") {
            // Name the file, as kubectl does.
            var named = error
            named.message = "kubeconfig \(path)" + error.message.dropFirst("kubeconfig".count)
            throw named
        }
    }

    /// The kubeconfig named by `KUBECONFIG` (its first existing entry), else `~/.kube/config`.
    package static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let list = environment["KUBECONFIG"], !list.isEmpty {
            return list.split(separator: ":").map(String.init).first { FileManager.default.fileExists(atPath: $0) }
        }
        guard let home = environment["HOME"] else { return nil }
        let path = home + "/.kube/config"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    package static func parse(yaml: String, context requested: String? = nil, baseDirectory: String) throws -> KubeConfig {
        let file: KubeConfigFile
        do {
            file = try YAMLDocument.decode(KubeConfigFile.self, from: yaml)
        } catch {
            throw KubeError(code: .configuration, message: "kubeconfig is not valid: \(error.message)")
        }
        guard let contextName = requested ?? file.currentContext, !contextName.isEmpty else {
            throw KubeError(code: .configuration, message: "kubeconfig has no current-context and none was named")
        }
        guard let context = file.contexts?.first(where: { $0.name == contextName })?.context else {
            throw KubeError(code: .configuration, message: "kubeconfig has no context \(contextName)")
        }
        guard let cluster = file.clusters?.first(where: { $0.name == context.cluster })?.cluster else {
            throw KubeError(code: .configuration, message: "kubeconfig has no cluster \(context.cluster)")
        }
        let user = context.user.flatMap { name in file.users?.first(where: { $0.name == name })?.user }

        func resolve(_ path: String) -> String {
            path.hasPrefix("/") ? path : baseDirectory + "/" + path
        }

        var configuration = ClientConfiguration(server: cluster.server)
        configuration.insecureSkipTLSVerify = cluster.insecureSkipTLSVerify ?? false
        configuration.tlsServerName = cluster.tlsServerName
        configuration.certificateAuthority = try material(
            data: cluster.certificateAuthorityData, file: cluster.certificateAuthority.map(resolve), what: "certificate-authority")
        if let user {
            configuration.clientCertificate = try material(
                data: user.clientCertificateData, file: user.clientCertificate.map(resolve), what: "client-certificate")
            if let key = try material(data: user.clientKeyData, file: user.clientKey.map(resolve), what: "client-key") {
                configuration.clientKey = Secret(String(decoding: key, as: UTF8.self))
            }
            if let token = user.token, !token.isEmpty {
                configuration.credentials = .token(Secret(token))
            } else if let tokenFile = user.tokenFile {
                configuration.credentials = .tokenFile(resolve(tokenFile))
            } else if let exec = user.exec {
                var env: [String: String] = [:]
                for variable in exec.env ?? [] { env[variable.name] = variable.value }
                // A bare command name is looked up on PATH; a relative path resolves against the file.
                let command = exec.command.contains("/") ? resolve(exec.command) : exec.command
                var plugin = ExecConfig(command: command, args: exec.args ?? [], env: env,
                                        apiVersion: exec.apiVersion ?? "client.authentication.k8s.io/v1")
                plugin.installHint = exec.installHint
                configuration.credentials = .exec(plugin)
            }
        }
        return KubeConfig(configuration: configuration, namespace: context.namespace, contextName: contextName)
    }

    /// Inline base64 data wins over a file, as in client-go.
    static func material(data: String?, file: String?, what: String) throws -> [UInt8]? {
        if let data, !data.isEmpty {
            guard let decoded = Data(base64Encoded: data, options: .ignoreUnknownCharacters) else {
                throw KubeError(code: .configuration, message: "\(what)-data is not valid base64")
            }
            return Array(decoded)
        }
        guard let file else { return nil }
        do {
            return Array(try Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            throw KubeError(code: .configuration, message: "cannot read \(what) file \(file)", cause: error)
        }
    }
}
