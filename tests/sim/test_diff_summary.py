"""The diff's summary: what counts as changed, what goes into the statistics, what is counted
apart (failures by class, wrapped values, hostile states), the examples, the terminal's first
screen, --jsonl and --fail-on-change."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest
from rich.console import Console

from sim import cli, diff, fmt, sides, states
from sim.commands.diff import print_summary

MiB = 1 << 20
WRAP = (1 << 64) - 4096  # a 4 KiB underflow, as a uint64


def _ref(index: int, kind: str = "synthetic", view: str = "v2", scenario: str = "mixed"):
    seed = 1000 + index // 2
    if kind == "recorded":
        return states.StateRef(
            "recorded", "recorded", 0, index, view, "6.18", f"builtin:set/{index}"
        )
    return states.StateRef(
        kind, scenario if kind == "synthetic" else "hostile", seed, index, view, "6.1"
    )


def _rec(
    index,
    ws,
    *,
    row=(True, True),
    errors=((), ()),
    node=None,
    inv=((), ()),
    fields=(),
    evict=(None, None),
    **kw,
):
    """A worker's Record for one state, by hand: working sets (bytes), kubectl rows, errors."""
    ref = _ref(index, **kw)
    if node is None:
        node = ("working_set", "kubectl_memory") if ws[0] != ws[1] else ()
    return diff.Record(
        index=index,
        ref=ref,
        changed=tuple(f"x.{n}" for n in node) + fields,
        ws=ws,
        view=(ref.view, ref.view),
        errors=errors,
        invariants=inv,
        node=node,
        row=row,
        evict=evict,
    )


def _agg(records, before="k8s-1.28.3", after="k8s-1.29.0"):
    agg = diff.Aggregate((sides.parse(before), sides.parse(after)), 64.0)
    for r in records:
        agg.add(r)
    return agg


GiB = 1 << 30
DROP = ("metrics-server:node-dropped", "kubectl:error")


def test_failures_are_counted_by_class_never_as_a_working_set_of_0():
    # the case: 82039144448 -> a lost node row is not a change of -78 GiB
    agg = _agg(
        [
            _rec(1, (2 * GiB, GiB)),
            _rec(3, (82039144448, 0), row=(True, False), errors=((), DROP)),
            _rec(
                5, (0, 3 * GiB), row=(False, True), errors=(("runc:parse", "cadvisor:no-stats"), ())
            ),
            _rec(7, (0, 0), row=(False, False), errors=(DROP, DROP)),
            _rec(9, (GiB, GiB)),
        ]
    )
    row = agg.summary()["by_view"]["synthetic-v2"]
    assert row["states"] == 5
    assert row["both_numbers"] == 2
    assert row["delta_working_set_mib"] == {
        "n": 2,
        "min": -1024.0,
        "p1": -1024.0,
        "median": -512.0,
        "p99": 0.0,
        "max": 0.0,
        "exact": True,
    }
    assert row["new_failures_by_class"] == {"metrics-server:node-dropped": 1}
    assert row["recovered_by_class"] == {"runc:parse": 1}  # the root of the failure, not its echo
    assert row["failing_both_by_class"] == {"metrics-server:node-dropped": 1}
    assert row["node_changed"] == 3  # the two moved rows count; failing on both sides does not
    assert [e[0] for e in agg.examples()] == [
        "largest decrease",
        "first new failure",
        "first recovery",
    ]


def test_wrapped_values_are_counted_apart_and_no_statistic_reaches_2_63():
    agg = _agg(
        [
            _rec(0, (GiB, WRAP), kind="hostile"),
            _rec(2, (WRAP, WRAP), kind="hostile", node=()),
            _rec(4, (GiB, 2 * GiB), kind="hostile"),
            _rec(6, (GiB, WRAP)),  # a synthetic state may wrap too: counted in its own row
        ]
    )
    s = agg.summary()
    hostile = s["by_view"]["hostile"]
    assert hostile["wrapped"] == 2 and hostile["both_numbers"] == 1
    assert hostile["delta_working_set_mib"]["max"] == 1024.0
    assert s["by_view"]["synthetic-v2"]["wrapped"] == 1
    assert s["by_view"]["synthetic-v2"]["delta_working_set_mib"] is None

    def stats(d):
        if isinstance(d, dict):
            for k, v in d.items():
                if k.endswith("_mib") and isinstance(v, dict):
                    yield from (x for key, x in v.items() if key not in ("n", "exact"))
                else:
                    yield from stats(v)

    got = list(stats(s))
    assert got and all(abs(x) * MiB < 2**63 for x in got)
    # hostile states are never an example of a working-set change
    assert agg.lowest is None and agg.highest is None
    assert fmt.size(WRAP) == "≈2^64, wrapped (-4Ki)"


