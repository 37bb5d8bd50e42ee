"""One hand-built state with every number worked out by hand (kernel.md §2.1, §3.3, §5.2)."""

from __future__ import annotations

import pytest

from fake_sysfs import V1_UNLIMITED, cgroup, gib, mib, node, render, world

from .invariants import check, kv, meminfo


def state(profile: str, mode: str = "v1"):  # type: ignore[no-untyped-def]
    pod = cgroup(
        "pod",
        anon_active=10000,
        anon_inactive=2000,
        anon_unmapped=512,  # a partially unmapped THP
        lazyfree=100,
        file_active=3000,
        file_inactive=5000,
        shmem_inactive=400,
        swapcache_mapped=50,
        swapcache_unmapped=30,
        swap_out=1000,
        kernel_stack_kb=160,
        slab_reclaimable_b=40960,
        pagetables=20,
        sock=7,
        stock=5,
        procs=(4242,),
    )
    dead = cgroup("dead", file_inactive=700, slab_unreclaimable_b=8192, dying=True)
    root = cgroup(
        "", cgroup("kubepods.slice", pod, dead), file_inactive=1000, buffers=200, anon_active=500
    )
    n = node(gib(4), nr_cpus=2, swap_total=mib(1024), file_uncharged=100, slab_reclaimable=1000)
    return world(profile, mode, n, root)  # type: ignore[arg-type]


# root usage_in_bytes, pages, by rule (kernel.md §2.1)
#   <=5.7: file 10100 + charged anon 13142 (mapped 12600 + unmapped 512 + unmapped swap cache 30)
#   5.8-6.4: file 10100 + mapped anon 12600
#   6.5+: node NR_FILE_PAGES 10280 (file + swap cache 80 + uncharged 100) + AnonPages 12600
ROOT_USAGE = {
    "4.18-rhel8": 23242,
    "5.4": 23242,
    "5.10": 22700,
    "5.15": 22700,
    "6.1": 22700,
    "6.6": 22880,
    "6.18": 22880,
}


@pytest.mark.parametrize("profile", list(ROOT_USAGE))
def test_v1_root_usage_by_kernel_rule(profile: str) -> None:
    w = state(profile)
    t = render(w, "v1")
    assert check(t, w) == []
    assert int(t.read("/sys/fs/cgroup/memory/memory.usage_in_bytes")) == ROOT_USAGE[profile] * 4096
    st = kv(t.read("/sys/fs/cgroup/memory/memory.stat"))
    assert st["total_inactive_file"] == 6800 * 4096  # memcg LRU: no uncharged page cache
    assert st["inactive_file"] == 1000 * 4096  # the root's own
    assert st["hierarchical_memory_limit"] == V1_UNLIMITED
    rss = 12642 if w.profile.anon_is_charged else 12100
    assert kv(t.read("/sys/fs/cgroup/memory/kubepods.slice/memory.stat"))["total_rss"] == rss * 4096
    # non-root usage: every charge incl. kernel memory and the per-CPU stock, not sockets
    assert (
        int(t.read("/sys/fs/cgroup/memory/kubepods.slice/pod/memory.usage_in_bytes"))
        == 21117 * 4096
    )
    # the dying child still counts in its parent
    assert int(t.read("/sys/fs/cgroup/memory/kubepods.slice/memory.usage_in_bytes")) == 21819 * 4096
    assert "/sys/fs/cgroup/memory/kubepods.slice/dead/memory.stat" not in t.files
    memsw = "/sys/fs/cgroup/memory/kubepods.slice/pod/memory.memsw.usage_in_bytes"
    assert (memsw in t.files) == w.profile.swap_accounting
    if memsw in t.files:
        # memsw = usage + the swap entries whose page left memory: the 80 swap-cache pages are
        # counted once, as memory (account.swapped_out; the kernel lab's 6.1 swap workload)
        assert int(t.read(memsw)) == (21117 + 1000 - 80) * 4096
        swap = kv(t.read("/sys/fs/cgroup/memory/kubepods.slice/pod/memory.stat"))["swap"]
        assert swap == (1000 - 80) * 4096
    assert (
        int(t.read("/sys/fs/cgroup/memory/kubepods.slice/pod/memory.kmem.tcp.usage_in_bytes"))
        == 7 * 4096
    )
    assert (
        int(t.read("/sys/fs/cgroup/memory/kubepods.slice/pod/memory.kmem.usage_in_bytes"))
        == 70 * 4096
    )


