// swift-tools-version: 6.1
// ParallelLedger: Ethereum blocks executed in parallel over a sharded ledger, and measured.
//
// Data flows one way through the modules:
//   Workloads → Blocks → Execution (EVM through a StateAccess view) → write sets → Ledger shards → Trie roots.
import PackageDescription

/// Release builds of the execution hot path skip Swift's dynamic exclusivity checks: every
/// access to a mutable class property (the executor's account entries, the block overlay's
/// tables) otherwise goes through `swift_beginAccess`/`swift_endAccess`, about a sixth of the
/// instructions of a plain transfer. The checks only ever catch same-thread overlapping
/// accesses, which debug builds (and `swift test`) still check; thread safety is unaffected.
/// Allowed for this package as root and as a local (path) dependency, as `Benchmarks/` uses it.
///
/// Debug builds (and so `swift test`) optimise these modules and `Primitives` too
/// (`optimizedInDebug`). Why: unoptimised, the interpreter ran 250 times slower than in release
/// (vmPerformance/loopExp: 4 min 11 s against 1 s), and the conformance suite's VM-test folder
/// alone kept one core busy for most of `swift test`'s 17 minutes. Optimised, the whole
/// `swift test` runs in about a minute after a build 45 s longer (110 → 155 s). Debug builds
/// keep what the tests rely on: `@testable` access, exclusivity checks, overflow traps and
/// preconditions; `assert` is compiled out in these modules (one use, in `EVM/SmallMaps.swift`).
let optimizedInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))] + optimizedInDebug

let package = Package(
    name: "ParallelLedger",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ledgerbench", targets: ["LedgerBenchCLI"]),
        .library(name: "ParallelLedger", targets: ["Primitives", "Trie", "StateAccess", "Blocks", "Ledger", "EVM", "Execution", "Conformance", "Allocator", "Workloads", "Bench"]),
    ],
    traits: [
        .trait(name: "Jemalloc", description: "Link jemalloc as the process allocator (Debian: libjemalloc-dev)."),
        .default(enabledTraits: ["Jemalloc"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // C libraries from Debian, each behind its own shim target.
        .systemLibrary(name: "CJemalloc", pkgConfig: "jemalloc", providers: [.apt(["libjemalloc-dev"])]),
        .systemLibrary(name: "CSecp256k1", pkgConfig: "libsecp256k1", providers: [.apt(["libsecp256k1-dev"])]),

        // A cache prefetch hint (Swift has none): one inline C function.
        .target(name: "CPrefetch"),
        // Which CPU a thread runs on, and pinning one (the worker pool's placement).
        .target(name: "CThreads"),

        // U256, Address, Bytes32, hex, Keccak-256, RLP.
        .target(name: "Primitives", dependencies: ["CThreads"], swiftSettings: optimizedInDebug),
        // Merkle-Patricia trie with cached node hashes.
        .target(name: "Trie", dependencies: ["Primitives"], swiftSettings: hotPath),
        // The narrow interface between execution and state: reads by location, write sets.
        .target(name: "StateAccess", dependencies: ["Primitives", "CPrefetch"]),
        // Block, transaction, receipt and result types, and their JSON interchange format.
        .target(name: "Blocks", dependencies: ["Primitives"]),
        // Accounts partitioned into shards by keccak(address), per-shard roots merged into the state root.
        .target(name: "Ledger", dependencies: ["Primitives", "Trie", "StateAccess", "Blocks", "CPrefetch", "CThreads"], swiftSettings: hotPath),
        // The Cancun EVM: interpreter, gas, precompiles, transaction processing.
        .target(name: "EVM", dependencies: ["Primitives", "StateAccess", "Blocks", "CSecp256k1"], swiftSettings: hotPath),
        // Block executors: sequential (and later parallel strategies).
        .target(name: "Execution", dependencies: ["Primitives", "StateAccess", "Blocks", "Ledger", "EVM", "Trie", "CPrefetch", "CThreads"], swiftSettings: hotPath),
        // Sweeps across strategies, thread and shard counts: measurements, CSV, plots.
        .target(name: "Bench", dependencies: ["Primitives", "StateAccess", "Blocks", "Ledger", "Execution", "Workloads", "Allocator"]),
        // ethereum/tests state-test runner.
        .target(name: "Conformance", dependencies: ["Primitives", "StateAccess", "Blocks", "Ledger", "EVM", "Execution", "Trie"]),
        // Workload contracts (compiled bytecode) and block generators: parameters + seed → block.
        .target(name: "Workloads", dependencies: ["Primitives", "Blocks"]),
        // Which allocator serves this process, and its statistics.
        .target(name: "Allocator", dependencies: [.target(name: "CJemalloc", condition: .when(traits: ["Jemalloc"]))]),

        // The command line: parses arguments, calls library code.
        .executableTarget(
            name: "LedgerBenchCLI",
            dependencies: [
                "Primitives", "Trie", "Ledger", "Blocks", "EVM", "Execution", "Conformance", "Allocator", "Bench", "Workloads",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Test-only helpers: locating ../shared/fixtures.
        .target(name: "TestSupport", path: "Sources/TestSupport"),
        .testTarget(name: "PrimitivesTests", dependencies: ["Primitives", "TestSupport"]),
        .testTarget(name: "TrieTests", dependencies: ["Primitives", "Trie", "TestSupport"]),
        .testTarget(name: "LedgerTests", dependencies: ["Primitives", "Trie", "Ledger", "Blocks", "StateAccess", "TestSupport", "CThreads"], exclude: ["Data"]),
        .testTarget(name: "EVMTests", dependencies: ["Primitives", "EVM", "StateAccess", "Blocks", "TestSupport"]),
        .testTarget(name: "BlocksTests", dependencies: ["Primitives", "Blocks", "TestSupport"]),
        .testTarget(name: "ExecutionTests", dependencies: ["Primitives", "Execution", "Ledger", "Blocks", "EVM", "TestSupport", "Workloads", "CThreads"]),
        .testTarget(name: "BenchTests", dependencies: ["Bench", "Execution", "Blocks", "Workloads", "Allocator", "TestSupport"]),
        .testTarget(name: "ConformanceTests", dependencies: ["Conformance", "Primitives", "TestSupport"]),
        .testTarget(name: "WorkloadsTests", dependencies: ["Workloads", "Primitives", "Blocks", "TestSupport"]),
        // Hostile input end to end: bad arguments and files through the built `ledgerbench`,
        // hostile blocks through every executor.
        .testTarget(name: "HardeningTests", dependencies: ["Primitives", "Blocks", "Execution"]),
    ],
    swiftLanguageModes: [.v6]
)
