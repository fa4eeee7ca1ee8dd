/// How a Table request wants its rows: `meta.k8s.io/v1` TableOptions from the query string.
struct TableOptions: Sendable, Equatable {
    /// What each row's `object` holds.
    enum IncludeObject: String, Sendable {
        case none = "None"
        /// A PartialObjectMetadata: the default, as upstream.
        case metadata = "Metadata"
        case object = "Object"
    }

    var version: String
    var includeObject: IncludeObject

    /// `includeObject` absent or empty means Metadata; any other unknown value is refused
    /// with kube-apiserver's message.
    init(version: String, query: [String: String]) throws(APIFailure) {
        self.version = version
        let requested = query["includeObject"] ?? ""
        if requested.isEmpty {
            includeObject = .metadata
        } else if let known = IncludeObject(rawValue: requested) {
            includeObject = known
        } else {
            throw APIFailure.badRequest("Unable to convert to Table as requested: includeObject: Unsupported value: \"\(requested)\": supported values: \"Metadata\", \"None\", \"Object\"")
        }
    }

    var apiVersion: String { "meta.k8s.io/\(version)" }
}
