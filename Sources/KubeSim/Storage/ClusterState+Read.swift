import Foundation
import KubeModel

extension ClusterState {
    func get(_ type: ResourceType, namespace: String?, name: String) throws -> StoredObject {
        let object = try state.withLock { state in
            guard let object = state.objects[type.storageKey]?[Self.storeKey(namespace: namespace, name: name)] else {
                throw APIFailure.notFound(type, name)
            }
            return object
        }
        return type.servedForm.served(object)
    }

    /// A page of a list. The continue token carries the list's resourceVersion and the
    /// last key, so later pages report the first page's resourceVersion; a watch started
    /// from it replays whatever changed while the pages were read.
    func list(_ type: ResourceType, namespace: String?, labelSelector: LabelSelector?, fieldSelector: FieldSelector?,
              limit: Int?, continueToken: String?) throws -> [UInt8] {
        let form = type.servedForm
        let fieldSelector = try fieldSelector.map { selector throws(APIFailure) in try form.storedSelector(selector) }
        return try state.withLock { state in
            var listVersion = state.resourceVersion
            var after: String?
            if let continueToken, !continueToken.isEmpty {
                guard let decoded = Data(base64Encoded: continueToken),
                      let text = String(data: decoded, encoding: .utf8),
                      let separator = text.firstIndex(of: "|"),
                      let version = Int64(text[..<separator]) else {
                    throw APIFailure.badRequest("continue key is not valid")
                }
                if version < state.oldestRetained - 1 {
                    throw APIFailure.gone("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.")
                }
                listVersion = version
                after = String(text[text.index(after: separator)...])
            }
            let objects = state.objects[type.storageKey] ?? [:]
            var keys = objects.keys.sorted()
            if let after { keys = Array(keys.drop { $0 <= after }) }
            var items: [UInt8] = []
            var count = 0
            var lastKey: String?
            var more = false
            for key in keys {
                let object = objects[key]!
                if let namespace, object.namespace != namespace { continue }
                if let labelSelector, !labelSelector.matches(object.labels) { continue }
                if let fieldSelector, !fieldSelector.matches(form.selectable(object.value)) { continue }
                if let limit, limit > 0, count == limit {
                    more = true
                    break
                }
                if count > 0 { items.append(UInt8(ascii: ",")) }
                items += form.bytes(of: object)
                count += 1
                lastKey = key
            }
            var metadata = "\"resourceVersion\":\"\(listVersion)\""
            if more, let lastKey {
                let token = Data("\(listVersion)|\(lastKey)".utf8).base64EncodedString()
                metadata += ",\"continue\":\"\(token)\""
            }
            var body = Array("{\"apiVersion\":\"\(type.apiVersion)\",\"kind\":\"\(type.kind)List\",\"metadata\":{\(metadata)},\"items\":[".utf8)
            body += items
            body += Array("]}".utf8)
            return body
        }
    }
}
