"""Speed of one pipeline run: `python -m sim.bench_pipeline [--states N] [--repeat R]`.

For each preset stack and cgroup view (v1, v2): pipeline.run on N node-scope states
(fake_sysfs.random_world(seed) rendered at scope="node", served from memory by FakeHost,
a new host per state and pass, as memsim diff installs one per state), alone ("run") and
followed by what a diff reads lazily ("full": the kubelet Summary and the kubectl row); and
a pair of stacks run on each state, as the default diff does. Reports the best of R passes
in µs, as CPU time of this process (time.process_time: other load on a shared machine
inflates it less than wall time). Use N >= 200: the parser's line memo holds 256 lines, so
fewer states would replay their own lines from it on the next pass.

Results are fixed by tests/sim/test_pipeline_golden.py; this only measures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from collections.abc import Callable
from typing import Literal

import fake_sysfs
from ports.go import host
from sim import pipeline, stacks

VIEWS: tuple[Literal["v1"], Literal["v2"]] = ("v1", "v2")


def _best_fresh(
    trees: list[fake_sysfs.Tree], fn: Callable[[list[host.FakeHost]], object], repeat: int
) -> float:
    """The best of `repeat` passes of fn over the trees, each pass on new hosts (built
    outside the timing): every state starts cold, as a state of memsim diff does."""
    best = float("inf")
    for _ in range(repeat):
        hs = [host.FakeHost(t.mounts, openat2=True, files=t.files) for t in trees]
        t0 = time.process_time()
        fn(hs)
        best = min(best, time.process_time() - t0)
    return best


def bench(
    states: int = 200,
    repeat: int = 5,
    presets: list[str] | None = None,
    pair: tuple[str, str] | None = ("k8s-1.28.3", "k8s-1.29.0"),
) -> dict[str, object]:
    trees: dict[str, list[fake_sysfs.Tree]] = {"v1": [], "v2": []}
    for seed in range(states):
        w = fake_sysfs.random_world(seed)
        for view in VIEWS:
            trees[view].append(fake_sysfs.render(w, view, scope="node"))
    out: dict[str, object] = {}

    def runs(stks: list[stacks.Stack], lazy: bool) -> Callable[[list[host.FakeHost]], None]:
        def go(hs: list[host.FakeHost]) -> None:
            for h in hs:
                host.install(h)
                for s in stks:
                    r = pipeline.run(s)
                    if lazy:
                        r.kubelet_summary  # noqa: B018 (lazy: computed on first use)
                        r.kubectl  # noqa: B018

        return go

    for name in presets or list(stacks.PRESETS):
        s = stacks.parse(name)
        for vname, ts in trees.items():
            _best_fresh(ts[:5], runs([s], True), 1)  # warm: imports, version objects
            out[f"{name} {vname}"] = {
                "run_us": round(_best_fresh(ts, runs([s], False), repeat) * 1e6 / states, 1),
                "full_us": round(_best_fresh(ts, runs([s], True), repeat) * 1e6 / states, 1),
            }
    if pair is not None:
        a, b = stacks.parse(pair[0]), stacks.parse(pair[1])
        for vname, ts in trees.items():
            t = _best_fresh(ts, runs([a, b], True), repeat)
            out[f"pair {pair[0]},{pair[1]} {vname}"] = {
                "state_us": round(t * 1e6 / states, 1),
                "full_us": round(t * 1e6 / states / 2, 1),
            }
    out["python"] = platform.python_version()
    out["cpus"] = os.cpu_count() or 0
    out["machine"] = platform.machine()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--states", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--stack", action="append", help="a preset (default: all)")
    ap.add_argument(
        "--pair",
        default="k8s-1.28.3,k8s-1.29.0",
        help="A,B: also time both on each state, as memsim diff runs them ('' to skip)",
    )
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    pair = tuple(a.pair.split(",", 1)) if a.pair else None
    res = bench(a.states, a.repeat, a.stack, pair)
    if a.json:
        print(json.dumps(res, indent=2))
        return
    for k, v in res.items():
        if isinstance(v, dict) and "run_us" in v:
            print(f"{k:18} run {v['run_us']:7.1f} µs   full {v['full_us']:7.1f} µs")
        elif isinstance(v, dict):
            print(f"{k}: {v['state_us']:7.1f} µs per state ({v['full_us']:.1f} per full run)")
        else:
            print(f"{k}: {v}")


if __name__ == "__main__":
    main()
