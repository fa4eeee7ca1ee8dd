/// The attributes of a resource request read from its method, path and query alone, as the
/// real server's request-info parser does before anything is routed (so a request for an API
/// the cluster does not serve is still authorized, and a user not allowed it gets 403, not 404).
extension ResourceAttributes {
    /// `segments` is the path split at `/` (`["apis", group, version, ...]` or `["api", version, ...]`);
    /// nil when it is not a resource request (discovery, /version, /healthz, ...).
    init?(method: String, segments: [String], query: [String: String]) {
        let group: String
        var parts: [String]
        switch segments.first {
        case "api" where segments.count >= 3:
            group = ""
            parts = Array(segments.dropFirst(2))
        case "apis" where segments.count >= 4:
            group = segments[1]
            parts = Array(segments.dropFirst(3))
        default:
            return nil
        }
        var namespace: String?
        if parts[0] == "namespaces", parts.count > 1 {
            namespace = parts[1]
            // namespaces/<name>/status and /finalize are the Namespace's own subresources.
            if parts.count > 2, parts[2] != "status", parts[2] != "finalize" { parts = Array(parts.dropFirst(2)) }
        }
        var name = parts.count > 1 ? parts[1] : nil
        let subresource = parts.count > 2 ? parts[2] : nil
        var verb: String
        switch method {
        case "POST": verb = "create"
        case "GET", "HEAD": verb = "get"
        case "PUT": verb = "update"
        case "PATCH": verb = "patch"
        case "DELETE": verb = "delete"
        default: verb = ""
        }
        if name == nil {
            if verb == "get" { verb = query["watch"] == "true" || query["watch"] == "1" ? "watch" : "list" }
            if verb == "delete" { verb = "deletecollection" }
            // A list or watch of one object by metadata.name is authorized as that object's.
            if verb == "list" || verb == "watch", let selector = query["fieldSelector"] {
                for term in selector.split(separator: ",") {
                    let pair = term.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    if pair.count == 2, pair[0] == "metadata.name" { name = String(pair[1].hasPrefix("=") ? pair[1].dropFirst() : pair[1]) }
                }
            }
        }
        self.init(verb: verb, group: group, resource: parts[0], subresource: subresource, namespace: namespace, name: name)
    }
}
