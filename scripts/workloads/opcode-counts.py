#!/usr/bin/env python3
"""Opcodes executed per transaction kind in a block, counted with EELS's EVM trace hook while
the oracle runs it (the benchmark's cost model: an ERC-20 transfer should stay a few hundred).

    $PY scripts/workloads/opcode-counts.py Tests/Data/workloads/mixed-low.block.json
"""
import json, os, sys
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "..", "shared", "tools", "oracle"))
import oracle_block  # noqa: E402
import ethereum.trace as trace  # noqa: E402

SEL = {"a9059cbb": "erc20.transfer", "4312ae31": "amm.swap", "d0e30db0": "lending.deposit",
       "c5ebeaec": "lending.borrow", "28bf794d": "lending.set_price", "2f865568": "lending.liquidate",
       "1249c58b": "nft.mint", "23b872dd": "nft.transferFrom", "": "eth.transfer"}
counts = []   # per transaction, in block order
current = [0]


def tracer(evm, event, trace_memory=False, trace_stack=True, trace_return_data=False):
    # TransactionEnd closes every top-level message call (EELS emits no TransactionStart here).
    if isinstance(event, trace.OpStart):
        current[0] += 1
    elif isinstance(event, trace.TransactionEnd):
        counts.append(current[0])
        current[0] = 0


trace.set_evm_trace(tracer)
doc = json.load(open(sys.argv[1]))
res = oracle_block.run_eels(oracle_block.load_case(doc))
per = defaultdict(list)
for r, n in zip(res["receipts"], counts):
    tx = doc["txs"][r["index"]]
    per[(SEL.get(tx["data"][2:10], "?"), r["status"])].append(n)
for (kind, status), ns in sorted(per.items()):
    ns.sort()
    print(f"{kind:20s} {'ok ' if status else 'rev'} n={len(ns):4d} opcodes min {ns[0]} median {ns[len(ns)//2]} max {ns[-1]}")
