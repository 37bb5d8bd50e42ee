"""cgroup v2 (unified) memory files (kernel.md §3).

memory.stat keys and order per kernel: memory_stat_show() in 4.19 (L4.19:5541-5616),
memory_stat_format() in 5.4/5.8, the memory_stats[] table from 5.9 (L5.10:1494-1533,
L5.15:1398-1433, L6.1:1469-1511, L6.6:1497-1539, L6.18:1334-1387) followed by the event counters.
The 6.18 layout is checked against the recorded captures (tests/fake_sysfs/test_recorded_format.py);
the older ones are read from upstream source and patches, not from a recorded file.
"""

from __future__ import annotations

from fake_sysfs.account import CgroupValues, NodeAccounting
from fake_sysfs.model import Cgroup, Limits, Memory, World
from fake_sysfs.profiles import PAGE_SIZE, KernelProfile

CGROUP_MOUNT = "/sys/fs/cgroup"
# cgroup.stat nr_subsys_* lines follow the kernel's subsystem order
_SUBSYS_ORDER = ("cpuset", "cpu", "io", "memory", "perf_event", "hugetlb", "pids")

_WS3 = ("workingset_refault", "workingset_activate", "workingset_nodereclaim")
_WS7 = (
    "workingset_refault_anon",
    "workingset_refault_file",
    "workingset_activate_anon",
    "workingset_activate_file",
    "workingset_restore_anon",
    "workingset_restore_file",
    "workingset_nodereclaim",
)
_LRU = ("inactive_anon", "active_anon", "inactive_file", "active_file", "unevictable")
_EV_5_4 = (
    "pgrefill",
    "pgscan",
    "pgsteal",
    "pgactivate",
    "pgdeactivate",
    "pglazyfree",
    "pglazyfreed",
)
_THP_EV = ("thp_fault_alloc", "thp_collapse_alloc")

