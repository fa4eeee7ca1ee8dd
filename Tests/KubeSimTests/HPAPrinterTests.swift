import Foundation
import KubeModel
@testable import KubeSim
import Testing

/// The HorizontalPodAutoscaler printer's cells, as kube-apiserver's printHorizontalPodAutoscaler
/// and formatHPAMetrics compute them.
@Suite struct HPAPrinterTests {
    static let now = PrinterCellTests.now  // 2027-01-15T08:00:00Z

    static func pods(target: JSONValue) -> JSONValue {
        ["type": "Pods", "pods": ["metric": ["name": "requests_per_second"], "target": ["type": "AverageValue", "averageValue": target]]]
    }

    static func podsStatus(_ current: JSONValue) -> JSONValue {
        ["type": "Pods", "pods": ["metric": ["name": "requests_per_second"], "current": ["averageValue": current]]]
    }

    static func cpu(_ utilization: JSONValue) -> JSONValue {
        ["type": "Resource", "resource": ["name": "cpu", "target": ["type": "Utilization", "averageUtilization": utilization]]]
    }

    static func cpuStatus(_ utilization: JSONValue) -> JSONValue {
        ["type": "Resource", "resource": ["name": "cpu", "current": ["averageUtilization": utilization, "averageValue": "120m"]]]
    }

    @Test func columnsAreUpstreams() {
        let columns = BuiltInPrinters.horizontalPodAutoscaler.columns
        #expect(columns.map(\.name) == ["Name", "Reference", "Targets", "MinPods", "MaxPods", "Replicas", "Age"])
        #expect(columns.allSatisfy { $0.priority == 0 && $0.type == "string" })
        #expect(columns.first == TableColumn.name)
    }

    /// The demo's HPA as ClusterSimulation writes it: milli-unit quantities, which print in
    /// their canonical form.
    @Test func theDemosHPAPrintsItsPodsMetric() {
        let hpa: JSONValue = [
            "metadata": ["name": "web", "namespace": "shop", "creationTimestamp": "2027-01-15T07:57:00Z"],
            "spec": ["scaleTargetRef": ["apiVersion": "apps/v1", "kind": "Deployment", "name": "web"],
                     "minReplicas": 2, "maxReplicas": 12, "metrics": [Self.pods(target: "28000m")]],
            "status": ["currentReplicas": 7, "desiredReplicas": 8, "currentMetrics": [Self.podsStatus("27500m")]],
        ]
        #expect(BuiltInPrinters.horizontalPodAutoscaler.cells(hpa, Self.now) == ["web", "Deployment/web", "27500m/28", "2", 12, 7, "3m"])
        // Before the controller's first status: the current value is unknown and no replicas are counted.
        let fresh: JSONValue = ["metadata": ["name": "web"],
                                "spec": ["scaleTargetRef": ["kind": "Deployment", "name": "web"], "maxReplicas": 12,
                                         "metrics": [Self.pods(target: "28")]]]
        #expect(BuiltInPrinters.horizontalPodAutoscaler.cells(fresh, Self.now) == ["web", "Deployment/web", "<unknown>/28", "<unset>", 12, 0, "<unknown>"])
    }

    @Test func everyMetricSourcePrintsCurrentOverTarget() {
        func text(_ spec: JSONValue, _ status: JSONValue? = nil) -> String { BuiltInPrinters.hpaMetric(spec, status: status) }
        #expect(text(Self.cpu(80), Self.cpuStatus(45)) == "cpu: 45%/80%")
        #expect(text(Self.cpu(80)) == "cpu: <unknown>/80%")
        #expect(text(["type": "Resource", "resource": ["name": "cpu", "target": ["type": "Utilization"]]]) == "cpu: <unknown>/<auto>")
        #expect(text(["type": "Resource", "resource": ["name": "memory", "target": ["type": "AverageValue", "averageValue": "2Gi"]]],
                     ["type": "Resource", "resource": ["name": "memory", "current": ["averageValue": "1024Mi"]]]) == "memory: 1Gi/2Gi")
        #expect(text(["type": "ContainerResource",
                      "containerResource": ["name": "cpu", "container": "app", "target": ["type": "Utilization", "averageUtilization": 60]]],
                     ["type": "ContainerResource", "containerResource": ["name": "cpu", "container": "app", "current": ["averageUtilization": 75]]])
                == "cpu: 75%/60%")
        let object: JSONValue = ["type": "Object", "object": ["metric": ["name": "hits"], "target": ["type": "Value", "value": "500"]]]
        #expect(text(object, ["type": "Object", "object": ["current": ["value": "450"]]]) == "450/500")
        let objectAverage: JSONValue = ["type": "Object", "object": ["target": ["type": "AverageValue", "averageValue": "500"]]]
        #expect(text(objectAverage, ["type": "Object", "object": ["current": ["averageValue": "0.45k"]]]) == "450/500 (avg)")
        let external: JSONValue = ["type": "External", "external": ["target": ["type": "AverageValue", "averageValue": "1000"]]]
        #expect(text(external) == "<unknown>/1k (avg)")
        #expect(text(["type": "External", "external": ["target": ["type": "Value", "value": "30"]]],
                     ["type": "External", "external": ["current": ["value": "12"]]]) == "12/30")
        // A status without the quantity prints Go's nil quantity; an unknown source type its placeholder.
        #expect(text(Self.pods(target: "28"), ["type": "Pods", "pods": ["current": [:]]]) == "<nil>/28")
        #expect(text(["type": "Custom"]) == "<unknown type>")
    }

    @Test func statusesPairWithSpecsByPositionAndTwoAreSpelledOut() {
        #expect(BuiltInPrinters.hpaTargets([], []) == "<none>")
        #expect(BuiltInPrinters.hpaTargets([Self.cpu(80), Self.pods(target: "28")], [Self.cpuStatus(45), Self.podsStatus("30")])
                == "cpu: 45%/80%, 30/28")
        // The status list is read by index: a CPU status first does not answer a Pods metric first.
        #expect(BuiltInPrinters.hpaTargets([Self.pods(target: "28"), Self.cpu(80)], [Self.cpuStatus(45)])
                == "<unknown>/28, cpu: <unknown>/80%")
        let three = [Self.cpu(80), Self.pods(target: "28"), Self.cpu(90)]
        #expect(BuiltInPrinters.hpaTargets(three, []) == "cpu: <unknown>/80%, <unknown>/28 + 1 more...")
        #expect(BuiltInPrinters.hpaTargets(three + [["type": "Custom"]], []) == "cpu: <unknown>/80%, <unknown>/28 + 2 more...")
    }
}
