"""`memsim bench`: how fast the default diff runs here, end to end, and how much memory it takes.

Speed and memory targets live here, never in a timed unit test: the numbers depend on the
machine and on what else it is doing, so they are measured and reported, not asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from typing import Any

from sim import runtime, usage
from sim.states.bench import cpu_model

DESCRIPTION = """\
Measure `memsim diff` end to end (generate, render, both pipelines, compare) on this machine:
states per second with --jobs 1 and with --jobs J, and peak memory (max RSS) of a run of
--memory-states states. Each measurement runs in a fresh process, so import time and caches
of one do not help another. Then it reads memsim's speed and memory targets against those figures, each as
met, NOT MET or not measured: >= 1,000 states/s per core (the --jobs 1 rate); 100,000 states
in under two minutes with --jobs 2 (measured with --memory-states 100000, else projected from
the --jobs 2 rate); peak memory under 300 MB at 1,000,000 states (--memory-states 1000000;
the parent's peak plus each worker's). Where the time goes: python -m sim.bench_phases;
what was tried: docs/performance.md.

With PyPy at hand (scripts/pypy-setup, pypy3 on PATH or $MEMSIM_PYPY; see memsim diff
--runtime), the speed runs are made under both runtimes, one after the other, and printed side
by side, with the PyPy targets: its --jobs 1 rate >= 3x CPython's and >= 1,000
states/s per core. --runtime cpython measures CPython alone.

  memsim bench                                   # about 40 s here
  memsim bench --memory-states 100000            # the 100,000-state target: about 2 min more
  memsim bench --states 1000 --memory-states 1000000 --json   # the memory target: ~25 min
"""


def register(sub: Any) -> None:
    p = sub.add_parser(
        "bench",
        help="measure the speed and memory of memsim diff on this machine",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--states",
        type=usage.integer(1),
        default=10_000,
        help="states per speed run (default: %(default)s)",
    )
    p.add_argument(
        "--jobs",
        type=usage.jobs,
        default=usage.usable_cores(),
        help="parallel run's --jobs (default: the usable cores, %(default)s)",
    )
    p.add_argument(
        "--memory-states",
        type=usage.integer(0),
        default=0,
        metavar="N",
        help="also measure peak RSS of a run of N states (e.g. 1000000)",
    )
    p.add_argument(
        "--before",
        default="k8s-1.28.3",
        help="side A, as memsim diff takes it (default: %(default)s)",
    )
    p.add_argument("--after", default="k8s-1.29.0", help="side B (default: %(default)s)")
    p.add_argument(
        "--runtime",
        dest="runtimes",
        default=None,
        metavar="LIST",
        help="runtimes to measure, comma-separated: cpython, pypy (default: both when PyPy "
        "is found, else cpython; the memory run is CPython's)",
    )
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.set_defaults(func=main)


_CHILD = """
import json, resource, sys
from sim import diff, runtime, sides
cfg = diff.DiffConfig(before=sides.parse(sys.argv[1]), after=sides.parse(sys.argv[2]),
                      states=int(sys.argv[3]), jobs=int(sys.argv[4]), corpus=())
out = diff.run(cfg)
t = out.summary["timing"]
rss = [resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]
print(json.dumps({"states": out.summary["states_compared"], "seconds": t["seconds"],
                  "cpu_seconds": t["cpu_seconds"], "max_rss_kb": rss,
                  "interpreter": runtime.describe()}))
