"""The ground truth: one machine's memory at one instant (kernel.md §5.1).

Everything here is an independent quantity; everything a kernel file shows is derived from it by
fake_sysfs.account and rendered by fake_sysfs.render. Values are frozen. Units are pages (4 KiB)
unless the name says otherwise: `_b` bytes, `_kb` KiB, `_us` microseconds.

Small builders compose a world (STYLE.md §3): `node(...)`, `cgroup(name, *children, ...)`,
`world(profile, mode, node, root)`. The repr of every value is a call that rebuilds it:
`eval(repr(w), vars(fake_sysfs)) == w`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from fake_sysfs.profiles import CGROUP_MODES, CgroupMode, KernelProfile, get_profile

if TYPE_CHECKING:
    from collections.abc import Callable

    from fake_sysfs.account import NodeAccounting, TreeAccounting

_T = TypeVar("_T")


class _cached(Generic[_T]):
    """functools.cached_property without the lock Python 3.11 takes on every first access (a
    World is built and read by one thread; the simulator builds one per state)."""

    def __init__(self, fn: Callable[[Any], _T]) -> None:
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    def __get__(self, obj: Any, owner: Any = None) -> _T:
        if obj is None:
            return self  # type: ignore[return-value]
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


def mib(n: float) -> int:
    """Pages in n MiB."""
    return int(n * 256)


def gib(n: float) -> int:
    """Pages in n GiB."""
    return int(n * 262144)


class Memory(NamedTuple):
    """What is charged to one cgroup itself (its local share; children are added by the tree).

    Subsets, as the kernel keeps them: anon_thp within the mapped anon; buffers, file_thp within
    file_active + file_inactive; shmem_thp within shmem; file_mapped, dirty and writeback within
    the file and shmem pages; swapcache_mapped within anon_active + anon_inactive (a mapped page
    that is also in the swap cache); swapcache_* and zswapped within swap_out (each swap-cache
    page holds a swap entry).
    """

    # anonymous memory
    anon_active: int = 0  # mapped anon, swap-backed, on the active anon LRU
    anon_inactive: int = 0  # ... on the inactive anon LRU
    anon_unmapped: int = 0  # charged, on the LRU, not mapped (partially unmapped THPs)
    # ... the same on the active anon LRU: the multi-gen LRU keeps a partly unmapped huge page
    # in the young generation it was faulted into (kernel lab, thp workload on 6.12)
    anon_unmapped_active: int = 0
    lazyfree: int = 0  # MADV_FREE: mapped anon on the inactive *file* LRU
    mlocked_anon: int = 0  # mapped anon on the unevictable LRU
    anon_thp: int = 0  # mapped anon in PMD-mapped THPs (multiple of 512)
    # shmem / tmpfs (page cache on the anon LRU)
    shmem_active: int = 0
    shmem_inactive: int = 0
    shmem_thp: int = 0
    # page cache, excluding shmem
    file_active: int = 0
    file_inactive: int = 0
    file_thp: int = 0
    buffers: int = 0  # block-device page cache (meminfo Buffers)
    mlocked_file: int = 0  # file pages on the unevictable LRU (mlocked)
    unevictable_file: int = 0  # file pages on the unevictable LRU, not mlocked (ramfs, SHM_LOCK)
    file_mapped: int = 0
    dirty: int = 0
    writeback: int = 0
    # swap
    swapcache_mapped: int = 0
    swapcache_unmapped: int = 0  # charged to memory, not mapped, on the inactive anon LRU
    swap_out: int = 0  # swap entries charged (memsw / memory.swap.current)
    zswap_b: int = 0  # compressed bytes in zswap
    zswapped: int = 0  # pages stored in zswap
    # kernel memory charged to the cgroup (never to the root)
    slab_reclaimable_b: int = 0
    slab_unreclaimable_b: int = 0
    kernel_stack_kb: int = 0  # multiple of 16 (THREAD_SIZE)
    pagetables: int = 0
    sec_pagetables: int = 0
    percpu_b: int = 0
    vmalloc: int = 0
    other_kmem: int = 0  # pipes, io_uring, bpf maps, ...: no meminfo line
    sock: int = 0  # socket buffers: v2 memory.current; v1 kmem.tcp only
    hugetlb: int = 0  # hugetlb pages charged (v2 memory_hugetlb_accounting), in 4 KiB pages
    stock: int = 0  # per-CPU charge stock: charged to the page counters, in no statistic
    # event counters (local; files show them summed over the subtree)
    pgfault: int = 0
    pgmajfault: int = 0
    pgpgin: int = 0
    pgpgout: int = 0
    pgrefill: int = 0
    pgscan_kswapd: int = 0
    pgscan_direct: int = 0
    pgscan_khugepaged: int = 0
    pgsteal_kswapd: int = 0
    pgsteal_direct: int = 0
    pgsteal_khugepaged: int = 0
    pgactivate: int = 0
    pgdeactivate: int = 0
    pglazyfree: int = 0
    pglazyfreed: int = 0
    pswpin: int = 0
    pswpout: int = 0
    zswpin: int = 0
    zswpout: int = 0
    thp_fault_alloc: int = 0
    thp_collapse_alloc: int = 0
    workingset_refault_anon: int = 0
    workingset_refault_file: int = 0
    workingset_activate_anon: int = 0
    workingset_activate_file: int = 0
    workingset_restore_anon: int = 0
    workingset_restore_file: int = 0
    workingset_nodereclaim: int = 0
    # memory.events / memory.swap.events
    ev_low: int = 0
    ev_high: int = 0
    ev_max: int = 0
    ev_oom: int = 0
    ev_oom_kill: int = 0
    ev_oom_group_kill: int = 0
    swap_ev_high: int = 0
    swap_ev_max: int = 0
    swap_ev_fail: int = 0

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in zip(self._fields, self, strict=True) if v)
        return f"Memory({args})"

    # ---- derived, in pages (these are linear in the fields, so they hold for sums too)
    @property
    def mapped_anon(self) -> int:
        """NR_ANON_MAPPED: meminfo AnonPages, 5.8+ memcg anon/rss."""
        return self.anon_active + self.anon_inactive + self.mlocked_anon + self.lazyfree

    @property
    def charged_anon(self) -> int:
        """MEMCG_RSS (<=5.7): every charged anon page, incl. unmapped ones and swap cache."""
        return (
            self.mapped_anon
            + self.anon_unmapped
            + self.anon_unmapped_active
            + self.swapcache_unmapped
        )

    @property
    def shmem(self) -> int:
        return self.shmem_active + self.shmem_inactive

    @property
    def file_pages(self) -> int:
        """memcg NR_FILE_PAGES (and MEMCG_CACHE): page cache incl. shmem, excl. swap cache."""
        return (
            self.file_active
            + self.file_inactive
            + self.shmem_active
            + self.shmem_inactive
            + self.mlocked_file
            + self.unevictable_file
        )

    @property
    def swapcache(self) -> int:
        return self.swapcache_mapped + self.swapcache_unmapped

    @property
    def lru_inactive_anon(self) -> int:
        return (
            self.anon_inactive + self.anon_unmapped + self.shmem_inactive + self.swapcache_unmapped
        )

    @property
    def lru_active_anon(self) -> int:
        return self.anon_active + self.anon_unmapped_active + self.shmem_active

    @property
    def lru_inactive_file(self) -> int:
        return self.file_inactive + self.lazyfree

    @property
    def lru_active_file(self) -> int:
        return self.file_active

    @property
    def lru_unevictable(self) -> int:
        return self.mlocked_anon + self.mlocked_file + self.unevictable_file

    @property
    def mlocked(self) -> int:
        return self.mlocked_anon + self.mlocked_file

    @property
    def kmem(self) -> int:
        """MEMCG_KMEM in pages: every kernel page charged (byte-sized objects round up)."""
        return (
            -(-(self.slab_reclaimable_b + self.slab_unreclaimable_b) // 4096)
            - (-self.percpu_b // 4096)
            - (-self.zswap_b // 4096)
            + self.kernel_stack_kb // 4
            + self.pagetables
            + self.sec_pagetables
            + self.vmalloc
            + self.other_kmem
        )

    @property
    def has_kmem(self) -> bool:
        return bool(
            self.slab_reclaimable_b
            or self.slab_unreclaimable_b
            or self.kernel_stack_kb
            or self.pagetables
            or self.sec_pagetables
            or self.percpu_b
            or self.vmalloc
            or self.other_kmem
            or self.zswap_b
        )


MEMORY_FIELDS: tuple[str, ...] = Memory._fields

# The derived quantities above as sums of fields, for code that compiles expressions over a
# Memory (the renderers' per-profile plans: a property call costs more than the sum it does).
DERIVED: dict[str, tuple[str, ...]] = {
    "mapped_anon": ("anon_active", "anon_inactive", "mlocked_anon", "lazyfree"),
    "charged_anon": (
        "anon_active",
        "anon_inactive",
        "mlocked_anon",
        "lazyfree",
        "anon_unmapped",
        "anon_unmapped_active",
        "swapcache_unmapped",
    ),
    "shmem": ("shmem_active", "shmem_inactive"),
    "file_pages": (
        "file_active",
        "file_inactive",
        "shmem_active",
        "shmem_inactive",
        "mlocked_file",
        "unevictable_file",
    ),
    "swapcache": ("swapcache_mapped", "swapcache_unmapped"),
    "lru_inactive_anon": ("anon_inactive", "anon_unmapped", "shmem_inactive", "swapcache_unmapped"),
    "lru_active_anon": ("anon_active", "anon_unmapped_active", "shmem_active"),
    "lru_inactive_file": ("file_inactive", "lazyfree"),
    "lru_active_file": ("file_active",),
    "lru_unevictable": ("mlocked_anon", "mlocked_file", "unevictable_file"),
    "mlocked": ("mlocked_anon", "mlocked_file"),
}
_FIELD_INDEX = {f: i for i, f in enumerate(Memory._fields)}
_ATTR = re.compile(r"\bm\.([a-z_0-9]+)")


def compile_expr(expr: str) -> str:
    """A Python expression over a Memory `m` with its attributes turned into tuple indexing:
    m.file_active -> m[12], m.file_pages -> (m[12] + m[13] + ...)."""

    def sub(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in _FIELD_INDEX:
            return f"m[{_FIELD_INDEX[name]}]"
        if name in DERIVED:
            return "(" + " + ".join(f"m[{_FIELD_INDEX[f]}]" for f in DERIVED[name]) + ")"
        raise ValueError(f"m.{name}: not a Memory field or a derived sum")

    return _ATTR.sub(sub, expr)


EVENT_FIELDS: tuple[str, ...] = MEMORY_FIELDS[MEMORY_FIELDS.index("pgfault") :]


class Node(NamedTuple):
    """Node-level memory that no cgroup owns (pages unless noted), and the machine's shape."""

    mem_total: int
    nr_cpus: int = 2
    numa_nodes: int = 1
    slab_reclaimable: int = 0  # slab no memcg is charged for (root tasks, kthreads, caches)
    slab_unreclaimable: int = 0
    kernel_stack_kb: int = 0  # kthreads and root-cgroup tasks, multiple of 16
    pagetables: int = 0
    sec_pagetables: int = 0
    percpu: int = 0  # populated percpu chunks not charged to a memcg
    vmalloc: int = 0  # modules, bpf, ... (kernel stacks are added when VMAP_STACK)
    misc_reclaimable: int = 0  # NR_KERNEL_MISC_RECLAIMABLE
    zswap_pool: int = 0  # compressed pool, pages
    pcp_free: int = 0  # per-CPU free lists: "used" by meminfo, no counter
    untracked: int = 0  # driver pages, page_pool, GPU: no counter at all
    balloon: int = 0
    unaccepted: int = 0
    file_uncharged: int = 0  # page cache with no memcg (on the inactive file LRU)
    hugepages_total: int = 0  # in huge pages of hugepage_kb
    hugepages_free: int = 0
    hugepages_rsvd: int = 0
    hugepages_surp: int = 0
    hugepage_kb: int = 2048
    swap_total: int = 0
    swap_other: int = 0  # swap entries in use that no memcg is charged for
    committed_as: int = 0
    wmark_low: int = 0  # sum of the zones' low watermarks
    totalreserve: int = 0  # totalreserve_pages
    hardware_corrupted_kb: int = 0
    # swap on zram: the zsmalloc pages holding the compressed swapped-out pages. The driver
    # allocates them charged to no memcg and no meminfo line counts them (there is no Zram line;
    # Zswap is zswap's own pool): they are in MemTotal - MemFree only. The zram device itself is
    # the swap device, so SwapTotal/SwapFree are its disksize and free slots.
    zram_pool: int = 0
    # vmstat drift (kernel.md §5.4 #16): per-CPU deltas not yet folded into the global counters
    # that /proc/meminfo (and the v1 root usage on 6.5+) read. Signed pages, |d| bounded by
    # DRIFT_PER_CPU x nr_cpus x numa_nodes x 3 zones; shown values are clamped at 0 as the
    # kernel does. The ground truth (accounting.truth()) is the undrifted value.
    drift_free: int = 0  # NR_FREE_PAGES (a zone counter): MemFree
    drift_file: int = 0  # NR_FILE_PAGES: Cached (and Buffers + Cached + SwapCached)
    drift_anon: int = 0  # NR_ANON_MAPPED: AnonPages
    drift_active_anon: int = 0
    drift_inactive_anon: int = 0
    drift_active_file: int = 0
    drift_inactive_file: int = 0

    def __repr__(self) -> str:
        defaults = Node._field_defaults
        args = ", ".join(
            f"{k}={v!r}"
            for k, v in zip(self._fields, self, strict=True)
            if k == "mem_total" or v != defaults.get(k)
        )
        return f"Node({args})"


