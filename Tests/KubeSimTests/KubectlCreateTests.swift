import Foundation
import KubeModel
@testable import KubeSim
import Testing

/// The verbs a user tries first, with a real kubectl: `kubectl create namespace` and `create
/// serviceaccount` send protobuf (which KubeSim answered with "body is not valid JSON"); `label`
/// sends a patch (apply is KustomizeApplyTests'). KubeSim reads what kubectl's generators send,
/// and refuses what the real server refuses, in its words.
@Suite struct KubectlCreateTests {
    @Test func createLabelAndApplyWorkAsOnARealServer() async throws {
        guard let executable = Kubectl.required(by: "the kubectl create test") else { return }
        try await withAPIServer { server in
            let kubectl = try Kubectl.configured(executable: executable, for: server)
            let namespace = try await kubectl.run("create", "namespace", "team-a")
            #expect(namespace.status == 0 && namespace.output.contains("namespace/team-a created"), "\(namespace.output)")
            let account = try await kubectl.run("create", "serviceaccount", "bot", "-n", "team-a")
            #expect(account.status == 0 && account.output.contains("serviceaccount/bot created"), "\(account.output)")
            let labelled = try await kubectl.run("label", "namespace", "team-a", "env=dev")
            #expect(labelled.status == 0, "\(labelled.output)")
            let types = try #require(server.cluster.resourceType(group: "", version: "v1", plural: "namespaces"))
            let stored = try #require(try server.cluster.object(types, namespace: nil, name: "team-a"))
            #expect(stored.value(atPath: "metadata.labels.env") == "dev")
            #expect(stored.value(atPath: "status.phase") == "Active")
            let refused = try await kubectl.run("create", "namespace", "Bad")
            #expect(refused.status != 0)
            #expect(refused.output.contains(#"The Namespace "Bad" is invalid: metadata.name: Invalid value: "Bad": a lowercase RFC 1123 label"#),
                    "\(refused.output)")
        }
    }

    /// The protobuf reader on its own: the envelope, metadata maps, and refusals that say why.
    @Test func protobufBodiesAreReadOrRefusedWithAReason() throws {
        func field(_ number: Int, _ bytes: [UInt8]) -> [UInt8] { [UInt8(number << 3 | 2), UInt8(bytes.count)] + bytes }
        func text(_ number: Int, _ value: String) -> [UInt8] { field(number, Array(value.utf8)) }
        let meta = text(1, "web") + field(11, text(1, "app") + text(2, "shop"))
        let typeMeta = text(1, "v1") + text(2, "Namespace")
        let body = ProtobufBody.magic + field(1, typeMeta) + field(2, field(1, meta))
        let decoded = try ProtobufBody.decode(body)
        #expect(decoded == ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "web", "labels": ["app": "shop"]]])
        let configMap = ProtobufBody.magic + field(1, text(1, "v1") + text(2, "ConfigMap")) + field(2, field(1, meta))
        #expect(throws: APIFailure.self) { try ProtobufBody.decode(configMap) }
        #expect(throws: APIFailure.self) { try ProtobufBody.decode(Array(body.dropLast(3))) }
        #expect(throws: APIFailure.self) { try ProtobufBody.decode(Array("{}".utf8)) }
    }
}
