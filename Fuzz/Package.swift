// swift-tools-version: 6.1
// libFuzzer targets for ParallelLedger, kept out of the main package so `swift test` never builds
// them. Build and run with `scripts/fuzz.sh` (libFuzzer + AddressSanitizer, system allocator).
import PackageDescription

let package = Package(
    name: "ParallelLedgerFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        // No traits: jemalloc off, so AddressSanitizer's allocator sees every allocation.
        .package(name: "ParallelLedger", path: "..", traits: []),
    ],
    targets: [
        // libFuzzer's driver, called from each fuzzer's entry point.
        .target(name: "CFuzzerDriver"),
        // Byte reading shared by the targets.
        .target(name: "FuzzSupport", dependencies: ["CFuzzerDriver"]),
        // Primitives: RLP decoding must never crash, and what it accepts re-encodes to the input.
        .executableTarget(name: "FuzzRLP", dependencies: ["FuzzSupport", .product(name: "ParallelLedger", package: "ParallelLedger")]),
        // Blocks: the block-file parser must never crash; what it accepts round-trips.
        .executableTarget(name: "FuzzBlockFile", dependencies: ["FuzzSupport", .product(name: "ParallelLedger", package: "ParallelLedger")]),
        // EVM: one transaction of random bytecode and calldata; never crashes, gas stays in bounds.
        .executableTarget(name: "FuzzInterpreter", dependencies: ["FuzzSupport", .product(name: "ParallelLedger", package: "ParallelLedger")]),
        // Execution: small random blocks; Block-STM and shard-affine must equal sequential.
        .executableTarget(name: "FuzzParallel", dependencies: ["FuzzSupport", .product(name: "ParallelLedger", package: "ParallelLedger")]),
    ],
    swiftLanguageModes: [.v6]
)
