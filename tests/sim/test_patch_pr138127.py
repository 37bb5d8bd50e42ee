"""docs/patches/kubelet_pr138127.py (kubernetes PR #138127, HugepageAwareEviction on) against the
k8s-1.36.0 stack it patches: on every state, Summary node.memory.availableBytes is lower by the
node's hugetlb pool in bytes where the node has one, and nothing else moves, anywhere.

(k8s-1.35.0 -> k8s-1.36.0 changes no availableBytes: tests/sim/test_release_diffs.py.)"""

from __future__ import annotations

from pathlib import Path

from sim import diff, sides

PATCH = str(Path(__file__).parents[2] / "docs" / "patches" / "kubelet_pr138127.py")
STATES = 300


def _pool_bytes(tree) -> int:
    """nr_hugepages x the page size, summed over the tree's hugepages-<size>kB directories."""
    total = 0
    for path, data in tree.files.items():
        if path.startswith("/sys/kernel/mm/hugepages/hugepages-") and path.endswith(
            "/nr_hugepages"
        ):
            size_kb = int(path.split("hugepages-")[-1].split("kB/")[0])
            total += int(data) * size_kb * 1024
    return total


def test_available_bytes_drop_by_the_pool_on_hugepage_nodes_and_nothing_else_moves():
    before, after = sides.parse("k8s-1.36.0"), sides.parse(PATCH)
    cfg = diff.DiffConfig(before=before, after=after, states=STATES, hostile=True)
    _, items = diff.state_source(cfg)
    dropped = unchanged_available = states = 0
    for index, ref, _saved in items:
        states += 1
        rec = diff.process(index, ref, before, after, want_layers=True)
        assert rec.layers is not None
        la, lb = rec.layers
        if "failure" in la:  # v1 (1.35+ refuses to start), hostile failures: the same
            assert la == lb, index
            continue
        pool = _pool_bytes(diff._tree(ref, diff.side_view(before, ref)))
        ma, mb = la["kubelet"]["memory"] or {}, lb["kubelet"]["memory"] or {}
        a, b = ma.get("AvailableBytes"), mb.get("AvailableBytes")
        if a is None:
            assert b is None, index
        elif pool:
            assert b == max(a - pool, 0), (index, a, b, pool)
            dropped += 1
        else:
            assert b == a, index
            unchanged_available += 1
        # the eviction manager's memory.available follows availableBytes (it reads the Summary),
        # its capacity is availableBytes + workingSetBytes
        ea, eb = la["kubelet"]["eviction"], lb["kubelet"]["eviction"]
        assert eb["memory_available"] == b, index
        if b is not None:
            assert eb["capacity"] == b + mb["WorkingSetBytes"], index
        # every other number of every layer is the same
        mb = dict(mb)
        if a is not None:
            mb["AvailableBytes"] = a
        kb = {**lb["kubelet"], "memory": mb or lb["kubelet"]["memory"], "eviction": ea}
        assert {**lb, "kubelet": kb} == la
    assert states >= STATES
    assert dropped >= 10 and unchanged_available >= 50  # both kinds of node were seen


def test_explain_states_the_patched_formula():
    from fake_sysfs import random_world, render
    from ports.go import host
    from sim import patch, pipeline

    stack = patch.load(PATCH).stack
    w = next(random_world(s) for s in range(100) if random_world(s).node.hugepages_total)
    t = render(w, "v2", scope="node")
    with host.use(host.FakeHost(t.mounts, files=t.files)):
        res = pipeline.run(stack, record=True)
    step = next(s for s in pipeline.teach(res) if s.name == "node.memory.availableBytes")
    pool = w.node.hugepages_total * 2 * (1 << 20)
    limit, ws = res.cadvisor_spec.Memory.Limit, res.kubelet_memory.WorkingSetBytes
    assert step.value == limit - ws - pool
    assert step.formula.endswith(f"(HugepageAwareEviction, PR #138127) = {limit} - {ws} - {pool}")
    assert "kubelet_pr138127.py overrides Kubelet.Get" in step.patched


def test_the_diff_follows_available_bytes_when_the_working_set_does_not_move():
    from rich.console import Console

    from sim.commands.diff import AVAIL_TITLE, print_summary

    cfg = diff.DiffConfig(
        before=sides.parse("k8s-1.36.0"),
        after=sides.parse(PATCH),
        states=400,
        corpus=(),
        hostile=False,
        scenarios=("hugetlb", "hugetlb-heavy", "page-cache"),
    )
    s = diff.run(cfg).summary
    v2 = s["by_view"]["synthetic-v2"]
    assert s["node_changed_by_field"]["working_set"] == 0
    assert v2["delta_working_set_mib"]["min"] == v2["delta_working_set_mib"]["max"] == 0
    # every hugetlb-family node has a pool: its availableBytes drops; a page-cache node has
    # one in five worlds (the default hugetlb odds), so most of them do not move
    fam = s["by_family"]["synthetic-v2"]
    assert fam["hugetlb"]["available_apart"] == fam["hugetlb"]["both_numbers"] > 0
    assert fam["hugetlb-heavy"]["delta_available_mib"]["max"] < 0
    pc = fam["page-cache"]
    assert 0 < pc["available_apart"] < pc["both_numbers"] / 2
    assert pc["delta_available_mib"]["median"] == pc["delta_available_mib"]["max"] == 0
    con = Console(width=80, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    print_summary(s, con)
    lines = con.export_text().splitlines()
    assert AVAIL_TITLE in [x.strip() for x in lines[:10]]
    assert any(
        x.startswith("The working set moved in no state; availableBytes moved") for x in lines
    )
    row = next(x for x in lines if x.startswith("hugetlb-heavy "))
    assert "-" in row.split()[3]  # its median availableBytes change is a decrease
