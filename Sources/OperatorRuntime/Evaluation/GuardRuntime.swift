import CostGuardAPI
import Foundation
import GuardCore
import KubeClient
import KubeModel
import Logging
import Signals

/// One guard's evaluation state, kept between intervals by the reconcile loop: the decision
/// engine (with the classifier's history), when the current verdict and pause began, the spend
/// ledger and, when the guard names Prometheus, its signal source.
struct GuardRuntime: Sendable {
    let name: String
    let specJSON: JSONValue
    let spec: CostGuardSpec
    private(set) var prices: PriceTable
    let start: Date
    private(set) var engine: DecisionEngine
    private(set) var ledger: SpendLedger
    private(set) var lastEvaluation: Date?
    private(set) var latest: GuardEvaluation?
    /// When the current verdict class and the current pause began.
    private(set) var verdictSince: Date?
    private(set) var pauseSince: Date?
    /// The node totals and the node store's change count they were computed at.
    private var nodeTotals: (changes: Int, totals: NodeTotals)?
    let prometheus: PrometheusClient?
    let openCost: OpenCostClient?
    /// OpenCost's last answer and attempt: prices are read every `openCostRefresh`, again a
    /// minute after a failure; between, and while it fails, the last prices hold.
    private(set) var openCostRefreshed: Date?
    private(set) var openCostFailure: String?
    /// Counted nodes OpenCost has a price for, as of the last pricing.
    private(set) var openCostPricedNodes = 0
    private var openCostAttempt: Date?
    static let openCostRefresh: TimeInterval = 600
    static let openCostRetry: TimeInterval = 60
    private let source: (any MetricsSource)?
    private let accessLogs: AccessLogsReader?
    private let receiverClient: ReceiverClient?
    /// The status as last written (nil: not yet), so unchanged ones are not written again.
    var written: CostGuardStatus?

    init(guardObject: GuardObject, spec: CostGuardSpec, now: Date, client: Client, logger: Logger) throws(SignalsError) {
        name = guardObject.name
        specJSON = guardObject.specJSON
        self.spec = spec
        prices = PriceTable(spec.pricing)
        start = now
        engine = DecisionEngine(policy: Policy(spec: spec))
        ledger = Self.ledger(guardObject, spec: spec, now: now)
        if let config = spec.signals.prometheus {
            let timeout = min(10, max(1, spec.signals.interval.seconds / 2))
            let client = try PrometheusClient(endpoint: PrometheusEndpoint(url: config.url, timeoutSeconds: timeout), logger: logger)
            prometheus = client
            source = PrometheusMetricsSource(client: client, queries: FrameQueries(config))
        } else {
            prometheus = nil
            source = nil
        }
        if let logs = spec.signals.accessLogs {
            let receivers = ReceiverClient(timeoutSeconds: min(10, max(1, spec.signals.interval.seconds / 2)), logger: logger)
            receiverClient = receivers
            accessLogs = AccessLogsReader(config: logs, evaluationInterval: spec.signals.interval.seconds, client: receivers,
                                          lookup: ReceiverEndpoints.lookup(logs.receivers, client: client))
        } else {
            receiverClient = nil
            accessLogs = nil
        }
        openCost = try spec.pricing.openCostURL.map { url throws(SignalsError) in
            try OpenCostClient(url: url, timeoutSeconds: min(10, max(1, spec.signals.interval.seconds / 2)), logger: logger)
        }
    }

    /// The month's spend as the status recorded it. A record that does not decode is never read
    /// as 0: the last hourly spend (else the budget's own pace) is assumed since the month began.
    static func ledger(_ guardObject: GuardObject, spec: CostGuardSpec, now: Date) -> SpendLedger {
        let status = guardObject.status
        let recorded = status.monthToDateSpend.flatMap(Double.init)
        let lost = guardObject.statusProblems.contains { $0.hasPrefix("status.monthToDateSpend") || $0.hasPrefix("status.spendMonth") }
            || (status.monthToDateSpend != nil && recorded?.isFinite != true)
        guard lost else { return SpendLedger(now: now, recordedMonth: status.spendMonth, recordedSpend: recorded) }
        let budgetPace = (spec.caps.monthlyBudget?.double ?? 0) / (31 * 24)
        return SpendLedger(now: now, unreadableRecordAt: status.hourlySpend.flatMap(Double.init) ?? budgetPace)
    }

    /// Reads OpenCost's prices when they are due; a failure keeps the last ones (or the spec's).
    private mutating func refreshPrices(now: Date) async {
        guard let openCost else { return }
        if let attempt = openCostAttempt {
            let wait = openCostFailure == nil ? Self.openCostRefresh : Self.openCostRetry
            guard now.timeIntervalSince(attempt) >= wait else { return }
        }
        openCostAttempt = now
        do {
            prices.openCost = try await openCost.prices()
            openCostRefreshed = now
            openCostFailure = nil
        } catch {
            openCostFailure = error.description
        }
        nodeTotals = nil  // priced again with what is now known
    }

