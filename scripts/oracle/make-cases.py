#!/usr/bin/env python3
"""Writes hand-made block cases to Tests/Data/oracle/*.block.json: contract deployment, logs,
storage, reverts with data, precompile calls, coinbase reads, self-transfers, SELFDESTRUCT,
access lists, out-of-gas, and invalid transactions (nonce, fee cap, balance, block gas limit).
regenerate.sh runs the oracle on them to produce the *.expected.json files."""
import json, os, sys

OPS = {n: i for i, n in enumerate([])}
OPS.update({"STOP": 0x00, "ADD": 0x01, "MUL": 0x02, "SUB": 0x03, "DIV": 0x04, "LT": 0x10, "GT": 0x11, "EQ": 0x14,
            "ISZERO": 0x15, "SHA3": 0x20, "ADDRESS": 0x30, "BALANCE": 0x31, "CALLER": 0x33, "CALLVALUE": 0x34,
            "CALLDATALOAD": 0x35, "CALLDATASIZE": 0x36, "CALLDATACOPY": 0x37, "CODECOPY": 0x39, "RETURNDATASIZE": 0x3d,
            "RETURNDATACOPY": 0x3e, "COINBASE": 0x41, "NUMBER": 0x43, "SELFBALANCE": 0x47, "BASEFEE": 0x48,
            "POP": 0x50, "MLOAD": 0x51, "MSTORE": 0x52, "SLOAD": 0x54, "SSTORE": 0x55, "JUMP": 0x56, "JUMPI": 0x57,
            "GAS": 0x5a, "JUMPDEST": 0x5b, "TLOAD": 0x5c, "TSTORE": 0x5d, "MCOPY": 0x5e, "PUSH0": 0x5f,
            "DUP1": 0x80, "DUP2": 0x81, "SWAP1": 0x90, "LOG0": 0xa0, "LOG1": 0xa1, "LOG2": 0xa2,
            "CREATE": 0xf0, "CALL": 0xf1, "RETURN": 0xf3, "DELEGATECALL": 0xf4, "CREATE2": 0xf5,
            "STATICCALL": 0xfa, "REVERT": 0xfd, "INVALID": 0xfe, "SELFDESTRUCT": 0xff})

