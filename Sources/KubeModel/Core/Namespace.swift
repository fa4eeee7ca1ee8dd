/// corev1.Namespace.
package struct Namespace: Codable, Sendable, Hashable {
    package var apiVersion: String?
    package var kind: String?
    package var metadata: ObjectMeta
    package var status: NamespaceStatus?

    package init(metadata: ObjectMeta, status: NamespaceStatus? = nil) {
        self.apiVersion = "v1"
        self.kind = "Namespace"
        self.metadata = metadata
        self.status = status
    }
}

package struct NamespaceStatus: Codable, Sendable, Hashable {
    package var phase: String?

    package init(phase: String? = nil) { self.phase = phase }
}
