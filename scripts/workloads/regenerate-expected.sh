#!/usr/bin/env bash
# Regenerates the workload test blocks and their oracle results:
#   Tests/Data/workloads/<workload>-<low|high>.block.json      (ledgerbench generate, fixed seeds)
#   Tests/Data/workloads/<workload>-<low|high>.expected.json   (oracle_block.py --engine eels)
# then checks the results (no rejected txs, reverts only where built, lending liquidates after the
# price drop, AMM x*y never decreases) with check-expected.py.
#
# Usage (from anywhere): scripts/workloads/regenerate-expected.sh
# Needs the oracle environment (../shared/tools/oracle/setup.sh makes it on first use).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
oracle=${ORACLE_DIR:-$root/../shared/tools/oracle}
out=$root/Tests/Data/workloads
PY=$("$oracle/setup.sh")
cd "$root"
swift build --product ledgerbench >&2
bin=$(swift build --show-bin-path)/ledgerbench
mkdir -p "$out"

# Two contention settings. low: uniform choice over 4 contracts, 10% hot, 5% reverting.
# high: Zipf 1.2 over one contract, 60% hot, 10% reverting. (For nft the hot share is the share
# of mints; for lending, of liquidations racing for one position.)
low=(--zipf 0 --hot-fraction 0.1 --revert-fraction 0.05 --contracts 4 --seed 1001)
high=(--zipf 1.2 --hot-fraction 0.6 --revert-fraction 0.1 --contracts 1 --seed 2002)
common=(--txs 300 --accounts 120 --eip1559-fraction 0.8)

for w in transfers erc20 amm lending nft mixed; do
  for level in low high; do
    name=$w-$level
    if [ $level = low ]; then knobs=("${low[@]}"); else knobs=("${high[@]}"); fi
    "$bin" generate --workload $w "${common[@]}" "${knobs[@]}" -o "$out/$name.block.json"
    "$PY" "$oracle/oracle_block.py" "$out/$name.block.json" -o "$out/$name.expected.json" --engine eels --quiet
    # Drop the run's timings so regenerating an unchanged block leaves the file unchanged.
    "$PY" -c 'import json, sys
p = sys.argv[1]; d = json.load(open(p)); d.pop("timing", None)
open(p, "w").write(json.dumps(d, indent=1) + "\n")' "$out/$name.expected.json"
    echo "$name: $(grep -c '"index"' "$out/$name.expected.json") receipts" >&2
  done
done
"$PY" "$root/scripts/workloads/check-expected.py" "$out"/*.block.json
