import KubeModel

/// Node prices from OpenCost's assets API (`GET /assets?window=1h&accumulate=true`): each Node
/// asset's `totalCost` over its `minutes`, per hour, by node name (`properties.name`), and the
/// mean per instance type (`nodeType`) for nodes OpenCost has not priced yet. The answer is
/// `{"code": 200, "data": {KEY: asset, ...}}`, or `data` as a list of such sets (one per step);
/// the last set wins for a node seen in several. Assets of other types are skipped.
package struct OpenCostPrices: Sendable, Hashable {
    package var byNode: [String: Double]
    package var byInstanceType: [String: Double]

    package init(byNode: [String: Double] = [:], byInstanceType: [String: Double] = [:]) {
        self.byNode = byNode
        self.byInstanceType = byInstanceType
    }

    package static func parse(_ body: [UInt8]) throws(SignalsError) -> OpenCostPrices {
        let answer: JSONValue
        do {
            answer = try JSONValue(parsing: body)
        } catch {
            throw SignalsError(.notJSON, "the OpenCost answer is not JSON", cause: DecodeFailure(error))
        }
        if let code = answer["code"]?.intValue, code != 200 {
            throw SignalsError(.apiError, "OpenCost answered code \(code): \(answer["message"]?.stringValue ?? "no message")")
        }
        let sets: [[String: JSONValue]]
        switch answer["data"] {
        case .object(let set)?: sets = [set]
        case .array(let list)?: sets = list.compactMap(\.objectValue)
        default: throw SignalsError(.badResult, "the OpenCost answer has no data object (is this OpenCost's /assets?)")
        }
        var prices = OpenCostPrices()
        var byType: [String: (sum: Double, count: Int)] = [:]
        for set in sets {
            for asset in set.values where asset["type"]?.stringValue == "Node" {
                guard let name = asset.value(atPath: "properties.name")?.stringValue, !name.isEmpty,
                      let cost = number(asset["totalCost"]), let minutes = number(asset["minutes"]),
                      cost.isFinite, cost >= 0, minutes.isFinite, minutes > 0 else { continue }
                let hourly = cost / (minutes / 60)
                guard hourly.isFinite, hourly < 1e6 else { continue }  // a node at a million an hour is a broken record
                prices.byNode[name] = hourly
                if let type = asset["nodeType"]?.stringValue, !type.isEmpty {
                    byType[type, default: (0, 0)].sum += hourly
                    byType[type, default: (0, 0)].count += 1
                }
            }
        }
        prices.byInstanceType = byType.mapValues { $0.sum / Double($0.count) }
        return prices
    }

    static func number(_ value: JSONValue?) -> Double? {
        switch value {
        case .int(let int)?: Double(int)
        case .double(let double)?: double
        default: nil
        }
    }
}
