/// corev1.ObjectReference: what an Event is about.
package struct ObjectReference: Codable, Sendable, Hashable {
    package var apiVersion: String?
    package var kind: String?
    package var name: String?
    package var namespace: String?
    package var uid: String?
    package var resourceVersion: String?
    package var fieldPath: String?

    package init(apiVersion: String? = nil, kind: String? = nil, name: String? = nil, namespace: String? = nil,
                uid: String? = nil, resourceVersion: String? = nil, fieldPath: String? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.uid = uid
        self.resourceVersion = resourceVersion
        self.fieldPath = fieldPath
    }
}
