"""Stale statistics (Cgroup.stale, kernel.md §3.4, §5.4 #5) and vmstat drift (Node.drift_*,
§5.4 #16): which files show them, which keep the truth, and what validation bounds them."""

from __future__ import annotations

import pytest

import fake_sysfs
from fake_sysfs import Memory, cgroup, gib, mib, node, render, world
from fake_sysfs.account import problems

from .invariants import check, kv, meminfo

CTR = "kubepods.slice/pod/ctr"


def deleted_file_world(profile: str, stale_pages: int, **node_kw: int) -> fake_sysfs.World:
    """A container that just deleted a large file: its page counter is down to a few MiB, its
    statistics still count `stale_pages` of inactive page cache."""
    ctr = cgroup(
        "ctr",
        anon_active=mib(2),
        file_inactive=mib(1),
        file_active=mib(1),
        pgpgout=100,
        stale=Memory(file_inactive=stale_pages, pgpgout=-5),
        procs=(100,),
    )
    return world(
        profile,
        "v2",
        node(gib(2), nr_cpus=2, **node_kw),
        cgroup(
            "",
            cgroup("kubepods.slice", cgroup("pod", ctr)),
            file_inactive=mib(8),
            anon_active=mib(4),
        ),
    )


@pytest.mark.parametrize("profile", ["5.4", "5.10", "6.1", "6.6", "6.18"])
def test_stale_statistics_show_in_stat_files_not_in_page_counters(profile: str) -> None:
    stale = mib(64)
    w = deleted_file_world(profile, stale)
    fresh = deleted_file_world(profile, 0)
    assert problems(w) == []
    for view in ("v1", "v2"):
        t, f = render(w, view), render(fresh, view)
        assert t.files["/proc/meminfo"] == f.files["/proc/meminfo"]  # node counters: the truth
        if view == "v1":
            d = f"/sys/fs/cgroup/memory/{CTR}"
            st = kv(t.read(f"{d}/memory.stat"))
            usage = int(t.read(f"{d}/memory.usage_in_bytes"))
            assert usage == int(f.read(f"{d}/memory.usage_in_bytes"))
            assert st["total_inactive_file"] > usage  # cAdvisor's working set clamps to 0
            assert st["inactive_file"] == (mib(1) + stale) * 4096
            root = kv(t.read("/sys/fs/cgroup/memory/memory.stat"))
            fresh_root = kv(f.read("/sys/fs/cgroup/memory/memory.stat"))
            assert root["total_inactive_file"] - fresh_root["total_inactive_file"] == stale * 4096
            ru = int(t.read("/sys/fs/cgroup/memory/memory.usage_in_bytes"))
            fru = int(f.read("/sys/fs/cgroup/memory/memory.usage_in_bytes"))
            # memcg-based root usage (<= 6.4) reads the statistics; 6.5+ the node counters
            memcg_rule = w.profile.root_usage_rule != "node"
            assert ru - fru == (stale * 4096 if memcg_rule else 0)
        else:
            d = f"/sys/fs/cgroup/{CTR}"
            st = kv(t.read(f"{d}/memory.stat"))
            cur = int(t.read(f"{d}/memory.current"))
            assert cur == int(f.read(f"{d}/memory.current"))
            assert st["inactive_file"] > cur
            assert st["file"] >= st["inactive_file"]  # stale consistently
        # the invariants hold once the world's own staleness is allowed for, and not without
        assert check(t, w) == []
        assert check(t) != []
    truth, fresh_truth = w.accounting.truth(), fresh.accounting.truth()
    assert truth["root_inactive_file_b"] == fresh_truth["root_inactive_file_b"]
    assert truth["stat_root_inactive_file_b"] - truth["root_inactive_file_b"] == stale * 4096
    assert truth["stat_root_inactive_file_b"] > truth["inactive_file_node_b"]


