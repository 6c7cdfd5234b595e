#!/usr/bin/env python3
"""Smoke test of the workload contracts on the oracle (EELS), independent of the Swift generators:
builds one small block by hand that exercises every contract path (success and revert), runs
oracle_block.py and checks each receipt's status and the AMM/lending post-state.

    PY=$(../shared/tools/oracle/setup.sh); $PY scripts/workloads/contract-smoke.py
"""
import json, os, re, subprocess, sys, tempfile
from eth_hash.auto import keccak

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ORACLE = os.path.join(ROOT, "..", "shared", "tools", "oracle", "oracle_block.py")
src = open(os.path.join(ROOT, "Sources/Workloads/Contracts/CompiledContracts.swift")).read()


def contract(name):
    body = src.split(f"public enum {name} {{")[1].split("\n}")[0]
    code = re.search(r'runtimeHex = "(0x[0-9a-f]+)"', body).group(1)
    sels = {m[0]: m[1] for m in re.findall(r"public static let (\w+): UInt32 = 0x([0-9a-f]{8})", body)}
    return code, sels


def a(n): return "0x" + f"{n:040x}"
def w(x): return x.to_bytes(32, "big")
def wa(s): return w(int(s, 16))
def slot(base, key): return "0x" + keccak(w(base) + key).hex()
def slot2(base, k1, k2): return "0x" + keccak(keccak(w(base) + k1) + k2).hex()
def call(sels, fn, *args): return "0x" + sels[fn] + b"".join(w(x) if isinstance(x, int) else wa(x) for x in args).hex()


E18 = 10**18
MAX = 2**256 - 1
tok_code, TOK = contract("TokenContract")
pair_code, PAIR = contract("PairContract")
lend_code, LEND = contract("LendingContract")
nft_code, NFT = contract("NFTContract")
T0, T1, USD, P, L, N = a(0x1000), a(0x1001), a(0x1002), a(0x2000), a(0x3000), a(0x4000)
alice, bob, carol, owner = a(0xa11ce), a(0xb0b), a(0xca201), a(0x0e)
users = [alice, bob, carol, owner]

pre = {u: {"balance": hex(1000 * E18), "nonce": "0x0"} for u in users}
for t in (T0, T1):
    st = {}
    for u in users:
        st[slot(0, wa(u))] = hex(10**6 * E18)
        st[slot2(1, wa(u), wa(P))] = hex(MAX)
    st[slot(0, wa(P))] = hex(10**5 * E18)
    pre[t] = {"balance": "0x0", "code": tok_code, "storage": st}
pre[P] = {"balance": "0x0", "code": pair_code,
          "storage": {"0x0": T0, "0x1": T1, "0x2": hex(10**5 * E18), "0x3": hex(10**5 * E18)}}
pre[USD] = {"balance": "0x0", "code": tok_code, "storage": {
    slot(0, wa(L)): hex(10**9 * E18), slot(0, wa(carol)): hex(10**6 * E18), slot2(1, wa(carol), wa(L)): hex(MAX)}}
pre[L] = {"balance": "0x1", "code": lend_code, "storage": {"0x0": owner, "0x1": USD, "0x2": hex(2000 * E18)}}
pre[N] = {"balance": "0x0", "code": nft_code, "storage": {"0x3": "0x5", slot(0, w(3)): bob, slot(1, wa(bob)): "0x1"}}

nonces = {u: 0 for u in users}
txs, expect = [], []


def tx(frm, to, data="0x", value=0, gas=200000, ok=True):
    txs.append({"from": frm, "to": to, "nonce": hex(nonces[frm]), "gas": hex(gas), "maxFeePerGas": "0x20",
                "maxPriorityFeePerGas": "0x2", "value": hex(value), "data": data})
    nonces[frm] += 1
    expect.append(ok)


