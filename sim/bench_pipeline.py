"""Speed of one pipeline run: `python -m sim.bench_pipeline [--states N] [--repeat R]`.

For each preset stack and cgroup view (v1, v2): pipeline.run on N node-scope states
(fake_sysfs.random_world(seed) rendered at scope="node", served from memory by FakeHost),
each run followed by what a diff reads lazily (the kubelet Summary and the kubectl row).
Reports the best of R passes in µs per run, as CPU time of this process (time.process_time:
other load on a shared machine inflates it less than wall time), and the run alone ("run")
beside the run with its lazy layers ("full").

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


def _best(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def bench(
    states: int = 200, repeat: int = 5, presets: list[str] | None = None
) -> dict[str, object]:
    hosts: dict[str, list[host.FakeHost]] = {"v1": [], "v2": []}
    for seed in range(states):
        w = fake_sysfs.random_world(seed)
        for view in VIEWS:
            t = fake_sysfs.render(w, view, scope="node")
            hosts[view].append(host.FakeHost(t.mounts, openat2=True, files=t.files))
    out: dict[str, object] = {}
    for name in presets or list(stacks.PRESETS):
        s = stacks.parse(name)
        for vname, hs in hosts.items():

            def run(hs: list[host.FakeHost] = hs, s: stacks.Stack = s) -> None:
                for h in hs:
                    host.install(h)
                    pipeline.run(s)

            def full(hs: list[host.FakeHost] = hs, s: stacks.Stack = s) -> None:
                for h in hs:
                    host.install(h)
                    r = pipeline.run(s)
                    r.kubelet_summary  # noqa: B018 (lazy: computed on first use)
                    r.kubectl  # noqa: B018

            run()  # warm: imports, version objects
            out[f"{name} {vname}"] = {
                "run_us": round(_best(run, repeat) * 1e6 / states, 1),
                "full_us": round(_best(full, repeat) * 1e6 / states, 1),
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
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    res = bench(a.states, a.repeat, a.stack)
    if a.json:
        print(json.dumps(res, indent=2))
        return
    for k, v in res.items():
        if isinstance(v, dict):
            print(f"{k:18} run {v['run_us']:7.1f} µs   full {v['full_us']:7.1f} µs")
        else:
            print(f"{k}: {v}")


if __name__ == "__main__":
    main()