# 4.19: no anon_thp; workingset_* printed last
_L4_19 = (
    "anon", "file", "kernel_stack", "slab", "sock", "shmem", "file_mapped", "file_dirty",
    "file_writeback", *_LRU, "slab_reclaimable", "slab_unreclaimable",
    "pgfault", "pgmajfault", *_EV_5_4, *_WS3,
)  # fmt: skip
# 5.0..5.7: anon_thp, workingset_* moved after pgmajfault, THP events
_L5_4 = (
    "anon", "file", "kernel_stack", "slab", "sock", "shmem", "file_mapped", "file_dirty",
    "file_writeback", "anon_thp", *_LRU, "slab_reclaimable", "slab_unreclaimable",
    "pgfault", "pgmajfault", *_WS3, *_EV_5_4, *_THP_EV,
)  # fmt: skip
# 5.8: workingset_restore
_L5_8 = (
    *_L5_4[: _L5_4.index("workingset_nodereclaim")], "workingset_restore",
    *_L5_4[_L5_4.index("workingset_nodereclaim") :],
)  # fmt: skip
_EV_5_9 = ("pgfault", "pgmajfault", *_EV_5_4, *_THP_EV)
# 5.9: the memory_stats[] table (percpu; slab printed after slab_unreclaimable; split workingset)
_L5_10 = (
    "anon", "file", "kernel_stack", "percpu", "sock", "shmem", "file_mapped", "file_dirty",
    "file_writeback", "anon_thp", *_LRU, "slab_reclaimable", "slab_unreclaimable", "slab",
    *_WS7, *_EV_5_9,
)  # fmt: skip
# 5.11-5.14: pagetables, file_thp, shmem_thp, swapcached
_L5_15 = (
    "anon", "file", "kernel_stack", "pagetables", "percpu", "sock", "shmem", "file_mapped",
    "file_dirty", "file_writeback", "swapcached", "anon_thp", "file_thp", "shmem_thp", *_LRU,
    "slab_reclaimable", "slab_unreclaimable", "slab", *_WS7, *_EV_5_9,
)  # fmt: skip
_STATE_6_1 = (
    "anon", "file", "kernel", "kernel_stack", "pagetables", "sec_pagetables", "percpu", "sock",
    "vmalloc", "shmem", "zswap", "zswapped", "file_mapped", "file_dirty", "file_writeback",
    "swapcached", "anon_thp", "file_thp", "shmem_thp", *_LRU, "slab_reclaimable",
    "slab_unreclaimable", "slab",
)  # fmt: skip
# 6.1: kernel, sec_pagetables, vmalloc, zswap; events from memcg_vm_event_stat[]
_L6_1 = (
    *_STATE_6_1, *_WS7, "pgscan", "pgsteal", "pgscan_kswapd", "pgscan_direct", "pgsteal_kswapd",
    "pgsteal_direct", "pgfault", "pgmajfault", "pgrefill", "pgactivate", "pgdeactivate",
    "pglazyfree", "pglazyfreed", "zswpin", "zswpout", *_THP_EV,
)  # fmt: skip
# 6.6: khugepaged scan/steal
_L6_6 = (
    *_STATE_6_1, *_WS7, "pgscan", "pgsteal", "pgscan_kswapd", "pgscan_direct",
    "pgscan_khugepaged", "pgsteal_kswapd", "pgsteal_direct", "pgsteal_khugepaged", "pgfault",
    "pgmajfault", "pgrefill", "pgactivate", "pgdeactivate", "pglazyfree", "pglazyfreed",
    "zswpin", "zswpout", *_THP_EV,
)  # fmt: skip
# 6.18, as recorded: hugetlb (shown only with memory_hugetlb_accounting), demotion, pswp*,
# proactive reclaim, swp*_zero, zswpwb, thp_swpout*, NUMA balancing
_L6_18 = (
    *_STATE_6_1, "hugetlb", *_WS7, "pgdemote_kswapd", "pgdemote_direct", "pgdemote_khugepaged",
    "pgdemote_proactive", "pgpromote_success", "pgscan", "pgsteal", "pswpin", "pswpout",
    "pgscan_kswapd", "pgscan_direct", "pgscan_khugepaged", "pgscan_proactive", "pgsteal_kswapd",
    "pgsteal_direct", "pgsteal_khugepaged", "pgsteal_proactive", "pgfault", "pgmajfault",
    "pgrefill", "pgactivate", "pgdeactivate", "pglazyfree", "pglazyfreed", "swpin_zero",
    "swpout_zero", "zswpin", "zswpout", "zswpwb", *_THP_EV, "thp_swpout", "thp_swpout_fallback",
    "numa_pages_migrated", "numa_pte_updates", "numa_hint_faults",
)  # fmt: skip

STAT_LAYOUTS: dict[str, tuple[str, ...]] = {
    "4.19": _L4_19,
    "5.4": _L5_4,
    "5.8": _L5_8,
    "5.10": _L5_10,
    "5.15": _L5_15,
    "6.1": _L6_1,
    "6.6": _L6_6,
    "6.18": _L6_18,
}

# memory_stats[] entries that are per-node (lruvec) items: memory.numa_stat shows these
NODE_ITEMS = frozenset(
    {
        "anon", "file", "kernel_stack", "pagetables", "sec_pagetables", "shmem", "file_mapped",
        "file_dirty", "file_writeback", "swapcached", "anon_thp", "file_thp", "shmem_thp", *_LRU,
        "slab_reclaimable", "slab_unreclaimable", "hugetlb", *_WS7, "pgdemote_kswapd",
        "pgdemote_direct", "pgdemote_khugepaged", "pgdemote_proactive", "pgpromote_success",
    }
)  # fmt: skip
_THP_KEYS = frozenset({"anon_thp", "file_thp", "shmem_thp", *_THP_EV})
_ZSWAP_KEYS = frozenset({"zswap", "zswapped", "zswpin", "zswpout", "zswpwb"})


def stat_keys(p: KernelProfile) -> tuple[str, ...]:
    """memory.stat keys of this kernel, in order."""
    keys = STAT_LAYOUTS[p.v2_stat_layout]
    drop = set()
    if not p.config_thp:
        drop |= _THP_KEYS
    if not p.config_zswap:
        drop |= _ZSWAP_KEYS
    if not p.memory_hugetlb_accounting:
        drop.add("hugetlb")
    return tuple(k for k in keys if k not in drop) if drop else keys


