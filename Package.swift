// swift-tools-version:6.2
import PackageDescription

// One target per layer (DESIGN.md: dependencies point one way).
let package = Package(
    name: "costguard",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "costguard", targets: ["costguard"]),
        .executable(name: "costguard-bench", targets: ["costguard-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        .target(name: "KubeModel"),
        // Every YAML and hand-written file CostGuard reads goes through here: aliases bounded, errors one line.
        .target(name: "YAMLInput", dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(name: "CostGuardAPI", dependencies: ["KubeModel", "YAMLInput"]),
        // One buffered file writer for scenario files and reports.
        .target(name: "FileOutput"),
        // The decision: classifier, engine, reference cluster, replay. Pure: no file, no thread.
        .target(name: "GuardCore", dependencies: ["CostGuardAPI"]),
        // Scenario files (spec/scenarios.md): their reader, writer and the replay of a file.
        .target(name: "ScenarioIO", dependencies: ["GuardCore", "CostGuardAPI", "KubeModel", "YAMLInput", "FileOutput"]),
        .target(name: "Report", dependencies: ["GuardCore", "CostGuardAPI", "KubeModel", "FileOutput"]),
        .target(name: "ScenarioCatalog", dependencies: ["GuardCore", "ScenarioIO", "CostGuardAPI"]),
        .target(
            name: "KubeClient",
            dependencies: [
                "KubeModel", "YAMLInput",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "KubeSim",
            dependencies: [
                "KubeModel", "GuardCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Signals",
            dependencies: [
                "GuardCore", "ScenarioIO", "CostGuardAPI", "KubeModel", "AccessLogs",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "OperatorRuntime",
            dependencies: [
                "CostGuardAPI", "GuardCore", "KubeModel", "KubeClient", "Signals",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        // Access logs → frames (issue 13): readers, mergeable sketches, the offline ingest.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(name: "AccessLogs", dependencies: ["GuardCore", "ScenarioIO", "CostGuardAPI", "KubeModel", "CZlib"]),
        // OTLP/HTTP logs' messages, generated once by scripts/generate-otlp.sh and committed.
        .target(name: "AccessLogsOTLP", dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")],
                exclude: ["Protos"]),
        // `costguard ingest serve`: the live receiver (Hummingbird), its intervals and metrics.
        .target(
            name: "AccessLogsServe",
            dependencies: [
                "AccessLogs", "AccessLogsOTLP",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The demo and the end-to-end tests: KubeSim, operator instances, a stepped clock.
        .target(name: "Demo", dependencies: ["OperatorRuntime", "KubeSim", "KubeClient", "KubeModel", "GuardCore", "CostGuardAPI",
                                             "AccessLogs", "AccessLogsServe", "ScenarioCatalog",
                                             .product(name: "AsyncHTTPClient", package: "async-http-client"),
                                             .product(name: "Logging", package: "swift-log"),
                                             .product(name: "NIOCore", package: "swift-nio"),
                                             .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")]),
        // Scenarios written into a Prometheus TSDB with promtool: the backtest benchmark and the tests'.
        .target(name: "PrometheusBackfill", dependencies: ["GuardCore", "ScenarioIO", "CostGuardAPI", "Signals"]),
        // What both executables' commands share.
        .target(name: "CommandSupport"),
        .executableTarget(
            name: "costguard",
            dependencies: [
                "CostGuardAPI", "GuardCore", "ScenarioIO", "Report", "ScenarioCatalog", "Signals", "OperatorRuntime", "KubeSim", "KubeClient", "KubeModel",
                "Demo", "AccessLogs", "AccessLogsServe", "FileOutput", "CommandSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The benchmarks, out of the product's executable: `swift run -c release costguard-bench …`.
        .executableTarget(
            name: "costguard-bench",
            dependencies: [
                "CostGuardAPI", "GuardCore", "ScenarioIO", "Report", "ScenarioCatalog", "Signals", "OperatorRuntime", "KubeSim", "KubeClient",
                "KubeModel", "Demo", "AccessLogs", "FileOutput", "CommandSupport", "PrometheusBackfill",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(name: "KubeBench", dependencies: ["KubeModel", "KubeClient", "KubeSim"]),
        .testTarget(name: "KubeModelTests", dependencies: ["KubeModel"]),
        .testTarget(name: "KubeClientTests", dependencies: ["KubeClient", "KubeSim", "KubeModel", "TestSupport"]),
        // What several test targets share: YAML read as the Kubernetes API reads it, a log capture.
        .target(name: "TestSupport", dependencies: ["KubeModel", .product(name: "Yams", package: "Yams"),
                                                     .product(name: "Logging", package: "swift-log")], path: "Tests/TestSupport"),
        .testTarget(name: "KubeSimTests", dependencies: ["KubeSim", "KubeModel", "TestSupport"]),
        .testTarget(name: "CostGuardAPITests", dependencies: ["CostGuardAPI", "KubeModel"], exclude: ["Resources"]),
        .testTarget(name: "GuardCoreTests", dependencies: ["GuardCore", "ScenarioIO", "Report", "ScenarioCatalog", "TestSupport"]),
        .testTarget(name: "AccessLogsTests", dependencies: ["AccessLogs", "GuardCore", "ScenarioIO", "CostGuardAPI", "KubeModel", "TestSupport"]),
        .testTarget(
            name: "AccessLogsServeTests",
            dependencies: [
                "AccessLogsServe", "AccessLogs", "AccessLogsOTLP", "GuardCore", "ScenarioIO", "TestSupport",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "ReportTests", dependencies: ["Report", "GuardCore", "ScenarioIO", "FileOutput", "ScenarioCatalog"],
                    exclude: ["Golden"]),
        .testTarget(
            name: "OperatorRuntimeTests",
            dependencies: [
                "OperatorRuntime", "Demo", "PrometheusBackfill", "KubeSim", "KubeClient", "KubeModel", "GuardCore", "ScenarioIO", "CostGuardAPI", "ScenarioCatalog",
                "Signals", "TestSupport", "AccessLogs", "AccessLogsServe",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(name: "SignalsTests", dependencies: ["Signals", "PrometheusBackfill", "GuardCore", "ScenarioIO", "Report", "ScenarioCatalog", "CostGuardAPI", "TestSupport"]),
        .testTarget(
            name: "DeployTests",
            dependencies: [
                "KubeSim", "KubeModel", "KubeClient", "Demo", "OperatorRuntime", "Signals", "PrometheusBackfill", "ScenarioCatalog", "GuardCore", "ScenarioIO",
                "CostGuardAPI", "TestSupport", .product(name: "Yams", package: "Yams"), .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Resources"]
        ),
        // Every reader of outside data, fuzzed: mutated and generated inputs, seeded (docs/fuzzing.md).
        .testTarget(
            name: "FuzzTests",
            dependencies: [
                "GuardCore", "ScenarioIO", "CostGuardAPI", "KubeModel", "KubeClient", "Signals", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
    ]
)
