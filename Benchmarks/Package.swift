// swift-tools-version: 6.1
// Benchmarks for ParallelLedger, kept out of the main package so `swift test` never builds
// them. Run from this folder: `swift package --disable-sandbox benchmark` (release build).
import PackageDescription

let package = Package(
    name: "ParallelLedgerBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "ParallelLedger", path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "PrimitivesBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "ParallelLedger", package: "ParallelLedger"),
            ],
            path: "Benchmarks/PrimitivesBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        .executableTarget(
            name: "EVMBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "ParallelLedger", package: "ParallelLedger"),
            ],
            path: "Benchmarks/EVMBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
    ]
)
