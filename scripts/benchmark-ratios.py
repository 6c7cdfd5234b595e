#!/usr/bin/env python3
"""The parallel execution issue's ratios from the output of the package benchmarks.

    cd Benchmarks && swift package --disable-sandbox benchmark --target ExecutionBenchmarks > out.txt
    scripts/benchmark-ratios.py Benchmarks/out.txt

Reads each benchmark's median wall-clock time (p50) and prints, for transfers and ERC-20: the
execution speedup of Block-STM at two threads over the sequential executor, its one-thread cost,
8 against 2 threads, the end-to-end speedup, and the full-contention time over the sequential
one. package-benchmark runs each benchmark to the end before the next, so these ratios compare
runs minutes apart; `ledgerbench sweep` interleaves the strategies in every pass and is the
steadier source on a shared machine.
"""
import re
import sys


def medians(path):
    name, wall = None, {}
    for line in open(path, encoding="utf-8"):
        line = re.sub(r"\x1b\[[0-9;]*[mAK]", "", line).rstrip()
        if "ETA:" in line:
            continue
        if line.startswith("Execution,") or line.startswith("End to end,"):
            name = line
        elif name and "Time (wall clock)" in line:
            cells = [c.strip() for c in line.split("│")]
            wall[name] = float(cells[4])   # p0, p25, p50: the third column of values
            unit = "ms" if "(ms)" in cells[1] else "us"
            if unit == "ms":
                wall[name] *= 1000
    return wall


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    wall = medians(sys.argv[1])
    if not wall:
        sys.exit(f"{sys.argv[1]}: no ExecutionBenchmarks results found")
    for name in sorted(wall):
        print(f"{wall[name] / 1000:9.2f} ms  {name}")
    print()
    for kind in ("transfers", "erc20"):
        low, full = f"10k {kind}, low contention", f"10k {kind}, full contention"

        def ratio(a, b):
            try:
                return f"{wall[a] / wall[b]:.2f}"
            except KeyError:
                return "n/a"
        print(f"{kind}: execution speedup at 2 threads "
              f"{ratio(f'Execution, {low}: sequential', f'Execution, {low}: blockstm 2 threads')}, "
              f"one-thread cost {ratio(f'Execution, {low}: blockstm 1 thread', f'Execution, {low}: sequential')}, "
              f"8 vs 2 threads {ratio(f'Execution, {low}: blockstm 8 threads', f'Execution, {low}: blockstm 2 threads')}; "
              f"end to end at 2 threads {ratio(f'End to end, {low}: sequential', f'End to end, {low}: blockstm 2 threads')}, "
              f"8 vs 2 {ratio(f'End to end, {low}: blockstm 8 threads', f'End to end, {low}: blockstm 2 threads')}; "
              f"full contention ÷ sequential {ratio(f'Execution, {full}: blockstm 2 threads', f'Execution, {full}: sequential')}")


if __name__ == "__main__":
    main()
