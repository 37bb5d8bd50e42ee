"""sim.states: plans are deterministic and paired, states rebuild byte for byte from (scenario,
seed, view) in this process and a fresh one, v1/v2 of one ground truth share it, recorded
captures are listed and load."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fake_sysfs
from fake_sysfs import PROFILES, builtin_captures, write_capture
from sim import states
from sim.states import HOSTILE, SCENARIOS, StateRef, plan
from tests.sim.trees import digest


def test_scenarios_are_the_families_and_hostile() -> None:
    assert list(SCENARIOS) == [*states.FAMILY_NAMES, HOSTILE]
    for name in (
        "idle",
        "page-cache",
        "anon",
        "inactive-anon",
        "shmem",
        "kernel",
        "swap",
        "hugetlb",
        "dying",
        "deleted-file",
        "stale",
    ):
        assert SCENARIOS.get(name)


def test_plan_is_deterministic_and_paired() -> None:
    refs = plan(260, 5)
    assert refs == plan(260, 5)
    assert refs != plan(260, 6)
    assert [r.index for r in refs] == list(range(260))
    for a, b in zip(refs[::2], refs[1::2], strict=True):
        assert (a.view, b.view) == ("v1", "v2")
        assert (a.kind, a.scenario, a.seed, a.profile) == (b.kind, b.scenario, b.seed, b.profile)
        assert states.truth(a) == states.truth(b)
        assert states.ground_truth(a) is states.ground_truth(b)
    seeds = [r.seed for r in refs[::2]]
    assert len(set(seeds)) == len(seeds)
    # scenarios take turns per ground truth, hostile included by default
    names = [r.scenario for r in refs[::2]]
    assert names[: len(SCENARIOS)] == list(SCENARIOS)
    assert {r.kind for r in refs} == {"synthetic", "hostile"}
    # every kernel profile is drawn
    assert {r.profile for r in refs} == set(PROFILES)
    # a prefix of a plan is the plan of fewer states
    assert plan(100, 5) == refs[:100]


def test_plan_options() -> None:
    odd = plan(7, 1)
    assert len(odd) == 7 and odd[-1].view == "v1"
    only = plan(20, 1, scenarios=["swap", "idle"])
    assert [r.scenario for r in only[::2]] == ["swap", "idle"] * 5
    assert all(r.kind == "synthetic" for r in plan(60, 1, hostile=False))
    assert HOSTILE not in {
        r.scenario for r in plan(60, 1, scenarios=["idle", HOSTILE], hostile=False)
    }
    hostile_only = plan(10, 3, scenarios=[HOSTILE])
    assert all(r.kind == "hostile" and r.mutations for r in hostile_only)
    with pytest.raises(ValueError, match="unknown scenario 'nope'"):
        plan(4, 1, scenarios=["nope"])
    with pytest.raises(ValueError, match="no scenario"):
        plan(4, 1, scenarios=[HOSTILE], hostile=False)
    assert plan(0, 1) == []


def test_corpus_is_appended_listed_and_loadable(tmp_path: Path) -> None:
    refs = plan(4, 1, corpus=["builtin"])
    rec = refs[4:]
    assert [r.source for r in rec] == [f"builtin:{n}" for n in builtin_captures()]
    for r in rec:
        assert r.kind == "recorded" and r.index == refs.index(r)
        t = states.tree(r)
        assert t == fake_sysfs.load_capture(r.source)
        assert r.view == ("v2" if t.is_v2 else "v1") and r.profile == t.kernel
        assert states.tree(r, view="v1") is t  # a capture keeps its own view
        assert states.ground_truth(r) is None and states.truth(r) is None
        assert r.explain_args() == ["--capture", r.source]
        assert r.source in states.describe(r)
    # any capture path: a directory, a .tar.gz, or a directory of them
    t = states.synthetic("swap", 11, view="v2")
    write_capture(t, tmp_path / "caps" / "a")
    write_capture(states.synthetic("idle", 12, view="v1"), tmp_path / "caps" / "b.tar.gz")
    got = plan(0, 1, corpus=[str(tmp_path / "caps")])
    assert [Path(r.source or "").name for r in got] == ["a", "b.tar.gz"]
    assert states.tree(got[0]) == t
    assert plan(0, 1, corpus=[str(tmp_path / "caps" / "a")])[0].source == str(
        tmp_path / "caps" / "a"
    )
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="no capture"):
        plan(0, 1, corpus=[str(tmp_path / "empty")])


def test_same_state_same_bytes_and_views_share_the_ground_truth() -> None:
    for r in plan(52, 9):
        t = states.tree(r)
        states._WORLDS.clear()  # rebuilt from scratch: the same bytes
        assert digest(states.tree(r)) == digest(t)
        assert t.is_v2 == (r.view == "v2")
        assert digest(states.synthetic(r.scenario, r.seed, r.index, r.view)) == digest(t)
    a, b = plan(2, 4)
    w = states.ground_truth(a)
    assert w is not None
    v1, v2 = states.tree(a), states.tree(b)
    assert v1.files["/proc/meminfo"] == v2.files["/proc/meminfo"]
    # a pinned view: the same ground truth rendered the other way
    assert digest(states.tree(a, view="v2")) == digest(v2)
    assert digest(states.tree(b, view="v1")) == digest(v1)


def test_scope_all_renders_the_whole_tree() -> None:
    r = plan(1, 2, scenarios=["dying"])[0]
    node, full = states.tree(r), states.tree(r, scope="all")
    assert set(node.files) < set(full.files)
    assert all(full.files[p] == d for p, d in node.files.items())


_FRESH = """
import json, sys
from sim import states
from tests.sim.trees import digest
plan = states.plan(int(sys.argv[1]), int(sys.argv[2]), corpus=["builtin"])
print(json.dumps({r.index: digest(states.tree(r)) for r in plan}))
"""
ROOT = Path(__file__).resolve().parents[2]  # where `tests` imports from


def test_a_fresh_process_builds_the_same_bytes() -> None:
    n, seed = 80, 17
    res = subprocess.run(
        [sys.executable, "-c", _FRESH, str(n), str(seed)],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "123", "PATH": ""},
        cwd=ROOT,
    )
    theirs = {int(k): v for k, v in json.loads(res.stdout).items()}
    ours = {r.index: digest(states.tree(r)) for r in plan(n, seed, corpus=["builtin"])}
    assert theirs == ours


def test_explain_args_rebuild_the_state() -> None:
    for r in plan(30, 3):
        args = r.explain_args()
        assert args == ["--scenario", r.scenario, "--seed", str(r.seed), "--cgroup", r.view]
        d = dict(zip(args[::2], args[1::2], strict=True))
        rebuilt = states.synthetic(d["--scenario"], int(d["--seed"]), view=d["--cgroup"])
        assert digest(rebuilt) == digest(states.tree(r))


def test_refs_round_trip_through_json() -> None:
    for r in plan(30, 8, corpus=["builtin:v1-kernel6.18/0-idle"]):
        d = json.loads(json.dumps(dataclasses.asdict(r)))
        back = StateRef(**{k: tuple(v) if isinstance(v, list) else v for k, v in d.items()})
        assert back == r and hash(back) == hash(r)


def test_describe() -> None:
    syn, hos = plan(2, 1)[0], plan(2, 1, scenarios=[HOSTILE])[0]
    assert states.describe(syn).startswith(f"synthetic mixed seed {syn.seed} (kernel profile")
    d = states.describe(hos)
    assert d.startswith(f"hostile hostile seed {hos.seed}") and " on " in d
    for m in states.mutations(hos):
        assert m in d


def test_synthetic_defaults_and_errors() -> None:
    w = states.ground_truth(StateRef("synthetic", "idle", 5, 0, None))
    assert w is not None
    t = states.synthetic("idle", 5)
    assert t.fstype == fake_sysfs.render(w, w.mode, scope="node").fstype
    with pytest.raises(ValueError, match="unknown scenario"):
        states.synthetic("nope", 1)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**63 - 1),
    scenario=st.sampled_from(list(SCENARIOS)),
    view=st.sampled_from(["v1", "v2"]),
)
def test_any_seed_any_scenario_rebuilds(seed: int, scenario: str, view: str) -> None:
    """Seeds are the user interface: any 63-bit seed is a state, the same every time."""
    t = states.synthetic(scenario, seed, view=view)
    states._WORLDS.clear()
    assert digest(states.synthetic(scenario, seed, view=view)) == digest(t)
    assert "/proc/meminfo" in t.files or scenario == HOSTILE
