"""cgroup v1 memory controller files (kernel.md §2), as mem_cgroup_legacy_files shows them.

memory.stat: memcg1_stat_format()/memcg_stat_show(): the local counters, the hierarchical limits,
then `total_` + every counter (L6.18 mm/memcontrol-v1.c:1824-1921; L5.4 mm/memcontrol.c:3895-4010).
Byte values are pages * 4096; the event counters (pgpgin.., workingset_refault_*) are counts.
The root's usage_in_bytes follows the kernel's rule for the profile (account.NodeAccounting).
"""

from __future__ import annotations

from fake_sysfs.account import CgroupValues, NodeAccounting
from fake_sysfs.model import NO_CHARGES, Cgroup, Limits, Memory, World, compile_expr
from fake_sysfs.profiles import PAGE_SIZE, V1_UNLIMITED, KernelProfile, plan_of
from fake_sysfs.render.v2 import cgroup_stat, pressure, root_procs

MEMORY_MOUNT = "/sys/fs/cgroup/memory"
UNIFIED_MOUNT = "/sys/fs/cgroup/unified"
# v1 hierarchies of the recorded hybrid machine (hugetlb is left to the unified hierarchy there)
V1_CONTROLLERS = ("cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids")
UNIFIED_CONTROLLERS = ("hugetlb",)


def _lim(v: int | None) -> int:
    return V1_UNLIMITED if v is None else v


def procs_bytes(c: Cgroup) -> bytes:
    return ("\n".join(map(str, c.procs)) + "\n").encode() if c.procs else b""


def stat_keys(p: KernelProfile) -> tuple[str, ...]:
    """The per-counter keys of v1 memory.stat, in the kernel's order (local and total_ alike)."""
    keys = ["cache", "rss"]
    if p.config_thp:
        keys.append("rss_huge")
    keys += ["shmem", "mapped_file", "dirty", "writeback"]
    if p.v1_stat_layout != "4.19":  # 6.1: workingset_refault_* after writeback
        keys += ["workingset_refault_anon", "workingset_refault_file"]
    if p.swap_accounting:
        keys.append("swap")
    if p.v1_stat_layout == "6.18":  # 6.18: swapcached after swap
        keys.append("swapcached")
    keys += ["pgpgin", "pgpgout", "pgfault", "pgmajfault"]
    keys += ["inactive_anon", "active_anon", "inactive_file", "active_file", "unevictable"]
    return tuple(keys)


# how each v1 counter is computed from (local or hierarchical) charges m; bytes or counts
_V1_EXPR = {
    "cache": "m.file_pages * 4096",
    "rss": "ANON * 4096",  # charged anon before 5.8, mapped anon after
    "rss_huge": "m.anon_thp * 4096",
    "shmem": "m.shmem * 4096",
    "mapped_file": "m.file_mapped * 4096",
    "dirty": "m.dirty * 4096",
    "writeback": "m.writeback * 4096",
    "workingset_refault_anon": "m.workingset_refault_anon",
    "workingset_refault_file": "m.workingset_refault_file",
    "swap": "max(m.swap_out - m.swapcache, 0) * 4096",  # entries out of memory (account.swapped_out)
    "swapcached": "m.swapcache * 4096",
    "pgpgin": "m.pgpgin",
    "pgpgout": "m.pgpgout",
    "pgfault": "m.pgfault",
    "pgmajfault": "m.pgmajfault",
    "inactive_anon": "m.lru_inactive_anon * 4096",
    "active_anon": "m.lru_active_anon * 4096",
    "inactive_file": "m.lru_inactive_file * 4096",
    "active_file": "m.lru_active_file * 4096",
    "unevictable": "m.lru_unevictable * 4096",
}


