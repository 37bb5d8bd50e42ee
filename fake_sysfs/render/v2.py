"""cgroup v2 (unified) memory files (kernel.md §3).

memory.stat keys and order per kernel: memory_stat_show() in 4.19 (L4.19:5541-5616),
memory_stat_format() in 5.4/5.8, the memory_stats[] table from 5.9 (L5.10:1494-1533,
L5.15:1398-1433, L6.1:1469-1511, L6.6:1497-1539, L6.18:1334-1387) followed by the event counters.
The 6.18 layout is checked against the recorded captures (tests/fake_sysfs/test_recorded_format.py);
the older ones are read from upstream source and patches, not from a recorded file.
"""

from __future__ import annotations

from fake_sysfs.account import CgroupValues, NodeAccounting
from fake_sysfs.model import Cgroup, Limits, Memory, World, compile_expr
from fake_sysfs.profiles import PAGE_SIZE, KernelProfile, plan_of

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

# 6.12, as recorded by the kernel lab: 6.18's list without the proactive-reclaim keys and
# pswpin/pswpout (which 6.18 added)
_NOT_IN_6_12 = ("pgdemote_proactive", "pswpin", "pswpout", "pgscan_proactive", "pgsteal_proactive")
_L6_12 = tuple(k for k in _L6_18 if k not in _NOT_IN_6_12)