"""


def _run(
    before: str, after: str, states: int, jobs: int, interpreter: str | None = None
) -> dict[str, Any]:
    t0 = time.perf_counter()
    with runtime.import_path() as path:
        proc = subprocess.run(
            [
                interpreter or sys.executable,
                "-c",
                runtime.bootstrap(_CHILD, path),
                *(before, after, str(states), str(jobs)),
            ],
            capture_output=True,
            text=True,
            check=False,
            env=runtime.pypy_env() if interpreter or runtime.name() == "pypy" else None,
        )
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise usage.BadInput(
            "", f"the timed run failed (exit {proc.returncode}): {last}", usage.EXIT_BUG
        )
    r: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    r["wall_seconds"] = round(time.perf_counter() - t0, 3)
    r["states_per_second"] = round(r["states"] / r["seconds"], 1) if r["seconds"] else None
    r["jobs"] = jobs
    return r


PER_CORE_TARGET = 1000.0  # states/s per core
SPEED_STATES, SPEED_SECONDS, SPEED_JOBS = 100_000, 120.0, 2
MEMORY_STATES, MEMORY_MB = 1_000_000, 300.0


def _verdict(target: str, basis: str, measured: str, met: bool | None) -> dict[str, Any]:
    return {"target": target, "measured": measured, "basis": basis, "met": met}


def targets(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """memsim's speed and memory targets against these figures: one row each, with what was measured, on
    what basis ("measured", "projected" from the --jobs 2 rate, or "not measured") and
    whether it is met (None when it was not measured)."""
    rows: list[dict[str, Any]] = []
    target = f">= {PER_CORE_TARGET:,.0f} states/s per core"
    rate = (figures.get("jobs_1") or {}).get("states_per_second")
    if rate:
        what = f"{rate:,.0f} states/s with --jobs 1"
        rows.append(_verdict(target, "measured", what, rate >= PER_CORE_TARGET))
    else:
        rows.append(_verdict(target, "not measured", "not measured", None))
    target = f"{SPEED_STATES:,} states in under {SPEED_SECONDS:.0f} s with --jobs {SPEED_JOBS}"
    mem = figures.get("memory") or {}
    rate = (figures.get(f"jobs_{SPEED_JOBS}") or {}).get("states_per_second")
    if mem.get("jobs") == SPEED_JOBS and mem.get("states") == SPEED_STATES:  # that run itself
        secs = mem["wall_seconds"]
        what = f"{secs:.1f} s for {SPEED_STATES:,} states (wall, with start-up)"
        rows.append(_verdict(target, "measured", what, secs < SPEED_SECONDS))
    elif rate:
        secs = SPEED_STATES / rate
        what = f"{secs:.1f} s at {rate:,.0f} states/s (--memory-states {SPEED_STATES} measures it)"
        rows.append(_verdict(target, "projected", what, secs < SPEED_SECONDS))
    else:
        rows.append(_verdict(target, "not measured", f"not measured (--jobs {SPEED_JOBS})", None))
    target = f"peak memory under {MEMORY_MB:.0f} MB at {MEMORY_STATES:,} states"
    if mem.get("states", 0) >= MEMORY_STATES:
        parent_kb, worker_kb = mem["max_rss_kb"]
        workers = mem["jobs"] if mem["jobs"] > 1 else 0
        total = (parent_kb + workers * worker_kb) / 1024
        what = f"{total:.0f} MB (parent {parent_kb / 1024:.0f} MB + {mem['jobs']} x {worker_kb / 1024:.0f} MB)"
        rows.append(_verdict(target, "measured", what, total < MEMORY_MB))
    else:
        what = f"not measured (--memory-states {MEMORY_STATES})"
        rows.append(_verdict(target, "not measured", what, None))
    return rows


PYPY_SPEEDUP = 3.0  # the PyPy target: its --jobs 1 rate against CPython's


def pypy_targets(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """The PyPy targets: its --jobs 1 rate >= 3x CPython's, and >= 1,000 states/s per
    core (None when PyPy was not measured)."""
    py = figures.get("pypy") or {}
    p1 = (py.get("jobs_1") or {}).get("states_per_second")
    c1 = (figures.get("jobs_1") or {}).get("states_per_second")
    rows: list[dict[str, Any]] = []
    target = f"PyPy >= {PYPY_SPEEDUP:.0f}x CPython (--jobs 1)"
    if p1 and c1:
        what = f"{p1 / c1:.2f}x ({p1:,.0f} vs {c1:,.0f} states/s)"
        rows.append(_verdict(target, "measured", what, p1 >= PYPY_SPEEDUP * c1))
    else:
        rows.append(_verdict(target, "not measured", py.get("why", "not measured"), None))
    target = f"PyPy >= {PER_CORE_TARGET:,.0f} states/s per core"
    if p1:
        what = f"{p1:,.0f} states/s with --jobs 1"
        rows.append(_verdict(target, "measured", what, p1 >= PER_CORE_TARGET))
    else:
        rows.append(_verdict(target, "not measured", py.get("why", "not measured"), None))
    return rows


def _runtimes(arg: str | None) -> list[str]:
    """The runtimes --runtime names (default: both)."""
    names = [r.strip() for r in (arg or "cpython,pypy").split(",") if r.strip()]
    bad = [r for r in names if r not in runtime.RUNTIMES]
    if bad:
        raise usage.BadInput(
            "--runtime", f"unknown runtime {', '.join(bad)} (known: cpython, pypy)"
        )
    return names


def main(args: argparse.Namespace) -> int:
    from sim import sides

    for flag, spec in (("--before", args.before), ("--after", args.after)):
        try:
            side = sides.parse(spec)
        except sides.SideError as e:
            raise usage.BadInput(flag, str(e)) from None
        if side.kind == "saved":
            raise usage.BadInput(flag, f"{spec}: bench times runs, not a saved run; name a stack")

    names = _runtimes(args.runtimes)
    pypy: tuple[str, str] | None = None
    why = "not asked for (--runtime)"
    if "pypy" in names and runtime.name() == "cpython":
        try:
            pypy = runtime.find_pypy()
        except runtime.RuntimeNotFound as e:
            if args.runtimes:  # asked for by name: that is an error
                raise usage.BadInput("--runtime", str(e)) from None
            why = f"not measured: {e}"
    figures: dict[str, Any] = {
        "machine": {
            "cpu": cpu_model(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_before": os.getloadavg(),
        },
        "before": args.before,
        "after": args.after,
    }
    jobs = [1] + ([args.jobs] if args.jobs > 1 else [])
    # the top-level figures are this interpreter's; under CPython, PyPy's go under "pypy"
    figures["interpreter"] = runtime.describe()
    if "cpython" in names or runtime.name() == "pypy":
        for j in jobs:
            figures[f"jobs_{j}"] = _run(args.before, args.after, args.states, j)
    if runtime.name() == "pypy":
        figures["pypy"] = {"why": "memsim bench runs under PyPy: run it with CPython for both"}
    elif pypy is not None:
        py: dict[str, Any] = {"interpreter": pypy[1], "path": pypy[0]}
        for j in jobs:
            py[f"jobs_{j}"] = _run(args.before, args.after, args.states, j, pypy[0])
        figures["pypy"] = py
    else:
        figures["pypy"] = {"why": why}
    if args.memory_states:
        m = _run(args.before, args.after, args.memory_states, args.jobs)
        m["peak_rss_mb"] = round(max(m["max_rss_kb"]) / 1024, 1)
        figures["memory"] = m
    figures["targets"] = targets(figures)
    figures["pypy_targets"] = pypy_targets(figures)
    figures["machine"]["load_average_after"] = os.getloadavg()
    if args.json:
        print(usage.dumps(figures))
        return 0
    mach = figures["machine"]
    print(
        f"machine: {mach['cpu']}, {mach['cpus']} cpus; load average before "
        + " ".join(f"{x:.2f}" for x in mach["load_average_before"])
        + ", after "
        + " ".join(f"{x:.2f}" for x in mach["load_average_after"])
    )
    print(
        f"memsim diff --before {args.before} --after {args.after}, {args.states} synthetic "
        "states, each run in a fresh process (wall time of the diff, start-up excluded)"
    )
    cols = []
    if "jobs_1" in figures:
        label = figures["interpreter"]
        cols.append(
            (
                label.replace("Python", "CPython", 1) if label.startswith("Python ") else label,
                figures,
            )
        )
    if "jobs_1" in figures["pypy"]:
        cols.append((figures["pypy"]["interpreter"], figures["pypy"]))
    w = 44
    print(
        f"  {'':9}"
        + "".join(f"{name:{w}}" for name, _ in cols)
        + ("PyPy/CPython" if len(cols) == 2 else "")
    )
    for j in jobs:
        cells = []
        for _, f in cols:
            r = f[f"jobs_{j}"]
            rate = r["states_per_second"] or 0
            cells.append(
                f"{r['seconds']:.1f} s, {rate:,.0f}/s ({rate / j:,.0f}/core), {max(r['max_rss_kb']) / 1024:.0f} MB"
            )
        ratio = ""
        if len(cols) == 2:
            a, b = (f[f"jobs_{j}"]["states_per_second"] for _, f in cols)
            ratio = f"{b / a:.2f}x" if a and b else "-"
        print(f"  --jobs {j:<2}" + "".join(f"{c:{w}}" for c in cells) + ratio)
    if "why" in figures["pypy"]:
        print(f"  PyPy: {figures['pypy']['why']}")
    if "memory" in figures:
        m = figures["memory"]
        print(
            f"  {m['states']} states, --jobs {m['jobs']} ({cols[0][0] if cols else ''}): "
            f"{m['seconds']} s, peak RSS {m['peak_rss_mb']} MB"
        )
    for title, rows in (
        ("targets (CPython):", figures["targets"]),
        ("targets (PyPy):", figures["pypy_targets"]),
    ):
        print(title)
        for t in rows:
            verdict = {True: "met", False: "NOT MET", None: "-"}[t["met"]]
            print(f"  {t['target']}: {t['measured']}: {verdict}")
    return 0
