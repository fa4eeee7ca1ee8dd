import Foundation

/// One media range of an Accept header: `application/json;as=Table;v=v1;g=meta.k8s.io`.
struct MediaRange: Sendable, Equatable {
    var type: String
    var subtype: String
    var parameters: [String: String]
    var quality: Double

    /// Parses a header the way kube-apiserver's goautoneg does: ranges split on commas,
    /// parameters on semicolons, `q` taken apart, then ordered by quality and by how
    /// specific the type is; ties keep the order the client wrote them in.
    static func parse(_ header: String) -> [MediaRange] {
        var ranges: [MediaRange] = []
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";", omittingEmptySubsequences: false)
            let typeParts = pieces[0].split(separator: "/", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            let range: (String, String)
            switch typeParts.count {
            case 2: range = (typeParts[0], typeParts[1])
            case 1 where typeParts[0] == "*": range = ("*", "*")
            default: continue
            }
            var parameters: [String: String] = [:]
            var quality = 1.0
            for piece in pieces.dropFirst() {
                let pair = piece.split(separator: "=", maxSplits: 1)
                guard pair.count == 2 else { continue }
                let key = pair[0].trimmingCharacters(in: .whitespaces)
                let value = pair[1].trimmingCharacters(in: .whitespaces)
                if key == "q" { quality = Double(value) ?? 0 } else { parameters[key] = value }
            }
            ranges.append(MediaRange(type: range.0, subtype: range.1, parameters: parameters, quality: quality))
        }
        return ranges.enumerated().sorted { left, right in
            if left.element.quality != right.element.quality { return left.element.quality > right.element.quality }
            if left.element.specificity != right.element.specificity { return left.element.specificity > right.element.specificity }
            return left.offset < right.offset
        }.map(\.element)
    }

    var specificity: Int { (type == "*" ? 0 : 2) + (subtype == "*" ? 0 : 1) }

    /// Whether KubeSim can write this range: it only writes JSON.
    var coversJSON: Bool {
        (type == "application" || type == "*") && (subtype == "json" || subtype == "*")
    }
}

/// What a GET is answered with: the object or list as stored, or a `meta.k8s.io` Table.
enum ResponseShape: Sendable, Equatable {
    case object
    /// A Table in `version` (v1 or v1beta1, which share one shape).
    case table(version: String)

    static let tableVersions: Set<String> = ["v1", "v1beta1"]

    /// Picks the first range, in the client's order of preference, that KubeSim serves.
    /// Headers naming no such range keep getting plain JSON, as before Tables were served,
    /// except when every range asks for a conversion KubeSim lacks: kube-apiserver answers
    /// those with 406, and so does KubeSim.
    static func negotiate(accept header: String?) throws(APIFailure) -> ResponseShape {
        guard let header, !header.trimmingCharacters(in: .whitespaces).isEmpty else { return .object }
        let ranges = MediaRange.parse(header)
        for range in ranges where range.coversJSON {
            guard let conversion = range.parameters["as"] else { return .object }
            if conversion == "Table", range.parameters["g"] == "meta.k8s.io",
               let version = range.parameters["v"], tableVersions.contains(version) {
                return .table(version: version)
            }
        }
        if !ranges.isEmpty, ranges.allSatisfy({ $0.parameters["as"] != nil }) {
            throw APIFailure(code: 406, reason: "NotAcceptable",
                             message: "only the following media types are accepted: application/json, application/json;as=Table;v=v1;g=meta.k8s.io, application/json;as=Table;v=v1beta1;g=meta.k8s.io")
        }
        return .object
    }
}
