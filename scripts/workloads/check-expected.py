#!/usr/bin/env python3
"""Checks oracle results of generated workload blocks: every transaction included (none rejected),
reverts only where the workload intends them, the lending block liquidates after the price drop
and reverts for healthy positions, and every AMM swap keeps reserve0*reserve1 >= k.

    $PY scripts/workloads/check-expected.py Tests/Data/workloads/*.block.json
(each BLOCK.block.json is read with its BLOCK.expected.json). Exit 1 on any failed check.
"""
import json, os, sys
from collections import Counter

SWAP_TOPIC = None
SEL = {"a9059cbb": "erc20.transfer", "4312ae31": "amm.swap", "d0e30db0": "lending.deposit",
       "c5ebeaec": "lending.borrow", "28bf794d": "lending.set_price", "2f865568": "lending.liquidate",
       "1249c58b": "nft.mint", "23b872dd": "nft.transferFrom", "": "eth.transfer"}


def topics():
    src = open(os.path.join(os.path.dirname(__file__), "../../Sources/Workloads/Contracts/CompiledContracts.swift")).read()
    swap = src.split("eventSwapTopic = \"")[1].split("\"")[0]
    liq = src.split("eventLiquidateTopic = \"")[1].split("\"")[0]
    return swap, liq


def intended_revert(kind, data):
    """Whether the generator built this transaction to revert (None: depends on the block's state)."""
    words = [int(data[10 + 64 * i: 74 + 64 * i], 16) for i in range((len(data) - 10) // 64)]
    if kind == "erc20.transfer":
        return words[1] == 2**255
    if kind == "amm.swap":
        return words[2] == 2**256 - 1
    if kind == "nft.transferFrom":
        return words[2] >= 2**64
    if kind == "eth.to-contract":
        return True
    if kind == "lending.liquidate":
        return None  # healthy targets and lost liquidation races both revert
    return False


def check(block_path):
    res_path = block_path.replace(".block.json", ".expected.json")
    block, res = json.load(open(block_path)), json.load(open(res_path))
    swap_topic, liq_topic = topics()
    failures = []
    txs = block["txs"]
    if res["rejected"]:
        failures.append(f"rejected transactions: {res['rejected'][:3]}")
    stats = Counter()
    gas = {}
    k_prev = {}
    dropped = False
    liq_ok = liq_rev = 0
    for r in res["receipts"]:
        tx = txs[r["index"]]
        kind = SEL.get(tx["data"][2:10], "?")
        to = tx["to"]
        if kind == "eth.transfer" and to.startswith("0xc0de"):
            kind = "eth.to-contract"
        ok = r["status"] == 1
        intended = intended_revert(kind, tx["data"])
        if intended is not None and intended == ok:
            failures.append(f"tx {r['index']} {kind}: {'succeeded' if ok else 'reverted'}, built to {'revert' if intended else 'succeed'} ({r['error']})")
        stats[(kind, ok)] += 1
        gas.setdefault((kind, ok), []).append(int(r["gasUsed"], 16))
        if kind == "lending.set_price" and ok:
            dropped = True
        if kind == "lending.liquidate":
            if ok:
                if not dropped:
                    failures.append(f"tx {r['index']}: liquidation succeeded before the price drop")
                if not any(l["topics"][0] == liq_topic for l in r["logs"]):
                    failures.append(f"tx {r['index']}: liquidation without Liquidate event")
                liq_ok += 1
            else:
                liq_rev += 1
        for l in r["logs"]:
            if l["topics"][0] == swap_topic:
                d = bytes.fromhex(l["data"][2:])
                r0, r1 = int.from_bytes(d[96:128], "big"), int.from_bytes(d[128:160], "big")
                k = r0 * r1
                if l["address"] in k_prev and k < k_prev[l["address"]]:
                    failures.append(f"tx {r['index']}: x*y decreased on {l['address']}")
                k_prev[l["address"]] = k
    name = os.path.basename(block_path)
    if "lending" in name and "mixed" not in name:
        if not dropped or liq_ok == 0 or liq_rev == 0:
            failures.append(f"lending: drop={dropped} successful liquidations={liq_ok} reverted={liq_rev}")
    print(f"{name}: {len(res['receipts'])} receipts, gasUsed {int(res['gasUsed'], 16)}")
    for (kind, ok), n in sorted(stats.items()):
        g = gas[(kind, ok)]
        print(f"    {kind:20s} {'ok ' if ok else 'rev'} {n:4d}  gas min {min(g)} median {sorted(g)[len(g)//2]} max {max(g)}")
    for f in failures:
        print("  FAIL", f)
    return not failures


if __name__ == "__main__":
    good = all([check(p) for p in sys.argv[1:]])
    sys.exit(0 if good else 1)
