import Foundation
import KubeModel
import YAMLInput

extension CostGuardSpec {
    /// Reads a spec object, applying defaults; throws `SpecErrors` naming every bad field.
    package init(json value: JSONValue, path: String = "spec") throws(SpecErrors) {
        let problems = FieldReader.ProblemList()
        let root = FieldReader(value, path: path, problems: problems)
        self.init()
        mode = root.choice("mode", default: .dryRun)
        readTargets(root.object("targets"))
        readCaps(root.object("caps"))
        readPricing(root.object("pricing"))
        readSignals(root.object("signals"))
        readDetection(root.object("detection"))
        readActions(root.object("actions"))
        root.rejectUnknown()
        crossCheck(root)
        if !problems.errors.isEmpty { throw SpecErrors(problems.errors) }
    }

    /// Reads a whole CostGuard manifest (YAML or JSON) or a bare spec object.
    package static func parse(manifest text: String) throws(SpecErrors) -> CostGuardSpec {
        try parseNamed(manifest: text).spec
    }

    /// The same, with the manifest's `metadata.name` (nil for a bare spec or a manifest without one).
    package static func parseNamed(manifest text: String) throws(SpecErrors) -> (name: String?, spec: CostGuardSpec) {
        let value: JSONValue
        do {
            value = try JSONValue.parse(yamlOrJSON: text)
        } catch {
            throw SpecErrors([SpecError(field: "manifest", problem: error.code == .tooLarge ? error.message
                                            : "is not valid YAML or JSON: \(error.message)")])
        }
        guard case .object(let fields) = value else {
            throw SpecErrors([SpecError(field: "manifest", problem: "is \(value.typeName); expected a CostGuard object")])
        }
        if fields["kind"] != nil || fields["apiVersion"] != nil {
            guard fields["apiVersion"] == .string("costguard.dev/v1alpha1"), fields["kind"] == .string("CostGuard") else {
                throw SpecErrors([SpecError(field: "apiVersion/kind",
                                            problem: "expected apiVersion costguard.dev/v1alpha1 and kind CostGuard")])
            }
            var name: String?
            if case .object(let metadata)? = fields["metadata"], case .string(let text)? = metadata["name"] { name = text }
            return (name, try CostGuardSpec(json: fields["spec"] ?? .object([:])))
        }
        return (nil, try CostGuardSpec(json: value))
    }

    /// Reads a CostGuard manifest file; the errors name the file, and a binary file is refused as one.
    package static func read(manifestFile path: String) throws(SpecErrors) -> CostGuardSpec {
        try readNamed(manifestFile: path).spec
    }

    /// The same, with the manifest's `metadata.name`.
    package static func readNamed(manifestFile path: String) throws(SpecErrors) -> (name: String?, spec: CostGuardSpec) {
        let text: String
        do {
            text = try TextFile.read(path)
        } catch {
            throw SpecErrors([SpecError(field: "manifest", problem: error.message)])  // the caller names the file
        }
        return try parseNamed(manifest: text)
    }

    private mutating func readTargets(_ reader: FieldReader) {
        targets.namespaceSelector = reader.selector("namespaceSelector") ?? LabelSelector()
        targets.hpaSelector = reader.selector("hpaSelector") ?? LabelSelector()
        targets.nodeSelector = reader.selector("nodeSelector") ?? LabelSelector()
        reader.rejectUnknown()
    }

    private mutating func readCaps(_ reader: FieldReader) {
        caps.maxNodes = reader.int("maxNodes", in: 1...100_000)
        caps.maxHourlySpend = reader.money("maxHourlySpend")
        caps.monthlyBudget = reader.money("monthlyBudget")
        reader.rejectUnknown()
    }