def numa_keys(p: KernelProfile) -> tuple[str, ...]:
    keys = STAT_LAYOUTS[p.v2_stat_layout]
    drop = set() if p.config_thp else _THP_KEYS
    return tuple(k for k in keys if k in NODE_ITEMS and k not in drop)


def stat_values(m: Memory, kmem: int, p: KernelProfile) -> dict[str, int]:
    """Every value memory.stat may show, for hierarchical charges m (bytes or counts)."""
    anon = m.charged_anon if p.anon_is_charged else m.mapped_anon
    khuge = "pgscan_khugepaged" in STAT_LAYOUTS[p.v2_stat_layout]
    return {
        "anon": anon * PAGE_SIZE,
        "file": m.file_pages * PAGE_SIZE,
        "kernel": kmem * PAGE_SIZE,
        "kernel_stack": m.kernel_stack_kb * 1024,
        "pagetables": m.pagetables * PAGE_SIZE,
        "sec_pagetables": m.sec_pagetables * PAGE_SIZE,
        "percpu": m.percpu_b,
        "sock": m.sock * PAGE_SIZE,
        "vmalloc": m.vmalloc * PAGE_SIZE,
        "shmem": m.shmem * PAGE_SIZE,
        "zswap": m.zswap_b,
        "zswapped": m.zswapped * PAGE_SIZE,
        "file_mapped": m.file_mapped * PAGE_SIZE,
        "file_dirty": m.dirty * PAGE_SIZE,
        "file_writeback": m.writeback * PAGE_SIZE,
        "swapcached": m.swapcache * PAGE_SIZE,
        "anon_thp": m.anon_thp * PAGE_SIZE,
        "file_thp": m.file_thp * PAGE_SIZE,
        "shmem_thp": m.shmem_thp * PAGE_SIZE,
        "inactive_anon": m.lru_inactive_anon * PAGE_SIZE,
        "active_anon": m.lru_active_anon * PAGE_SIZE,
        "inactive_file": m.lru_inactive_file * PAGE_SIZE,
        "active_file": m.lru_active_file * PAGE_SIZE,
        "unevictable": m.lru_unevictable * PAGE_SIZE,
        "slab_reclaimable": m.slab_reclaimable_b,
        "slab_unreclaimable": m.slab_unreclaimable_b,
        "slab": m.slab_reclaimable_b + m.slab_unreclaimable_b,
        "hugetlb": m.hugetlb * PAGE_SIZE,
        "workingset_refault": m.workingset_refault_anon + m.workingset_refault_file,
        "workingset_activate": m.workingset_activate_anon + m.workingset_activate_file,
        "workingset_restore": m.workingset_restore_anon + m.workingset_restore_file,
        "workingset_refault_anon": m.workingset_refault_anon,
        "workingset_refault_file": m.workingset_refault_file,
        "workingset_activate_anon": m.workingset_activate_anon,
        "workingset_activate_file": m.workingset_activate_file,
        "workingset_restore_anon": m.workingset_restore_anon,
        "workingset_restore_file": m.workingset_restore_file,
        "workingset_nodereclaim": m.workingset_nodereclaim,
        "pgdemote_kswapd": 0,
        "pgdemote_direct": 0,
        "pgdemote_khugepaged": 0,
        "pgdemote_proactive": 0,
        "pgpromote_success": 0,
        # the sums count the variants this kernel has
        "pgscan": m.pgscan_kswapd + m.pgscan_direct + (m.pgscan_khugepaged if khuge else 0),
        "pgsteal": m.pgsteal_kswapd + m.pgsteal_direct + (m.pgsteal_khugepaged if khuge else 0),
        "pswpin": m.pswpin,
        "pswpout": m.pswpout,
        "pgscan_kswapd": m.pgscan_kswapd,
        "pgscan_direct": m.pgscan_direct,
        "pgscan_khugepaged": m.pgscan_khugepaged,
        "pgscan_proactive": 0,
        "pgsteal_kswapd": m.pgsteal_kswapd,
        "pgsteal_direct": m.pgsteal_direct,
        "pgsteal_khugepaged": m.pgsteal_khugepaged,
        "pgsteal_proactive": 0,
        "pgfault": m.pgfault,
        "pgmajfault": m.pgmajfault,
        "pgrefill": m.pgrefill,
        "pgactivate": m.pgactivate,
        "pgdeactivate": m.pgdeactivate,
        "pglazyfree": m.pglazyfree,
        "pglazyfreed": m.pglazyfreed,
        "swpin_zero": 0,
        "swpout_zero": 0,
        "zswpin": m.zswpin,
        "zswpout": m.zswpout,
        "zswpwb": 0,
        "thp_fault_alloc": m.thp_fault_alloc,
        "thp_collapse_alloc": m.thp_collapse_alloc,
        "thp_swpout": 0,
        "thp_swpout_fallback": 0,
        "numa_pages_migrated": 0,
        "numa_pte_updates": 0,
        "numa_hint_faults": 0,
    }


