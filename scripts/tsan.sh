#!/usr/bin/env bash
# The parallel tests under ThreadSanitizer: execution, and the ledger's parallel commit and root. jemalloc and TSan's allocator do not mix,
# so this builds with the system allocator (--disable-default-traits). The randomized tests run
# as many blocks as in `swift test` (300 EVM blocks, 120 toy blocks): with the hot-path modules
# optimised in debug builds (Package.swift) that takes about 2.5 minutes, build not included.
# The whole suite under TSan took 11.5 minutes (2026-12-08), too long for CI.
set -euo pipefail
cd "$(dirname "$0")/.."
swift test --sanitize=thread --disable-default-traits --scratch-path .build-tsan --filter "ExecutionTests|RandomizedStateTests|SplitBatchTests|ShardQueuesTests"