    private mutating func readPricing(_ reader: FieldReader) {
        if let currency = reader.string("currency") {
            if currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isUppercase }) {
                pricing.currency = currency
            } else {
                reader.fail("currency", "\"\(currency)\" is not a three-letter ISO 4217 code such as \"USD\"")
            }
        }
        if let price = reader.money("defaultNodeHourly") {
            if price.decimal > 0 { pricing.defaultNodeHourly = price } else {
                reader.fail("defaultNodeHourly", "must be above zero; give the hourly price of a typical node")
            }
        }
        pricing.instanceTypes = reader.moneyMap("instanceTypes")
        pricing.capacityTypeFactors = reader.moneyMap("capacityTypeFactors")
        for (name, factor) in pricing.capacityTypeFactors where factor.decimal <= 0 || factor.decimal > 10 {
            reader.fail("capacityTypeFactors.\(name)", "\(factor) is out of range; use a factor above 0 and at most 10, such as \"0.35\"")
        }
        if reader.has("openCost") {
            let openCost = reader.object("openCost")
            pricing.openCostURL = openCost.string("url")
            if let url = pricing.openCostURL, !Self.isHTTPURL(url) {
                openCost.fail("url", "\"\(url)\" is not an http(s) URL")
            }
            openCost.rejectUnknown()
        }
        reader.rejectUnknown()
    }

    private mutating func readSignals(_ reader: FieldReader) {
        signals.interval = reader.duration("interval", default: GoDuration(seconds: 15), minimum: 1)
        if reader.has("prometheus") {
            let prom = reader.object("prometheus")
            let url = prom.string("url")
            let rate = prom.string("requestRate")
            if url == nil { prom.fail("url", "is missing; give the Prometheus base URL, e.g. \"http://prometheus.monitoring.svc:9090\"") }
            if let url, !Self.isHTTPURL(url) { prom.fail("url", "\"\(url)\" is not an http(s) URL") }
            if rate == nil { prom.fail("requestRate", "is missing; give the PromQL for the workload's request rate") }
            var config = Signals.Prometheus(url: url ?? "", requestRate: rate ?? "")
            config.clientErrorRatio = prom.string("clientErrorRatio")
            config.conversionRatio = prom.string("conversionRatio")
            config.routes = prom.string("routes")
            config.sources = prom.string("sources")
            config.uniqueSources = prom.string("uniqueSources")
            config.newSourceRatio = prom.string("newSourceRatio")
            prom.rejectUnknown()
            signals.prometheus = config
        }
        if reader.has("accessLogs") { readAccessLogs(reader.object("accessLogs")) }
        reader.rejectUnknown()
    }

    private mutating func readAccessLogs(_ logs: FieldReader) {
        var receivers = Signals.AccessLogs.Receivers.url("")
        switch (logs.has("url"), logs.has("service")) {
        case (true, true):
            logs.fail("url", "and service are both set; give url for one receiver or service for the replicas behind a Service, not both")
        case (false, false):
            logs.fail("url", "is missing; give url (one receiver, e.g. \"http://costguard-ingest.costguard-system.svc:8090\") or service (its replicas, merged)")
        case (true, false):
            let url = logs.string("url")
            if let url, !Self.isHTTPURL(url) { logs.fail("url", "\"\(url)\" is not an http(s) URL") }
            receivers = .url(url ?? "")
        case (false, true):
            let service = logs.object("service")
            let namespace = service.string("namespace")
            let name = service.string("name")
            if namespace == nil { service.fail("namespace", "is missing; give the namespace of the receivers' Service, e.g. \"costguard-system\"") }
            if name == nil { service.fail("name", "is missing; give the name of the receivers' Service, e.g. \"costguard-ingest\"") }
            for (key, value) in [("namespace", namespace), ("name", name)] {
                if let value, !Self.isDNSLabel(value) {
                    service.fail(key, "\"\(value)\" is not a DNS label (lower-case letters, digits and '-', at most 63)")
                }
            }
            let port = service.int("port", in: 1...65_535)
            service.rejectUnknown()
            receivers = .service(namespace: namespace ?? "", name: name ?? "", port: port ?? 8090)
        }
        var config = Signals.AccessLogs(receivers: receivers)
        config.delay = logs.duration("delay", default: GoDuration(seconds: 5))
        for (index, item) in logs.list("conversions").enumerated() {
            guard case .string(let rule) = item, Self.isConversionRule(rule) else {
                logs.fail("conversions[\(index)]", "\(item) is not METHOD PATH-PREFIX, such as \"POST /checkout\"")
                continue
            }
            config.conversions.append(rule)
        }
        logs.rejectUnknown()
        signals.accessLogs = config
    }

    /// "POST /checkout": an upper-case method and a path prefix, as `costguard ingest --conversion` takes.
    static func isConversionRule(_ text: String) -> Bool {
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        return parts.count == 2 && parts[1].hasPrefix("/") && !parts[0].isEmpty && parts[0].allSatisfy { $0.isASCII && $0.isUppercase }
    }

    private mutating func readDetection(_ reader: FieldReader) {
        detection.sensitivity = reader.choice("sensitivity", default: .medium)
        detection.warmup = reader.duration("warmup", default: GoDuration(seconds: 600))
        detection.holdDown = reader.duration("holdDown", default: GoDuration(seconds: 600))
        reader.rejectUnknown()
    }

    private mutating func readActions(_ reader: FieldReader) {
        let pause = reader.object("pauseScaleUp")
        actions.pauseScaleUp.enabled = pause.bool("enabled", default: true)
        actions.pauseScaleUp.response = pause.choice("response", default: .graded)
        pause.rejectUnknown()

        let deny = reader.object("denyList")
        actions.denyList.enabled = deny.bool("enabled", default: false)
        actions.denyList.provider = deny.choice("provider", default: .calicoGlobalNetworkSet)
        if let name = deny.string("name") {
            if Self.isDNSSubdomain(name) { actions.denyList.name = name } else {
                deny.fail("name", "\"\(name)\" is not a valid object name; use lower-case letters, digits, '-' and '.'")
            }
        }
        actions.denyList.ttl = deny.duration("ttl", default: GoDuration(seconds: 3600), minimum: 1)
        // The records of the entries live in one annotation of the set, which the API server
        // caps at 256 KiB with the others: ~100 bytes each leaves room for 2,000.
        actions.denyList.maxEntries = deny.int("maxEntries", in: 1...2_000) ?? 256
        for (index, item) in deny.list("neverDeny").enumerated() {
            guard case .string(let text) = item, let prefix = IPPrefix(text) else {
                deny.fail("neverDeny[\(index)]", "\(item) is not a CIDR such as \"10.0.0.0/8\" or \"2001:db8::/32\"")
                continue
            }
            actions.denyList.neverDeny.append(prefix)
        }
        deny.rejectUnknown()

        let limit = reader.object("rateLimit")
        actions.rateLimit.enabled = limit.bool("enabled", default: false)
        if limit.has("middleware") {
            let middleware = limit.object("middleware")
            actions.rateLimit.middlewareNamespace = middleware.string("namespace")
            actions.rateLimit.middlewareName = middleware.string("name")
            middleware.rejectUnknown()
        }
        actions.rateLimit.surgeAverage = limit.int("surgeAverage", in: 1...10_000_000) ?? 10
        actions.rateLimit.surgeBurst = limit.int("surgeBurst", in: 1...10_000_000) ?? 20
        limit.rejectUnknown()

        let pools = reader.object("nodePools")
        actions.nodePools.karpenterNodePoolSelector = pools.selector("karpenterNodePoolSelector")
        actions.nodePools.clusterAPIMachineDeploymentSelector = pools.selector("clusterAPIMachineDeploymentSelector")
        pools.rejectUnknown()
        reader.rejectUnknown()
    }

    /// Rules that span fields (the CRD states the same ones as CEL rules).
    private func crossCheck(_ root: FieldReader) {
        if actions.rateLimit.enabled,
           actions.rateLimit.middlewareNamespace == nil || actions.rateLimit.middlewareName == nil {
            root.fail("actions.rateLimit.middleware", "needs namespace and name when rateLimit is enabled")
        }
        if actions.rateLimit.surgeBurst < actions.rateLimit.surgeAverage {
            root.fail("actions.rateLimit.surgeBurst", "\(actions.rateLimit.surgeBurst) is below surgeAverage \(actions.rateLimit.surgeAverage); a burst must be at least the average")
        }
        if detection.holdDown < signals.interval {
            root.fail("detection.holdDown", "\(detection.holdDown) is shorter than signals.interval \(signals.interval); a pause must outlast one evaluation")
        }
    }

    static func isHTTPURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased() else { return false }
        return (scheme == "http" || scheme == "https") && url.host != nil
    }

    static func isDNSLabel(_ name: String) -> Bool {
        isDNSSubdomain(name) && name.count <= 63 && !name.contains(".")
    }

    static func isDNSSubdomain(_ name: String) -> Bool {
        guard (1...253).contains(name.count), let first = name.first, let last = name.last,
              first.isLetter || first.isNumber, last.isLetter || last.isNumber else { return false }
        return name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" || $0 == "." }
    }
}
