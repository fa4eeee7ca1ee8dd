import KubeModel

/// The `spec` of a CostGuard (costguard.dev/v1alpha1), with every documented default filled in.
public struct CostGuardSpec: Sendable, Hashable {
    public enum Mode: String, Sendable, CaseIterable { case dryRun = "DryRun", enforce = "Enforce" }

    public var mode: Mode = .dryRun
    public var targets = Targets()
    public var caps = Caps()
    public var pricing = Pricing()
    public var signals = Signals()
    public var detection = Detection()
    public var actions = Actions()

    public init() {}
}

extension CostGuardSpec {
    public struct Targets: Sendable, Hashable {
        /// Namespaces whose HPAs are guarded; empty selects all.
        public var namespaceSelector = LabelSelector()
        /// Which HorizontalPodAutoscalers are guarded; empty selects all in the selected namespaces.
        public var hpaSelector = LabelSelector()
        /// Nodes that count toward the caps; empty counts all.
        public var nodeSelector = LabelSelector()
        public init() {}
    }

    public struct Caps: Sendable, Hashable {
        public var maxNodes: Int?
        public var maxHourlySpend: Money?
        /// Month-to-date spend plus the run rate to month end must stay within this.
        public var monthlyBudget: Money?
        public init(maxNodes: Int? = nil, maxHourlySpend: Money? = nil, monthlyBudget: Money? = nil) {
            self.maxNodes = maxNodes
            self.maxHourlySpend = maxHourlySpend
            self.monthlyBudget = monthlyBudget
        }
    }

    public struct Pricing: Sendable, Hashable {
        public var currency = "USD"
        public var defaultNodeHourly = Money(0.192)
        /// Hourly price by `node.kubernetes.io/instance-type`.
        public var instanceTypes: [String: Money] = [:]
        /// Multipliers by capacity type (`karpenter.sh/capacity-type` and the like), e.g. spot: 0.35.
        public var capacityTypeFactors: [String: Money] = [:]
        public var openCostURL: String?
        public init() {}
    }

    public struct Signals: Sendable, Hashable {
        public var interval = GoDuration(seconds: 15)
        public var prometheus: Prometheus?
        public var accessLogs: AccessLogs?
        public init() {}

        /// The live access-log receivers (`costguard ingest serve`) a frame is read from: one by URL,
        /// or every ready replica behind a Service, their sketches merged.
        public struct AccessLogs: Sendable, Hashable {
            public enum Receivers: Sendable, Hashable {
                case url(String)
                case service(namespace: String, name: String, port: Int)
            }
            public var receivers: Receivers
            /// A receiver interval is read this long after it ends: lines still in the shippers'
            /// buffers arrive in that time.
            public var delay = GoDuration(seconds: 5)
            /// The conversion rules ("METHOD PATH-PREFIX") the receivers must count with; empty: any.
            public var conversions: [String] = []
            public init(receivers: Receivers) { self.receivers = receivers }
        }

        /// PromQL for each frame field; a query left out leaves that field out of the frame.
        public struct Prometheus: Sendable, Hashable {
            public var url: String
            public var requestRate: String
            public var clientErrorRatio: String?
            public var conversionRatio: String?
            public var routes: String?
            public var sources: String?
            public var uniqueSources: String?
            public var newSourceRatio: String?
            public init(url: String, requestRate: String) {
                self.url = url
                self.requestRate = requestRate
            }
        }
    }

    public struct Detection: Sendable, Hashable {
        public enum Sensitivity: String, Sendable, CaseIterable { case low = "Low", medium = "Medium", high = "High" }
        public var sensitivity: Sensitivity = .medium
        /// No surge verdict before this much history.
        public var warmup = GoDuration(seconds: 600)
        /// A surge pause lasts at least this long after the last surge frame.
        public var holdDown = GoDuration(seconds: 600)
        public init() {}
    }

    public struct Actions: Sendable, Hashable {
        public var pauseScaleUp = PauseScaleUp()
        public var denyList = DenyList()
        public var rateLimit = RateLimit()
        public var nodePools = NodePools()
        public init() {}

        public struct PauseScaleUp: Sendable, Hashable {
            /// How a surge is answered: `Graded`, a replica ceiling at the organic share with the
            /// outright pause for the clearest surges only; or `Pause`, every surge pauses scale-up.
            public enum Response: String, Sendable, CaseIterable { case graded = "Graded", pause = "Pause" }
            public var enabled = true
            public var response: Response = .graded
            public init() {}
        }

        public struct DenyList: Sendable, Hashable {
            public enum Provider: String, Sendable, CaseIterable {
                case calicoGlobalNetworkSet = "CalicoGlobalNetworkSet", ciliumCIDRGroup = "CiliumCIDRGroup"
            }
            public var enabled = false
            public var provider: Provider = .calicoGlobalNetworkSet
            public var name = "costguard-deny"
            public var ttl = GoDuration(seconds: 3600)
            public var maxEntries = 256
            public var neverDeny: [IPPrefix] = []
            public init() {}
        }

        public struct RateLimit: Sendable, Hashable {
            public var enabled = false
            public var middlewareNamespace: String?
            public var middlewareName: String?
            public var surgeAverage = 10
            public var surgeBurst = 20
            public init() {}
        }

        public struct NodePools: Sendable, Hashable {
            public var karpenterNodePoolSelector: LabelSelector?
            public var clusterAPIMachineDeploymentSelector: LabelSelector?
            public init() {}
        }
    }
}
