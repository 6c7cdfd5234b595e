#!/usr/bin/env python3
"""Generates Tests/LedgerTests/Data/oracle-states.json: random account states and their state
roots computed with the `trie` package (py-trie), using the recipe of
../shared/tools/oracle/trie_demo.py (imported from there, not re-implemented).

Each case: "pre" (a `pre` allocation, hex quantities), "preRoot", then "deletes" (accounts to
delete) and "zeroSlots" (address -> slots set to zero), and "postRoot" of the state after them.
Some cases put every account in one shard (keccak(address) starting with one nibble or byte).

  PY=$(../shared/tools/oracle/setup.sh)
  $PY scripts/trie-expectations.py > Tests/LedgerTests/Data/oracle-states.json
"""
import json
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "shared", "tools", "oracle"))
from trie_demo import state_root, keccak  # noqa: E402

CASES = 300
rng = random.Random(20261125)


def address(prefix_nibbles=None):
    """A random 20-byte address; if prefix_nibbles is given, keccak(address) starts with it."""
    while True:
        a = bytes(rng.getrandbits(8) for _ in range(20))
        if prefix_nibbles is None or keccak(a).hex().startswith(prefix_nibbles):
            return a


def quantity(bits):
    return rng.getrandbits(rng.randint(1, bits))


def account():
    acct = {"nonce": 0, "balance": 0, "code": b"", "storage": {}}
    acct["balance"] = quantity(256) if rng.random() < 0.1 else quantity(80)  # may be 0
    if rng.random() < 0.4:
        acct["nonce"] = quantity(64) if rng.random() < 0.05 else rng.randint(0, 1000)
    if rng.random() < 0.25:
        acct["code"] = bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 60)))
    if acct["balance"] == 0 and acct["nonce"] == 0 and not acct["code"]:
        acct["balance"] = 1
    if rng.random() < 0.4:
        for _ in range(rng.randint(1, 12)):
            slot = rng.getrandbits(rng.choice([8, 64, 256]))
            acct["storage"][slot] = rng.getrandbits(rng.choice([8, 64, 256])) or 1
    return acct


def hexq(v):
    return hex(v)


def main():
    cases = []
    for i in range(CASES):
        n = rng.choice([0, 1, 2, 3, 5, 8, 17, 33, 60, 120])
        mode = rng.random()
        prefix = None
        if mode < 0.15:
            prefix = "%x" % rng.randint(0, 15)
        elif mode < 0.25:
            prefix = "%02x" % rng.randint(0, 255)
            n = min(n, 17)
        accts = {address(prefix): account() for _ in range(n)}
        pre = {}
        for a, v in accts.items():
            pre["0x" + a.hex()] = {
                "balance": hexq(v["balance"]), "nonce": hexq(v["nonce"]), "code": "0x" + v["code"].hex(),
                "storage": {hexq(k): hexq(x) for k, x in v["storage"].items()},
            }
        pre_root = state_root(accts)
        deletes, zero = [], {}
        for a in list(accts):
            r = rng.random()
            if r < 0.15:
                deletes.append("0x" + a.hex())
                del accts[a]
            elif r < 0.35 and accts[a]["storage"]:
                slots = rng.sample(sorted(accts[a]["storage"]), rng.randint(1, len(accts[a]["storage"])))
                zero["0x" + a.hex()] = [hexq(s) for s in slots]
                for s in slots:
                    del accts[a]["storage"][s]
        cases.append({"pre": pre, "preRoot": "0x" + pre_root.hex(), "deletes": deletes, "zeroSlots": zero,
                      "postRoot": "0x" + state_root(accts).hex()})
    json.dump({"generator": "scripts/trie-expectations.py", "cases": cases}, sys.stdout, separators=(",", ":"), sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
