#!/usr/bin/env bash
# libFuzzer targets of Fuzz/ (RLP decoder, block-file parser, interpreter, parallel vs sequential),
# each run for a bounded time under AddressSanitizer. Usage:
#   scripts/fuzz.sh [SECONDS] [TARGET...]      default 60 s each, all targets
# Seeds live in Fuzz/corpus/<target> (committed, small); inputs the fuzzer finds go to
# Fuzz/.work/<target> (not committed); crashers to Fuzz/crashes/. Prints execs/s and total execs.
set -euo pipefail
cd "$(dirname "$0")/../Fuzz"
SECONDS_EACH=${1:-60}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(FuzzRLP FuzzBlockFile FuzzInterpreter FuzzParallel)
# Release + fuzzer/address instrumentation; no traits, so jemalloc stays out of ASan's way.
swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library >&2
BIN=$(swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --show-bin-path)
# Fake stacks confuse the EVM's StackGuard (see scripts/asan.sh), so they are off.
# Swift's own crash backtracer reads memory ASan has poisoned; libFuzzer reports instead.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:detect_stack_use_after_return=0}
mkdir -p crashes
status=0
printf '%-16s %10s %12s %8s\n' target execs/s total_execs result
for t in "${TARGETS[@]}"; do
  mkdir -p ".work/$t" "corpus/$t"
  log=".work/$t.log"
  if "$BIN/$t" -max_total_time="$SECONDS_EACH" -timeout=30 -rss_limit_mb=4096 -print_final_stats=1 \
       -artifact_prefix="crashes/$t-" ".work/$t" "corpus/$t" >"$log" 2>&1; then result=ok; else result=CRASH; status=1; fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  printf '%-16s %10s %12s %8s\n' "$t" "$rate" "$execs" "$result"
  [ "$result" = ok ] || { echo "  see Fuzz/$log; reproducer in Fuzz/crashes/"; grep -m3 -E 'ERROR|Fatal error|precondition' "$log" || true; }
done
exit $status