class Limits(NamedTuple):
    """Per-cgroup settings and counters that are not summed over a subtree. None = unlimited."""

    max_b: int | None = None  # v1 limit_in_bytes, v2 memory.max
    high_b: int | None = None
    low_b: int = 0
    min_b: int = 0
    soft_limit_b: int | None = None
    swap_max_b: int | None = None  # v2 memory.swap.max
    memsw_limit_b: int | None = None  # v1; must be >= max_b
    kmem_limit_b: int | None = None
    tcp_limit_b: int | None = None
    # high-water marks above the current value
    peak_extra_b: int = 0  # v1 max_usage_in_bytes, v2 memory.peak
    memsw_peak_extra_b: int = 0
    kmem_peak_extra_b: int = 0
    tcp_peak_extra_b: int = 0
    swap_peak_extra_b: int = 0
    failcnt: int = 0
    memsw_failcnt: int = 0
    kmem_failcnt: int = 0
    tcp_failcnt: int = 0
    swappiness: int = 60
    oom_group: bool = False
    oom_kill_disable: bool = False
    psi_some_us: int = 0
    psi_full_us: int = 0

    def __repr__(self) -> str:
        d = Limits._field_defaults
        args = ", ".join(f"{k}={v!r}" for k, v in zip(self._fields, self, strict=True) if v != d[k])
        return f"Limits({args})"


