import KubeModel

/// Maps a request to discovery or to a verb on a resource, records it, applies
/// injected faults, and answers. All state lives in `ClusterState`.
struct Router: Sendable {
    let cluster: ClusterState
    let serverAddress: String

    /// Where a resource request points.
    struct Target {
        var type: ResourceType
        var namespace: String?
        var name: String?
        var subresource: String?
    }

    func handle(_ request: SimRequest) async -> SimReply {
        do {
            return try await route(request)
        } catch let failure as APIFailure {
            var headers: [(String, String)] = []
            if let retryAfter = failure.retryAfterSeconds { headers.append(("Retry-After", String(retryAfter))) }
            return .full(status: failure.code, body: failure.body, headers: headers)
        } catch {
            let failure = APIFailure(code: 500, reason: "InternalError", message: "Internal error occurred: \(error)")
            return .full(status: 500, body: failure.body, headers: [])
        }
    }

    func route(_ request: SimRequest) async throws -> SimReply {
        let segments = request.path.split(separator: "/").map(String.init)
        switch segments.first {
        case "version": return json(Discovery.version())
        case "openapi" where segments.count >= 2 && segments[1] == "v3":
            let rest = Array(segments.dropFirst(2))
            if rest.isEmpty { return json(OpenAPI.root(cluster.allTypes)) }
            if rest.count == 2, rest[0] == "api" { return json(OpenAPI.groupVersion(group: "", version: rest[1], types: cluster.allTypes)) }
            if rest.count == 3, rest[0] == "apis" {
                return json(OpenAPI.groupVersion(group: rest[1], version: rest[2], types: cluster.allTypes))
            }
            throw APIFailure.pathNotFound
        case "healthz", "readyz", "livez": return .full(status: 200, body: Array("ok".utf8), headers: [("Content-Type", "text/plain")])
        case "api":
            if segments.count == 1 { return json(Discovery.coreVersions(serverAddress: serverAddress)) }
            if segments.count == 2 { return json(Discovery.resources(group: "", version: segments[1], types: cluster.allTypes)) }
            return try await resource(request, group: "", version: segments[1], rest: Array(segments.dropFirst(2)))
        case "apis":
            if segments.count == 1 { return json(Discovery.groups(cluster.allTypes)) }
            let group = segments[1]
            if segments.count > 3 {
                // A resource of a group that may not exist: resource() authorizes it before it answers 404.
                return try await resource(request, group: group, version: segments[2], rest: Array(segments.dropFirst(3)))
            }
            let versions = cluster.allTypes.filter { $0.group == group }.map(\.version)
            guard !versions.isEmpty else { throw APIFailure.pathNotFound }
            if segments.count == 2 { return json(Discovery.group(name: group, versions: Array(Set(versions)).sorted())) }
            return json(Discovery.resources(group: group, version: segments[2], types: cluster.allTypes))
        default:
            throw APIFailure.pathNotFound
        }
    }

    func target(group: String, version: String, rest: [String]) throws -> Target {
        if rest.count >= 3, rest[0] == "namespaces",
           let type = cluster.type(group: group, version: version, plural: rest[2]), type.namespaced {
            return Target(type: type, namespace: rest[1], name: rest.count > 3 ? rest[3] : nil,
                          subresource: rest.count > 4 ? rest[4] : nil)
        }
        guard let plural = rest.first, let type = cluster.type(group: group, version: version, plural: plural) else {
            throw APIFailure.pathNotFound
        }
        return Target(type: type, namespace: nil, name: rest.count > 1 ? rest[1] : nil,
                      subresource: rest.count > 2 ? rest[2] : nil)
    }

    func verb(_ request: SimRequest, _ target: Target) -> String {
        switch (request.method, target.name) {
        case ("GET", nil): return request.query["watch"] == "true" || request.query["watch"] == "1" ? "watch" : "list"
        case ("GET", _): return "get"
        case ("POST", _): return "create"
        case ("PUT", _): return "update"
        case ("PATCH", _): return "patch"
        case ("DELETE", nil): return "deletecollection"
        case ("DELETE", _): return "delete"
        default: return request.method.lowercased()
        }
    }