class _Plan:
    """Per-profile memory.stat template and value function (built once per profile)."""

    def __init__(self, p: KernelProfile) -> None:
        keys = stat_keys(p)
        self.keys = keys
        self.memsw_limit = p.swap_accounting or p.v1_memsw_limit_always
        head = "".join(f"{k} %d\n" for k in keys) + "hierarchical_memory_limit %d\n"
        if self.memsw_limit:
            head += "hierarchical_memsw_limit %d\n"
        self.template = (head + "".join(f"total_{k} %d\n" for k in keys)).encode()
        anon = "m.charged_anon" if p.anon_is_charged else "m.mapped_anon"
        body = ", ".join(compile_expr(_V1_EXPR[k].replace("ANON", anon)) for k in keys)
        self.values = eval(f"lambda m, charged: ({body},)")  # our own constant expressions
        self.charged = p.anon_is_charged


_PLANS: dict[KernelProfile, _Plan] = {}


def _plan(p: KernelProfile) -> _Plan:
    plan: _Plan = plan_of(p, "_v1_plan", _Plan, _PLANS)
    return plan


def stat_items(m: Memory, p: KernelProfile) -> list[tuple[str, int]]:
    """(key, value) of the per-counter part of memory.stat for charges m."""
    plan = _plan(p)
    return list(zip(plan.keys, plan.values(m, plan.charged), strict=True))


def memory_stat(
    local: Memory, total: Memory, limit_b: int | None, memsw_limit_b: int | None, p: KernelProfile
) -> bytes:
    plan = _plan(p)
    vals = plan.values(local, plan.charged)
    vals += (_lim(limit_b), _lim(memsw_limit_b)) if plan.memsw_limit else (_lim(limit_b),)
    return plan.template % (vals + plan.values(total, plan.charged))


_NUMA_TEMPLATES: dict[int, bytes] = {}


def numa_stat(local: tuple[Memory, ...], total: tuple[Memory, ...]) -> bytes:
    """memory.numa_stat, in pages (kernel.md §2.6): total, file, anon, unevictable per node,
    then the hierarchical_ block."""
    n = len(local)
    t = _NUMA_TEMPLATES.get(n)
    if t is None:
        nodes = " ".join(f"N{i}=%d" for i in range(n))
        t = _NUMA_TEMPLATES[n] = "".join(
            f"{prefix}{name}=%d {nodes}\n"
            for prefix in ("", "hierarchical_")
            for name in ("total", "file", "anon", "unevictable")
        ).encode()
    if n == 1:
        a, b = local[0], total[0]
        af = a.file_active + a.file_inactive + a.lazyfree
        aa = a.lru_inactive_anon + a.lru_active_anon
        au = a.lru_unevictable
        bf = b.file_active + b.file_inactive + b.lazyfree
        ba = b.lru_inactive_anon + b.lru_active_anon
        bu = b.lru_unevictable
        at, bt = af + aa + au, bf + ba + bu
        return t % (at, at, af, af, aa, aa, au, au, bt, bt, bf, bf, ba, ba, bu, bu)
    vals: list[int] = []
    for per_node in (local, total):
        rows = [
            (
                m.lru_inactive_file + m.lru_active_file,
                m.lru_inactive_anon + m.lru_active_anon,
                m.lru_unevictable,
            )
            for m in per_node
        ]
        file = [r[0] for r in rows]
        anon = [r[1] for r in rows]
        unev = [r[2] for r in rows]
        tot = [a + b + c for a, b, c in rows]
        for col in (tot, file, anon, unev):
            vals.append(sum(col))
            vals.extend(col)
    return t % tuple(vals)


