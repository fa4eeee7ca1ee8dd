/// Server-side printing: which GETs want a Table, and how a kind is printed.
extension Router {
    /// The Table a GET asks for, or nil to answer the object or list as stored.
    func tableOptions(_ request: SimRequest) throws(APIFailure) -> TableOptions? {
        switch try ResponseShape.negotiate(accept: request.header("Accept")) {
        case .object: return nil
        case .table(let version): return try TableOptions(version: version, query: request.query)
        }
    }

    func tableRenderer(for type: ResourceType, options: TableOptions) -> TableRenderer {
        TableRenderer(printer: tablePrinter(for: type), options: options, now: cluster.now)
    }

    /// A custom resource prints with its CRD's columns for the version in the request path.
    func tablePrinter(for type: ResourceType) -> TablePrinter {
        let isBuiltIn = ResourceType.builtIn.contains { $0.key == type.key }
        if !isBuiltIn, let crdType = ResourceType.builtIn.first(where: { $0.key == ClusterState.crdKey }),
           let crd = try? cluster.get(crdType, namespace: nil, name: "\(type.plural).\(type.group)") {
            return CustomResourcePrinter.printer(crd: crd.value, version: type.version)
        }
        return BuiltInPrinters.printer(for: type)
    }
}
