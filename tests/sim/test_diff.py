"""The diff engine: determinism, saved runs, patches, invariants, bugs and the CLI."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest

from sim import cli, compare, diff, sides, states
from sim.patch import PatchFailed

PATCH = Path(__file__).resolve().parents[2] / "docs" / "patches" / "runc_pr3933.py"


def _cfg(before: str, after: str, n: int = 120, **kw):
    return diff.DiffConfig(before=sides.parse(before), after=sides.parse(after), states=n, **kw)


def _stable(summary: dict) -> dict:
    return {k: v for k, v in summary.items() if k != "timing"}


@pytest.fixture(scope="module")
def default_run():
    return diff.run(_cfg("k8s-1.28.3", "k8s-1.29.0", 160, corpus=("builtin",)))


def test_summary_keys_and_counts(default_run):
    s = default_run.summary
    for key in (
        "states_compared",
        "node_changed",
        "states_changed",
        "changed_fields",
        "by_view",
        "by_family",
        "by_profile",
        "errors",
        "invariants",
        "examples",
        "timing",
    ):
        assert key in s
    assert s["states_compared"] == 160 + 8
    assert s["states_by_kind"]["recorded"] == 8
    views = s["by_view"]
    assert list(views) == ["synthetic-v1", "synthetic-v2", "recorded-v1", "recorded-v2", "hostile"]
    assert sum(v["states"] for v in views.values()) == s["states_compared"]
    assert sum(v["node_changed"] for v in views.values()) == s["node_changed"]
    for v in views.values():
        assert set(v["delta_working_set_mib"]) >= {"min", "p1", "median", "p99", "max"}
        # every state is in exactly one of: the statistics, a failure class, wrapped
        assert v["states"] == (
            v["both_numbers"]
            + v["new_failures"]
            + v["recovered"]
            + v["failing_both"]
            + v["wrapped"]
        )
        assert v["delta_working_set_mib"]["n"] == v["both_numbers"]
    # the recorded corpus: the fix lowers each v2 capture by 277-357 MiB, v1 captures stay put
    rec = views["recorded-v2"]["delta_working_set_mib"]
    assert (round(rec["min"]), round(rec["max"])) == (-357, -277)
    # exact, as statistics.median of the four captures' own deltas (the mean of the middle two)
    a, b = sides.parse("k8s-1.28.3"), sides.parse("k8s-1.29.0")
    gaps = [
        (r.ws[1] - r.ws[0]) / 2**20
        for ref in states.plan(0, 0, corpus=("builtin",))
        if ref.view == "v2" and (r := diff.process(ref.index, ref, a, b))
    ]
    assert rec["median"] == round(statistics.median(gaps), 3)
    assert views["recorded-v1"]["node_changed"] == 0
    # the fix changes cgroup v2 roots only: no v1 state shows a different node number
    assert views["synthetic-v1"]["node_changed"] == 0
    assert views["synthetic-v1"]["delta_working_set_mib"]["max"] == 0
    assert views["synthetic-v2"]["delta_working_set_mib"]["median"] < -256
    assert 0 < s["node_changed"] < s["states_changed"] < s["states_compared"]
    why = [t["why"] for t in s["examples"]]
    # the largest increase comes second, when a synthetic or recorded state rose at all (in 160
    # states the sixteen families leave deleted-file, the family that rises, 5 ground truths)
    rose = any(v["delta_working_set_mib"]["max"] > 0 for k, v in views.items() if k != "hostile")
    want = ["largest decrease", "largest increase"][: 1 + rose]
    assert why[: len(want)] == want and ("largest increase" in why) == rose, why
    # the pre-fix v2 root's cAdvisor Swap wraps below zero (SwapUsage - Usage on swap-only)
    assert s["invariants"]["before"].get("no_wrapped_size", 0) > s["invariants"]["after"].get(
        "no_wrapped_size", 0
    )
    assert "first fixed no_wrapped_size" in why


def test_recorded_corpus_moves_by_the_documented_gap(default_run):
    # corpus README: v2 (MemTotal-MemFree) - inactive_file vs (anon+file) - inactive_file
    # gaps 277, 352, 357, 291 MiB; v1 captures do not move.
    refs = [r for r in states.plan(0, 0, corpus=("builtin",))]
    got = {}
    for r in refs:
        rec = diff.process(r.index, r, sides.parse("k8s-1.28.3"), sides.parse("k8s-1.29.0"))
        got[r.source] = (rec.ws[0] - rec.ws[1]) / 2**20
    v2 = {k.split("/")[-1]: round(v) for k, v in got.items() if "v2-" in k}
    assert v2 == {"0-idle": 277, "2-exited": 352, "3-reparented": 357, "4-cleaned": 291}
    assert all(v == 0 for k, v in got.items() if "v1-" in k)


def test_jobs_do_not_change_the_summary():
    one = diff.run(_cfg("k8s-1.28.3", "k8s-1.29.0", 90, chunk=7))
    two = diff.run(_cfg("k8s-1.28.3", "k8s-1.29.0", 90, chunk=7, jobs=2))
    assert _stable(one.summary) == _stable(two.summary)
    assert two.summary["timing"]["jobs"] == 2


def test_patch_matches_the_release_that_carries_it():
    # docs/writing-a-patch.md: runc PR #3933 on v1.1.7 == runc v1.1.9, on every state kind
    s = diff.run(_cfg("k8s-1.28.3,runc=1.1.9", str(PATCH), 200, corpus=("builtin",))).summary
    assert s["states_changed"] == 0 and s["node_changed"] == 0
    assert s["examples"] == []
    assert s["states_by_kind"].keys() == {"hostile", "recorded", "synthetic"}
    assert "root_usage==anon+file" not in s["invariants"]["after"]


def test_patch_against_its_base_changes_v2_states_only():
    before, after = sides.parse("k8s-1.28.3"), sides.parse(str(PATCH))
    changed = {
        r.view
        for r in states.plan(60, 0, hostile=False)
        if diff.process(r.index, r, before, after).changed
    }
    assert changed == {"v2"}


def test_saved_run_replays_the_same_states(tmp_path):
    run_file = tmp_path / "golden.jsonl"
    first = diff.run(_cfg("k8s-1.28.3", "k8s-1.29.0", 40, corpus=("builtin",), jsonl=run_file))
    lines = run_file.read_text().splitlines()
    assert json.loads(lines[0])["memsim"] == "diff-run"
    assert len(lines) == 1 + first.summary["states_compared"]
    again = diff.run(_cfg(str(run_file), "k8s-1.29.0"))
    assert again.summary["states_compared"] == first.summary["states_compared"]
    assert again.summary["states_changed"] == 0
    # the recorded "before" side against today's k8s-1.29.0 is the original diff
    back = diff.run(_cfg(f"{run_file}:before", "k8s-1.29.0"))
    assert _stable(back.summary)["changed_fields"] == first.summary["changed_fields"]


def test_pinned_views_compare_one_ground_truth_both_ways():
    s = diff.run(_cfg("k8s-1.29.0@v1", "k8s-1.29.0@v2", 40, hostile=False)).summary
    assert s["invariants"]["v1_v2_agreement"]["before"] == {"pinned": True}
    assert s["states_changed"] > 0
    # every synthetic state runs v1 before and v2 after: one row of its own, after the usual five
    views = s["by_view"]
    assert list(views)[5:] == ["synthetic-v1:v2"]
    assert views["synthetic-v1:v2"]["states"] == 40
    assert views["synthetic-v1"]["states"] == views["synthetic-v2"]["states"] == 0


BAD_PATCH = (
    "from ports.runc import v1_1_7\n"
    "from ports.runc.v1_1_7.libcontainer.cgroups import fs2\n"
    "from sim.patch import Patch\n"
    "class Fs2(fs2.Fs2):\n"
    "    def stats_from_meminfo(self, stats):\n"
    "        raise ZeroDivisionError('oops')\n"
    "class Runc(v1_1_7.Runc):\n"
    "    Fs2 = Fs2\n"
    "PATCH = Patch(stack='k8s-1.28.3', component='runc', version=Runc)\n"
)


def test_a_patch_that_raises_stops_the_run_naming_the_patch_function_and_state(tmp_path):
    """Issue 11: a patch raising inside a ported function was counted as memsim:memsim-bug
    and the run exited 0. It is the patch's bug: PatchFailed names the patch, the function
    and the state, with the command that replays it."""
    bad = tmp_path / "bad_patch.py"
    bad.write_text(BAD_PATCH)
    with pytest.raises(PatchFailed) as e:
        diff.run(_cfg("k8s-1.28.3", str(bad), 30, hostile=False))
    f = e.value
    assert f.patch == f"{bad}:PATCH"
    assert f.function == "Fs2.stats_from_meminfo"
    assert f.error == "ZeroDivisionError: oops"
    assert f.where == f"{bad}:6"
    assert "v2" in f.state and f"memsim explain --stack {bad}:PATCH" in f.state


def test_a_patch_that_raises_exits_3_with_one_line(tmp_path, capsys):
    bad = tmp_path / "bad_patch.py"
    bad.write_text(BAD_PATCH)
    rc = cli.main(
        ["diff", "--after", str(bad), "--states", "6", "--corpus", "none", "--no-progress"]
    )
    assert rc == 3
    out = capsys.readouterr()
    lines = out.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in out.err
    assert lines[0].startswith(f"memsim diff: {bad}:PATCH: Fs2.stats_from_meminfo raised ")
    assert "memsim-bug" not in out.err + out.out


def test_a_patch_invariant_that_raises_names_the_patch(tmp_path, capsys):
    p = tmp_path / "inv_patch.py"
    p.write_text(
        "from ports.runc import v1_1_7\n"
        "from sim.patch import Patch\n"
        "class Runc(v1_1_7.Runc):\n"
        "    pass\n"
        "def broken(layers, truth):\n"
        "    return layers['nope']\n"
        "PATCH = Patch(stack='k8s-1.28.3', component='runc', version=Runc,\n"
        "              invariants={'broken': broken})\n"
    )
    rc = cli.main(["diff", "--after", str(p), "--states", "2", "--corpus", "none", "--no-progress"])
    assert rc == 3
    err = capsys.readouterr().err
    assert f"{p}:PATCH: invariant 'broken' (broken) raised KeyError: 'nope'" in err


def test_a_memsim_bug_is_reported_and_the_run_goes_on(monkeypatch):
    """A Python exception outside any patch is memsim's bug: counted, and the run goes on."""
    real = compare.layers

    def layers(res):
        if res.cgroup == "v2":
            raise ZeroDivisionError("oops")
        return real(res)

    monkeypatch.setattr(compare, "layers", layers)
    s = diff.run(_cfg("k8s-1.28.3", "k8s-1.29.0", 30, hostile=False)).summary
    assert s["states_compared"] == 30
    assert s["memsim_bug_count"] == 15
    first = s["memsim_bugs"][0]
    assert "ZeroDivisionError: oops" in first["error"]
    assert {"seed", "index"} <= first["state"].keys()
    assert s["errors"]["after"]["memsim:memsim-bug"] == 15


