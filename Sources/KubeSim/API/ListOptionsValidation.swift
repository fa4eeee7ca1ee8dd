import KubeModel

/// The streaming-list options of a list or watch request, defaulted and checked as upstream's
/// `SetListOptionsDefaults` and `ValidateListOptions` do (apimachinery internalversion), with the
/// WatchList feature on or off.
struct ListOptionsValidation {
    var watch: Bool
    var resourceVersion: String?
    var resourceVersionMatch: String?
    var sendInitialEvents: Bool?
    var continueToken: String?

    static let notOlderThan = "NotOlderThan"

    init(query: [String: String], watch: Bool) {
        self.watch = watch
        resourceVersion = query["resourceVersion"]
        resourceVersionMatch = query["resourceVersionMatch"].flatMap { $0.isEmpty ? nil : $0 }
        sendInitialEvents = query["sendInitialEvents"].map(Self.queryBool)
        continueToken = query["continue"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Go's query-to-bool conversion: "0", "f" and "false" are false, any other value true.
    static func queryBool(_ text: String) -> Bool {
        !(text == "0" || text.lowercased() == "f" || text.lowercased() == "false")
    }

    /// Whether the watch starts with the initial events and their end bookmark; throws the 422
    /// the real server answers for options it refuses.
    mutating func initialEvents(streamingLists: Bool) throws(APIFailure) -> Bool {
        // A watch from no version (or "0") is a streaming list where the feature is on.
        if streamingLists, watch, sendInitialEvents == nil, resourceVersionMatch == nil,
           resourceVersion == nil || resourceVersion == "" || resourceVersion == "0" {
            sendInitialEvents = true
            resourceVersionMatch = Self.notOlderThan
        }
        let errors = validate(streamingLists: streamingLists)
        guard errors.isEmpty else {
            let causes = errors.map { StatusCause(reason: $0.reason, message: $0.body, field: $0.field) }
            throw APIFailure(code: 422, reason: "Invalid",
                             message: "ListOptions.meta.k8s.io \"\" is invalid: \(FieldError.aggregate(errors))",
                             details: StatusDetails(name: "", group: "meta.k8s.io", kind: "ListOptions", causes: causes))
        }
        return watch && sendInitialEvents == true
    }

    func validate(streamingLists: Bool) -> [FieldError] {
        var errors: [FieldError] = []
        guard watch else {
            if sendInitialEvents != nil {
                errors.append(.forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"))
            }
            return errors
        }
        if sendInitialEvents != nil {
            if resourceVersionMatch != Self.notOlderThan {
                errors.append(.forbidden("resourceVersionMatch", "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"))
            }
            if !streamingLists {
                errors.append(.forbidden("sendInitialEvents", "sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled"))
            }
        }
        if let match = resourceVersionMatch {
            if sendInitialEvents == nil {
                errors.append(.forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"))
            }
            if match != Self.notOlderThan {
                errors.append(FieldError(field: "resourceVersionMatch",
                                         kind: .notSupported(value: FieldError.quoted(match), supported: [FieldError.quoted(Self.notOlderThan)])))
            }
            if continueToken != nil {
                errors.append(.forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"))
            }
        }
        return errors
    }
}
