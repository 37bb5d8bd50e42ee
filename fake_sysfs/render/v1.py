"""cgroup v1 memory controller files (kernel.md §2), as mem_cgroup_legacy_files shows them.

memory.stat: memcg1_stat_format()/memcg_stat_show(): the local counters, the hierarchical limits,
then `total_` + every counter (L6.18 mm/memcontrol-v1.c:1824-1921; L5.4 mm/memcontrol.c:3895-4010).
Byte values are pages * 4096; the event counters (pgpgin.., workingset_refault_*) are counts.
The root's usage_in_bytes follows the kernel's rule for the profile (account.NodeAccounting).
"""

from __future__ import annotations

from fake_sysfs.account import CgroupValues, NodeAccounting
from fake_sysfs.model import Cgroup, Limits, Memory, World
from fake_sysfs.profiles import PAGE_SIZE, V1_UNLIMITED, KernelProfile

MEMORY_MOUNT = "/sys/fs/cgroup/memory"
UNIFIED_MOUNT = "/sys/fs/cgroup/unified"
# v1 hierarchies of the recorded hybrid machine (hugetlb is left to the unified hierarchy there)
V1_CONTROLLERS = ("cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids")
UNIFIED_CONTROLLERS = ("hugetlb",)


def _lim(v: int | None) -> int:
    return V1_UNLIMITED if v is None else v


def procs_bytes(c: Cgroup) -> bytes:
    return "".join(f"{pid}\n" for pid in c.procs).encode()


def stat_items(m: Memory, p: KernelProfile) -> list[tuple[str, int]]:
    """The per-counter part of memory.stat, for local counters (m = the cgroup's own) or
    hierarchical ones (m = Σ over the subtree), in the kernel's order."""
    rss = m.charged_anon if p.anon_is_charged else m.mapped_anon
    items = [("cache", m.file_pages * PAGE_SIZE), ("rss", rss * PAGE_SIZE)]
    if p.config_thp:
        items.append(("rss_huge", m.anon_thp * PAGE_SIZE))
    items += [
        ("shmem", m.shmem * PAGE_SIZE),
        ("mapped_file", m.file_mapped * PAGE_SIZE),
        ("dirty", m.dirty * PAGE_SIZE),
        ("writeback", m.writeback * PAGE_SIZE),
    ]
    if p.v1_stat_layout != "4.19":  # 6.1: workingset_refault_* after writeback
        items += [
            ("workingset_refault_anon", m.workingset_refault_anon),
            ("workingset_refault_file", m.workingset_refault_file),
        ]
    if p.swap_accounting:
        items.append(("swap", m.swap_out * PAGE_SIZE))
    if p.v1_stat_layout == "6.18":  # 6.18: swapcached after swap
        items.append(("swapcached", m.swapcache * PAGE_SIZE))
    items += [
        ("pgpgin", m.pgpgin),
        ("pgpgout", m.pgpgout),
        ("pgfault", m.pgfault),
        ("pgmajfault", m.pgmajfault),
        ("inactive_anon", m.lru_inactive_anon * PAGE_SIZE),
        ("active_anon", m.lru_active_anon * PAGE_SIZE),
        ("inactive_file", m.lru_inactive_file * PAGE_SIZE),
        ("active_file", m.lru_active_file * PAGE_SIZE),
        ("unevictable", m.lru_unevictable * PAGE_SIZE),
    ]
    return items


def memory_stat(
    local: Memory, total: Memory, limit_b: int | None, memsw_limit_b: int | None, p: KernelProfile
) -> bytes:
    lines = [f"{k} {v}\n" for k, v in stat_items(local, p)]
    lines.append(f"hierarchical_memory_limit {_lim(limit_b)}\n")
    if p.swap_accounting or p.v1_memsw_limit_always:
        lines.append(f"hierarchical_memsw_limit {_lim(memsw_limit_b)}\n")
    lines += [f"total_{k} {v}\n" for k, v in stat_items(total, p)]
    return "".join(lines).encode()


def numa_stat(local: tuple[Memory, ...], total: tuple[Memory, ...]) -> bytes:
    """memory.numa_stat, in pages (kernel.md §2.6)."""
    lines = []
    for prefix, per_node in (("", local), ("hierarchical_", total)):
        for name, get in _NUMA_ITEMS:
            vals = [get(m) for m in per_node]
            nodes = " ".join(f"N{i}={v}" for i, v in enumerate(vals))
            lines.append(f"{prefix}{name}={sum(vals)} {nodes}\n")
    return "".join(lines).encode()