    /// The status's `pricing`: where the prices come from.
    var pricingStatus: CostGuardStatus.PricingStatus? {
        guard openCost != nil else { return nil }
        guard prices.openCost != nil else {
            return .init(source: "Spec", message: "OpenCost has not answered yet: \(openCostFailure ?? "not read yet"); the spec's prices are used")
        }
        return .init(source: "OpenCost", pricedNodes: openCostPricedNodes, refreshedAt: openCostRefreshed.map(HPAAnnotations.text),
                     message: openCostFailure.map { "OpenCost is not answering (\($0)); its prices of \(openCostRefreshed.map(HPAAnnotations.text) ?? "before") are used" })
    }

    var interval: Double { engine.policy.interval }

    func isDue(at now: Date) -> Bool {
        guard let lastEvaluation else { return true }
        return now.timeIntervalSince(lastEvaluation) >= interval - 0.001
    }

    var nextDue: Date? { lastEvaluation.map { $0.addingTimeInterval(interval) } }

    /// Reads the signals and the cluster, and decides.
    mutating func evaluate(now: Date, nodes: NodeCache, nodeChanges: Int,
                           hpas: StoreSnapshot<HorizontalPodAutoscaler>, namespaces: StoreSnapshot<Namespace>) async -> GuardEvaluation {
        let t = now.timeIntervalSince(start)
        await refreshPrices(now: now)
        // The totals come from the watch-kept counts; they are made again only after a node event.
        if nodeTotals?.changes != nodeChanges {
            let totals = NodeTotals(spec: spec, prices: prices, nodes: nodes)
            nodeTotals = (nodeChanges, totals)
            if prices.openCost != nil { openCostPricedNodes = totals.pricedByOpenCost }
        }
        // The month's spend through now, as the replay keeps it (one ledger, GuardCore's).
        ledger.record(hourly: nodeTotals!.totals.hourlySpend, at: now)
        let guarded = GuardedCluster.guardedHPAs(spec.targets, hpas: hpas, namespaces: namespaces)
        let cluster = GuardedCluster(spec: spec, nodeTotals: nodeTotals!.totals, clusterRanges: nodes.clusterRanges(), guarded: guarded,
                                     monthToDate: ledger.monthToDate, secondsToMonthEnd: ledger.secondsToMonthEnd(from: now))
        let signals: SignalReading
        if source != nil || accessLogs != nil {
            signals = await readSignals(now: now, t: t)
        } else {
            signals = SignalReading.fromHPAs(guarded.hpas, t: t, now: now)
        }
        let plan = engine.decide(frame: signals.frame, cluster: cluster.view, t: t)

        if latest?.plan.verdict.class != plan.verdict.class || verdictSince == nil { verdictSince = now }
        if plan.pauseReason == nil { pauseSince = nil } else if pauseSince == nil { pauseSince = now }
        lastEvaluation = now
        let evaluation = GuardEvaluation(at: now, plan: plan, cluster: cluster, signals: signals,
                                         pauseUntil: plan.surgePauseUntil.map { start.addingTimeInterval($0) })
        latest = evaluation
        return evaluation
    }

    /// The frame from Prometheus, the access logs, or both: Prometheus gives the rate and the
    /// quality fields it has queries for, the logs give the sources and the rest. A rate that
    /// cannot be read (Prometheus when configured, else the logs) means no frame: fail-static.
    private func readSignals(now: Date, t: Double) async -> SignalReading {
        async let queried = source?.evaluate(at: now, t: t)
        async let logged = accessLogs?.read(now: now)
        let (prometheus, logs) = await (queried, logged)
        guard let logs else {
            let evaluation = prometheus!
            return SignalReading(frame: evaluation.frame, failures: evaluation.failures.map(\.description),
                                 condition: QueryFailure.signalsCondition(evaluation.failures, frameBuilt: evaluation.frame != nil, at: now))
        }
        var frame = logs.frame
        frame?.t = t
        var failures = logs.failures
        var queriedFields = Set<FrameField>()
        if let prometheus, let config = spec.signals.prometheus {
            failures = prometheus.failures.map(\.description) + failures
            queriedFields = Set(FrameQueries(config).queries.map(\.field))
            if var merged = prometheus.frame {
                if let logFrame = logs.frame {
                    if !queriedFields.contains(.clientErrorRatio) { merged.clientErrorRatio = logFrame.clientErrorRatio }
                    if !queriedFields.contains(.conversionRatio) { merged.conversionRatio = logFrame.conversionRatio }
                    if !queriedFields.contains(.routes) { merged.routes = logFrame.routes }
                    merged.uniqueSources = logFrame.uniqueSources
                    merged.topSources = logFrame.topSources
                    merged.newSourceRatio = logFrame.newSourceRatio
                }
                frame = merged
            } else {
                frame = nil
            }
        }
        let stamp = HPAAnnotations.text(now)
        let receivers = "\(logs.receivers) access-log receiver\(logs.receivers == 1 ? "" : "s")"
        let condition: Condition
        if failures.isEmpty {
            condition = Condition(type: ConditionType.signalsAvailable, status: .true,
                                  reason: spec.signals.prometheus == nil ? "ReceiversAnswered" : "QueriesAnswered",
                                  message: spec.signals.prometheus == nil ? "\(receivers) answered and merged"
                                      : "every configured query and \(receivers) answered", lastTransitionTime: stamp)
        } else {
            condition = Condition(type: ConditionType.signalsAvailable, status: .false,
                                  reason: frame == nil ? "RequestRateUnavailable" : (logs.frame == nil ? "AccessLogsUnavailable" : "QueriesFailed"),
                                  message: String(failures.joined(separator: "; ").prefix(1024)), lastTransitionTime: stamp)
        }
        return SignalReading(frame: frame, failures: failures, condition: condition)
    }

