#!/usr/bin/env bash
# Rebuilds the hand-made oracle cases and their expected results (EELS, the reference engine).
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=$(../shared/tools/oracle/setup.sh | tail -1)
python3 scripts/oracle/make-cases.py
for b in Tests/Data/oracle/*.block.json; do
  e="${b%.block.json}.expected.json"
  "$PY" ../shared/tools/oracle/oracle_block.py "$b" -o "$e.tmp" --engine eels
  # Run timings change every time; drop them so unchanged cases give unchanged files.
  python3 -c "import json,sys; r=json.load(open(sys.argv[1])); r.pop('timing',None); json.dump(r,open(sys.argv[2],'w'),indent=1); open(sys.argv[2],'a').write('\n')" "$e.tmp" "$e"
  rm "$e.tmp"
done