@pytest.mark.parametrize("profile", list(ROOT_USAGE))
def test_meminfo_values(profile: str) -> None:
    m = meminfo(render(state(profile), "v2"))
    assert m["MemTotal"] == 4194304
    assert m["MemFree"] == (1048576 - 24471) * 4
    assert (m["Buffers"], m["Cached"], m["SwapCached"]) == (800, 40000, 320)
    assert (m["AnonPages"], m["Shmem"]) == (50400, 1600)
    assert (m["Active(file)"], m["Inactive(file)"]) == (12000, 27600)
    assert (m["Active(anon)"], m["Inactive(anon)"]) == (42000, 11768)
    assert (m["SwapTotal"], m["SwapFree"]) == (1048576, 1044576)
    assert (m["SReclaimable"], m["SUnreclaim"], m["KernelStack"]) == (4040, 8, 160)


@pytest.mark.parametrize("profile", list(ROOT_USAGE))
def test_v2_values_and_gating(profile: str) -> None:
    w = state(profile, "v2")
    t = render(w, "v2")
    p = w.profile
    assert check(t, w) == []
    root_stat = "/sys/fs/cgroup/memory.stat"
    assert (root_stat in t.files) == p.v2_root_stat  # 5.8+
    assert ("/sys/fs/cgroup/memory.numa_stat" in t.files) == p.v2_numa_stat  # 5.10+
    assert "/sys/fs/cgroup/memory.current" not in t.files
    k = "/sys/fs/cgroup/kubepods.slice"
    # memory.current: v1 usage + socket memory
    assert int(t.read(f"{k}/pod/memory.current")) == 21124 * 4096
    assert int(t.read(f"{k}/memory.current")) == 21826 * 4096
    st = kv(t.read(f"{k}/memory.stat"))
    assert st["anon"] == (12642 if p.anon_is_charged else 12100) * 4096
    assert st["file"] == 9100 * 4096
    assert ("kernel" in st) == (p.v2_stat_layout in ("6.1", "6.6", "6.18"))
    if "kernel" in st:
        assert st["kernel"] == 72 * 4096
    assert ("swapcached" in st) == (p.v2_stat_layout in ("5.15", "6.1", "6.6", "6.18"))
    cs = kv(t.read(f"{k}/cgroup.stat"))
    assert (cs["nr_descendants"], cs["nr_dying_descendants"]) == (1, 1)
    assert kv(t.read("/sys/fs/cgroup/cgroup.stat"))["nr_dying_descendants"] == 1
    assert (f"{k}/pod/memory.peak" in t.files) == p.v2_peak
    assert (f"{k}/pod/memory.swap.current" in t.files) == p.swap_accounting
    if root_stat in t.files:
        rs = kv(t.read(root_stat))
        assert rs["inactive_file"] == 6800 * 4096
        assert rs["anon"] + rs["file"] == (12600 + 10100) * 4096  # runc >= 1.1.9 root usage


def test_use_hierarchy_off_on_an_old_kernel() -> None:
    w = state("5.4")
    w2 = world(w.profile.with_(v1_use_hierarchy=False), "v1", w.node, w.root)
    t = render(w2, "v1")
    assert t.read("/sys/fs/cgroup/memory/memory.use_hierarchy") == "0\n"
    # children no longer roll up into the parent's page counter; total_* still do (5.2+)
    assert int(t.read("/sys/fs/cgroup/memory/kubepods.slice/memory.usage_in_bytes")) == 0
    assert (
        kv(t.read("/sys/fs/cgroup/memory/kubepods.slice/memory.stat"))["total_inactive_file"]
        == 5800 * 4096
    )  # 5000 + lazyfree 100 + dying 700
