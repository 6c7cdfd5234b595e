#!/usr/bin/env bash
# The parallel tests under ThreadSanitizer: execution, and the ledger's parallel commit and root. jemalloc and TSan's allocator do not mix,
# so this builds with the system allocator (--disable-default-traits). Smaller block counts keep
# it to minutes; raise EXECUTION_EVM_BLOCKS / EXECUTION_TEST_BLOCKS for a longer run.
set -euo pipefail
cd "$(dirname "$0")/.."
EXECUTION_EVM_BLOCKS=${EXECUTION_EVM_BLOCKS:-60} EXECUTION_TEST_BLOCKS=${EXECUTION_TEST_BLOCKS:-40} \
  swift test --sanitize=thread --disable-default-traits --scratch-path .build-tsan --filter "ExecutionTests|RandomizedStateTests|SplitBatchTests"
