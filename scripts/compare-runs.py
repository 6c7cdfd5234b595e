#!/usr/bin/env python3
"""Compares two ledgerbench CSV files of the same sweep (for example jemalloc vs the system
allocator): per configuration, the median total and execution times and peak RSS of each, and
their ratio B/A. Prints a Markdown table.

    scripts/compare-runs.py results/default.csv results/system.csv
"""
import csv
import statistics
import sys
from collections import defaultdict

KEY = ("workload", "zipf", "hot_fraction", "strategy", "threads", "shards", "txs", "accounts")


def load(path):
    groups = defaultdict(list)
    label = None
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            groups[tuple(row[k] for k in KEY)].append(row)
            label = row["allocator"]
    return groups, label


def median(rows, column):
    values = [float(r[column]) for r in rows if r[column] != ""]
    return statistics.median(values) if values else float("nan")


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: compare-runs.py A.csv B.csv")
    a, label_a = load(sys.argv[1])
    b, label_b = load(sys.argv[2])
    common = [k for k in a if k in b]
    if not common:
        sys.exit("the two files share no configuration")
    print(f"| workload | contention | strategy | threads | total ms {label_a} | total ms {label_b} | "
          f"{label_b}/{label_a} | exec ms {label_a} | exec ms {label_b} | peak RSS MB {label_a} | peak RSS MB {label_b} |")
    print("|" + "---|" * 11)
    ratios = []
    for k in common:
        workload, zipf, hot, strategy, threads = k[:5]
        contention = "low" if float(hot) == 0 else "high"
        ta, tb = median(a[k], "total_ms"), median(b[k], "total_ms")
        ratios.append(tb / ta)
        print(f"| {workload} | {contention} | {strategy} | {threads} | {ta:.1f} | {tb:.1f} | {tb / ta:.2f} | "
              f"{median(a[k], 'exec_ms'):.1f} | {median(b[k], 'exec_ms'):.1f} | "
              f"{median(a[k], 'peak_rss_mb'):.0f} | {median(b[k], 'peak_rss_mb'):.0f} |")
    print(f"\nGeometric mean of {label_b}/{label_a} total time over {len(ratios)} configurations: "
          f"{statistics.geometric_mean(ratios):.3f} (min {min(ratios):.2f}, max {max(ratios):.2f})")


if __name__ == "__main__":
    main()