    func resource(_ request: SimRequest, group: String, version: String, rest: [String]) async throws -> SimReply {
        let resolved = Result { try self.target(group: group, version: version, rest: rest) }
        var fault: Fault.Effect?
        if case .success(let target) = resolved {
            fault = cluster.record(RecordedRequest(verb: verb(request, target), group: group, resource: target.type.plural,
                                                   namespace: target.namespace, subresource: target.subresource, name: target.name,
                                                   hasAuthorization: request.header("Authorization") != nil,
                                                   userAgent: request.header("User-Agent")))
        }
        // RBAC, when a test turned it on: after the request is recorded (a denied one is in the log
        // too) and before a 404 for an API not served, as the real server authorizes before it routes.
        try cluster.authorize(authorization: request.header("Authorization"),
                              ResourceAttributes(method: request.method, segments: request.path.split(separator: "/").map(String.init),
                                                 query: request.query))
        let target = try resolved.get()
        let verb = verb(request, target)
        switch fault {
        case .status(let code, let retryAfter)?:
            let reason = code == 429 ? "TooManyRequests" : code >= 500 ? "InternalError" : "BadRequest"
            throw APIFailure(code: code, reason: reason, message: "injected fault",
                             details: retryAfter.map { StatusDetails(retryAfterSeconds: $0) }, retryAfterSeconds: retryAfter)
        case .delay(let duration)?:
            try await Task.sleep(for: duration)
        case .hang?:
            while true { try await Task.sleep(for: .seconds(3600)) }
        case nil:
            break
        }
        let type = target.type
        // Reads may ask for a Table instead (kubectl's server-side printing).
        let table = ["list", "watch", "get"].contains(verb) ? try tableOptions(request) : nil
        switch verb {
        case "list":
            var options = ListOptionsValidation(query: request.query, watch: false)
            _ = try options.initialEvents(streamingLists: cluster.servesStreamingLists)
            let body = try cluster.list(
                type, namespace: target.namespace, labelSelector: try labelSelector(request),
                fieldSelector: try fieldSelector(request), limit: request.query["limit"].flatMap { Int($0) },
                continueToken: request.query["continue"])
            return .full(status: 200, body: try table.map { try tableRenderer(for: type, options: $0).list(body) } ?? body,
                         headers: jsonHeaders)
        case "watch":
            var options = ListOptionsValidation(query: request.query, watch: true)
            let initialEvents = try options.initialEvents(streamingLists: cluster.servesStreamingLists)
            let (id, events) = try cluster.watch(type, namespace: target.namespace, labelSelector: try labelSelector(request),
                                                 fieldSelector: try fieldSelector(request),
                                                 resourceVersion: request.query["resourceVersion"],
                                                 initialEvents: initialEvents,
                                                 bookmarks: request.query["allowWatchBookmarks"].map(ListOptionsValidation.queryBool) ?? false)
            let stream = table.map { TableWatchStream.wrap(events, renderer: tableRenderer(for: type, options: $0)) } ?? events
            return .watch(id: id, type: type, stream: stream, timeoutSeconds: request.query["timeoutSeconds"].flatMap { Int($0) },
                          bookmarks: request.query["allowWatchBookmarks"] == "true")
        case "get":
            let object = try cluster.get(type, namespace: target.namespace, name: target.name!)
            if let subresource = target.subresource, subresource != "status" || !type.hasStatus {
                throw APIFailure.pathNotFound
            }
            let body = table.map { tableRenderer(for: type, options: $0).single(object.value) } ?? object.bytes
            return .full(status: 200, body: body, headers: jsonHeaders)
        case "create":
            guard target.subresource == nil else { throw APIFailure.methodNotAllowed("create is not supported on a subresource") }
            let created = try cluster.create(type, namespace: target.namespace, body: try body(request),
                                             dryRun: request.query["dryRun"] == "All",
                                             fieldValidation: request.query["fieldValidation"])
            return .full(status: 201, body: created.bytes, headers: jsonHeaders)
        case "update":
            let updated = try cluster.replace(type, namespace: target.namespace, name: target.name!,
                                              subresource: target.subresource, body: try body(request),
                                              fieldValidation: request.query["fieldValidation"])
            return .full(status: 200, body: updated.bytes, headers: jsonHeaders)
        case "patch":
            let contentType = (request.header("Content-Type") ?? "").split(separator: ";").first.map(String.init) ?? ""
            let patchType: ClusterState.PatchType
            switch contentType {
            case "application/merge-patch+json": patchType = .merge
            case "application/json-patch+json": patchType = .json
            case "application/strategic-merge-patch+json": patchType = .strategicMerge
            default: throw APIFailure.unsupportedMediaType(contentType)
            }
            let patched = try cluster.patchStored(type, namespace: target.namespace, name: target.name!,
                                                  subresource: target.subresource, patchType: patchType,
                                                  patch: try body(request), fieldValidation: request.query["fieldValidation"])
            return .full(status: 200, body: patched.bytes, headers: jsonHeaders)
        case "delete":
            var preconditions: (resourceVersion: String?, uid: String?) = (nil, nil)
            if !request.body.isEmpty {
                let options = try body(request)
                preconditions = (options.value(atPath: "preconditions.resourceVersion")?.stringValue,
                                 options.value(atPath: "preconditions.uid")?.stringValue)
            }
            let deleted = try cluster.delete(type, namespace: target.namespace, name: target.name!, preconditions: preconditions)
            return .full(status: 200, body: deleted.bytes, headers: jsonHeaders)
        default:
            throw APIFailure.methodNotAllowed("the server does not allow this method on the requested resource")
        }
    }

    var jsonHeaders: [(String, String)] { [("Content-Type", "application/json")] }

    func json(_ value: JSONValue) -> SimReply {
        .full(status: 200, body: value.serialized(), headers: jsonHeaders)
    }

    func body(_ request: SimRequest) throws -> JSONValue {
        let contentType = (request.header("Content-Type") ?? "").split(separator: ";").first.map(String.init) ?? ""
        if contentType == "application/vnd.kubernetes.protobuf" { return try ProtobufBody.decode(request.body) }
        do {
            return try JSONValue(parsing: request.body)
        } catch {
            throw APIFailure.badRequest("the request body is not valid JSON: \(error)")
        }
    }

    func labelSelector(_ request: SimRequest) throws -> LabelSelector? {
        guard let text = request.query["labelSelector"], !text.isEmpty else { return nil }
        do {
            return try LabelSelector(parsing: text)
        } catch {
            throw APIFailure.badRequest("unable to parse requirement: \(error)")
        }
    }

    func fieldSelector(_ request: SimRequest) throws -> FieldSelector? {
        guard let text = request.query["fieldSelector"], !text.isEmpty else { return nil }
        do {
            return try FieldSelector(parsing: text)
        } catch {
            throw APIFailure.badRequest("invalid field selector: \(error)")
        }
    }
}