NO_LIMITS = Limits()
NO_CHARGES = Memory()
DRIFT_FIELDS: tuple[str, ...] = tuple(f for f in Node._fields if f.startswith("drift_"))
DRIFT_PER_CPU = 125  # the largest vmstat threshold per CPU (mm/vmstat.c calculate_*_threshold)
# what a stale statistic may hold (Cgroup.stale): the page and event counters of memory.stat
# and numa_stat. Kernel memory, socket, hugetlb and the stock are page-counter charges here.
# the kernel memory a cgroup is charged for (Memory fields)
KMEM_FIELDS: tuple[str, ...] = (
    "slab_reclaimable_b",
    "slab_unreclaimable_b",
    "kernel_stack_kb",
    "pagetables",
    "sec_pagetables",
    "percpu_b",
    "vmalloc",
    "other_kmem",
    "zswap_b",
)
STALE_FORBIDDEN: tuple[str, ...] = (*KMEM_FIELDS, "sock", "hugetlb", "stock")


class Cgroup(NamedTuple):
    """One memory cgroup: its own charges, settings, processes and children.

    A dying cgroup has been removed (rmdir) but still holds charges: it is in its parent's
    totals and cgroup.stat nr_dying_descendants, and has no directory (nor have its children).

    `stale` (kernel.md §3.4, §5.4 #5): what this cgroup's statistics have not caught up with
    yet, as signed per-field deltas. memory.stat, memory.numa_stat and the memcg-based v1 root
    usage show memory + stale (summed over the subtree like the charges); the page counters
    (usage_in_bytes, memory.current, memsw, kmem) and /proc/meminfo show the truth. Right after
    a large file is deleted, stale.file_inactive > 0: the pages are uncharged, the statistic
    still counts them. memory + stale stays >= 0 field by field (the kernel clamps at 0).
    """

    name: str
    memory: Memory = NO_CHARGES
    limits: Limits = NO_LIMITS
    children: tuple[Cgroup, ...] = ()
    dying: bool = False
    procs: tuple[int, ...] = ()
    numa_node: int = 0
    stale: Memory = NO_CHARGES

    def __repr__(self) -> str:
        parts = [repr(self.name)]
        parts += [repr(c) for c in self.children]
        if self.memory != NO_CHARGES:
            parts.append(f"memory={self.memory!r}")
        if self.limits != NO_LIMITS:
            parts.append(f"limits={self.limits!r}")
        if self.dying:
            parts.append("dying=True")
        if self.procs:
            parts.append(f"procs={self.procs!r}")
        if self.numa_node:
            parts.append(f"numa_node={self.numa_node!r}")
        if self.stale != NO_CHARGES:
            parts.append(f"stale={self.stale!r}")
        return f"cgroup({', '.join(parts)})"

    def walk(self, prefix: str = "") -> Iterator[tuple[str, Cgroup]]:
        """(relative path, cgroup) for this cgroup and every descendant, dying ones included,
        parents first. The root's path is ""."""
        yield prefix, self
        for c in self.children:
            yield from c.walk(f"{prefix}/{c.name}" if prefix else c.name)

    def find(self, path: str) -> Cgroup:
        found = self
        for part in filter(None, path.split("/")):
            for c in found.children:
                if c.name == part:
                    found = c
                    break
            else:
                raise KeyError(f"no cgroup {path!r}")
        return found


