"""Derived values: what the kernel would compute from the ground truth (kernel.md §5.2).

NodeAccounting covers what node-level readers see (/proc/meminfo, the root cgroup); it costs one
pass over the cgroups and is what the simulator's hot path renders. TreeAccounting adds every
cgroup's hierarchical values for full renders. Both are cached on the World.

All quantities here are pages unless the name says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from fake_sysfs.model import (
    DRIFT_PER_CPU,
    KMEM_FIELDS,
    MEMORY_FIELDS,
    NO_CHARGES,
    STALE_FORBIDDEN,
    Cgroup,
    Memory,
)
from fake_sysfs.profiles import HPAGE_PMD_NR, PAGE_SIZE, THREAD_SIZE_KB

if TYPE_CHECKING:
    from fake_sysfs.model import Node, World

_ZERO = NO_CHARGES


def _sum(mems: list[Memory]) -> Memory:
    if len(mems) <= 1:
        return mems[0] if mems else _ZERO
    return Memory._make(map(sum, zip(*mems, strict=True)))


def _available(free: int, pagecache: int, reclaimable: int, n: Node) -> int:
    avail = (
        free
        - n.totalreserve
        + pagecache
        - min(pagecache // 2, n.wmark_low)
        + reclaimable
        - min(reclaimable // 2, n.wmark_low)
    )
    return max(avail, 0)


def add(a: Memory, b: Memory) -> Memory:
    """Field-wise a + b."""
    return Memory._make(map(int.__add__, a, b))


def _ceil_pages(b: int) -> int:
    return -(-b // PAGE_SIZE)


def _all_cgroups(root: Cgroup) -> list[Cgroup]:
    """Every cgroup, root first, dying ones included."""
    out = [root]
    stack = list(root.children)
    while stack:
        c = stack.pop()
        out.append(c)
        if c.children:
            stack.extend(c.children)
    return out


def _walk(root: Cgroup) -> tuple[list[Cgroup], int, int]:
    """Every cgroup (root first, dying ones included), and the root's (visible, dying)
    descendant counts: under a dying cgroup everything is dying."""
    out = [root]
    visible = dying = 0
    stack = list(root.children)
    while stack:
        c = stack.pop()
        if c.dying:
            sub = _all_cgroups(c)
            out += sub
            dying += len(sub)
        else:
            out.append(c)
            visible += 1
            if c.children:
                stack.extend(c.children)
    return out, visible, dying


_SLAB_R = MEMORY_FIELDS.index("slab_reclaimable_b")
_SLAB_U = MEMORY_FIELDS.index("slab_unreclaimable_b")
_PERCPU = MEMORY_FIELDS.index("percpu_b")
_ZSWAP = MEMORY_FIELDS.index("zswap_b")


def usage_local(m: Memory, kmem: int) -> int:
    """What one cgroup charges to its v1 memory page counter (and its ancestors'): every page,
    incl. kernel memory and the per-CPU stock, but not socket memory (kernel.md §2.1)."""
    return m.charged_anon + m.file_pages + kmem + m.stock


def current_local(m: Memory, kmem: int, hugetlb_accounting: bool) -> int:
    """What one cgroup charges to its v2 memory page counter (kernel.md §3.3)."""
    return (
        m.charged_anon
        + m.file_pages
        + kmem
        + m.sock
        + m.stock
        + (m.hugetlb if hugetlb_accounting else 0)
    )


def swapped_out(m: Memory) -> int:
    """What cgroup v1 counts as swap (its `swap` key, memsw minus usage): the swap entries whose
    page is no longer in memory. A swap-cache page holds an entry but is charged as memory, so
    v1 counts it once: mem_cgroup_swapout() moves the charge to the swap entry (MEMCG_SWAP) only
    when the page is taken out of the swap cache (L6.12 mm/memcontrol.c:4999-5049); v2 charges
    every entry as it is allocated (__mem_cgroup_try_charge_swap(), L6.12 :5060-5099). Measured
    by the kernel lab (6.1, swap workload, loaded): ctr1 memsw - usage 110 MiB, memory.swap.current
    172 MiB, swap cache 62 MiB."""
    return max(m.swap_out - m.swapcache_mapped - m.swapcache_unmapped, 0)  # stale stats: >= 0


class NodeAccounting:
    """Node-wide values: /proc/meminfo and the root cgroup's hierarchical totals."""

    def __init__(self, world: World) -> None:
        p = world.profile
        n = world.node
        cgs, visible, dying = _walk(world.root)
        self.visible_descendants = visible
        self.dying_descendants = dying
        # slices and pod cgroups usually charge nothing themselves: skip the shared zero
        mems = [c.memory for c in cgs if c.memory is not NO_CHARGES]
        t = _sum(mems)
        self.total = t  # Σ over every cgroup (root-local, dying included)
        self.root_local = world.root.memory
        # what the statistics show (kernel.md §3.4): the truth plus what they lag behind
        stales = [c.stale for c in cgs if c.stale is not NO_CHARGES]
        if stales:
            self.stat_total = add(t, _sum(stales))
            self.root_local_stat = add(world.root.memory, world.root.stale)
        else:
            self.stat_total = t
            self.root_local_stat = world.root.memory
        self.has_stale = bool(stales)
        # MEMCG_KMEM does not add up page-exactly from the byte counters: each cgroup rounds up
        self.kmem_total = (
            sum(
                [
                    -(-(m[_SLAB_R] + m[_SLAB_U]) // 4096)
                    - (-m[_PERCPU] // 4096)
                    - (-m[_ZSWAP] // 4096)
                    for m in mems
                ]
            )
            + t.kernel_stack_kb // 4
            + t.pagetables
            + t.sec_pagetables
            + t.vmalloc
            + t.other_kmem
        )
        self.numa_nodes = n.numa_nodes
        self._cgroups = cgs
        self._numa: list[Memory] | None = None

        # ---- /proc/meminfo (kernel.md §1.1, §5.2), pages unless noted
        self.swap_cached = swapcache = t.swapcache
        self.file_pages = t.file_pages + swapcache + n.file_uncharged  # node NR_FILE_PAGES
        self.buffers = t.buffers
        self.anon_pages = t.mapped_anon
        self.active_anon = t.lru_active_anon
        self.inactive_anon = t.lru_inactive_anon
        self.active_file = t.file_active
        self.inactive_file = t.file_inactive + t.lazyfree + n.file_uncharged
        self.unevictable = t.lru_unevictable
        self.mlocked = t.mlocked_anon + t.mlocked_file
        self.dirty = t.dirty
        self.writeback = t.writeback
        self.mapped = t.file_mapped
        self.shmem = t.shmem_active + t.shmem_inactive
        self.sreclaimable = n.slab_reclaimable + _ceil_pages(t.slab_reclaimable_b)
        self.sunreclaim = n.slab_unreclaimable + _ceil_pages(t.slab_unreclaimable_b)
        self.kreclaimable = self.sreclaimable + n.misc_reclaimable
        self.kernel_stack_kb = n.kernel_stack_kb + t.kernel_stack_kb
        self.pagetables = n.pagetables + t.pagetables
        self.sec_pagetables = n.sec_pagetables + t.sec_pagetables
        self.percpu = n.percpu + _ceil_pages(t.percpu_b)
        vmalloc = n.vmalloc + t.vmalloc  # excluding vmap'd kernel stacks
        if p.meminfo_vmalloc_used:
            self.vmalloc_used = vmalloc + (self.kernel_stack_kb // 4 if p.config_vmap_stack else 0)
        else:
            self.vmalloc_used = 0  # 4.19 prints 0 (kernel.md §1.1)
        self.zswap_kb = n.zswap_pool * 4
        self.zswapped = t.zswapped
        self.anon_thp = t.anon_thp
        self.shmem_thp = t.shmem_thp
        self.file_thp = t.file_thp
        self.hugetlb_pages = n.hugepages_total * (n.hugepage_kb // 4)
        used = (
            self.file_pages
            + self.anon_pages
            + t.anon_unmapped
            + t.anon_unmapped_active
            + self.sreclaimable
            + self.sunreclaim
            + n.misc_reclaimable
            + self.kernel_stack_kb // 4
            + self.pagetables
            + self.sec_pagetables
            + self.percpu
            + vmalloc
            + t.other_kmem
            + t.sock
            + self.hugetlb_pages
            + n.zswap_pool
            + n.zram_pool
            + n.pcp_free
            + n.untracked
            + n.balloon
            + n.unaccepted
        )
        self.mem_total = n.mem_total
        self.mem_free = self.true_mem_free = n.mem_total - used
        self.true_inactive_file = self.inactive_file
        self.has_drift = bool(
            n.drift_free
            or n.drift_file
            or n.drift_anon
            or n.drift_active_anon
            or n.drift_inactive_anon
            or n.drift_active_file
            or n.drift_inactive_file
        )
        if self.has_drift:  # what meminfo shows: the global counters, clamped at 0
            self.mem_free = max(self.mem_free + n.drift_free, 0)
            self.file_pages = max(self.file_pages + n.drift_file, 0)
            self.anon_pages = max(self.anon_pages + n.drift_anon, 0)
            self.active_anon = max(self.active_anon + n.drift_active_anon, 0)
            self.inactive_anon = max(self.inactive_anon + n.drift_inactive_anon, 0)
            self.active_file = max(self.active_file + n.drift_active_file, 0)
            self.inactive_file = max(self.inactive_file + n.drift_inactive_file, 0)
        self.cached = max(self.file_pages - self.swap_cached - self.buffers, 0)
        # si_mem_available() (kernel.md §1.1), from what the counters show
        self.mem_available = _available(
            self.mem_free, self.active_file + self.inactive_file, self.kreclaimable, n
        )
        if self.has_drift:
            self.true_mem_available = _available(
                self.true_mem_free,
                t.lru_active_file + self.true_inactive_file,
                self.kreclaimable,
                n,
            )
        else:
            self.true_mem_available = self.mem_available
        self.swap_total = n.swap_total
        self.swap_used = t.swap_out + n.swap_other
        self.swap_free = n.swap_total - self.swap_used
        self.commit_limit = (n.mem_total - self.hugetlb_pages) * 50 // 100 + n.swap_total
        self.committed_as = n.committed_as

        # ---- v1 root (kernel.md §2.1): usage_in_bytes by the kernel's rule
        rule = p.root_usage_rule
        st = self.stat_total  # the memcg rules read the memcg statistics
        # memsw adds the v1 MEMCG_SWAP statistic: swap entries whose page has left memory (a
        # page in the swap cache is counted once, as memory: swapped_out below)
        if rule in ("tree_local", "hier_charged"):
            usage = st.file_pages + st.charged_anon
            memsw = usage + swapped_out(st)
        elif rule == "memcg_file_anon":
            usage = st.file_pages + st.mapped_anon
            memsw = usage + swapped_out(st)
        else:  # "node": global counters, f82a7a86dbfb
            usage = self.file_pages + self.anon_pages
            memsw = usage + self.swap_used
        self.v1_root_usage = usage
        self.v1_root_memsw = memsw
        r = self.root_local
        # the root page counter holds only its children's charges, when they are parented to it
        if p.v1_use_hierarchy or p.v1_use_hierarchy_forced:
            self.v1_root_counter = usage_local(t, self.kmem_total) - usage_local(r, 0)
            self.root_kmem_counter = self.kmem_total if p.kmem_accounting else 0
            self.root_tcp_counter = t.sock - r.sock
            self.root_swap_counter = swapped_out(t) - swapped_out(r)
        else:
            self.v1_root_counter = self.root_kmem_counter = 0
            self.root_tcp_counter = self.root_swap_counter = 0

    # ---- what sim checks against
    @property
    def used_b(self) -> int:
        """MemTotal - MemFree, bytes (the ground truth, without vmstat drift)."""
        return (self.mem_total - self.true_mem_free) * PAGE_SIZE

    @property
    def root_anon_b(self) -> int:
        """Root memory.stat anon on 5.8+ (mapped anon), bytes."""
        return self.total.mapped_anon * PAGE_SIZE

    @property
    def root_file_b(self) -> int:
        """Root memory.stat file (memcg page cache, excl. swap cache), bytes."""
        return self.total.file_pages * PAGE_SIZE

    @property
    def root_inactive_file_b(self) -> int:
        """Root inactive_file / total_inactive_file (memcg LRU), bytes."""
        return self.total.lru_inactive_file * PAGE_SIZE

    def truth(self) -> dict[str, int]:
        """The ground-truth scalars a pipeline's output is checked against, in bytes.

        Node values are the truth, without vmstat drift; root_* are the true memcg totals and
        stat_root_* what the root's memory.stat shows (they differ only with stale statistics);
        v1_root_usage_b is what the v1 root's usage_in_bytes shows by the kernel's rule.
        """
        st = self.stat_total
        return {
            "mem_total_b": self.mem_total * PAGE_SIZE,
            "mem_free_b": self.true_mem_free * PAGE_SIZE,
            "mem_used_b": self.used_b,
            "mem_available_b": self.true_mem_available * PAGE_SIZE,
            "inactive_file_node_b": self.true_inactive_file * PAGE_SIZE,
            "root_anon_b": self.root_anon_b,
            "root_charged_anon_b": self.total.charged_anon * PAGE_SIZE,
            "root_file_b": self.root_file_b,
            "root_inactive_file_b": self.root_inactive_file_b,
            "root_kernel_b": self.kmem_total * PAGE_SIZE,
            "stat_root_anon_b": st.mapped_anon * PAGE_SIZE,
            "stat_root_file_b": st.file_pages * PAGE_SIZE,
            "stat_root_inactive_file_b": st.lru_inactive_file * PAGE_SIZE,
            "v1_root_usage_b": self.v1_root_usage * PAGE_SIZE,
            "v1_root_memsw_b": self.v1_root_memsw * PAGE_SIZE,
            "swap_total_b": self.swap_total * PAGE_SIZE,
            "swap_used_b": self.swap_used * PAGE_SIZE,
        }

    def numa_split(self) -> list[Memory]:
        """Σ over every cgroup of what the statistics show, per NUMA node (a cgroup's charges
        sit on its numa_node)."""
        if self._numa is None:
            if self.numa_nodes == 1:
                self._numa = [self.stat_total]
            else:
                # nodes 1.. summed; node 0 is what the total leaves (one sum fewer)
                groups: list[list[Memory]] = [[] for _ in range(self.numa_nodes)]
                for c in self._cgroups:
                    if c.numa_node:
                        g = groups[c.numa_node]
                        if c.memory is not NO_CHARGES:
                            g.append(c.memory)
                        if c.stale is not NO_CHARGES:
                            g.append(c.stale)
                rest = [_sum(g) if g else _ZERO for g in groups[1:]]
                node0 = self.stat_total
                for m in rest:
                    node0 = Memory._make(map(int.__sub__, node0, m))
                self._numa = [node0, *rest]
        return self._numa


@dataclass(frozen=True)
class CgroupValues:
    """Hierarchical values of one cgroup (its subtree, dying descendants included)."""

    path: str
    cgroup: Cgroup
    total: Memory  # Σ over the subtree
    stat: Memory  # what memory.stat shows: Σ over the subtree of memory + stale (= total if fresh)
    local_stat: Memory  # the cgroup's own memory + stale (v1 memory.stat's local keys)
    kmem: int  # Σ MEMCG_KMEM over the subtree, pages
    usage: int  # v1 usage_in_bytes / page counter, pages (non-root)
    current: int  # v2 memory.current, pages (non-root)
    memsw: int  # v1 memsw.usage_in_bytes, pages
    numa: tuple[Memory, ...]  # local statistics per NUMA node
    numa_total: tuple[Memory, ...]  # subtree statistics per NUMA node
    hier_limit_b: int | None  # min(limit) over self and ancestors
    hier_memsw_limit_b: int | None
    visible_descendants: int
    dying_descendants: int


class TreeAccounting:
    """Per-cgroup hierarchical values for every cgroup, keyed by relative path ("" = root)."""

    def __init__(self, world: World) -> None:
        p = world.profile
        self.world = world
        self.values: dict[str, CgroupValues] = {}
        nn = world.node.numa_nodes
        hier = p.v1_use_hierarchy or p.v1_use_hierarchy_forced
        hugetlb_acc = p.memory_hugetlb_accounting

        def visit(
            c: Cgroup, path: str, lim: int | None, mlim: int | None
        ) -> tuple[Memory, int, int, int, list[Memory], int, int, Memory]:
            m = c.memory
            ms = m if c.stale is NO_CHARGES else add(m, c.stale)
            kmem = m.kmem if m.has_kmem else 0
            lim = _min_limit(lim, c.limits.max_b)
            mlim = _min_limit(mlim, c.limits.memsw_limit_b)
            totals = [m]
            stats = [ms]
            kmem_t = kmem
            usage = usage_local(m, kmem)
            current = current_local(m, kmem, hugetlb_acc)
            local_numa = [_ZERO] * nn
            local_numa[c.numa_node] = ms
            numa_parts: list[list[Memory]] = [[x] for x in local_numa]
            vis = dying = 0
            for ch in c.children:
                cpath = f"{path}/{ch.name}" if path else ch.name
                ct, ck, cu, cc, cn, cv, cd, cs = visit(ch, cpath, lim, mlim)
                totals.append(ct)
                stats.append(cs)
                kmem_t += ck
                current += cc
                usage += cu
                for i in range(nn):
                    numa_parts[i].append(cn[i])
                if ch.dying:
                    dying += 1 + cv + cd
                else:
                    vis += 1 + cv
                    dying += cd
            total = _sum(totals)
            stat = total if stats == totals else _sum(stats)
            numa_total = [_sum(x) for x in numa_parts]
            own_usage = usage if hier else usage_local(m, kmem)
            self.values[path] = CgroupValues(
                path=path,
                cgroup=c,
                total=total,
                stat=stat,
                local_stat=ms,
                kmem=kmem_t,
                usage=own_usage,
                current=current,
                memsw=own_usage + swapped_out(total if hier else m),
                numa=tuple(local_numa),
                numa_total=tuple(numa_total),
                hier_limit_b=lim,
                hier_memsw_limit_b=mlim,
                visible_descendants=vis,
                dying_descendants=dying,
            )
            return total, kmem_t, usage, current, numa_total, vis, dying, stat

        visit(world.root, "", None, None)

    def __getitem__(self, path: str) -> CgroupValues:
        return self.values[path.strip("/")]

    def visible(self) -> list[CgroupValues]:
        """Every cgroup with a directory (not dying, no dying ancestor), parents first."""
        out: list[CgroupValues] = []

        def walk(c: Cgroup, path: str) -> None:
            out.append(self.values[path])
            for ch in c.children:
                if not ch.dying:
                    walk(ch, f"{path}/{ch.name}" if path else ch.name)

        walk(self.world.root, "")
        return out


def _min_limit(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def problems(world: World) -> list[str]:
    """Every constraint of the ground truth that `world` breaks (empty when valid)."""
    p, n = world.profile, world.node
    out: list[str] = []
    drift_bound = DRIFT_PER_CPU * max(n.nr_cpus, 1) * max(n.numa_nodes, 1) * 3
    for k, v in zip(n._fields, n, strict=True):
        if k.startswith("drift_"):
            if not isinstance(v, int) or abs(v) > drift_bound:
                out.append(
                    f"node.{k} = {v!r}: vmstat drift is an int within ±{drift_bound} pages "
                    f"({DRIFT_PER_CPU} per CPU per zone)"
                )
        elif not isinstance(v, int) or v < 0:
            out.append(f"node.{k} = {v!r}: must be a non-negative int")
    if n.mem_total <= 0:
        out.append("node.mem_total must be positive")
    if n.nr_cpus < 1 or n.numa_nodes < 1:
        out.append("node.nr_cpus and node.numa_nodes must be >= 1")
    if n.kernel_stack_kb % THREAD_SIZE_KB:
        out.append(
            f"node.kernel_stack_kb = {n.kernel_stack_kb}: not a multiple of {THREAD_SIZE_KB}"
        )
    if not (n.hugepages_rsvd <= n.hugepages_free <= n.hugepages_total):
        out.append("node: need hugepages_rsvd <= hugepages_free <= hugepages_total")
    if n.hugepages_surp > n.hugepages_total:
        out.append("node: hugepages_surp > hugepages_total")
    if n.hugepage_kb % 4:
        out.append("node.hugepage_kb must be a multiple of 4")
    if not p.config_zswap and n.zswap_pool:
        out.append(f"node.zswap_pool set but profile {p.name} has no zswap")
    if n.zram_pool and not n.swap_total:
        out.append("node.zram_pool set but the node has no swap (zram is its swap device)")
    if not p.meminfo_sec_pagetables and n.sec_pagetables:
        out.append(f"node.sec_pagetables set but profile {p.name} has no SecPageTables")

    if world.root.dying:
        out.append("the root cgroup cannot be dying")
    r = world.root.memory
    for k in (*KMEM_FIELDS, "sock", "stock", "hugetlb"):
        if getattr(r, k):
            out.append(f"root.{k} = {getattr(r, k)}: the root cgroup is never charged for it")

    stock_total = 0
    hugetlb_charged = 0
    zswap_b = 0
    swap_out = 0
    dead: set[str] = set()
    for path, c in world.root.walk():
        where = f"cgroup {path or '/'!r}"
        parent = path.rsplit("/", 1)[0] if "/" in path else ""
        if c.dying or (path and parent in dead):
            dead.add(path)
        if path and (not c.name or "/" in c.name or c.name in (".", "..")):
            out.append(f"{where}: bad name {c.name!r}")
        names = [ch.name for ch in c.children]
        if len(set(names)) != len(names):
            out.append(f"{where}: duplicate child names")
        if path in dead and c.procs:
            out.append(f"{where}: a dying cgroup (or one under it) has no processes")
        if not 0 <= c.numa_node < n.numa_nodes:
            out.append(f"{where}: numa_node {c.numa_node} outside 0..{n.numa_nodes - 1}")
        m = c.memory
        for k, v in zip(MEMORY_FIELDS, m, strict=True):
            if not isinstance(v, int) or v < 0:
                out.append(f"{where}: {k} = {v!r}: must be a non-negative int")
        if c.stale != NO_CHARGES:
            for k, v, own in zip(MEMORY_FIELDS, c.stale, m, strict=True):
                if not isinstance(v, int):
                    out.append(f"{where}: stale.{k} = {v!r}: must be an int")
                elif v and k in STALE_FORBIDDEN:
                    out.append(f"{where}: stale.{k}: a page-counter charge, never stale")
                elif own + v < 0:
                    out.append(f"{where}: stale.{k} = {v} takes the statistic below 0")
        mapped_evictable = m.anon_active + m.anon_inactive
        checks = [
            (m.anon_thp <= mapped_evictable + m.mlocked_anon, "anon_thp > mapped anon"),
            (m.anon_thp % HPAGE_PMD_NR == 0, "anon_thp not a multiple of 512"),
            (m.shmem_thp <= m.shmem and m.shmem_thp % HPAGE_PMD_NR == 0, "bad shmem_thp"),
            (
                m.file_thp <= m.file_active + m.file_inactive and m.file_thp % HPAGE_PMD_NR == 0,
                "bad file_thp",
            ),
            (m.buffers <= m.file_active + m.file_inactive, "buffers > file LRU pages"),
            (m.file_mapped <= m.file_pages, "file_mapped > file pages"),
            (m.dirty + m.writeback <= m.file_pages, "dirty + writeback > file pages"),
            (m.swapcache_mapped <= mapped_evictable, "swapcache_mapped > mapped evictable anon"),
            (m.swapcache <= m.swap_out, "swap cache pages > swap entries (swap_out)"),
            (m.zswapped <= m.swap_out, "zswapped > swap_out"),
            (m.kernel_stack_kb % THREAD_SIZE_KB == 0, "kernel_stack_kb not a multiple of 16"),
        ]
        if not p.slab_in_bytes:
            checks.append(
                (
                    m.slab_reclaimable_b % PAGE_SIZE == 0
                    and m.slab_unreclaimable_b % PAGE_SIZE == 0,
                    f"slab must be whole pages before 5.9 (profile {p.name})",
                )
            )
        if not p.config_zswap:
            checks.append((not (m.zswap_b or m.zswapped), f"zswap on profile {p.name}"))
        if not p.meminfo_sec_pagetables:
            checks.append((not m.sec_pagetables, f"sec_pagetables on profile {p.name}"))
        if not p.kmem_accounting:
            checks.append((not m.has_kmem, "kernel memory charged with kmem accounting off"))
        for ok, msg in checks:
            if not ok:
                out.append(f"{where}: {msg}")
        lim = c.limits
        if (
            lim.max_b is not None
            and lim.memsw_limit_b is not None
            and lim.memsw_limit_b < lim.max_b
        ):
            out.append(f"{where}: memsw limit below memory limit (the kernel refuses it)")
        for k in ("max_b", "high_b", "soft_limit_b", "swap_max_b", "memsw_limit_b"):
            v = getattr(lim, k)
            if v is not None and (v < 0 or v % PAGE_SIZE):
                out.append(f"{where}: limits.{k} = {v}: must be a non-negative multiple of 4096")
        stock_total += m.stock
        hugetlb_charged += m.hugetlb
        zswap_b += m.zswap_b
        swap_out += m.swap_out

    if stock_total > p.memcg_charge_batch * n.nr_cpus:
        out.append(
            f"per-CPU stock {stock_total} > MEMCG_CHARGE_BATCH {p.memcg_charge_batch} x {n.nr_cpus} CPUs"
        )
    if hugetlb_charged > (n.hugepages_total - n.hugepages_free) * (n.hugepage_kb // 4):
        out.append("hugetlb charged to cgroups exceeds the used hugetlb pool")
    if zswap_b > n.zswap_pool * PAGE_SIZE:
        out.append("zswap charged to cgroups exceeds node.zswap_pool")
    if swap_out + n.swap_other > n.swap_total:
        out.append(f"swap in use {swap_out + n.swap_other} > swap_total {n.swap_total}")
    if not out:
        acc = world.accounting
        if acc.true_mem_free < 0:
            out.append(
                f"MemFree would be {acc.true_mem_free} pages: mem_total too small for the rest"
            )
    return out