tx(alice, T0, call(TOK, "transfer", bob, 5 * E18))                       # 0 ok
tx(alice, T0, call(TOK, "transfer", bob, 10**7 * E18), ok=False)          # 1 insufficient balance
tx(bob, T0, call(TOK, "approve", carol, 3 * E18))                         # 2
tx(carol, T0, call(TOK, "transferFrom", bob, carol, 2 * E18))             # 3 ok (allowance 3 -> 1)
tx(carol, T0, call(TOK, "transferFrom", bob, carol, 2 * E18), ok=False)   # 4 allowance exhausted
tx(alice, P, call(PAIR, "swap", 10 * E18, 1, 0))                          # 5 swap 0->1
tx(bob, P, call(PAIR, "swap", 10 * E18, 0, 0))                            # 6 swap 1->0
tx(bob, P, call(PAIR, "swap", 10 * E18, 0, MAX), ok=False)                # 7 slippage
tx(alice, L, call(LEND, "deposit"), value=10 * E18)                       # 8 deposit 10 ETH
tx(alice, L, call(LEND, "borrow", 13000 * E18))                           # 9 max 13333
tx(bob, L, call(LEND, "deposit"), value=10 * E18)                         # 10
tx(bob, L, call(LEND, "borrow", 5000 * E18))                              # 11
tx(bob, L, call(LEND, "borrow", 9000 * E18), ok=False)                    # 12 over the limit
tx(carol, L, call(LEND, "liquidate", alice), ok=False)                    # 13 healthy before the drop
tx(alice, L, call(LEND, "set_price", 1000 * E18), ok=False)               # 14 not owner
tx(owner, L, call(LEND, "set_price", 1500 * E18))                         # 15 price drop 25%
tx(carol, L, call(LEND, "liquidate", alice))                              # 16 liquidates
tx(carol, L, call(LEND, "liquidate", alice), ok=False)                    # 17 already liquidated
tx(carol, L, call(LEND, "liquidate", bob), ok=False)                      # 18 healthy
tx(alice, N, call(NFT, "mint"))                                           # 19 id 5
tx(bob, N, call(NFT, "mint"))                                             # 20 id 6
tx(bob, N, call(NFT, "transferFrom", bob, carol, 3))                      # 21
tx(bob, N, call(NFT, "transferFrom", bob, carol, 3), ok=False)            # 22 no longer owner
tx(alice, N, call(NFT, "approve", bob, 5))                                # 23
tx(bob, N, call(NFT, "transferFrom", alice, bob, 5))                      # 24 approved
tx(alice, T0, "0x", value=1, gas=30000, ok=False)                         # 25 ETH to a token: no fallback

block = {"fork": "cancun", "env": {"chainId": "0x1", "coinbase": a(0xc0), "number": "0x1", "timestamp": "0x6553f100",
                                   "gasLimit": hex(30_000_000), "baseFee": "0x7"}, "pre": pre, "txs": txs}
with tempfile.TemporaryDirectory() as d:
    bp, rp = os.path.join(d, "b.json"), os.path.join(d, "r.json")
    json.dump(block, open(bp, "w"))
    subprocess.run([sys.executable, ORACLE, bp, "-o", rp, "--engine", "eels", "--quiet"], check=True)
    res = json.load(open(rp))
bad = 0
assert not res["rejected"], res["rejected"]
for r in res["receipts"]:
    i = r["index"]
    fn = txs[i]["data"][2:10]
    ok = r["status"] == 1
    print(f"{i:2d} {'ok ' if ok else 'REV'} gas {int(r['gasUsed'], 16):6d} sel {fn} logs {len(r['logs'])} {r['error'] or ''}")
    if ok != expect[i]:
        bad += 1
        print("   ^^^ unexpected")
post = res["post"]
st = post[P]["storage"]
r0, r1 = int(st["0x" + "0" * 63 + "2"], 16), int(st["0x" + "0" * 63 + "3"], 16)
assert r0 * r1 >= (10**5 * E18) ** 2, "x*y < k"
print("AMM reserves", r0, r1, "k grew by", r0 * r1 / (10**5 * E18) ** 2)
assert int(post[carol]["balance"], 16) > 1000 * E18, "liquidator did not receive collateral"
sys.exit(1 if bad else 0)