def test_hostile_states_have_their_own_row_only():
    agg = _agg([_rec(0, (GiB, 0), kind="hostile"), _rec(1, (GiB, GiB), view="v1")])
    views = agg.summary()["by_view"]
    assert views["hostile"]["delta_working_set_mib"]["min"] == -1024.0
    assert views["synthetic-v1"]["delta_working_set_mib"]["min"] == 0.0
    assert views["synthetic-v2"]["states"] == 0


def test_a_field_that_reaches_no_node_number_does_not_count_as_changed():
    # cAdvisor's KernelUsage moves on most states of the default diff, and no node number with it
    agg = _agg([_rec(1, (GiB, GiB), node=(), fields=("cadvisor.memory.KernelUsage",))])
    s = agg.summary()
    assert s["states_changed"] == 1 and s["changed_fields"] == {"cadvisor.memory.KernelUsage": 1}
    assert s["node_changed"] == 0 and s["by_view"]["synthetic-v2"]["node_changed"] == 0


def test_v1_v2_parity_counts_a_failing_view_apart_from_a_delta():
    # ground truths (v1, v2) at indices (0, 1), (2, 3), (4, 5): both numbers, v2 failing, both failing
    recs = [
        _rec(0, (GiB, GiB), view="v1"),
        _rec(1, (2 * GiB, GiB), view="v2"),
        _rec(2, (GiB, GiB), view="v1"),
        _rec(3, (0, 0), view="v2", row=(False, False), errors=(DROP, DROP)),
        _rec(4, (0, 0), view="v1", row=(False, False), errors=(DROP, DROP)),
        _rec(5, (0, 0), view="v2", row=(False, False), errors=(DROP, DROP)),
    ]
    par = _agg(recs).summary()["invariants"]["v1_v2_agreement"]
    before = par["before"]
    assert before["pairs"] == 1 and before["over_tolerance"] == 1
    assert before["abs_delta_working_set_mib"]["max"] == 1024.0
    assert before["one_view_failing_by_class"] == {"v2 metrics-server:node-dropped": 1}
    assert before["both_views_failing"] == 1
    assert par["after"]["pairs"] == 1 and par["after"]["over_tolerance"] == 0


def test_invariant_examples_are_the_first_change_of_each():
    recs = [
        _rec(0, (GiB, GiB), inv=(("no_wrapped_size",), ("no_wrapped_size",))),  # no change
        _rec(2, (GiB, GiB), inv=(("no_wrapped_size",), ())),
        _rec(4, (GiB, GiB), inv=((), ("working_set<=usage",))),
        _rec(6, (GiB, GiB), inv=(("no_wrapped_size",), ())),
    ]
    got = [(why, i, inv) for why, i, _, inv in _agg(recs).examples()]
    assert got == [
        ("first fixed no_wrapped_size", 2, "no_wrapped_size"),
        ("first new violation of working_set<=usage", 4, "working_set<=usage"),
    ]


@pytest.fixture(scope="module")
def default_small(tmp_path_factory):
    """The default diff over 400 states and the bundled corpus, with its --jsonl."""
    jsonl = tmp_path_factory.mktemp("run") / "run.jsonl"
    cfg = diff.DiffConfig(
        before=sides.parse("k8s-1.28.3"),
        after=sides.parse("k8s-1.29.0"),
        states=400,
        corpus=("builtin",),
        jsonl=jsonl,
    )
    return diff.run(cfg), jsonl


def test_the_statistics_are_those_of_the_jsonl_recomputed_by_hand(default_small):
    out, jsonl = default_small
    lines = [json.loads(x) for x in jsonl.read_text().splitlines()[1:]]
    by_view: dict[str, list[float]] = {}
    for rec in lines:
        b, a = rec["before"], rec["after"]
        # a run that failed (a layer of {"failure": ...}) has no number
        if all("kubectl" in x and x["kubectl"]["error"] is None for x in (a, b)):
            d = (
                a["kubelet"]["memory"]["WorkingSetBytes"]
                - b["kubelet"]["memory"]["WorkingSetBytes"]
            )
            by_view.setdefault(rec["view"], []).append(d / MiB)
    for view, deltas in by_view.items():
        got = out.summary["by_view"][view]["delta_working_set_mib"]
        assert got["n"] == len(deltas)
        assert got["median"] == round(statistics.median(deltas), 3)
        assert (got["min"], got["max"]) == (round(min(deltas), 3), round(max(deltas), 3))