def test_a_memsim_bug_makes_diff_exit_4_after_the_summary(monkeypatch, capsys):
    """The run goes on and prints its summary, but a diff with memsim bugs never exits 0."""
    real = compare.layers

    def layers(res):
        if res.cgroup == "v2":
            raise ZeroDivisionError("oops")
        return real(res)

    monkeypatch.setattr(compare, "layers", layers)
    argv = ["diff", "--states", "6", "--corpus", "none", "--no-hostile", "--no-progress"]
    rc = cli.main(argv)
    out = capsys.readouterr()
    assert rc == 4
    assert "memsim bugs: 3" in out.out
    assert "memsim diff: memsim failed on 3 states" in out.err


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("k8s-9.9", "k8s-9.9"),
        ("k8s-1.28.3@v3", None),
        ("nope.py", "no such patch file"),
        ("missing.jsonl", "no such saved run"),
        ("k8s-1.28.3@V1", "@v1 or @v2"),
    ],
)
def test_bad_sides_are_refused_with_a_reason(spec, message):
    with pytest.raises(sides.SideError) as e:
        sides.parse(spec)
    if message:
        assert message in str(e.value)


def test_cli_json_and_report(tmp_path, capsys):
    rep = tmp_path / "r.html"
    argv = ["diff", "--states", "24", "--corpus", "none", "--json", "-", "--no-progress"]
    rc = cli.main([*argv, "--report", str(rep)])
    assert rc == 0
    out = capsys.readouterr()
    s = json.loads(out.out)
    assert s["states_compared"] == 24
    assert f"report: {rep.resolve()}" in out.err
    page = rep.read_text()
    # the per-view table: one row per view with states, its counts as in --json
    for view, row in s["by_view"].items():
        if row["states"]:
            assert f"<td>{view}</td><td>{row['states']:,}</td>" in page
    # self-contained: no script, nothing fetched (the only URLs are XML namespaces)
    assert "<script" not in page
    assert 'src="' not in page and 'href="http' not in page


def test_cli_bad_side_exits_2(capsys):
    assert cli.main(["diff", "--before", "k8s-0", "--no-progress"]) == 2
    assert "k8s-0" in capsys.readouterr().err


def test_examples_replay_with_explain(default_run, capsys):
    t = default_run.summary["examples"][0]
    assert t["why"] == "largest decrease"
    cmd = t["explain"]["after"].split()
    assert cmd[:2] == ["memsim", "explain"]
    assert cli.main([*cmd[1:], "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["kubelet"]["node_memory"]["workingSetBytes"] == t["working_set_bytes"]["after"]
