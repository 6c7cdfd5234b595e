#!/usr/bin/env bash
# The whole test suite under AddressSanitizer (heap and stack overflows, use after free, double
# free). jemalloc replaces malloc and would hide allocations from ASan's allocator, so this builds
# with the system allocator (--disable-default-traits) into its own scratch path.
#
# detect_stack_use_after_return=0: with ASan's fake stacks, locals no longer live on the machine
# stack, so the EVM's StackGuard (Sources/EVM/StackGuard.swift) measures garbage depths and hops to
# a new 512 MiB-stack thread on nearly every call frame; a 1024-deep call chain then creates
# thousands of threads and ASan dies with "failed to mmap/munmap ... error code: 12"
# (vm.max_map_count). Not a finding, a limit of the measurement under fake stacks.
# Each test target runs in its own process, so one failure does not hide the others.
# The randomized parallel tests run fewer blocks than in CI (ASan is ~3x slower); raise
# EXECUTION_EVM_BLOCKS / EXECUTION_TEST_BLOCKS for a longer run. Usage:
#   scripts/asan.sh [TestTarget...]      default: every test target
set -euo pipefail
cd "$(dirname "$0")/.."
FLAGS=(--sanitize=address --disable-default-traits --scratch-path .build-asan)
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:detect_stack_use_after_return=0:halt_on_error=1}
export EXECUTION_EVM_BLOCKS=${EXECUTION_EVM_BLOCKS:-60} EXECUTION_TEST_BLOCKS=${EXECUTION_TEST_BLOCKS:-40}
swift build --build-tests "${FLAGS[@]}"
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=($(ls Tests | grep 'Tests$'))
failed=()
for t in "${TARGETS[@]}"; do
  echo "=== $t under AddressSanitizer"
  if swift test --skip-build "${FLAGS[@]}" --filter "^$t\\." ; then :; else failed+=("$t"); fi
done
if [ ${#failed[@]} -gt 0 ]; then echo "ASan: FAILED in ${failed[*]}"; exit 1; fi
echo "ASan: every test target passed (${TARGETS[*]})"
