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
        // The `gongkai` commands, as a library so that tests can parse them.
        .target(
            name: "GongkaiCLI",
            dependencies: [
                "GongkaiCore",
                "GongkaiRendering",
                "GongkaiParsing",
                "GongkaiSamples",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "gongkai", dependencies: ["GongkaiCLI"], swiftSettings: strict),
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
        .testTarget(name: "GongkaiCLITests", dependencies: ["GongkaiCLI", "gongkai"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