def memory_stat(m: Memory, kmem: int, p: KernelProfile) -> bytes:
    vals = stat_values(m, kmem, p)
    return "".join([f"{k} {vals[k]}\n" for k in stat_keys(p)]).encode()


def numa_stat(per_node: list[Memory] | tuple[Memory, ...], p: KernelProfile) -> bytes:
    keys = numa_keys(p)
    rows = [stat_values(m, 0, p) for m in per_node]
    lines = []
    for k in keys:
        nodes = " ".join(f"N{i}={row[k]}" for i, row in enumerate(rows))
        lines.append(f"{k} {nodes}\n")
    return "".join(lines).encode()


def pressure(lim: Limits) -> bytes:
    return (
        f"some avg10=0.00 avg60=0.00 avg300=0.00 total={lim.psi_some_us}\n"
        f"full avg10=0.00 avg60=0.00 avg300=0.00 total={lim.psi_full_us}\n"
    ).encode()


def cgroup_stat(p: KernelProfile, subsys: tuple[str, ...], visible: int, dying: int) -> bytes:
    """cgroup.stat: every css exists in every visible cgroup of our trees (each parent enables
    all its controllers); a dying cgroup pins only its memory css."""
    if not p.cgroup_stat_subsys:
        return f"nr_descendants {visible}\nnr_dying_descendants {dying}\n".encode()
    ordered = [s for s in _SUBSYS_ORDER if s in subsys]
    lines = [f"nr_descendants {visible}\n"]
    lines += [f"nr_subsys_{s} {visible + 1}\n" for s in ordered]
    lines.append(f"nr_dying_descendants {dying}\n")
    lines += [f"nr_dying_subsys_{s} {dying if s == 'memory' else 0}\n" for s in ordered]
    return "".join(lines).encode()


def _events(m: Memory, p: KernelProfile) -> bytes:
    s = f"low {m.ev_low}\nhigh {m.ev_high}\nmax {m.ev_max}\noom {m.ev_oom}\noom_kill {m.ev_oom_kill}\n"
    if p.v2_oom_group_kill:
        s += f"oom_group_kill {m.ev_oom_group_kill}\n"
    return s.encode()


def _max(v: int | None) -> bytes:
    return b"max\n" if v is None else f"{v}\n".encode()


def _procs(c: Cgroup) -> bytes:
    return "".join(f"{pid}\n" for pid in c.procs).encode()


def _controllers(p: KernelProfile) -> bytes:
    return (" ".join(p.v2_controllers) + "\n").encode()


