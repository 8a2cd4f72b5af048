// swift-tools-version: 6.1
import PackageDescription

let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Quartier",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "quartier", targets: ["quartier"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.34.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CGDAL",
            pkgConfig: "gdal",
            providers: [.apt(["libgdal-dev", "libproj-dev"])]
        ),
        .target(name: "QuartierModel", swiftSettings: upcoming),
        .target(name: "QuartierTOML", dependencies: ["QuartierModel"], swiftSettings: upcoming),
        .target(name: "QuartierStats", dependencies: ["QuartierModel"], swiftSettings: upcoming),
        .target(name: "QuartierAccess", dependencies: ["QuartierModel"], swiftSettings: upcoming),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CGLPK", providers: [.apt(["libglpk-dev"])]),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .target(
            name: "QuartierPostgres",
            dependencies: ["CLibPQ", "QuartierModel", .product(name: "NIOPosix", package: "swift-nio")],
            swiftSettings: upcoming
        ),
        .target(name: "QuartierDisclosure", dependencies: ["CGLPK", "QuartierModel"], swiftSettings: upcoming),
        .target(
            name: "QuartierTiles",
            dependencies: ["QuartierModel", "CZlib", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: upcoming
        ),
        .target(
            name: "QuartierGDAL",
            dependencies: ["CGDAL", "QuartierModel", .product(name: "Logging", package: "swift-log")],
            swiftSettings: upcoming
        ),
        .target(
            name: "QuartierService",
            dependencies: [
                "QuartierModel", "QuartierTOML", "QuartierGDAL", "QuartierStats", "QuartierAccess", "QuartierTiles",
                "QuartierDisclosure",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "QuartierServer",
            dependencies: [
                "QuartierService", "QuartierModel", "QuartierTOML", "QuartierPostgres",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
            ],
            swiftSettings: upcoming
        ),
        .executableTarget(
            name: "quartier",
            dependencies: [
                "QuartierService", "QuartierServer", "QuartierModel", "QuartierTiles",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming
        ),
        .target(name: "QuartierTestSupport", path: "Tests/QuartierTestSupport", swiftSettings: upcoming),
        .testTarget(name: "QuartierModelTests", dependencies: ["QuartierModel"], swiftSettings: upcoming),
        .testTarget(
            name: "QuartierTOMLTests", dependencies: ["QuartierTOML", "QuartierModel", "QuartierTestSupport"],
            swiftSettings: upcoming),
        .testTarget(
            name: "QuartierStatsTests", dependencies: ["QuartierStats", "QuartierModel"], swiftSettings: upcoming),
        .testTarget(
            name: "QuartierTilesTests", dependencies: ["QuartierTiles", "QuartierModel"], swiftSettings: upcoming),
        .testTarget(name: "QuartierDisclosureTests", dependencies: ["QuartierDisclosure"], swiftSettings: upcoming),
        .testTarget(
            name: "QuartierAccessTests", dependencies: ["QuartierAccess", "QuartierModel"], swiftSettings: upcoming),
        .testTarget(
            name: "QuartierGDALTests",
            dependencies: ["QuartierGDAL", "QuartierModel", "QuartierTestSupport"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "QuartierServiceTests",
            dependencies: [
                "QuartierService", "QuartierModel", "QuartierGDAL", "QuartierDisclosure", "QuartierTestSupport",
                "quartier", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "QuartierServerTests",
            dependencies: [
                "QuartierServer", "QuartierService", "QuartierModel", "QuartierTOML", "QuartierTestSupport", "quartier",
                // The long loops a dismissed job must leave (LongStepCancellationTests).
                "QuartierAccess", "QuartierTiles",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: upcoming
        ),
    ],
    swiftLanguageModes: [.v6]
)
