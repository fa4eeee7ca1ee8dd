import KubeModel

/// Field selectors on Events, as kube-apiserver evaluates them on its one Event storage:
/// only the labels upstream registers are accepted (pkg/apis/core/v1 and pkg/apis/events/v1
/// conversion.go), events.k8s.io/v1's labels are renamed to core/v1's, and all of them are
/// matched against core's selectable fields (pkg/registry/core/event/strategy.go).
enum EventFieldSelectors {
    static let referenceFields = ["kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"]

    /// The labels a core/v1 Event selector may use; also the paths of `selectableFields(of:)`.
    static let coreLabels: Set<String> = Set(["metadata.name", "metadata.namespace", "reason", "reportingComponent",
                                              "source", "type"] + referenceFields.map { "involvedObject.\($0)" })

    /// events.k8s.io/v1 labels and the core/v1 labels they stand for.
    static let eventsV1Labels: [String: String] = {
        var labels = ["metadata.name": "metadata.name", "metadata.namespace": "metadata.namespace", "reason": "reason",
                      "reportingController": "reportingComponent", "source": "source", "type": "type"]
        for field in referenceFields { labels["regarding.\(field)"] = "involvedObject.\(field)" }
        return labels
    }()

    /// The selector in core/v1 labels; a label the API does not register is a 400, as upstream.
    static func coreSelector(_ selector: FieldSelector, eventsV1: Bool) throws(APIFailure) -> FieldSelector {
        var requirements: [FieldSelector.Requirement] = []
        for var requirement in selector.requirements {
            let label = eventsV1 ? eventsV1Labels[requirement.path] : coreLabels.contains(requirement.path) ? requirement.path : nil
            guard let label else { throw APIFailure.badRequest("field label not supported: \(requirement.path)") }
            requirement.path = label
            requirements.append(requirement)
        }
        return FieldSelector(requirements)
    }

    /// A stored Event's selectable fields, nested so that each core/v1 label is a path into it.
    /// Unset fields read as "", and `source` falls back to reportingComponent, as upstream.
    static func selectableFields(of event: JSONValue) -> JSONValue {
        func text(_ path: String) -> JSONValue { .string(event.value(atPath: path)?.stringValue ?? "") }
        var reference: [String: JSONValue] = [:]
        for field in referenceFields { reference[field] = text("involvedObject.\(field)") }
        let component = text("source.component")
        let reporting = text("reportingComponent")
        return ["metadata": ["name": text("metadata.name"), "namespace": text("metadata.namespace")],
                "involvedObject": .object(reference), "reason": text("reason"), "type": text("type"),
                "reportingComponent": reporting, "source": component == "" ? reporting : component]
    }
}
