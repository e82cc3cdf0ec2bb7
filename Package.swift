// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "gongkai",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gongkai", targets: ["gongkai"]),
        .library(name: "GongkaiCore", targets: ["GongkaiCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/vapor/fluent-kit", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver", from: "2.14.0"),
        .package(url: "https://github.com/vapor/vapor", from: "4.122.3"),
        .package(url: "https://github.com/vapor/leaf", from: "4.5.2"),
        .package(url: "https://github.com/vapor/leaf-kit", from: "1.14.3"),
    ],
    targets: [
        // The domain: both national report formats as data, the report model, its JSON contract and the checks.
        // Foundation only: no server dependency may ever enter this target.
        .target(name: "GongkaiCore", swiftSettings: strict),
        // Core types → Markdown, HTML, DOCX (OOXML through ZIPFoundation), JSON.
        .target(
            name: "GongkaiRendering",
            dependencies: ["GongkaiCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: strict
        ),
        // Published reports (text in any encoding, Markdown) → the report model, with findings.
        .target(
            name: "GongkaiParsing",
            dependencies: ["GongkaiCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: strict
        ),
        // Reports laid out in the shapes real published reports come in (text, HTML, DOCX): for tests and benchmarks.
        .target(
            name: "GongkaiSamples",
            dependencies: ["GongkaiCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: strict
        ),
        // The case ledger and the annual tables it yields, stored with Fluent: SQLite by default, PostgreSQL when
        // DATABASE_URL is set. No web framework: the CLI and (later) the server both use it.
        .target(
            name: "GongkaiStore",
            dependencies: [
                "GongkaiCore",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
            ],
            swiftSettings: strict
        ),
        // The office: every use case once (file, decide, review, accounts and logins, report drafts to publication,
        // calendar), with its permissions, form rules and audit. No web framework: the pages, the API and the CLI are
        // adapters over it.
        .target(name: "GongkaiOffice", dependencies: ["GongkaiCore", "GongkaiParsing", "GongkaiStore"], swiftSettings: strict),
        // `gongkai serve`: the public portal, the staff back office and the JSON API (Vapor + Leaf) over the store.
        .target(
            name: "GongkaiWeb",
            dependencies: [
                "GongkaiCore",
                "GongkaiRendering",
                "GongkaiParsing",
                "GongkaiStore",
                "GongkaiOffice",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "LeafKit", package: "leaf-kit"),
            ],
            resources: [.copy("Views"), .copy("Public")],
            swiftSettings: strict
        ),
        // The `gongkai` commands, as a library so that tests can parse them.
        .target(
            name: "GongkaiCLI",
            dependencies: [
                "GongkaiCore",
                "GongkaiWeb",
                "GongkaiRendering",
                "GongkaiParsing",
                "GongkaiSamples",
                "GongkaiStore",
                "GongkaiOffice",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "gongkai",
            dependencies: ["GongkaiCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),
        // libFuzzer target for the reader (see the file's header); a crash replayer in normal builds.
        .executableTarget(name: "gongkai-fuzz", dependencies: ["GongkaiCore", "GongkaiParsing"], swiftSettings: strict),
        .testTarget(
            name: "GongkaiCoreTests", dependencies: ["GongkaiCore", "GongkaiRendering"], exclude: ["Golden"],
            swiftSettings: strict
        ),
        // End-to-end tests run the built `gongkai` binary, so they depend on it.
        .testTarget(
            name: "GongkaiParsingTests",
            dependencies: ["GongkaiParsing", "GongkaiRendering", "GongkaiSamples"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        // The store on SQLite and, when GONGKAI_TEST_DATABASE_URL is set (always in CI), on PostgreSQL.
        .testTarget(name: "GongkaiStoreTests", dependencies: ["GongkaiStore", "GongkaiCore"], swiftSettings: strict),
        // Every page and API operation through Vapor's in-memory tester, on SQLite and PostgreSQL.
        .testTarget(
            name: "GongkaiWebTests",
            dependencies: ["GongkaiWeb", "GongkaiOffice", "GongkaiStore", "GongkaiCore", "GongkaiSamples", .product(name: "VaporTesting", package: "vapor")],
            swiftSettings: strict
        ),
        .testTarget(name: "GongkaiCLITests", dependencies: ["GongkaiCLI", "GongkaiStore", "GongkaiSamples", "gongkai"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
