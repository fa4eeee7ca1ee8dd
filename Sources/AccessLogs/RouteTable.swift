/// Route names interned to small ids, so a line's route is counted without building a String.
/// The route is Traefik's `RouterName` when the line has one, else the path's first segment
/// ("/product/123?x=1" → "/product"). Past `limit` distinct routes the rest count as "(other)", so a
/// flood of random paths cannot grow it without bound.
final class RouteTable {
    static let other = "(other)"
    private var ids: [UInt64: Int] = [:]
    private var names: [[UInt8]] = []
    private var byName: [String: Int] = [:]
    private let limit: Int

    init(limit: Int = 10_000) {
        self.limit = limit
    }

    func name(_ id: Int) -> String { String(decoding: names[id], as: UTF8.self) }

    /// The route bytes of a request: the router, else "/" and the first path segment.
    @inline(__always) static func routeBytes(router: UnsafeBufferPointer<UInt8>, path: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        if !router.isEmpty { return router }
        var end = 1
        while end < path.count {
            let byte = path[end]
            if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") { break }
            end += 1
        }
        return UnsafeBufferPointer(rebasing: path[0..<min(end, path.count)])
    }

    @inline(__always) func id(_ route: UnsafeBufferPointer<UInt8>) -> Int {
        let hash = Mix.bytes(route)
        if let id = ids[hash], names[id].elementsEqual(route) { return id }
        return slowID(route, hash: hash)
    }

    private func slowID(_ route: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
        let text = String(decoding: route, as: UTF8.self)
        if let id = byName[text] { return id }
        let name = names.count >= limit ? Self.other : text
        if let id = byName[name] { return id }
        names.append(Array(name.utf8))
        byName[name] = names.count - 1
        if ids[hash] == nil, name == text { ids[hash] = names.count - 1 }
        return names.count - 1
    }
}