def test_stale_numa_stat_sums_to_the_stale_statistics() -> None:
    w = deleted_file_world("6.1", mib(32))
    t = render(w, "v1")
    st = kv(t.read(f"/sys/fs/cgroup/memory/{CTR}/memory.stat"))
    numa = t.read(f"/sys/fs/cgroup/memory/{CTR}/memory.numa_stat").splitlines()
    file_line = next(x for x in numa if x.startswith("file="))
    assert int(file_line.split()[0].split("=")[1]) * 4096 == (
        st["inactive_file"] + st["active_file"]
    )


def test_drift_moves_meminfo_and_the_6_5_root_usage_not_the_truth() -> None:
    drift = {"drift_free": 200, "drift_file": -300, "drift_inactive_file": -120, "drift_anon": 50}
    w = deleted_file_world("6.6", 0, **drift)
    fresh = deleted_file_world("6.6", 0)
    assert problems(w) == []
    m, fm = meminfo(render(w, "v2")), meminfo(render(fresh, "v2"))
    assert m["MemFree"] - fm["MemFree"] == 200 * 4
    assert m["Cached"] - fm["Cached"] == -300 * 4
    assert m["Inactive(file)"] - fm["Inactive(file)"] == -120 * 4
    assert m["AnonPages"] - fm["AnonPages"] == 50 * 4
    shown = ("v1_root_usage_b", "v1_root_memsw_b")  # what the file shows, by the kernel's rule
    truth, fresh_truth = w.accounting.truth(), fresh.accounting.truth()
    assert {k: v for k, v in truth.items() if k not in shown} == {
        k: v for k, v in fresh_truth.items() if k not in shown
    }
    assert truth["v1_root_usage_b"] - fresh_truth["v1_root_usage_b"] == (-300 + 50) * 4096
    t1, f1 = render(w, "v1"), render(fresh, "v1")
    usage = int(t1.read("/sys/fs/cgroup/memory/memory.usage_in_bytes"))
    assert usage - int(f1.read("/sys/fs/cgroup/memory/memory.usage_in_bytes")) == (-300 + 50) * 4096
    for t in (t1, render(w, "v2")):
        assert check(t, w) == []


def test_drift_is_clamped_at_zero_as_the_kernel_prints_it() -> None:
    w = deleted_file_world("6.1", 0)
    used = w.node.mem_total - w.accounting.true_mem_free
    tight = w.node._replace(mem_total=used + 100, drift_free=-500)  # within 125 x 2 CPUs x 3
    w2 = world(w.profile, w.mode, tight, w.root)
    assert w2.accounting.true_mem_free == 100
    assert meminfo(render(w2, "v2"))["MemFree"] == 0
    assert w2.accounting.truth()["mem_free_b"] == 100 * 4096


def test_validation_bounds_staleness_and_drift() -> None:
    ok = deleted_file_world("6.1", mib(1))
    bad_field = ok.root.find(CTR)._replace(stale=Memory(slab_reclaimable_b=4096))
    bad_neg = ok.root.find(CTR)._replace(stale=Memory(anon_active=-mib(3)))

    def with_ctr(c: fake_sysfs.Cgroup) -> fake_sysfs.World:
        pod = cgroup("pod", c)
        root = ok.root._replace(children=(cgroup("kubepods.slice", pod),))
        return world(ok.profile, ok.mode, ok.node, root, validate=False)

    assert any("never stale" in p for p in problems(with_ctr(bad_field)))
    assert any("below 0" in p for p in problems(with_ctr(bad_neg)))
    far = world(ok.profile, ok.mode, ok.node._replace(drift_file=10**6), ok.root, validate=False)
    assert any("vmstat drift" in p for p in problems(far))


def test_repr_rebuilds_stale_and_drift() -> None:
    w = deleted_file_world("6.18", mib(3), drift_free=-7, drift_active_anon=9)
    assert "stale=Memory(file_inactive=768, pgpgout=-5)" in repr(w)
    assert eval(repr(w), vars(fake_sysfs)) == w
