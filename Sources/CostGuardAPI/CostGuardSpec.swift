import KubeModel

/// The `spec` of a CostGuard (costguard.dev/v1alpha1), with every documented default filled in.
package struct CostGuardSpec: Sendable, Hashable {
    package enum Mode: String, Sendable, CaseIterable { case dryRun = "DryRun", enforce = "Enforce" }

    package var mode: Mode = .dryRun
    package var targets = Targets()
    package var caps = Caps()
    package var pricing = Pricing()
    package var signals = Signals()
    package var detection = Detection()
    package var actions = Actions()

    package init() {}
}

extension CostGuardSpec {
    package struct Targets: Sendable, Hashable {
        /// Namespaces whose HPAs are guarded; empty selects all.
        package var namespaceSelector = LabelSelector()
        /// Which HorizontalPodAutoscalers are guarded; empty selects all in the selected namespaces.
        package var hpaSelector = LabelSelector()
        /// Nodes that count toward the caps; empty counts all.
        package var nodeSelector = LabelSelector()
        package init() {}
    }

    package struct Caps: Sendable, Hashable {
        package var maxNodes: Int?
        package var maxHourlySpend: Money?
        /// Month-to-date spend plus the run rate to month end must stay within this.
        package var monthlyBudget: Money?
        package init(maxNodes: Int? = nil, maxHourlySpend: Money? = nil, monthlyBudget: Money? = nil) {
            self.maxNodes = maxNodes
            self.maxHourlySpend = maxHourlySpend
            self.monthlyBudget = monthlyBudget
        }
    }

    package struct Pricing: Sendable, Hashable {
        package var currency = "USD"
        package var defaultNodeHourly = Money(0.192)
        /// Hourly price by `node.kubernetes.io/instance-type`.
        package var instanceTypes: [String: Money] = [:]
        /// Multipliers by capacity type (`karpenter.sh/capacity-type` and the like), e.g. spot: 0.35.
        package var capacityTypeFactors: [String: Money] = [:]
        package var openCostURL: String?
        package init() {}
    }

    package struct Signals: Sendable, Hashable {
        package var interval = GoDuration(seconds: 15)
        package var prometheus: Prometheus?
        package var accessLogs: AccessLogs?
        package init() {}

        /// The live access-log receivers (`costguard ingest serve`) a frame is read from: one by URL,
        /// or every ready replica behind a Service, their sketches merged.
        package struct AccessLogs: Sendable, Hashable {
            package enum Receivers: Sendable, Hashable {
                case url(String)
                case service(namespace: String, name: String, port: Int)
            }
            package var receivers: Receivers
            /// A receiver interval is read this long after it ends: lines still in the shippers'
            /// buffers arrive in that time.
            package var delay = GoDuration(seconds: 5)
            /// The conversion rules ("METHOD PATH-PREFIX") the receivers must count with; empty: any.
            package var conversions: [String] = []
            package init(receivers: Receivers) { self.receivers = receivers }
        }

        /// PromQL for each frame field; a query left out leaves that field out of the frame.
        package struct Prometheus: Sendable, Hashable {
            package var url: String
            package var requestRate: String
            package var clientErrorRatio: String?
            package var conversionRatio: String?
            package var routes: String?
            package var sources: String?
            package var uniqueSources: String?
            package var newSourceRatio: String?
            package init(url: String, requestRate: String) {
                self.url = url
                self.requestRate = requestRate
            }
        }
    }

    package struct Detection: Sendable, Hashable {
        package enum Sensitivity: String, Sendable, CaseIterable { case low = "Low", medium = "Medium", high = "High" }
        package var sensitivity: Sensitivity = .medium
        /// No surge verdict before this much history.
        package var warmup = GoDuration(seconds: 600)
        /// A surge pause lasts at least this long after the last surge frame.
        package var holdDown = GoDuration(seconds: 600)
        package init() {}
    }

    package struct Actions: Sendable, Hashable {
        package var pauseScaleUp = PauseScaleUp()
        package var denyList = DenyList()
        package var rateLimit = RateLimit()
        package var nodePools = NodePools()
        package init() {}

        package struct PauseScaleUp: Sendable, Hashable {
            /// How a surge is answered: `Graded`, a replica ceiling at the organic share with the
            /// outright pause for the clearest surges only; or `Pause`, every surge pauses scale-up.
            package enum Response: String, Sendable, CaseIterable { case graded = "Graded", pause = "Pause" }
            package var enabled = true
            package var response: Response = .graded
            package init() {}
        }

        package struct DenyList: Sendable, Hashable {
            package enum Provider: String, Sendable, CaseIterable {
                case calicoGlobalNetworkSet = "CalicoGlobalNetworkSet", ciliumCIDRGroup = "CiliumCIDRGroup"
            }
            package var enabled = false
            package var provider: Provider = .calicoGlobalNetworkSet
            package var name = "costguard-deny"
            package var ttl = GoDuration(seconds: 3600)
            package var maxEntries = 256
            package var neverDeny: [IPPrefix] = []
            package init() {}
        }

        package struct RateLimit: Sendable, Hashable {
            package var enabled = false
            package var middlewareNamespace: String?
            package var middlewareName: String?
            package var surgeAverage = 10
            package var surgeBurst = 20
            package init() {}
        }

        package struct NodePools: Sendable, Hashable {
            package var karpenterNodePoolSelector: LabelSelector?
            package var clusterAPIMachineDeploymentSelector: LabelSelector?
            package init() {}
        }
    }
}
