// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "meshsim",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "meshsim", targets: ["meshsim"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // Pure model and decisions: no I/O.
        .target(name: "MeshCore"),
        // Pure routing: Gateway + VirtualService + DestinationRule + endpoints -> decision.
        .target(name: "MeshRouting", dependencies: ["MeshCore"]),
        // YAML manifests -> resources, with file/line positions for every error.
        .target(
            name: "MeshManifest",
            dependencies: ["MeshCore", .product(name: "Yams", package: "Yams")]
        ),
        // SQLite store: objects plus a kine-style revision log.
        .target(
            name: "MeshStore",
            dependencies: ["MeshCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // Controllers, scheduler, node agents, route compiler.
        .target(
            name: "MeshControlPlane",
            dependencies: [
                "MeshCore", "MeshStore", "MeshRouting",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Sockets: pod servers, sidecars, the ingress gateway.
        .target(
            name: "MeshDataPlane",
            dependencies: [
                "MeshCore", "MeshRouting",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The daemon's HTTP API (Kubernetes-shaped paths) and the client the CLI uses.
        .target(
            name: "MeshAPI",
            dependencies: [
                "MeshCore", "MeshManifest", "MeshStore", "MeshControlPlane", "MeshDataPlane", "MeshRouting",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Commands.
        .target(
            name: "MeshCLI",
            dependencies: [
                "MeshCore", "MeshManifest", "MeshAPI", "MeshRouting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "meshsim",
            dependencies: ["MeshCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Shared test helpers.
        .target(
            name: "MeshTesting",
            dependencies: [
                "MeshCore", "MeshStore", "MeshRouting", "MeshControlPlane",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "MeshCoreTests", dependencies: ["MeshCore", "MeshTesting"]),
        .testTarget(name: "MeshRoutingTests", dependencies: ["MeshRouting", "MeshCore", "MeshTesting"]),
        .testTarget(name: "MeshManifestTests", dependencies: ["MeshManifest", "MeshCore"], exclude: ["Fixtures"]),
        .testTarget(name: "MeshStoreTests", dependencies: ["MeshStore", "MeshCore", "MeshTesting"]),
        .testTarget(
            name: "MeshControlPlaneTests",
            dependencies: ["MeshControlPlane", "MeshStore", "MeshCore", "MeshTesting"]
        ),
        .testTarget(
            name: "MeshDataPlaneTests",
            dependencies: [
                "MeshDataPlane", "MeshRouting", "MeshCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "MeshCLITests",
            dependencies: [
                "MeshCLI", "MeshAPI", "MeshCore", "MeshStore", "MeshTesting",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
