"""Where a state's time goes in `memsim diff`: `python -m sim.bench_phases [--states N]`.

Runs the default diff (k8s-1.28.3 -> k8s-1.29.0, or --before/--after) in this process with
--jobs 1 and times each phase the diff engine calls, per state: generating and rendering the
state's files (sim.states.tree), the two pipelines (sim.pipeline.run: the ports, eager part),
the canonical layers (sim.compare.layers: this also runs what a pipeline computes on first
use, the kubelet Summary and the kubectl row), the changed paths, the invariants and the
ground truth; "rest" is the engine's own bookkeeping and the aggregation. Each phase is timed
by wrapping the module function the engine calls (about 1 µs a call of overhead), and the
originals are put back afterwards. Wall time (perf_counter): run it on a quiet machine.

This measures; docs/performance.md says what the figures mean for memsim's speed targets.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sim import compare, diff, pipeline, sides, states

# (module, function name, phase): what diff.process calls, in the order it calls it
PHASES: tuple[tuple[Any, str, str], ...] = (
    (states, "tree", "generate + render"),
    (pipeline, "run", "pipelines (eager)"),
    (compare, "layers", "layers (+ Summary, kubectl row)"),
    (compare, "changed_paths", "changed paths"),
    (diff, "_truth", "ground truth"),
    (compare, "violations", "invariants"),
)


def _timed(
    fn: Callable[..., Any], phase: str, spent: defaultdict[str, float]
) -> Callable[..., Any]:
    def wrapper(*a: Any, **k: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            spent[phase] += time.perf_counter() - t0

    return wrapper


def measure(
    states_n: int = 4000, before: str = "k8s-1.28.3", after: str = "k8s-1.29.0"
) -> dict[str, Any]:
    """Per-state time of each phase of an in-process diff of `states_n` states (µs)."""
    a, b = sides.parse(before), sides.parse(after)
    diff.run(diff.DiffConfig(before=a, after=b, states=50))  # warm: imports, versions, converters
    spent: defaultdict[str, float] = defaultdict(float)
    originals = [(mod, name, getattr(mod, name)) for mod, name, _ in PHASES]
    try:
        for (mod, name, phase), (_, _, fn) in zip(PHASES, originals, strict=True):
            setattr(mod, name, _timed(fn, phase, spent))
        t0 = time.perf_counter()
        out = diff.run(diff.DiffConfig(before=a, after=b, states=states_n))
        total = time.perf_counter() - t0
    finally:
        for mod, name, fn in originals:
            setattr(mod, name, fn)
    n = out.summary["states_compared"]
    phases = {phase: round(spent[phase] * 1e6 / n, 1) for _, _, phase in PHASES}
    phases["rest"] = round(total * 1e6 / n - sum(phases.values()), 1)
    return {
        "before": before,
        "after": after,
        "states": n,
        "us_per_state": round(total * 1e6 / n, 1),
        "states_per_second": round(n / total, 1),
        "phases_us_per_state": phases,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--states", type=int, default=4000)
    ap.add_argument("--before", default="k8s-1.28.3")
    ap.add_argument("--after", default="k8s-1.29.0")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    res = measure(a.states, a.before, a.after)
    if a.json:
        print(json.dumps(res, indent=2))
        return
    print(
        f"memsim diff --before {a.before} --after {a.after} --jobs 1: {res['states']} states, "
        f"{res['us_per_state']:.0f} µs a state ({res['states_per_second']:.0f} states/s)"
    )
    for phase, us in res["phases_us_per_state"].items():
        print(f"  {phase:32} {us:7.1f} µs  {100 * us / res['us_per_state']:4.1f}%")


if __name__ == "__main__":
    main()