    /// What this guard claims on each HPA it selects (Enforce mode only; the caller checks).
    func claims(now: Date) -> [String: HPAClaim] {
        guard let latest else { return [:] }
        var claims: [String: HPAClaim] = [:]
        let plan = latest.plan
        for key in latest.cluster.hpaKeys {
            var claim = HPAClaim(guardName: name)
            if plan.pauseReason == .surge {
                claim.pause = HPAClaim.Pause(reason: "surge", since: pauseSince ?? now, until: latest.pauseUntil)
            }
            let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
            if parts.count == 2, let ceiling = plan.ceilings.first(where: { $0.namespace == parts[0] && $0.name == parts[1] }) {
                claim.ceiling = HPAClaim.Ceiling(maxReplicas: ceiling.maxReplicas, cap: ceiling.cap.rawValue)
            }
            claims[key] = claim
        }
        return claims
    }

    /// The deny entries this guard wants on its set (its `denyList` enabled; Enforce mode only:
    /// the caller checks), each with its wall-clock expiry.
    func denyClaim() -> DenyClaim? {
        let config = spec.actions.denyList
        guard config.enabled, let latest else { return nil }
        let entries = latest.plan.denyList.map { entry in
            DenyRecord(prefix: entry.prefix.description, rps: entry.rps,
                       expires: HPAAnnotations.text(start.addingTimeInterval(entry.expiresAt)), guardName: name)
        }
        return DenyClaim(guardName: name, entries: entries, maxEntries: config.maxEntries, neverDeny: config.neverDeny,
                         ttl: config.ttl.seconds)
    }

    func shutdown() async {
        // The signal client's connection pool; failing to close it only leaks sockets until exit.
        do { try await prometheus?.shutdown() } catch {}
        do { try await openCost?.shutdown() } catch {}
        do { try await receiverClient?.shutdown() } catch {}
    }
}

/// One evaluation's result, kept until the next.
struct GuardEvaluation: Sendable {
    var at: Date
    var plan: Plan
    var cluster: GuardedCluster
    var signals: SignalReading
    /// The wall-clock end of the surge pause's hold-down.
    var pauseUntil: Date?
}

/// The frame an evaluation decided on (nil: fail-static) and the SignalsAvailable condition.
struct SignalReading: Sendable {
    var frame: SignalFrame?
    var failures: [String]
    var condition: Condition

    /// The default signal: the guarded HPAs' current metrics, value times replicas, summed.
    static func fromHPAs(_ hpas: [HorizontalPodAutoscaler], t: Double, now: Date) -> SignalReading {
        var total = 0.0
        var read = 0
        var failures: [String] = []
        for hpa in hpas {
            switch HPARate.rate(of: hpa) {
            case .rate(let value):
                total += value
                read += 1
            case .unavailable(let why):
                failures.append("\(hpa.cacheKey): \(why)")
            }
        }
        let stamp = HPAAnnotations.text(now)
        if hpas.isEmpty {
            return SignalReading(frame: nil, failures: ["no HPA matches spec.targets"],
                                 condition: Condition(type: ConditionType.signalsAvailable, status: .false, reason: "NoGuardedHPAs",
                                                      message: "no HPA matches spec.targets; nothing to read a rate from",
                                                      lastTransitionTime: stamp))
        }
        guard read > 0 else {
            return SignalReading(frame: nil, failures: failures,
                                 condition: Condition(type: ConditionType.signalsAvailable, status: .false,
                                                      reason: "RequestRateUnavailable",
                                                      message: String(failures.joined(separator: "; ").prefix(1024)),
                                                      lastTransitionTime: stamp))
        }
        let condition = failures.isEmpty
            ? Condition(type: ConditionType.signalsAvailable, status: .true, reason: "HPAMetrics",
                        message: "request rate from \(read) HPA\(read == 1 ? "" : "s") (value x replicas)", lastTransitionTime: stamp)
            : Condition(type: ConditionType.signalsAvailable, status: .false, reason: "SomeHPAsUnread",
                        message: String(("rate from \(read) of \(hpas.count) HPAs; " + failures.joined(separator: "; ")).prefix(1024)),
                        lastTransitionTime: stamp)
        return SignalReading(frame: SignalFrame(t: t, rps: total), failures: failures, condition: condition)
    }
}