def _dir_files(
    d: str,
    p: KernelProfile,
    lim: Limits,
    *,
    usage: int,
    max_usage: int,
    memsw: int,
    memsw_max: int,
    kmem: int,
    tcp: int,
    use_hierarchy: bool,
    oom_kill: int,
    stat: bytes,
    numa: bytes,
    procs: bytes,
) -> dict[str, bytes]:
    """The files of one memory cgroup directory; byte values already in bytes."""
    f = {
        d + "/cgroup.procs": procs,
        d + "/memory.failcnt": b"%d\n" % lim.failcnt,
        d + "/memory.kmem.failcnt": b"%d\n" % lim.kmem_failcnt,
        d + "/memory.kmem.max_usage_in_bytes": b"%d\n" % (kmem + lim.kmem_peak_extra_b),
        d + "/memory.kmem.tcp.failcnt": b"%d\n" % lim.tcp_failcnt,
        d + "/memory.kmem.tcp.limit_in_bytes": b"%d\n" % _lim(lim.tcp_limit_b),
        d + "/memory.kmem.tcp.max_usage_in_bytes": b"%d\n" % (tcp + lim.tcp_peak_extra_b),
        d + "/memory.kmem.tcp.usage_in_bytes": b"%d\n" % tcp,
        d + "/memory.kmem.usage_in_bytes": b"%d\n" % kmem,
        d + "/memory.limit_in_bytes": b"%d\n" % _lim(lim.max_b),
        d + "/memory.max_usage_in_bytes": b"%d\n" % max_usage,
        d + "/memory.move_charge_at_immigrate": b"0\n",
        d + "/memory.numa_stat": numa,
        d + "/memory.oom_control": b"oom_kill_disable %d\nunder_oom 0\noom_kill %d\n"
        % (lim.oom_kill_disable, oom_kill),
        d + "/memory.soft_limit_in_bytes": b"%d\n" % _lim(lim.soft_limit_b),
        d + "/memory.stat": stat,
        d + "/memory.swappiness": b"%d\n" % lim.swappiness,
        d + "/memory.usage_in_bytes": b"%d\n" % usage,
        d + "/memory.use_hierarchy": b"1\n" if use_hierarchy else b"0\n",
    }
    if p.v1_kmem_limit_file:
        f[d + "/memory.kmem.limit_in_bytes"] = b"%d\n" % _lim(lim.kmem_limit_b)
    if p.swap_accounting:  # memsw.* exist only with swap accounting (kernel.md §2.5)
        f[d + "/memory.memsw.failcnt"] = b"%d\n" % lim.memsw_failcnt
        f[d + "/memory.memsw.limit_in_bytes"] = b"%d\n" % _lim(lim.memsw_limit_b)
        f[d + "/memory.memsw.max_usage_in_bytes"] = b"%d\n" % memsw_max
        f[d + "/memory.memsw.usage_in_bytes"] = b"%d\n" % memsw
    return f


def root_files(world: World) -> dict[str, bytes]:
    """The root memory cgroup (what node-level readers use)."""
    p = world.profile
    a: NodeAccounting = world.accounting
    r = world.root
    lim = r.limits
    hier = p.v1_use_hierarchy or p.v1_use_hierarchy_forced
    counter = a.v1_root_counter * PAGE_SIZE
    return _dir_files(
        MEMORY_MOUNT,
        p,
        lim,
        usage=a.v1_root_usage * PAGE_SIZE,
        # the root page counter's watermark: its children's charges, not the root usage rule
        max_usage=counter + lim.peak_extra_b,
        memsw=a.v1_root_memsw * PAGE_SIZE,
        memsw_max=counter + a.root_swap_counter * PAGE_SIZE + lim.memsw_peak_extra_b,
        kmem=a.root_kmem_counter * PAGE_SIZE,
        tcp=a.root_tcp_counter * PAGE_SIZE,
        use_hierarchy=hier,
        oom_kill=r.memory.ev_oom_kill,
        stat=memory_stat(a.root_local_stat, a.stat_total, None, None, p),
        numa=numa_stat(_local_numa(world), tuple(a.numa_split())),
        procs=root_procs(world),
    )


def _local_numa(world: World) -> tuple[Memory, ...]:
    r = world.root
    nodes = [NO_CHARGES] * world.node.numa_nodes
    nodes[r.numa_node] = world.accounting.root_local_stat
    return tuple(nodes)


