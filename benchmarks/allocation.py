"""Benchmark of the work-experience allocation engine.

Generates a municipal (700 pupils / 250 offers) and a national (60,000 / 20,000) instance
with fixed seeds, then runs `optimal`, `lottery` and a first-come-first-served baseline on
each, every run in its own subprocess so its peak memory (ru_maxrss from wait4) is its own.
On a large instance the engine solves its biggest independent part in a forked process;
`peak MB` then adds that process's peak to the run's own (as if both peaked at once).

Wall time is what the run itself measures for reading the instance JSON, allocating and
writing the result (interpreter start-up and imports excluded); `proc s` is the whole
subprocess including start-up, for reference.

Baseline (first-come-first-served): pupils arrive in a seeded random order; each takes their
highest counted wish with a free seat; afterwards, in the same order, those left take the
nearest eligible offer with a free seat within max_fallback_km (a coordinator filling up).

Usage: python benchmarks/allocation.py
"""

from __future__ import annotations

import json
import math
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

INSTANCES = [("municipal", 700, 250, 20260301), ("national", 60_000, 20_000, 20260302)]
MECHANISMS = ["optimal", "lottery", "fcfs"]


def run_one(instance_path: str, mechanism: str, result_path: str) -> None:
    """Child process: time reading + allocating + writing, print the seconds."""
    from ungegaranti.placement.engine import dumps, loads, solve

    if mechanism == "fcfs":
        from ungegaranti.placement.engine import problem as problem_mod

    start = time.perf_counter()
    with open(instance_path, "rb") as fh:
        inst = loads(fh.read())
    if mechanism == "fcfs":
        text = dumps(fcfs(problem_mod.build(inst), inst.seed))
    else:
        text = dumps(solve(inst, mechanism))
    with open(result_path, "w", encoding="utf-8") as fh:
        fh.write(text)
    seconds = time.perf_counter() - start
    # The engine may solve a large part in a forked process; its peak counts too.
    children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"{seconds:.6f} {children_kb}")


def fcfs(problem: Any, seed: int) -> dict[str, Any]:
    """First come, first served, then nearest free seat (see the module docstring)."""
    import numpy as np

    from ungegaranti.placement.engine import mechanisms, result

    alloc = mechanisms._with_locks(problem)
    seats = problem.remaining.copy()
    order = [i for i in range(problem.n) if not alloc.locked[i]]
    random.Random(seed).shuffle(order)
    left = []
    for i in order:
        for r, o in enumerate(problem.wishes[i].tolist()):
            if o >= 0 and seats[o] > 0:
                seats[o] -= 1
                alloc.offer[i], alloc.rank[i] = o, r + 1
                break
        else:
            left.append(i)
    limit = problem.instance.max_fallback_km
    for i in left:
        free = np.flatnonzero(problem.class_masks[int(problem.elig_class[i])] & (seats > 0))
        free = free[~np.isin(free, problem.wishes[i])]
        if len(free) == 0:
            continue
        km = problem.distance_km(np.full(len(free), i), free)
        best = int(np.argmin(km))
        if limit is None or km[best] <= limit:
            o = int(free[best])
            seats[o] -= 1
            alloc.offer[i], alloc.rank[i] = o, 0
    return result.build(problem, alloc, "fcfs", seed)


def measure(instance_path: str, mechanism: str, workdir: str) -> dict[str, Any]:
    out = os.path.join(workdir, f"result-{mechanism}.json")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", instance_path, mechanism, out],
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    assert proc.stdout is not None
    fields = proc.stdout.read().split()
    seconds = float(fields[0]) if fields else math.nan
    children_kb = int(fields[1]) if len(fields) > 1 else 0
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{mechanism} on {instance_path} failed with status {proc.returncode}")
    row = {
        "wall": seconds,
        "proc": time.perf_counter() - start,
        # Conservative: the run's own peak plus its forked solver's peak, as if at once.
        "peak_mb": (usage.ru_maxrss + children_kb) / 1024.0,
    }
    row.update(stats(json.loads(Path(out).read_text(encoding="utf-8"))))
    return row


def stats(res: dict[str, Any]) -> dict[str, Any]:
    s = res["summary"]
    free = s["students"] - s["locked"]
    dists = [a["distance_km"] for a in res["assignments"]]
    return {
        "placed": s["placed"],
        "first": 100.0 * s["by_rank"]["1"] / max(free, 1),
        "top3": 100.0 * sum(s["by_rank"][str(r)] for r in (1, 2, 3)) / max(free, 1),
        "fallback": s["fallback"],
        "unplaced": s["unplaced"],
        "mean_km": sum(dists) / len(dists) if dists else math.nan,
        "max_km": max(dists) if dists else math.nan,
    }


def main() -> None:
    from ungegaranti.placement.engine.generate import generate

    print(
        f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", file=sys.stderr
    )
    rows = []
    with tempfile.TemporaryDirectory(prefix="allocation-bench-") as tmp:
        for name, students, offers, seed in INSTANCES:
            path = os.path.join(tmp, f"{name}.json")
            with open(path, "w", encoding="utf-8") as fh:
                json.dump(
                    generate(students, offers, seed), fh, ensure_ascii=False, separators=(",", ":")
                )
            for mech in MECHANISMS:
                row = measure(path, mech, tmp)
                rows.append((f"{name} {students}/{offers}", mech, row))
                print(f"  done: {name} {mech} {row['wall']:.2f}s", file=sys.stderr, flush=True)
    header = f"{'instance':<22} {'mechanism':<9} {'wall s':>7} {'proc s':>7} {'peak MB':>8} {'placed':>7} {'1st %':>6} {'top3 %':>6} {'fallbk':>7} {'unplcd':>6} {'mean km':>7} {'max km':>7}"
    print(header)
    print("-" * len(header))
    for inst, mech, r in rows:
        print(
            f"{inst:<22} {mech:<9} {r['wall']:>7.2f} {r['proc']:>7.2f} {r['peak_mb']:>8.0f} {r['placed']:>7} "
            f"{r['first']:>6.1f} {r['top3']:>6.1f} {r['fallback']:>7} {r['unplaced']:>6} {r['mean_km']:>7.2f} {r['max_km']:>7.2f}"
        )
    print(
        f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} CPUs)"
    )
    by = {(inst.split()[0], mech): r for inst, mech, r in rows}
    nat, mun = by[("national", "optimal")], by[("municipal", "optimal")]
    print(
        f"allocation-bench: national_optimal_s={nat['wall']:.2f} national_peak_mb={nat['peak_mb']:.0f} "
        f"municipal_optimal_s={mun['wall']:.3f} national_first_choice_pct={nat['first']:.1f}"
    )


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        run_one(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        main()