def root_files(world: World) -> dict[str, bytes]:
    """The root of the unified hierarchy: no memory.current/max/peak/events/swap.* (NOT_ON_ROOT);
    memory.stat only from 5.8, memory.numa_stat from 5.10 (kernel.md §3.1)."""
    p = world.profile
    a: NodeAccounting = world.accounting
    r = world.root
    d = CGROUP_MOUNT
    vis, dying = _count(r)
    f = {
        f"{d}/cgroup.controllers": _controllers(p),
        f"{d}/cgroup.procs": _procs(r),
        f"{d}/cgroup.stat": cgroup_stat(p, ("perf_event", *p.v2_controllers), vis, dying),
        f"{d}/cgroup.subtree_control": _controllers(p)
        if any(not c.dying for c in r.children)
        else b"",
    }
    if p.v2_root_stat:
        f[f"{d}/memory.stat"] = memory_stat(a.total, a.kmem_total, p)
    if p.v2_numa_stat:
        f[f"{d}/memory.numa_stat"] = numa_stat(a.numa_split(), p)
    if p.psi:
        f[f"{d}/memory.pressure"] = pressure(r.limits)
    if p.config_zswap and p.v2_zswap_writeback:
        f[f"{d}/memory.zswap.writeback"] = b"1\n"
    return f


def _count(c: Cgroup) -> tuple[int, int]:
    vis = dying = 0
    stack = [(ch, False) for ch in c.children]
    while stack:
        ch, dead = stack.pop()
        dead = dead or ch.dying
        if dead:
            dying += 1
        else:
            vis += 1
        stack.extend((g, dead) for g in ch.children)
    return vis, dying


def cgroup_files(world: World, v: CgroupValues) -> dict[str, bytes]:
    p = world.profile
    c = v.cgroup
    lim = c.limits
    m = c.memory
    t = v.total
    d = f"{CGROUP_MOUNT}/{v.path}"
    current = v.current * PAGE_SIZE
    has_children = any(not ch.dying for ch in c.children)
    f = {
        f"{d}/cgroup.controllers": _controllers(p),
        f"{d}/cgroup.procs": _procs(c),
        f"{d}/cgroup.stat": cgroup_stat(
            p, ("perf_event", *p.v2_controllers), v.visible_descendants, v.dying_descendants
        ),
        f"{d}/cgroup.subtree_control": _controllers(p) if has_children else b"",
        f"{d}/memory.current": f"{current}\n".encode(),
        f"{d}/memory.events": _events(t, p),
        f"{d}/memory.high": _max(lim.high_b),
        f"{d}/memory.low": f"{lim.low_b}\n".encode(),
        f"{d}/memory.max": _max(lim.max_b),
        f"{d}/memory.min": f"{lim.min_b}\n".encode(),
        f"{d}/memory.oom.group": b"1\n" if lim.oom_group else b"0\n",
        f"{d}/memory.stat": memory_stat(t, v.kmem, p),
    }
    if p.v2_events_local:
        f[f"{d}/memory.events.local"] = _events(m, p)
    if p.v2_numa_stat:
        f[f"{d}/memory.numa_stat"] = numa_stat(v.numa_total, p)
    if p.v2_peak:
        f[f"{d}/memory.peak"] = f"{current + lim.peak_extra_b}\n".encode()
    if p.psi:
        f[f"{d}/memory.pressure"] = pressure(lim)
    if p.swap_accounting:
        swap = t.swap_out * PAGE_SIZE
        f[f"{d}/memory.swap.current"] = f"{swap}\n".encode()
        f[f"{d}/memory.swap.max"] = _max(lim.swap_max_b)
        ev = f"max {t.swap_ev_max}\nfail {t.swap_ev_fail}\n"
        if p.v2_swap_events_high:
            ev = f"high {t.swap_ev_high}\n" + ev
        f[f"{d}/memory.swap.events"] = ev.encode()
        if p.v2_swap_high:
            f[f"{d}/memory.swap.high"] = b"max\n"
        if p.v2_swap_peak:
            f[f"{d}/memory.swap.peak"] = f"{swap + lim.swap_peak_extra_b}\n".encode()
    if p.config_zswap:
        f[f"{d}/memory.zswap.current"] = f"{t.zswap_b}\n".encode()
        f[f"{d}/memory.zswap.max"] = b"max\n"
        if p.v2_zswap_writeback:
            f[f"{d}/memory.zswap.writeback"] = b"1\n"
    return f


def render_v2(world: World, scope: str) -> dict[str, bytes]:
    files = root_files(world)
    if scope == "all":
        for v in world.tree.visible()[1:]:
            files.update(cgroup_files(world, v))
    return files