def asm(*items):
    """Mnemonics and integers (pushed with the smallest PUSH; 0 as PUSH0)."""
    out = bytearray()
    for it in items:
        if isinstance(it, int):
            if it == 0:
                out.append(0x5f)
            else:
                b = it.to_bytes((it.bit_length() + 7) // 8, "big")
                out.append(0x5f + len(b)); out += b
        elif isinstance(it, (bytes, bytearray)):
            out += it
        else:
            out.append(OPS[it])
    return bytes(out)

def deployer(runtime):
    """Init code that returns `runtime` (CODECOPY from after the 13-byte prefix)."""
    n = len(runtime)
    prefix = asm(n, 13, 0, "CODECOPY", n, 0, "RETURN")
    prefix = prefix.ljust(13, b"\x00")
    assert len(asm(n, 13, 0, "CODECOPY", n, 0, "RETURN")) <= 13
    return prefix + runtime

def h(b): return "0x" + b.hex()
def addr(n): return "0x" + format(n, "040x")

# Stores calldata word 0 at slot 0 and emits LOG2(topic1 = 0xfeed, topic2 = caller) with the word as data.
LOGGER = asm(0, "CALLDATALOAD", "DUP1", 0, "SSTORE", 0, "MSTORE", "CALLER", 0xfeed, 32, 0, "LOG2", "STOP")
# Reverts with 4 bytes of data 0xdeadbeef after writing storage (which the revert undoes).
REVERTER = asm(1, 1, "SSTORE", 0xdeadbeef, 0, "MSTORE", 4, 28, "REVERT")
# Calls sha256 (0x02) and identity (0x04) on its calldata, ecrecover (0x01) on a fixed input
# from calldata, and stores each first output word.
def precompile_call(p, slot):
    return asm("CALLDATASIZE", 0, 0, "CALLDATACOPY",               # calldata to memory 0
               32, 0x200, "CALLDATASIZE", 0, p, "GAS", "STATICCALL", "POP",
               0x200, "MLOAD", slot, "SSTORE")
PRECOMPILES = precompile_call(2, 0) + precompile_call(4, 1) + precompile_call(1, 2) + precompile_call(3, 3) + asm("STOP")
# Reads the coinbase's balance and its own balance into storage (a coinbase read: the lazy-beneficiary case).
COINBASE_READER = asm("COINBASE", "BALANCE", 0, "SSTORE", "SELFBALANCE", 1, "SSTORE", "STOP")
# SELFDESTRUCT to the caller (EIP-6780: the contract was not created in this transaction, so only its balance moves).
DESTRUCTOR = asm("CALLER", "SELFDESTRUCT")
# Transient storage and MCOPY: TSTORE 7 at key 1, TLOAD it, MCOPY within memory, store the result.
TRANSIENT = asm(7, 1, "TSTORE", 1, "TLOAD", 0, "MSTORE", 32, 0, 32, "MCOPY", 32, "MLOAD", 5, "SSTORE", "STOP")
# A factory that CREATE2s a LOGGER copy with salt = calldata word 0 and stores the new address.
def factory():
    init = deployer(LOGGER)
    body_prefix = asm(len(init), 0, 0, "CODECOPY")  # placeholder to size
    # code layout: [copy init from offset K to memory 0][CREATE2][SSTORE][STOP][init]
    def build(k):
        return asm(len(init), k, 0, "CODECOPY", 0, "CALLDATALOAD", len(init), 0, 0, "CREATE2", 0, "SSTORE", "STOP")
    k = len(build(0))
    while len(build(k)) != k: k = len(build(k))
    return build(k) + init

A, B, POOR = addr(0xa11ce), addr(0xb0b), addr(0x9002)
LOG_C, REV_C, PRE_C, CB_C, DES_C, TR_C, FAC_C = (addr(0xc0de0000 + i) for i in range(1, 8))
ETH = 10**18

pre = {
    A: {"balance": hex(100 * ETH), "nonce": "0x0"},
    B: {"balance": hex(100 * ETH), "nonce": "0x5"},
    POOR: {"balance": hex(10**15), "nonce": "0x0"},
    LOG_C: {"balance": "0x0", "nonce": "0x1", "code": h(LOGGER), "storage": {"0x0": "0x1"}},
    REV_C: {"balance": "0x0", "nonce": "0x1", "code": h(REVERTER)},
    PRE_C: {"balance": "0x0", "nonce": "0x1", "code": h(PRECOMPILES)},
    CB_C: {"balance": "0x7", "nonce": "0x1", "code": h(COINBASE_READER)},
    DES_C: {"balance": hex(3 * ETH), "nonce": "0x1", "code": h(DESTRUCTOR), "storage": {"0x1": "0x2"}},
    TR_C: {"balance": "0x0", "nonce": "0x1", "code": h(TRANSIENT)},
    FAC_C: {"balance": "0x0", "nonce": "0x1", "code": h(factory())},
}

# ecrecover input: hash, v, r, s (a known valid signature from go-ethereum's tests).
ECREC = bytes.fromhex("456e9aea5e197a1f1af7a3e85a3212fa4049a3ba34c2289b4c860fc0b0c64ef3"
                      "000000000000000000000000000000000000000000000000000000000000001c"
                      "9242685bf161793cc25603c231bc2f568eb630ea16aa137d2664ac8038825608"
                      "4f8ae3bd7535248d0bd448298cc2e2071e56992d0774dc340c368ae950852ada")

def tx(frm, to, nonce, gas, data=b"", value=0, fee=None, access=None):
    t = {"from": frm, "to": to, "nonce": hex(nonce), "gas": hex(gas), "value": hex(value), "data": h(data)}
    if fee == "legacy":
        t["gasPrice"] = hex(20)
    else:
        t["maxFeePerGas"] = hex(30); t["maxPriorityFeePerGas"] = hex(2)
    if access is not None:
        t["accessList"] = access
        if fee == "legacy": pass
    return t

word = lambda n: n.to_bytes(32, "big")
txs = [
    tx(A, None, 0, 200_000, deployer(LOGGER), fee="legacy"),                  # 0 deployment (legacy)
    tx(A, LOG_C, 1, 100_000, word(0x1234)),                                    # 1 log + storage
    tx(B, REV_C, 5, 100_000),                                                  # 2 revert with data
    tx(A, PRE_C, 2, 400_000, ECREC),                                           # 3 precompiles
    tx(A, LOG_C, 9, 100_000, word(1)),                                         # 4 invalid: nonce too high
    {**tx(B, LOG_C, 6, 100_000, word(2)), "maxFeePerGas": hex(5)},            # 5 invalid: fee cap below base fee
    tx(POOR, A, 0, 21_000, value=10**16),                                      # 6 invalid: balance
    tx(A, A, 3, 21_000, value=ETH),                                            # 7 send to self
    tx(B, CB_C, 6, 100_000),                                                   # 8 coinbase read
    tx(B, DES_C, 7, 100_000),                                                  # 9 SELFDESTRUCT (EIP-6780)
    tx(A, TR_C, 4, 100_000, access=[{"address": TR_C, "storageKeys": ["0x5"]}]),  # 10 transient + MCOPY, access list
    tx(A, PRE_C, 5, 23_000, ECREC),                                            # 11 out of gas
    tx(B, FAC_C, 8, 300_000, word(42)),                                        # 12 CREATE2 factory
    tx(B, FAC_C, 9, 300_000, word(42)),                                        # 13 CREATE2 collision (same salt)
    tx(A, LOG_C, 6, 9_000_000, word(3)),                                       # 14 invalid: exceeds block gas left
    tx(A, LOG_C, 6, 60_000, word(4), fee="legacy", access=[]),                 # 15 EIP-2930, empty access list
]
block = {
    "fork": "cancun",
    "env": {"chainId": "0x1", "coinbase": addr(0xc014ba5e), "number": "0x10", "timestamp": "0x6553f100",
            "gasLimit": hex(3_000_000), "baseFee": "0x7", "prevRandao": "0x" + "2a" * 32,
            "blockHashes": {"15": "0x" + "ab" * 32}},
    "pre": pre,
    "txs": txs,
}
out = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "Data", "oracle", "evm-features.block.json")
with open(out, "w") as f:
    json.dump(block, f, indent=1, sort_keys=True)
    f.write("\n")
print("wrote", os.path.normpath(out))
