import Foundation
import KubeModel
import Testing
import TestSupport

/// deploy/grafana/costguard-dashboard.json: valid JSON, a Prometheus data-source variable every
/// query uses, and PromQL that names only the metrics the operator exports (the names are read
/// from Sources/OperatorRuntime/Observability/OperatorMetrics.swift, so a renamed metric fails here).
@Suite struct DashboardTests {
    static let path = Repo.path("deploy/grafana/costguard-dashboard.json")

    /// The metric names OperatorMetrics.Name declares (`static let x = "costguard_..."`), and which
    /// of them are histograms: those a `Timer(label: Name.x` records, exported with _bucket, _sum, _count.
    static func operatorMetrics() throws -> (names: Set<String>, histograms: Set<String>) {
        let source = try YAMLDocuments.read(Repo.path("Sources/OperatorRuntime/Observability/OperatorMetrics.swift"))
        var names = Set<String>()
        var histograms = Set<String>()
        for line in source.split(separator: "\n") where line.contains("static let") && line.contains("= \"costguard_") {
            let quoted = line.split(separator: "\"")
            let words = line.split(separator: " ")
            guard quoted.count >= 2, let index = words.firstIndex(of: "let"), index + 1 < words.count else { continue }
            let metric = String(quoted[1])
            names.insert(metric)
            if source.contains("Timer(label: Name.\(words[index + 1])") { histograms.insert(metric) }
        }
        return (names, histograms)
    }

    static let functions: Set<String> = [
        "sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values", "group",
        "rate", "irate", "increase", "delta", "idelta", "deriv", "changes", "resets", "histogram_quantile", "abs", "ceil",
        "floor", "round", "clamp", "clamp_min", "clamp_max", "scalar", "vector", "time", "timestamp", "label_replace",
        "label_join", "sort", "sort_desc", "absent", "absent_over_time", "avg_over_time", "max_over_time", "min_over_time",
        "sum_over_time", "count_over_time", "last_over_time", "quantile_over_time", "predict_linear", "exp", "ln", "sqrt",
    ]
    static let keywords: Set<String> = ["and", "or", "unless", "bool", "offset", "inf", "nan"]

    /// The metric names a PromQL expression uses: what is left once strings, label matchers, ranges,
    /// grouping clauses, Grafana variables, numbers, functions and keywords are taken out. Anything
    /// left that is not a metric (a misspelt function, say) is returned too, and fails the check.
    static func metricNames(in expression: String) -> [String] {
        var text = expression
        for pattern in [#""(\\.|[^"\\])*""#, #"'(\\.|[^'\\])*'"#, #"`[^`]*`"#, #"\{[^}]*\}"#, #"\[[^\]]*\]"#,
                        #"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)"#, #"\$\{?\w+\}?"#,
                        #"\b\d+(\.\d+)?([eE][-+]?\d+)?\b"#] {
            text = text.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        var names: [String] = []
        let identifier = try! NSRegularExpression(pattern: #"[A-Za-z_:][A-Za-z0-9_:]*(\s*\()?"#)
        let range = NSRange(text.startIndex..., in: text)
        for match in identifier.matches(in: text, range: range) {
            let token = String(text[Range(match.range, in: text)!])
            if token.hasSuffix("(") {
                let function = token.dropLast().trimmingCharacters(in: .whitespaces)
                if !functions.contains(function) { names.append(function + "(") }
            } else if !keywords.contains(token.lowercased()) {
                names.append(token)
            }
        }
        return names
    }

    @Test func metricNamesAreFoundInPromQL() {
        #expect(Self.metricNames(in: #"sum by (guard, kind) (increase(costguard_actions_total{guard=~"$guard", result="failed"}[$__rate_interval]))"#)
            == ["costguard_actions_total"])
        #expect(Self.metricNames(in: "histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m]))) / on(pod) group_left() y > 0.5")
            == ["x_bucket", "y"])
        #expect(Self.metricNames(in: "sumx(up)") == ["sumx(", "up"])
    }

    @Test func theDashboardIsValidAndChartsOnlyTheOperatorsMetrics() throws {
        let text = try YAMLDocuments.read(Self.path)
        let dashboard = try JSONValue(parsing: text)
        #expect(dashboard["title"] == "CostGuard")
        #expect(dashboard["uid"]?.stringValue?.isEmpty == false)

        // A data-source variable for Prometheus, which every panel and query uses.
        let variables = dashboard.value(atPath: "templating.list")?.arrayValue ?? []
        let datasource = try #require(variables.first { $0["type"] == "datasource" }, "no data-source variable")
        #expect(datasource["query"] == "prometheus")
        let reference = "${\(datasource["name"]?.stringValue ?? "")}"

        let (defined, histograms) = try Self.operatorMetrics()
        #expect(defined.count >= 12, "OperatorMetrics.swift names: \(defined.sorted())")
        #expect(histograms == ["costguard_reconcile_duration_seconds"])
        func known(_ name: String) -> Bool {
            if defined.contains(name) { return true }
            return histograms.contains { name == $0 + "_bucket" || name == $0 + "_sum" || name == $0 + "_count" }
        }

        let panels = dashboard["panels"]?.arrayValue ?? []
        #expect(panels.count >= 10)
        let ids = panels.compactMap { $0["id"]?.intValue }
        #expect(ids.count == panels.count && Set(ids).count == ids.count, "every panel has a unique id")
        var charted = Set<String>()
        var expressions = 0
        for panel in panels where panel["type"] != "row" {
            let title = panel["title"]?.stringValue ?? "?"
            #expect(panel.value(atPath: "datasource.uid")?.stringValue == reference, "\(title): datasource")
            #expect(panel["gridPos"] != nil, "\(title): gridPos")
            let targets = panel["targets"]?.arrayValue ?? []
            #expect(!targets.isEmpty, "\(title): no queries")
            for target in targets {
                #expect(target.value(atPath: "datasource.uid")?.stringValue == reference, "\(title): query datasource")
                let expression = try #require(target["expr"]?.stringValue, "\(title): a query without expr")
                expressions += 1
                let names = Self.metricNames(in: expression)
                #expect(!names.isEmpty, "\(title): \(expression) uses no metric")
                for name in names {
                    #expect(known(name), "\(title): \(expression) uses \(name), which OperatorMetrics.swift does not define")
                    charted.insert(name.replacingOccurrences(of: "_bucket", with: "").replacingOccurrences(of: "_sum", with: "")
                        .replacingOccurrences(of: "_count", with: ""))
                }
            }
        }
        // The guard variable's query too.
        for variable in variables where variable["type"] == "query" {
            let query = variable.value(atPath: "query.query")?.stringValue ?? variable["query"]?.stringValue ?? ""
            let metric = query.replacingOccurrences(of: #"^label_values\(\s*([A-Za-z_:][A-Za-z0-9_:]*)\s*,\s*\w+\s*\)$"#,
                                                    with: "$1", options: .regularExpression)
            #expect(known(metric), "variable \(variable["name"]?.stringValue ?? "?"): \(query)")
            #expect(variable.value(atPath: "datasource.uid")?.stringValue == reference)
        }
        let notCharted = defined.subtracting(charted).sorted()
        print("dashboard: \(panels.count) panels, \(expressions) queries over \(charted.count) of the \(defined.count) operator metrics"
            + (notCharted.isEmpty ? "" : "; not charted: \(notCharted.joined(separator: ", "))"))
    }
}
