import CostGuardAPI
import Demo
import Foundation
import KubeModel
import KubeSim
@testable import OperatorRuntime
import Signals
import TestSupport
import Testing

/// `pricing.openCost.url` for real: node prices read from OpenCost's assets API (an HTTP server
/// answering its documented shape), shown in the guard's status, and fail-static: when OpenCost
/// stops answering the last prices hold, and before it ever answers the spec's prices are used.
@Suite(.serialized) struct OpenCostPricingTests {
    /// OpenCost's `/assets?window=1h&accumulate=true` answer for the demo's first nodes: each an
    /// hour at `hourly`, plus a Disk asset that is not a node.
    static func assets(nodes: Int, hourly: Double) -> String {
        var data: [String: JSONValue] = [:]
        for index in 1...nodes {
            let name = String(format: "sim-node-%04d", index)
            data["cluster-one/\(name)"] = [
                "type": "Node", "properties": ["cluster": "cluster-one", "name": .string(name), "providerID": .string("aws:///\(name)")],
                "labels": [:], "start": "2026-04-06T00:00:00Z", "end": "2026-04-06T01:00:00Z", "minutes": 60.0,
                "nodeType": "m5.large", "preemptible": 0.0, "cpuCost": .double(hourly * 0.6), "ramCost": .double(hourly * 0.4),
                "gpuCost": 0.0, "adjustment": 0.0, "totalCost": .double(hourly),
            ]
        }
        data["cluster-one/vol-1"] = ["type": "Disk", "properties": ["name": "vol-1"], "minutes": 60.0, "totalCost": 0.01]
        return JSONValue.object(["code": 200, "data": .object(data)]).jsonString
    }

    @Test func pricesParseFromTheAssetsAnswer() throws {
        let prices = try OpenCostPrices.parse(Array(Self.assets(nodes: 2, hourly: 0.5).utf8))
        #expect(prices.byNode == ["sim-node-0001": 0.5, "sim-node-0002": 0.5])
        #expect(prices.byInstanceType == ["m5.large": 0.5])
        #expect(throws: SignalsError.self) { try OpenCostPrices.parse(Array("<html>login</html>".utf8)) }
        #expect(throws: SignalsError.self) { try OpenCostPrices.parse(Array(#"{"code":500,"message":"boom"}"#.utf8)) }
    }

    @Test func nodePricesComeFromOpenCostAndHoldWhenItStopsAnswering() async throws {
        let (header, frames) = try SimulationSupport.demoScenario()
        let server = try CannedHTTPServer(status: 200, contentType: "application/json", body: Self.assets(nodes: 40, hourly: 0.5))
        try await SimulatedCluster.with(header: header) { cluster in
            var spec = cluster.guardSpec(mode: .dryRun)
            var pricing = spec["pricing"] ?? [:]
            pricing["openCost"] = ["url": .string(server.url)]
            spec["pricing"] = pricing
            try cluster.createGuard(spec: spec)
            _ = try cluster.begin(with: frames[0])
            try await cluster.withOperator { handle in
                var index = 1
                func play(_ count: Int) async throws -> CycleReport.GuardResult {
                    var last: CycleReport.GuardResult?
                    for frame in frames[index..<(index + count)] { last = try await cluster.step(frame, operators: [handle]).1[0].result }
                    index += count
                    return last!
                }
                let priced = try await play(3)
                #expect(server.requestHeads.first?.hasPrefix("GET /assets?window=1h&accumulate=true ") == true, "\(server.requestHeads)")
                #expect(abs(priced.hourlySpend - Double(priced.nodes) * 0.5) < 1e-9, "\(priced.hourlySpend) for \(priced.nodes) nodes")
                let status = try SimulationSupport.status(cluster)
                #expect(status.pricing?.source == "OpenCost")
                #expect(status.pricing?.pricedNodes == priced.nodes)
                #expect(status.pricing?.message == nil)

                // OpenCost goes away: the next read (a minute after a failure, ten after a success) fails,
                // and the prices it last gave hold.
                server.stop()
                let held = try await play(45)
                #expect(abs(held.hourlySpend - Double(held.nodes) * 0.5) < 1e-9)
                let after = try SimulationSupport.status(cluster)
                #expect(after.pricing?.source == "OpenCost")
                #expect(after.pricing?.message?.contains("OpenCost is not answering") == true, "\(String(describing: after.pricing))")
            }
        }
    }

    @Test func withOpenCostDownFromTheStartTheSpecsPricesAreUsed() async throws {
        let (header, frames) = try SimulationSupport.demoScenario()
        try await SimulatedCluster.with(header: header) { cluster in
            var spec = cluster.guardSpec(mode: .dryRun)
            var pricing = spec["pricing"] ?? [:]
            pricing["openCost"] = ["url": .string("http://127.0.0.1:\(try CannedHTTPServer.closedPort())")]
            spec["pricing"] = pricing
            try cluster.createGuard(spec: spec)
            _ = try cluster.begin(with: frames[0])
            try await cluster.withOperator { handle in
                var result: CycleReport.GuardResult?
                for frame in frames[1...3] { result = try await cluster.step(frame, operators: [handle]).1[0].result }
                let last = try #require(result)
                #expect(abs(last.hourlySpend - Double(last.nodes) * header.cluster.nodeHourlyPrice) < 1e-6)
                let status = try SimulationSupport.status(cluster)
                #expect(status.pricing?.source == "Spec")
                #expect(status.pricing?.message?.contains("OpenCost has not answered yet") == true, "\(String(describing: status.pricing))")
            }
        }
    }
}
