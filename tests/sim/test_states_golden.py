"""What a (scenario, seed, view) renders is pinned: a digest of a plan's trees and truths.

A state is replayed from its seed alone (`memsim explain --scenario NAME --seed N`, `memsim diff
--before run.jsonl`), so the bytes a seed gives must not move when the generator is refactored
or sped up. When a change is meant to move them (a new family, a fixed model), update the digests
here in the same commit and say so in its message: saved runs made before it no longer replay.
"""

from __future__ import annotations

import hashlib

from fake_sysfs import random_world, render
from sim import states
from sim.states.families import HOSTILE_BASES
from tests.sim.trees import update as _update

# sim.states.plan(600, 2024, scenarios=PINNED_SCENARIOS): node trees of every state, full trees of every 25th, truths.
# Moved by the kernel lab: v1's swap key and memsw leave out swap-cache pages (account.
# swapped_out), and StateRef has a `truth` field (its repr is hashed); with both undone the
# digests are the earlier 03d60c48... and 17255ab3...
# Moved by /sys/kernel/mm/hugepages (fake_sysfs/render/hugepages.py), rendered for every world:
# with those files left out of the hash, both digests are the earlier ec7ecfc9... and e8eab314...
PLAN_DIGEST = "f8e22d316854a3c34ef46937d326397331bc837f78871dcd4ab515c34f9f6e14"
# fake_sysfs.random_world(seed) for seeds 0..99: every view, full and node scope, and truths
WORLD_DIGEST = "e9f1b6d0a8f835afed60c2a019475a05e45c5178fb62b43a1736d0a5e55aa000"


# the scenarios plan(600, 2024) took turns over before the mglru, zram, hugetlb-heavy and
# thp-heavy families: their states (and the hostile ones, which start from these families
# only) must not move as families are added
PINNED_SCENARIOS = (*HOSTILE_BASES, states.HOSTILE)
# those four families, sim.states.plan(240, 2024, scenarios=NEW_FAMILIES), hashed alike
NEW_FAMILIES = ("mglru", "zram", "hugetlb-heavy", "thp-heavy")
# (with /sys/kernel/mm/hugepages left out of the hash: the earlier 7d0e8a5d...)
NEW_PLAN_DIGEST = "ba3e16cc7fd9c630e444193a2a1b68880240b23be7945b78c075d3f718833495"


def plan_digest(scenarios: tuple[str, ...] = PINNED_SCENARIOS, n: int = 600) -> str:
    h = hashlib.sha256()
    for r in states.plan(n, 2024, scenarios=scenarios):
        _update(h, states.tree(r))
        if r.index % 25 == 0:
            _update(h, states.tree(r, scope="all"))
        h.update(repr(sorted((states.truth(r) or {}).items())).encode())
        h.update(repr(r).encode())
    return h.hexdigest()


def world_digest() -> str:
    h = hashlib.sha256()
    for seed in range(100):
        w = random_world(seed)
        for view in ("v1", "hybrid", "v2"):
            for scope in ("all", "node"):
                _update(h, render(w, view, scope=scope))  # type: ignore[arg-type]
        h.update(repr(sorted(w.accounting.truth().items())).encode())
    return h.hexdigest()


def test_a_plan_renders_the_pinned_bytes() -> None:
    assert plan_digest() == PLAN_DIGEST


def test_the_default_plan_takes_turns_over_every_family() -> None:
    names = [r.scenario for r in states.plan(2 * len(states.SCENARIOS), 2024)[::2]]
    assert names == list(states.SCENARIOS) == [*HOSTILE_BASES, *NEW_FAMILIES, states.HOSTILE]


def test_new_families_render_the_pinned_bytes() -> None:
    assert plan_digest(NEW_FAMILIES, 240) == NEW_PLAN_DIGEST


def test_random_world_renders_the_pinned_bytes() -> None:
    assert world_digest() == WORLD_DIGEST