def cgroup_files(world: World, v: CgroupValues) -> dict[str, bytes]:
    """A non-root memory cgroup directory."""
    p = world.profile
    c = v.cgroup
    lim = c.limits
    hier = p.v1_use_hierarchy or p.v1_use_hierarchy_forced
    usage = v.usage * PAGE_SIZE
    if p.kmem_accounting:
        kmem = (v.kmem if hier else (c.memory.kmem if c.memory.has_kmem else 0)) * PAGE_SIZE
    else:
        kmem = 0
    tcp = (v.total.sock if hier else c.memory.sock) * PAGE_SIZE
    memsw = v.memsw * PAGE_SIZE
    return _dir_files(
        f"{MEMORY_MOUNT}/{v.path}",
        p,
        lim,
        usage=usage,
        max_usage=usage + lim.peak_extra_b,
        memsw=memsw,
        memsw_max=memsw + lim.memsw_peak_extra_b,
        kmem=kmem,
        tcp=tcp,
        use_hierarchy=hier,
        oom_kill=c.memory.ev_oom_kill,
        stat=memory_stat(v.local_stat, v.stat, v.hier_limit_b, v.hier_memsw_limit_b, p),
        numa=numa_stat(v.numa, v.numa_total),
        procs=procs_bytes(c),
    )


_OTHER_PROCS = (
    *(f"/sys/fs/cgroup/{c}/cgroup.procs" for c in V1_CONTROLLERS if c != "memory"),
    "/sys/fs/cgroup/systemd/cgroup.procs",
)


def other_roots(world: World, hybrid: bool) -> dict[str, bytes]:
    """The root cgroup.procs of every other v1 hierarchy, and the unified root on hybrid."""
    procs = root_procs(world)
    f = dict.fromkeys(_OTHER_PROCS, procs)
    if hybrid:
        p = world.profile
        u = UNIFIED_MOUNT
        f[f"{u}/cgroup.controllers"] = (" ".join(UNIFIED_CONTROLLERS) + "\n").encode()
        f[f"{u}/cgroup.procs"] = procs
        f[f"{u}/cgroup.stat"] = cgroup_stat(p, ("perf_event", *UNIFIED_CONTROLLERS), 0, 0)
        f[f"{u}/cgroup.subtree_control"] = b""
        if p.psi:
            f[f"{u}/memory.pressure"] = pressure(world.root.limits)
    return f


def unified_memory(world: World) -> dict[str, bytes]:
    """A hybrid node whose kernel has no v1 memory controller (CONFIG_MEMCG_V1=n): the memory
    controller stays bound to the unified hierarchy, every task is in its root, and the root
    shows the v2 root's memory files there (the v1 hierarchies have no memory at all)."""
    from fake_sysfs.render.v2 import root_files as v2_root

    p = world.profile
    u = UNIFIED_MOUNT
    f = {
        u + path[len("/sys/fs/cgroup") :]: data
        for path, data in v2_root(world).items()
        if path.rsplit("/", 1)[-1].startswith("memory.")
    }
    ctrl = ("memory", *UNIFIED_CONTROLLERS)
    f[f"{u}/cgroup.controllers"] = (" ".join(ctrl) + "\n").encode()
    f[f"{u}/cgroup.stat"] = cgroup_stat(p, ("perf_event", *ctrl), 0, 0)
    return f


def render_v1(world: World, hybrid: bool, scope: str) -> dict[str, bytes]:
    if not world.profile.memcg_v1:  # no v1 memory controller: no memory hierarchy
        files = other_roots(world, hybrid)
        if hybrid:
            files.update(unified_memory(world))
        return files
    files = root_files(world)
    files.update(other_roots(world, hybrid))
    if scope == "all":
        for v in world.tree.visible()[1:]:
            files.update(cgroup_files(world, v))
    return files