_NUMA_ITEMS = (
    (
        "total",
        lambda m: (
            m.lru_inactive_anon
            + m.lru_active_anon
            + m.lru_inactive_file
            + m.lru_active_file
            + m.lru_unevictable
        ),
    ),
    ("file", lambda m: m.lru_inactive_file + m.lru_active_file),
    ("anon", lambda m: m.lru_inactive_anon + m.lru_active_anon),
    ("unevictable", lambda m: m.lru_unevictable),
)


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
        f"{d}/cgroup.procs": procs,
        f"{d}/memory.failcnt": f"{lim.failcnt}\n".encode(),
        f"{d}/memory.kmem.failcnt": f"{lim.kmem_failcnt}\n".encode(),
        f"{d}/memory.kmem.max_usage_in_bytes": f"{kmem + lim.kmem_peak_extra_b}\n".encode(),
        f"{d}/memory.kmem.tcp.failcnt": f"{lim.tcp_failcnt}\n".encode(),
        f"{d}/memory.kmem.tcp.limit_in_bytes": f"{_lim(lim.tcp_limit_b)}\n".encode(),
        f"{d}/memory.kmem.tcp.max_usage_in_bytes": f"{tcp + lim.tcp_peak_extra_b}\n".encode(),
        f"{d}/memory.kmem.tcp.usage_in_bytes": f"{tcp}\n".encode(),
        f"{d}/memory.kmem.usage_in_bytes": f"{kmem}\n".encode(),
        f"{d}/memory.limit_in_bytes": f"{_lim(lim.max_b)}\n".encode(),
        f"{d}/memory.max_usage_in_bytes": f"{max_usage}\n".encode(),
        f"{d}/memory.move_charge_at_immigrate": b"0\n",
        f"{d}/memory.numa_stat": numa,
        f"{d}/memory.oom_control": (
            f"oom_kill_disable {int(lim.oom_kill_disable)}\nunder_oom 0\noom_kill {oom_kill}\n"
        ).encode(),
        f"{d}/memory.soft_limit_in_bytes": f"{_lim(lim.soft_limit_b)}\n".encode(),
        f"{d}/memory.stat": stat,
        f"{d}/memory.swappiness": f"{lim.swappiness}\n".encode(),
        f"{d}/memory.usage_in_bytes": f"{usage}\n".encode(),
        f"{d}/memory.use_hierarchy": b"1\n" if use_hierarchy else b"0\n",
    }
    if p.v1_kmem_limit_file:
        f[f"{d}/memory.kmem.limit_in_bytes"] = f"{_lim(lim.kmem_limit_b)}\n".encode()
    if p.swap_accounting:  # memsw.* exist only with swap accounting (kernel.md §2.5)
        f[f"{d}/memory.memsw.failcnt"] = f"{lim.memsw_failcnt}\n".encode()
        f[f"{d}/memory.memsw.limit_in_bytes"] = f"{_lim(lim.memsw_limit_b)}\n".encode()
        f[f"{d}/memory.memsw.max_usage_in_bytes"] = f"{memsw_max}\n".encode()
        f[f"{d}/memory.memsw.usage_in_bytes"] = f"{memsw}\n".encode()
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
        stat=memory_stat(r.memory, a.total, None, None, p),
        numa=numa_stat(_local_numa(world), tuple(a.numa_split())),
        procs=procs_bytes(r),
    )


def _local_numa(world: World) -> tuple[Memory, ...]:
    r = world.root
    nodes = [Memory()] * world.node.numa_nodes
    nodes[r.numa_node] = r.memory
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
        stat=memory_stat(c.memory, v.total, v.hier_limit_b, v.hier_memsw_limit_b, p),
        numa=numa_stat(v.numa, v.numa_total),
        procs=procs_bytes(c),
    )


def other_roots(world: World, hybrid: bool) -> dict[str, bytes]:
    """The root cgroup.procs of every other v1 hierarchy, and the unified root on hybrid."""
    procs = procs_bytes(world.root)
    f = {f"/sys/fs/cgroup/{c}/cgroup.procs": procs for c in V1_CONTROLLERS if c != "memory"}
    f["/sys/fs/cgroup/systemd/cgroup.procs"] = procs
    if hybrid:
        from fake_sysfs.render.v2 import cgroup_stat, pressure

        p = world.profile
        u = UNIFIED_MOUNT
        f[f"{u}/cgroup.controllers"] = (" ".join(UNIFIED_CONTROLLERS) + "\n").encode()
        f[f"{u}/cgroup.procs"] = procs
        f[f"{u}/cgroup.stat"] = cgroup_stat(p, ("perf_event", *UNIFIED_CONTROLLERS), 0, 0)
        f[f"{u}/cgroup.subtree_control"] = b""
        if p.psi:
            f[f"{u}/memory.pressure"] = pressure(world.root.limits)
    return f


def render_v1(world: World, hybrid: bool, scope: str) -> dict[str, bytes]:
    files = root_files(world)
    files.update(other_roots(world, hybrid))
    if scope == "all":
        for v in world.tree.visible()[1:]:
            files.update(cgroup_files(world, v))
    return files
