#!/usr/bin/env python3
"""The summary table of results/README.md from a main-job CSV: per workload and contention, the
speedup at 2 threads of each parallel strategy, Block-STM aborts per transaction, the ideal bound
and the sequential median.

    scripts/summarize-run.py results/default.csv
"""
import csv
import statistics
import sys
from collections import defaultdict


def main():
    rows = defaultdict(list)
    order = []
    with open(sys.argv[1] if len(sys.argv) > 1 else "results/default.csv", newline="") as f:
        for r in csv.DictReader(f):
            contention = "low" if float(r["hot_fraction"]) == 0 else "high"
            key = (r["workload"], contention)
            if key not in order:
                order.append(key)
            rows[key + (r["strategy"], r["threads"])].append(r)

    def med(key, column):
        return statistics.median(float(r[column]) for r in rows[key])

    print("| workload | contention | blockstm speedup @2 | sharded speedup @2 | blockstm aborts/tx @2 | ideal bound @2 | sequential median ms |")
    print("|---|---|---|---|---|---|---|")
    for w, c in order:
        seq = med((w, c, "sequential", "1"), "total_ms")
        b, s = (w, c, "blockstm", "2"), (w, c, "sharded", "2")
        aborts = statistics.median(float(r["aborts"]) / float(r["txs"]) for r in rows[b])
        print(f"| {w} | {c} | {seq / med(b, 'total_ms'):.2f} | {seq / med(s, 'total_ms'):.2f} | {aborts:.3f} | "
              f"{med(b, 'ideal_speedup'):.2f} | {seq:.1f} |")


if __name__ == "__main__":
    main()