# 7.2, as recorded by the kernel lab (Debian sid 7.2.13): zswap_incomp after zswapped, and the
# reclaim events reordered (steal before scan, each with khugepaged and proactive). Where
# `hugetlb` goes (with memory_hugetlb_accounting) is inferred: after slab, as in 6.18.
_L7_2 = (
    *_STATE_6_1[: _STATE_6_1.index("zswapped") + 1], "zswap_incomp",
    *_STATE_6_1[_STATE_6_1.index("zswapped") + 1 :], "hugetlb", *_WS7,
    "pgdemote_kswapd", "pgdemote_direct", "pgdemote_khugepaged", "pgdemote_proactive",
    "pgsteal_kswapd", "pgsteal_direct", "pgsteal_khugepaged", "pgsteal_proactive",
    "pgscan_kswapd", "pgscan_direct", "pgscan_khugepaged", "pgscan_proactive", "pgrefill",
    "pgpromote_success", "pgscan", "pgsteal", "pswpin", "pswpout", "pgfault", "pgmajfault",
    "pgactivate", "pgdeactivate", "pglazyfree", "pglazyfreed", "swpin_zero", "swpout_zero",
    "zswpin", "zswpout", "zswpwb", *_THP_EV, "thp_swpout", "thp_swpout_fallback",
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
    "6.12": _L6_12,
    "6.18": _L6_18,
    "7.2": _L7_2,
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
_ZSWAP_KEYS = frozenset({"zswap", "zswapped", "zswap_incomp", "zswpin", "zswpout", "zswpwb"})


def stat_keys(p: KernelProfile) -> tuple[str, ...]:
    """memory.stat keys of this kernel, in order."""
    keys = STAT_LAYOUTS[p.v2_stat_layout]
    drop: set[str] = set()
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


# how each key is computed from hierarchical charges m (bytes, or counts for events);
# `anon` is charged anon before 5.8 and mapped anon after (set per profile), `kmem` is
# MEMCG_KMEM in pages
_EXPR = {
    "anon": "m.mapped_anon * 4096",
    "file": "m.file_pages * 4096",
    "kernel": "kmem * 4096",
    "kernel_stack": "m.kernel_stack_kb * 1024",
    "pagetables": "m.pagetables * 4096",
    "sec_pagetables": "m.sec_pagetables * 4096",
    "percpu": "m.percpu_b",
    "sock": "m.sock * 4096",
    "vmalloc": "m.vmalloc * 4096",
    "shmem": "m.shmem * 4096",
    "zswap": "m.zswap_b",
    "zswapped": "m.zswapped * 4096",
    "file_mapped": "m.file_mapped * 4096",
    "file_dirty": "m.dirty * 4096",
    "file_writeback": "m.writeback * 4096",
    "swapcached": "m.swapcache * 4096",
    "anon_thp": "m.anon_thp * 4096",
    "file_thp": "m.file_thp * 4096",
    "shmem_thp": "m.shmem_thp * 4096",
    "inactive_anon": "m.lru_inactive_anon * 4096",
    "active_anon": "m.lru_active_anon * 4096",
    "inactive_file": "m.lru_inactive_file * 4096",
    "active_file": "m.lru_active_file * 4096",
    "unevictable": "m.lru_unevictable * 4096",
    "slab_reclaimable": "m.slab_reclaimable_b",
    "slab_unreclaimable": "m.slab_unreclaimable_b",
    "slab": "m.slab_reclaimable_b + m.slab_unreclaimable_b",
    "hugetlb": "m.hugetlb * 4096",
    "workingset_refault": "m.workingset_refault_anon + m.workingset_refault_file",
    "workingset_activate": "m.workingset_activate_anon + m.workingset_activate_file",
    "workingset_restore": "m.workingset_restore_anon + m.workingset_restore_file",
    "pgscan": "m.pgscan_kswapd + m.pgscan_direct",
    "pgsteal": "m.pgsteal_kswapd + m.pgsteal_direct",
    # not modelled (no demotion tiers, proactive reclaim, NUMA balancing or zero-page swap)
    "pgdemote_kswapd": "0",
    "pgdemote_direct": "0",
    "pgdemote_khugepaged": "0",
    "pgdemote_proactive": "0",
    "pgpromote_success": "0",
    "pgscan_proactive": "0",
    "pgsteal_proactive": "0",
    "swpin_zero": "0",
    "swpout_zero": "0",
    "zswpwb": "0",
    "zswap_incomp": "0",  # incompressible pages stored in zswap (7.x)
    "thp_swpout": "0",
    "thp_swpout_fallback": "0",
    "numa_pages_migrated": "0",
    "numa_pte_updates": "0",
    "numa_hint_faults": "0",
}
UNMODELLED = frozenset(k for k, v in _EXPR.items() if v == "0")
# plain event counters: the Memory field of the same name
for _k in (
    *_WS7, "pgfault", "pgmajfault", "pgrefill", "pgactivate", "pgdeactivate", "pglazyfree",
    "pglazyfreed", "pswpin", "pswpout", "pgscan_kswapd", "pgscan_direct", "pgscan_khugepaged",
    "pgsteal_kswapd", "pgsteal_direct", "pgsteal_khugepaged", "zswpin", "zswpout", *_THP_EV,
):  # fmt: skip
    _EXPR.setdefault(_k, f"m.{_k}")


class _Plan:
    """Per-profile templates and value functions for memory.stat and memory.numa_stat."""

    def __init__(self, p: KernelProfile) -> None:
        self.keys = stat_keys(p)
        self.numa_keys = numa_keys(p)
        self.charged = p.anon_is_charged
        exprs = dict(_EXPR)
        if "pgscan_khugepaged" in self.keys:  # 6.6: the sums include khugepaged
            exprs["pgscan"] += " + m.pgscan_khugepaged"
            exprs["pgsteal"] += " + m.pgsteal_khugepaged"
        self.template = "".join(f"{k} %d\n" for k in self.keys).encode()
        # our own constant expressions, compiled once per profile (fields as tuple indexing)
        exprs["anon"] = "m.charged_anon * 4096" if self.charged else "m.mapped_anon * 4096"
        body = ", ".join(compile_expr(exprs[k]) for k in self.keys)
        self.values = eval(f"lambda m, kmem: ({body},)")
        numa_body = ", ".join(compile_expr(exprs[k]) for k in self.numa_keys)
        self.numa_values = eval(f"lambda m, kmem: ({numa_body},)")
        self.numa_templates: dict[int, bytes] = {}

    def numa_template(self, n: int) -> bytes:
        t = self.numa_templates.get(n)
        if t is None:
            nodes = " ".join(f"N{i}=%d" for i in range(n))
            t = self.numa_templates[n] = "".join(f"{k} {nodes}\n" for k in self.numa_keys).encode()
        return t


_PLANS: dict[KernelProfile, _Plan] = {}


def _plan(p: KernelProfile) -> _Plan:
    plan: _Plan = plan_of(p, "_v2_plan", _Plan, _PLANS)
    return plan


def stat_values(m: Memory, kmem: int, p: KernelProfile) -> dict[str, int]:
    """memory.stat as a dict, for hierarchical charges m."""
    plan = _plan(p)
    return dict(zip(plan.keys, plan.values(m, kmem), strict=True))


def memory_stat(m: Memory, kmem: int, p: KernelProfile) -> bytes:
    plan = _plan(p)
    return plan.template % plan.values(m, kmem)


def numa_stat(per_node: list[Memory] | tuple[Memory, ...], p: KernelProfile) -> bytes:
    plan = _plan(p)
    f = plan.numa_values
    rows = [f(m, 0) for m in per_node]
    if len(rows) == 1:
        return plan.numa_template(1) % rows[0]
    return plan.numa_template(len(rows)) % tuple(v for col in zip(*rows, strict=True) for v in col)


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
    s = b"low %d\nhigh %d\nmax %d\noom %d\noom_kill %d\n" % (
        m.ev_low,
        m.ev_high,
        m.ev_max,
        m.ev_oom,
        m.ev_oom_kill,
    )
    if p.v2_oom_group_kill:
        s += b"oom_group_kill %d\n" % m.ev_oom_group_kill
    if p.v2_events_sock_throttled:
        s += b"sock_throttled 0\n"  # not modelled
    return s


def _max(v: int | None) -> bytes:
    return b"max\n" if v is None else b"%d\n" % v


def _procs(c: Cgroup) -> bytes:
    return ("\n".join(map(str, c.procs)) + "\n").encode() if c.procs else b""


def _controllers(p: KernelProfile) -> bytes:
    got: bytes | None = p.__dict__.get("_controllers_line")
    if got is None:
        got = p.__dict__["_controllers_line"] = (" ".join(p.v2_controllers) + "\n").encode()
    return got


_ROOT_PROCS: dict[tuple[int, ...], bytes] = {}


def root_procs(world: World) -> bytes:
    """The root's cgroup.procs (every hierarchy's root shows it). Generated roots hold pids
    1..k, so the few distinct lists are formatted once per process."""
    procs = world.root.procs
    got = _ROOT_PROCS.get(procs)
    if got is None:
        if len(_ROOT_PROCS) >= 4096:
            _ROOT_PROCS.clear()
        got = _ROOT_PROCS[procs] = _procs(world.root)
    return got


def root_files(world: World) -> dict[str, bytes]:
    """The root of the unified hierarchy: no memory.current/max/peak/events/swap.* (NOT_ON_ROOT);
    memory.stat only from 5.8, memory.numa_stat from 5.10 (kernel.md §3.1)."""
    p = world.profile
    a: NodeAccounting = world.accounting
    r = world.root
    d = CGROUP_MOUNT
    vis, dying = a.visible_descendants, a.dying_descendants
    f = {
        f"{d}/cgroup.controllers": _controllers(p),
        f"{d}/cgroup.procs": root_procs(world),
        f"{d}/cgroup.stat": cgroup_stat(p, ("perf_event", *p.v2_controllers), vis, dying),
        f"{d}/cgroup.subtree_control": _controllers(p)
        if any(not c.dying for c in r.children)
        else b"",
    }
    if p.v2_root_stat:
        f[f"{d}/memory.stat"] = memory_stat(a.stat_total, a.kmem_total, p)
    if p.v2_numa_stat:
        f[f"{d}/memory.numa_stat"] = numa_stat(a.numa_split(), p)
    if p.psi:
        f[f"{d}/memory.pressure"] = pressure(r.limits)
    if p.config_zswap and p.v2_zswap_writeback:
        f[f"{d}/memory.zswap.writeback"] = b"1\n"
    return f


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
        f"{d}/memory.stat": memory_stat(v.stat, v.kmem, p),
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
