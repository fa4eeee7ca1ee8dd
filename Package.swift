// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "costguard",
    platforms: [.macOS(.v15)],
    targets: [
        .target(name: "KubeModel"),
    ]
)
