// swift-tools-version:6.2
import PackageDescription

// One target per layer (docs/DESIGN: dependencies point one way).
let package = Package(
    name: "costguard",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "costguard", targets: ["costguard"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .target(name: "KubeModel"),
        .target(name: "CostGuardAPI", dependencies: ["KubeModel", .product(name: "Yams", package: "Yams")]),
        .target(name: "GuardCore", dependencies: ["CostGuardAPI"]),
        .target(name: "Report", dependencies: ["GuardCore"]),
        .target(name: "ScenarioCatalog", dependencies: ["GuardCore", "CostGuardAPI"]),
        .executableTarget(
            name: "costguard",
            dependencies: [
                "CostGuardAPI", "GuardCore", "Report", "ScenarioCatalog",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "CostGuardAPITests", dependencies: ["CostGuardAPI"]),
        .testTarget(name: "GuardCoreTests", dependencies: ["GuardCore", "Report", "ScenarioCatalog"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "GuardCore"]),
    ]
)