def cgroup(
    name: str,
    *children: Cgroup,
    memory: Memory | None = None,
    limits: Limits | None = None,
    dying: bool = False,
    procs: tuple[int, ...] = (),
    numa_node: int = 0,
    stale: Memory | None = None,
    **charges: int,
) -> Cgroup:
    """Build a cgroup: `cgroup("kubepods", cgroup("besteffort"), anon_active=mib(10))`.

    Keyword charges are Memory fields (pages unless the name says otherwise).
    """
    mem = memory if memory is not None else Memory()
    if charges:
        mem = mem._replace(**charges)
    return Cgroup(
        name=name,
        memory=mem,
        limits=limits if limits is not None else NO_LIMITS,
        children=tuple(children),
        dying=dying,
        procs=tuple(procs),
        numa_node=numa_node,
        stale=NO_CHARGES if stale is None or stale == NO_CHARGES else stale,
    )


def node(mem_total: int, **quantities: int) -> Node:
    """Build the node-level ground truth; mem_total in pages (see `gib`)."""
    return Node(mem_total=mem_total, **quantities)


@dataclass(frozen=True)
class World:
    """One machine at one instant: a kernel profile, a cgroup mode, node memory and the tree.

    `mode` is the machine's own cgroup layout; renderers can show the same world in another
    view (that is the point: one ground truth, v1 and v2 files).
    """

    profile: KernelProfile
    mode: CgroupMode
    node: Node
    root: Cgroup
    seed: int | None = None
    hostname: str = "node"

    def __repr__(self) -> str:
        parts = [repr(self.profile), repr(self.mode), repr(self.node), repr(self.root)]
        if self.seed is not None:
            parts.append(f"seed={self.seed!r}")
        if self.hostname != "node":
            parts.append(f"hostname={self.hostname!r}")
        return f"world({', '.join(parts)})"

    @_cached
    def accounting(self) -> NodeAccounting:
        """Node-level derived values: /proc/meminfo, the root's totals and v1 root usage."""
        from fake_sysfs.account import NodeAccounting

        return NodeAccounting(self)

    @_cached
    def tree(self) -> TreeAccounting:
        """Per-cgroup derived values (usage, current, hierarchical statistics)."""
        from fake_sysfs.account import TreeAccounting

        return TreeAccounting(self)

    @property
    def uname(self) -> str:
        return f"Linux {self.hostname} {self.profile.release} #1 SMP x86_64 GNU/Linux"

    def validate(self) -> None:
        """Raise ValueError listing every violated constraint of the ground truth."""
        from fake_sysfs.account import problems

        found = problems(self)
        if found:
            raise ValueError("invalid world:\n  " + "\n  ".join(found))


def world(
    profile: KernelProfile | str,
    mode: CgroupMode,
    node: Node,
    root: Cgroup,
    *,
    seed: int | None = None,
    hostname: str = "node",
    validate: bool = True,
) -> World:
    """Build (and by default validate) a world. `profile` may be a name such as "6.1"."""
    if mode not in CGROUP_MODES:
        raise ValueError(f"unknown cgroup mode {mode!r} (known: {', '.join(CGROUP_MODES)})")
    w = World(get_profile(profile), mode, node, root, seed=seed, hostname=hostname)
    if validate:
        w.validate()
    return w
