"""Benchmark of state generation, the part of `memsim diff` that sim.states owns:
`python -m sim.states.bench [--states N] [--repeat R] [--pipelines A,B] [--json]`.

Per ground truth (a v1 state and a v2 state of one World), as a diff consumes a plan:
  generate  families.build (the World: random_world with the family's mix, and its quirk)
  render    fake_sysfs.render of both views at node scope (the accounting included)
  tree      sim.states.tree of both states of the pair: all of the above through the cache,
            plus hostile mutations: what the diff engine pays per ground truth
With --pipelines A,B the two stacks also run on every state from memory (FakeHost), which is
the end-to-end cost less the comparison (`memsim bench` measures the whole diff).

Times are CPU time of this process (time.process_time), the best of R runs over the same plan,
so other load on a shared machine inflates them less than wall time would; on a busy machine
they still move by +-30% between runs. For a load-independent figure, count instructions:

    valgrind --tool=callgrind --callgrind-out-file=/dev/null python -m sim.states.bench \
        --states 400 --repeat 1

and subtract a run with --states 2 (imports, plan compilation); divide by the ground truths.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time

from fake_sysfs import World, render
from fake_sysfs.bench import best_of
from sim import states
from sim.states.families import build


def run(
    n: int = 4000, repeat: int = 5, seed: int = 1, pipelines: str = ""
) -> dict[str, float | int | str]:
    refs = states.plan(n, seed)
    pairs = [(r.scenario, r.seed) for r in refs[::2]]
    family = {s: states.hostile_base(s) if sc == states.HOSTILE else sc for sc, s in pairs}

    def generate() -> None:
        for _, s in pairs:
            build(family[s], s)

    worlds: list[World] = []

    def render_both() -> None:
        for w in worlds:
            render(w, "v1", scope="node")
            render(w, "v2", scope="node")

    def renderbest_of() -> float:
        best = float("inf")
        for _ in range(repeat):
            worlds[:] = [build(family[s], s) for _, s in pairs]  # unrendered: no cached accounting
            t0 = time.process_time()
            render_both()
            best = min(best, time.process_time() - t0)
        return best

    def trees() -> None:
        for r in refs:
            states.tree(r)

    gt = len(pairs)
    g = best_of(generate, repeat)
    rd = renderbest_of()
    t = best_of(trees, repeat)
    us = 1e6 / gt
    out: dict[str, float | int | str] = {
        "ground_truths": gt,
        "states": n,
        "generate_us_per_ground_truth": round(g * us, 1),
        "render_v1_v2_node_us_per_ground_truth": round(rd * us, 1),
        "tree_us_per_ground_truth": round(t * us, 1),
        "tree_states_per_s": round(n / t),
    }
    if pipelines:
        from ports.go import host
        from sim import pipeline, stacks

        sides = [stacks.parse(s) for s in pipelines.split(",")]

        def end_to_end() -> None:
            for r in refs:
                tr = states.tree(r)
                with host.use(host.FakeHost(tr.mounts, files=tr.files, dirs=tr.empty_dirs)):
                    for side in sides:
                        pipeline.run(side)

        e = best_of(end_to_end, max(1, repeat // 2))
        out["pipelines"] = pipelines
        out["tree_and_pipelines_us_per_state"] = round(e * 1e6 / n, 1)
        out["tree_and_pipelines_states_per_s"] = round(n / e)
    out.update(
        python=platform.python_version(),
        cpus=os.cpu_count() or 0,
        machine=platform.machine(),
        cpu=cpu_model(),
    )
    return out


def cpu_model() -> str:
    """The CPU's model name (/proc/cpuinfo), for the figures a benchmark reports."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--states", type=int, default=4000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pipelines", default="", metavar="A,B", help="e.g. k8s-1.28.3,k8s-1.29.0")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    res = run(a.states, a.repeat, a.seed, a.pipelines)
    if a.json:
        print(json.dumps(res))
    else:
        for k, v in res.items():
            print(f"{k:>40}: {v}")


if __name__ == "__main__":
    main()
