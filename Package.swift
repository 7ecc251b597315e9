// swift-tools-version:6.1
// Headway: measurement-based care statistics and the `headway` command-line tool.
// SPDX-License-Identifier: GPL-3.0-or-later (GSL, which Headway links, is GPL-3.0-or-later).
import PackageDescription

let package = Package(
    name: "Headway",
    // Linux (any distribution with Swift 6.1+ and GSL) and macOS 13 or later.
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Headway", targets: ["Headway"]),
        .library(name: "HeadwayStats", targets: ["HeadwayStats"]),
        .library(name: "HeadwayCharts", targets: ["HeadwayCharts"]),
        .executable(name: "headway", targets: ["HeadwayCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    ],
    targets: [
        // The GNU Scientific Library, found with pkg-config (Debian: libgsl-dev).
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        // The only module that imports CGSL: safe Swift functions over Swift buffers.
        .target(name: "HeadwayStats", dependencies: ["CGSL"]),
        // Streaming byte-level RFC 4180 reader and writer; no dependencies.
        .target(name: "HeadwayCSV"),
        // Domain library: catalog, observations, change, trend, GAS, flags, reports (the HTML report draws with HeadwayCharts). Pure Swift.
        .target(name: "Headway", dependencies: ["HeadwayStats", "HeadwayCSV", "HeadwayCharts", "HeadwayXLSX",
                                                .product(name: "Crypto", package: "swift-crypto")], exclude: ["Catalog/CATALOG.md"]),
        // Excel workbooks (.xlsx) in and out: ZIPFoundation for the archive, Foundation's streaming XMLParser.
        .target(name: "HeadwayXLSX", dependencies: ["HeadwayCSV", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        // Terminal charts: pure functions returning String.
        .target(name: "HeadwayCharts"),
        // The thin command-line front end.
        .executableTarget(
            name: "HeadwayCLI",
            dependencies: [
                "Headway", "HeadwayCharts", "HeadwayCSV", "HeadwayStats", "HeadwayXLSX",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Throughput benchmark for the CSV reader (see BENCHMARKS.md, scripts/benchmark).
        .executableTarget(name: "reader-benchmark", dependencies: ["HeadwayCSV"], path: "Benchmarks/ReaderBenchmark"),
        .testTarget(name: "HeadwayStatsTests", dependencies: ["HeadwayStats"]),
        .testTarget(name: "HeadwayCSVTests", dependencies: ["HeadwayCSV"]),
        .testTarget(name: "HeadwayXLSXTests", dependencies: ["HeadwayXLSX"], resources: [.copy("Fixtures")]),
        .testTarget(name: "HeadwayTests", dependencies: ["Headway", "HeadwayStats", "HeadwayCSV",
                                                         .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "HeadwayChartsTests", dependencies: ["HeadwayCharts"], resources: [.copy("Golden")]),
        .testTarget(name: "HeadwayCLITests", dependencies: ["HeadwayCLI", "HeadwayXLSX"], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
