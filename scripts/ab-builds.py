#!/usr/bin/env python3
"""Compare two builds of ledgerbench on the same sweep, alternating them round by round.

    scripts/ab-builds.py BEFORE AFTER ROUNDS [sweep arguments...]

Each round runs `BEFORE sweep ... --csv` and `AFTER sweep ... --csv` (the order alternates:
A B, B A, A B, ...), takes each build's median execution and total time per (workload,
strategy, threads), and the ratio AFTER / BEFORE. It prints the median over rounds of those
ratios, and each build's speedups over its own sequential runs.

Why rounds: on a shared machine the speed moves by more than most changes measured here, in
phases of seconds to minutes. Two sweeps minutes apart compare the phases, not the builds;
alternating, each round's two sweeps see nearly the same machine, and the median over rounds
drops the rounds that straddled a change. Two copies of one binary, eight rounds, are the way
to see how far apart this machine puts identical builds. Add `--max-drift 10` to the sweep
arguments to have runs on a slowed core measured again.

Copy the binaries somewhere first (`cp .build/release/ledgerbench /tmp/before`): a rebuild
between rounds would change what is compared.
"""
import csv
import os
import statistics
import subprocess
import sys
import tempfile


def sweep(binary, args, out):
    subprocess.run([binary, "sweep", *args, "--csv", out, "--quiet"], check=True)
    runs = {}
    for row in csv.DictReader(open(out)):
        key = (row["workload"], row["zipf"], row["hot_fraction"], row["strategy"], int(row["threads"]))
        times = runs.setdefault(key, {phase: [] for phase in PHASES})
        for phase in PHASES:
            times[phase].append(float(row[f"{phase}_ms"]))
    return {k: tuple(statistics.median(v[phase]) for phase in PHASES) for k, v in runs.items()}


# The columns compared, in this order in each run's tuple.
PHASES = ("exec", "commit", "root", "total")


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    before, after, rounds, args = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
    if rounds < 1:
        sys.exit("ROUNDS must be at least 1")
    for b in (before, after):
        if not os.access(b, os.X_OK):
            sys.exit(f"{b}: not an executable")
    results = {before: [], after: []}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(rounds):
            order = (before, after) if r % 2 == 0 else (after, before)
            for i, b in enumerate(order):
                results[b].append(sweep(b, args, os.path.join(tmp, f"{r}-{i}.csv")))
            print(f"round {r + 1} of {rounds} done", file=sys.stderr)
    a, b = results[before], results[after]
    print(f"AFTER = {after}, BEFORE = {before}, {rounds} rounds: median over rounds of AFTER / BEFORE")
    print(f"{'workload':<10} {'zipf':>5} {'hot':>5} {'strategy':<11} {'threads':>7} {'exec A ms':>10} {'exec B ms':>10} "
          + " ".join(f"{p + ' B/A':>10}" for p in PHASES))
    for key in sorted(a[0]):
        if not all(key in x for x in a + b):
            continue
        ea = [x[key][0] for x in a]
        eb = [x[key][0] for x in b]
        ratios = [statistics.median([y[key][i] / x[key][i] for x, y in zip(a, b)]) for i in range(len(PHASES))]
        print(f"{key[0]:<10} {key[1]:>5} {key[2]:>5} {key[3]:<11} {key[4]:>7} {statistics.median(ea):>10.2f} "
              f"{statistics.median(eb):>10.2f} " + " ".join(f"{r:>10.3f}" for r in ratios))
    print("\nspeedup over the same build's sequential runs (median over rounds): execution BEFORE, AFTER; "
          "end to end BEFORE, AFTER")
    for key in sorted(a[0]):
        if key[3] == "sequential":
            continue
        seq = key[:3] + ("sequential", 1)
        if not all(key in x and seq in x for x in a + b):
            continue
        speed = [statistics.median([x[seq][i] / x[key][i] for x in runs]) for i in (0, 3) for runs in (a, b)]
        print(f"{key[0]:<10} {key[1]:>5} {key[2]:>5} {key[3]:<11} {key[4]:>7} "
              + " ".join(f"{v:>8.2f}" for v in speed))


if __name__ == "__main__":
    main()