def test_every_example_is_found_again_in_the_jsonl(default_small):
    out, jsonl = default_small
    lines = {}
    for x in jsonl.read_text().splitlines()[1:]:
        rec = json.loads(x)
        lines[rec["index"]] = rec
    examples = out.summary["examples"]
    assert len(examples) >= 3
    for e in examples:
        rec = lines[e["index"]]
        assert rec["view"] == e["view"] and rec["state"] == e["state"]
        for side in ("before", "after"):
            assert rec["invariants"][side] == list(e["invariants"][side])
        if e["invariant"]:
            assert (e["invariant"] in rec["invariants"]["before"]) != (
                e["invariant"] in rec["invariants"]["after"]
            )
        assert rec["node_changed"] == e["node_changed"]


def _screen(summary, verbose=False):
    con = Console(width=80, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    print_summary(summary, con, verbose=verbose)
    return con.export_text().splitlines()


def test_the_first_screen_fits_80_by_50(default_small):
    s = default_small[0].summary
    lines = _screen(s)
    first = lines[:50]
    assert all(len(x) <= 80 for x in first)
    text = "\n".join(first)
    # the per-view table with every view of the run, then the moved view by family and profile
    for view in ("synthetic-v1", "synthetic-v2", "recorded-v1", "recorded-v2", "hostile"):
        assert any(x.startswith(view + " ") for x in first), view
    assert "synthetic-v2 by scenario family" in text
    profiles = lines.index(next(x for x in lines if x.startswith("synthetic-v2 by kernel profile")))
    end = profiles + 4 + len(s["by_profile"]["synthetic-v2"])  # title, 2 heading lines, rule
    # profiles whose every state fails get a note: here 4.18 and 5.4, whose v2 roots have no
    # memory.stat (a working set of 0, which metrics-server drops)
    assert lines[end].startswith("  -: no state with both numbers: 4.18-rhel8, 5.4")
    assert end + 1 <= 50
    row = s["by_view"]["synthetic-v2"]
    cells = next(x for x in first if x.startswith("synthetic-v2 ")).split()
    assert cells[1:] == fmt.row_cells(row)
    assert fmt.delta_mib(row["delta_working_set_mib"]["median"]) in cells
    # deepdiff is for --verbose
    assert "values_changed" not in "\n".join(lines)
    assert "values_changed" in "\n".join(_screen(s, verbose=True))


def test_eviction_crossings_are_counted_per_view_and_the_first_is_an_example():
    """A state whose after side newly meets the hard memory.available threshold counts as
    newly met in its view (and family, profile), one that stops meeting it as no longer met; a
    side that observed nothing (None: it failed, or a saved run from before memsim observed
    memory.available) makes no crossing; the first newly met state is an example."""
    recs = [
        _rec(0, (GiB, GiB), evict=(False, False)),
        _rec(1, (GiB, 2 * GiB), evict=(False, True)),
        _rec(2, (2 * GiB, GiB), evict=(True, False)),
        _rec(3, (GiB, 2 * GiB), evict=(None, True), view="v1"),
        _rec(4, (GiB, GiB), evict=(True, True)),
        _rec(5, (GiB, 2 * GiB), evict=(False, True)),
    ]
    agg = _agg(recs)
    s = agg.summary()
    v2, v1 = s["by_view"]["synthetic-v2"], s["by_view"]["synthetic-v1"]
    assert (v2["eviction_newly_met"], v2["eviction_no_longer_met"]) == (2, 1)
    assert (v1["eviction_newly_met"], v1["eviction_no_longer_met"]) == (0, 0)
    assert s["eviction"] == {
        "threshold": "",
        "met_before": 2,
        "met_after": 4,
        "newly_met": 2,
        "no_longer_met": 1,
    }
    fam = s["by_family"]["synthetic-v2"]["mixed"]
    assert fam["eviction_newly_met"] == 2
    picked = [(why, i) for why, i, _ref, _inv in agg.examples()]
    assert ("first state newly meeting the hard eviction threshold", 1) in picked


def test_the_eviction_counts_are_those_of_the_jsonl(tmp_path):
    """A real diff with a threshold high enough to be crossed (reversed releases: 1.28.3's
    inflated v2 working set leaves less available): the counts are the layers' met flags."""
    from sim import kubeletflags

    jsonl = tmp_path / "run.jsonl"
    cfg = diff.DiffConfig(
        before=sides.parse("k8s-1.29.0"),
        after=sides.parse("k8s-1.28.3"),
        states=300,
        corpus=(),
        jsonl=jsonl,
        kubelet=kubeletflags.config(_Args(eviction_hard="memory.available<70%")),
    )
    out = diff.run(cfg)
    lines = [json.loads(x) for x in jsonl.read_text().splitlines()[1:]]
    new: dict[str, int] = {}
    for rec in lines:
        b = rec["before"].get("kubelet", {}).get("eviction", {}).get("met")
        a = rec["after"].get("kubelet", {}).get("eviction", {}).get("met")
        if a is True and b is not True:
            new[rec["view"]] = new.get(rec["view"], 0) + 1
    assert new, "no state crossed the threshold: the test shows nothing"
    for view, n in new.items():
        assert out.summary["by_view"][view]["eviction_newly_met"] == n
    assert out.summary["eviction"]["threshold"] == "memory.available<70%"
    ex = next(e for e in out.summary["examples"] if "eviction" in e["why"])
    assert ex["eviction_met"] == {"before": False, "after": True}
    assert ex["memory_available"]["after"] < ex["memory_available"]["before"]
    assert ex["explain"]["after"].endswith('--eviction-hard "memory.available<70%"')


class _Args:
    def __init__(self, **kw):
        self.__dict__.update(kw)


def test_the_first_screen_fits_with_16_families(default_small):
    """With four more scenario families (16), the first screen still fits 80x50: the family
    table lists the 11 that moved most and one line names the others."""
    import copy

    s = copy.deepcopy(default_small[0].summary)
    fams = s["by_family"]["synthetic-v2"]
    template = next(r for r in fams.values() if r["node_changed"])
    for name in ("mglru", "zram", "hugetlb-heavy", "thp-heavy"):
        fams[name] = copy.deepcopy(template)
    assert len(fams) == 16
    lines = _screen(s)
    assert all(len(x) <= 80 for x in lines[:50])
    profiles = lines.index(next(x for x in lines if x.startswith("synthetic-v2 by kernel profile")))
    end = profiles + 4 + len(s["by_profile"]["synthetic-v2"])
    assert lines[end].startswith("  -: no state with both numbers")
    assert end + 1 <= 50
    start = lines.index(next(x for x in lines if x.startswith("synthetic-v2 by scenario family")))
    table = lines[start:profiles]
    # 11 family rows, then one line for the 5 other families that moved
    rows = [x for x in table if x.split(" ")[0] in fams]
    assert len(rows) == 11
    folded = [x for x in table if x.startswith("  5 more families moved: ")]
    assert len(folded) == 1
    # every family is in the table or named on the folded line
    assert all(any(x.split(" ")[0] == name for x in rows) or name in folded[0] for name in fams)
    # --verbose lists them all
    vlines = _screen(s, verbose=True)
    vstart = vlines.index(next(x for x in vlines if x.startswith("synthetic-v2 by scenario")))
    vprof = vlines.index(next(x for x in vlines if x.startswith("synthetic-v2 by kernel profile")))
    assert sum(1 for x in vlines[vstart:vprof] if x.split(" ")[0] in fams) == 16


def test_the_eviction_line_is_on_the_first_screen(default_small):
    lines = _screen(default_small[0].summary)
    ev = default_small[0].summary["eviction"]
    line = next(x for x in lines[:8] if x.startswith("Hard eviction "))
    assert line.startswith(f"Hard eviction memory.available<100Mi: newly met in {ev['newly_met']}")


def test_fail_on_change_and_its_exit_codes(capsys, tmp_path):
    base = ["diff", "--states", "12", "--corpus", "none", "--no-hostile", "--no-progress"]
    assert cli.main(base) == 0
    assert cli.main([*base, "--fail-on-change"]) == 1
    assert "--fail-on-change: a node-visible number changed in" in capsys.readouterr().err
    # a patch equal to the release that carries it changes no node number
    patch = str(Path(__file__).resolve().parents[2] / "docs" / "patches" / "runc_pr3933.py")
    same = [*base, "--before", "k8s-1.28.3,runc=1.1.9", "--after", patch, "--fail-on-change"]
    assert cli.main(same) == 0
    # the kubelet flags are checked before anything runs: one line naming the flag, exit 2
    assert cli.main([*base, "--eviction-hard", "memory.available<0"]) == 2
    assert capsys.readouterr().err.endswith(
        "--eviction-hard: 'memory.available<0': eviction threshold memory.available must be "
        "positive: 0\n"
    )
    with pytest.raises(SystemExit):
        cli.main(["diff", "--help"])
    helptext = capsys.readouterr().out
    assert "exit codes:" in helptext and "--fail-on-change" in helptext


@pytest.mark.parametrize(
    ("mib", "text"),
    [
        (0, "0"),
        (-566.43, "-566Mi"),
        (-67801.1, "-66.2Gi"),
        (729.3, "+729Mi"),
        (-35.25, "-35.2Mi"),
        (0.0039, "+4Ki"),
        (-1024 * 150.4, "-150Gi"),
        (1024 * 2345, "+2,345Gi"),
        (-(2**30) * 1.5, "-1.5Pi"),
        ((2**63 - 2**40) / 2**20, "+8.0Ei"),
    ],
)
def test_sizes_read_as_kubectl_writes_them(mib, text):
    assert fmt.delta_mib(mib) == text


def test_fold_families_names_the_families_left_out():
    def row(changed):
        return {"states": 10, "node_changed": changed, "new_failures": 0, "recovered": 0}

    rows = [(f"f{i}", row(i)) for i in range(6)]  # f0 did not move
    shown, lines = fmt.fold_families(rows, 3)
    assert [n for n, _ in shown] == ["f3", "f4", "f5"]  # the most changes, in their order
    assert lines == ["  2 more families moved: f1, f2", "  1 family did not move: f0"]
    # nothing moved: the rows as they are, no fold
    still = [(f"s{i}", row(0)) for i in range(4)]
    assert fmt.fold_families(still, 2) == (still, [])
    # a line never passes 80 columns: the names that fit, then how many more
    many = [(f"family-{i:02}", row(1)) for i in range(30)]
    _, lines = fmt.fold_families(many, 1)
    assert len(lines) == 1 and len(lines[0]) <= 80 and lines[0].endswith(", --verbose)")


def test_available_mirrors_the_working_set_when_only_the_working_set_changes(default_small):
    # runc's fix moves the working set; availableBytes = limit - working set moves by minus
    # as much, so it never moves apart and the tables follow the working set alone
    s = default_small[0].summary
    for view, row in s["by_view"].items():
        assert row["available_apart"] == 0, view
        ws, av = row["delta_working_set_mib"], row["delta_available_mib"]
        assert (ws is None) == (av is None), view
        if ws is not None:
            assert (av["min"], av["max"], av["n"]) == (-ws["max"], -ws["min"], ws["n"]), view
    lines = _screen(s)
    assert not any("availableBytes" in x for x in lines[:50])


def test_view_names_stay_whole_when_a_number_is_wide():
    # a hostile max near 2^63 once squeezed the view column into "synth/etic-/v2"
    from rich.console import Console

    from sim.commands.diff import _rows_table

    wide = {"n": 3, "min": -161 * 1024.0, "p1": -61 * 1024.0, "median": -698.0, "p99": 209.0}
    row = {
        "states": 4706,
        "kubectl_memory_changed": 3356,
        "delta_working_set_mib": {**wide, "max": 2**43 - 1.0, "exact": True},
        "new_failures": 18,
        "recovered": 9,
    }
    con = Console(width=80, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    con.print(
        _rows_table("t", "view", [("synthetic-v2", row), ("a-very-long-kernel-release-x", row)])
    )
    lines = con.export_text().splitlines()
    assert all(len(x) <= 80 for x in lines)
    first = next(x for x in lines if x.startswith("synthetic-v2 "))
    assert first.split()[1:] == [
        "4,706",
        "3,356",
        "-698Mi",
        "-61.0Gi",
        "+209Mi",
        "-161Gi",
        "+8.0Ei",
        "18",
        "9",
    ]
    assert any(x.startswith("a-very-long-kern") for x in lines)  # folded at 16, numbers whole
    assert not any("…" in x for x in lines)
