// swift-tools-version: 6.1
// Benchmarks for ParallelLedger, kept out of the main package so `swift test` never builds
// them. Run from this folder: `swift package --disable-sandbox benchmark` (release build).
import PackageDescription

/// One benchmark executable: `Benchmarks/<name>`, against the package's library.
func benchmark(_ name: String) -> Target {
    .executableTarget(
        name: name,
        dependencies: [
            .product(name: "Benchmark", package: "package-benchmark"),
            .product(name: "ParallelLedger", package: "ParallelLedger"),
        ],
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
    )
}

let package = Package(
    name: "ParallelLedgerBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "ParallelLedger", path: ".."),
        // Without the malloc interposer (no malloc metrics here): its `free` reads a header
        // before every pointer, and for memory it did not allocate (Block-STM's line-aligned
        // tables, from `posix_memalign`) that read crossed into an unmapped page and crashed
        // the execution benchmarks.
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: []),
    ],
    targets: ["PrimitivesBenchmarks", "EVMBenchmarks", "ExecutionBenchmarks"].map(benchmark)
)
