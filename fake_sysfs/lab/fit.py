"""The model against real kernels: reconstruct the ground truth of a lab capture, render it,
and compare what fake_sysfs writes with what the kernel wrote.

    f = fit(tree, profile)              # a World whose charges come from the capture's stats
    rows = compare(tree, render(f.world, mode, scope="all"))
    check(tree, profile)                # both, plus the tolerance verdict per row

How the ground truth is reconstructed (what is taken from the capture, what is left to the
model to predict):

- Each cgroup's own charges come from its memory.stat: v1 prints the local counters (cache,
  rss, the LRU lists, ...); v2 prints hierarchical ones, so a cgroup's own share is its value
  minus its children's. The LRU lists split the anon side: shmem goes on the inactive anon
  list first, mapped anon fills the rest, and what is on the anon LRU but neither shmem nor
  mapped is charged-but-unmapped anon (partly unmapped huge pages; unmapped swap cache).
  Pages a stat counts but no LRU list holds (the kernel's per-CPU LRU batches) become
  unevictable pages, so that `file`/`anon` stay exact. v2 gives the kernel-memory parts;
  v1 only the kmem page counter (as other_kmem). Swap: v2 memory.swap.current, v1 the
  swap key plus the cgroup's swap cache. What the root holds beyond its visible children is
  its own share (baseline .. exited) or the dying cgroups' (removed: cgroup.stat
  nr_dying_descendants, or v1 root totals above local + children).
- The node comes from /proc/meminfo and /proc/zoneinfo: slab, stacks, page tables, percpu,
  vmalloc beyond the cgroups' shares; page cache without a memcg (Cached+Buffers+SwapCached
  minus the memcg file pages); the hugetlb pool; swap; the watermarks and reserve that
  MemAvailable uses and the per-CPU free lists (zoneinfo). What is still unexplained is
  `untracked`, so MemFree matches by construction.

Then everything a reader derives is the model's prediction and is compared: the page
counters (v1 usage_in_bytes, v2 memory.current; the difference is the per-CPU charge stock,
which the fit does not set), the v1 root usage rule, memsw, the hierarchical sums, every
meminfo line (Cached, the LRU totals, AnonPages, MemAvailable, CommitLimit, ...), the file
set and the key order of each file. TOLERANCES says how far each class may be off.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from fake_sysfs.model import (
    KMEM_FIELDS,
    NO_CHARGES,
    Cgroup,
    Limits,
    Memory,
    Node,
    World,
)
from fake_sysfs.profiles import PAGE_SIZE, KernelProfile
from fake_sysfs.render import render
from fake_sysfs.render.v2 import UNMODELLED as UNMODELLED_V2
from fake_sysfs.tree import Tree

KiB = 1024
MiB = 1 << 20

# How far the model's derived value may be from the kernel's, by class (bytes), and why.
TOLERANCES: dict[str, tuple[int, str]] = {
    "fitted": (0, "taken from the capture and summed back: must be exact"),
    "counter": (
        1 * MiB,
        "page counter vs the statistics: the per-CPU charge stock (MEMCG_CHARGE_BATCH pages) "
        "and byte-charged kernel objects not yet rounded to pages",
    ),
    "root-usage": (
        256 * KiB,
        "v1 root usage_in_bytes by the profile's rule vs the kernel's: statistics flushed at a "
        "different instant than memory.stat",
    ),
    "unmodelled": (
        -1,
        "event counters the model does not have (rendered 0): listed, not held to a tolerance",
    ),
    "lru": (
        256 * KiB,
        "pages a statistic counts but no LRU list holds yet (per-CPU LRU batches, isolated "
        "pages): the model has no such state and shows them as unevictable",
    ),
    "meminfo": (
        1 * MiB,
        "node counters vs the sums of the memcg statistics: per-CPU vmstat deltas not folded "
        "yet, and LRU pages in per-CPU batches",
    ),
    "available": (1 * MiB, "MemAvailable from the fitted watermarks and reclaimable memory"),
}


def _kv(data: bytes) -> dict[str, int]:
    out: dict[str, int] = {}
    for line in data.decode(errors="replace").splitlines():
        parts = line.replace(":", " ").split()
        if len(parts) >= 2:
            try:
                out[parts[0]] = int(parts[1])
            except ValueError:
                continue
    return out


def _num(data: bytes) -> int | None:
    """A one-number file; "max" (unlimited) as -1."""
    return -1 if data.strip() == b"max" else _int(data)


def _int(data: bytes | None) -> int | None:
    if data is None:
        return None
    s = data.decode().strip()
    if s == "max":
        return None
    try:
        return int(s.split()[0])
    except (ValueError, IndexError):
        return None


# ------------------------------------------------------------------------- zoneinfo


@dataclass
class Zones:
    low: int = 0  # Σ low watermarks (si_mem_available)
    reserve: int = 0  # totalreserve_pages (calculate_totalreserve_pages)
    pcp: int = 0  # pages on the per-CPU free lists
    cpus: int = 0
    nodes: int = 0


def zoneinfo(data: bytes) -> Zones:
    """The watermark sums, the reserve and the per-CPU free pages of /proc/zoneinfo."""
    z = Zones()
    cpus: set[str] = set()
    nodes: set[str] = set()
    zones: list[dict[str, object]] = []
    cur: dict[str, object] | None = None
    for line in data.decode().splitlines():
        s = line.strip()
        m = re.match(r"^Node (\d+), zone\s+(\S+)", line)
        if m:
            nodes.add(m.group(1))
            cur = {"high": 0, "low": 0, "managed": 0, "protection": [0]}
            zones.append(cur)
            continue
        if cur is None:
            continue
        parts = s.split()
        if len(parts) == 2 and parts[0] in ("low", "high", "managed") and parts[1].isdigit():
            cur[parts[0]] = int(parts[1])
        elif s.startswith("protection:"):
            cur["protection"] = [int(x) for x in re.findall(r"\d+", s)]
        elif s.startswith("cpu:"):
            cpus.add(parts[1])
        elif s.startswith("count:"):
            z.pcp += int(parts[1])
    for zone in zones:
        z.low += int(zone["low"])  # type: ignore[call-overload]
        managed = int(zone["managed"])  # type: ignore[call-overload]
        prot = zone["protection"]
        assert isinstance(prot, list)
        reserve = max(prot) + int(zone["high"])  # type: ignore[call-overload]
        z.reserve += min(reserve, managed)
    z.cpus = len(cpus) or 1
    z.nodes = len(nodes) or 1
    return z


# ------------------------------------------------------------------------- the fit


@dataclass
class Fit:
    world: World
    mode: str  # v1 | v2
    notes: list[str] = field(default_factory=list)  # what the fit had to bend, and by how much


# _memory's page arguments: the memory.stat key v2 and v1 print each under
_LRU_KEYS = {
    "anon": ("anon", "rss"),
    "file": ("file", "cache"),
    "shmem": ("shmem", "shmem"),
    "ia": ("inactive_anon", "inactive_anon"),
    "aa": ("active_anon", "active_anon"),
    "if_": ("inactive_file", "inactive_file"),
    "af": ("active_file", "active_file"),
    "unev": ("unevictable", "unevictable"),
}


def _lru_args(pg: dict[str, int], v1: int) -> dict[str, int]:
    return {arg: pg.get(keys[v1], 0) for arg, keys in _LRU_KEYS.items()}


def _memory_v2(s: dict[str, int], swap_b: int, notes: list[str], where: str) -> Memory:
    """One cgroup's own charges from its own share of v2 memory.stat (bytes)."""
    pg = {k: v // PAGE_SIZE for k, v in s.items()}
    return _memory(
        lru=_lru_args(pg, 0),
        swapcache=pg.get("swapcached", 0),
        swap_out=swap_b // PAGE_SIZE,
        extra={
            "anon_thp": pg.get("anon_thp", 0),
            "file_thp": pg.get("file_thp", 0),
            "shmem_thp": pg.get("shmem_thp", 0),
            "file_mapped": pg.get("file_mapped", 0),
            "dirty": pg.get("file_dirty", 0),
            "writeback": pg.get("file_writeback", 0),
            "slab_reclaimable_b": s.get("slab_reclaimable", 0),
            "slab_unreclaimable_b": s.get("slab_unreclaimable", 0),
            "kernel_stack_kb": s.get("kernel_stack", 0) // KiB,
            "pagetables": pg.get("pagetables", 0),
            "sec_pagetables": pg.get("sec_pagetables", 0),
            "percpu_b": s.get("percpu", 0),
            "vmalloc": pg.get("vmalloc", 0),
            "zswap_b": s.get("zswap", 0),
            "zswapped": pg.get("zswapped", 0),
            "sock": pg.get("sock", 0),
            **{k: s.get(k, 0) for k in _EVENTS_V2},
        },
        kernel=pg.get("kernel"),
        notes=notes,
        where=where,
    )


_EVENTS_V2 = (
    "pgfault", "pgmajfault", "pgrefill", "pgactivate", "pgdeactivate", "pglazyfree",
    "pglazyfreed", "pgscan_kswapd", "pgscan_direct", "pgscan_khugepaged", "pgsteal_kswapd",
    "pgsteal_direct", "pgsteal_khugepaged", "zswpin", "zswpout", "thp_fault_alloc",
    "thp_collapse_alloc", "workingset_refault_anon", "workingset_refault_file",
    "workingset_activate_anon", "workingset_activate_file", "workingset_restore_anon",
    "workingset_restore_file", "workingset_nodereclaim", "pswpin", "pswpout",
)  # fmt: skip


def _memory(
    *,
    lru: dict[str, int],
    swapcache: int,
    swap_out: int,
    extra: dict[str, int],
    swap_is_v1: bool = False,
    kernel: int | None,
    notes: list[str],
    where: str,
) -> Memory:
    anon, file, shmem = lru["anon"], lru["file"], lru["shmem"]
    ia, aa, if_, af, unev = lru["ia"], lru["aa"], lru["if_"], lru["af"], lru["unev"]
    # anon LRU = mapped anon (active + inactive) + shmem + unmapped (partial THPs, swap cache);
    # shmem takes the inactive list first, mapped anon fills each list before unmapped pages
    shmem_inactive = min(shmem, ia)
    shmem_active = min(shmem - shmem_inactive, aa)
    ia_rest, aa_rest = ia - shmem_inactive, aa - shmem_active
    anon_active = min(aa_rest, anon)
    anon_inactive = min(ia_rest, anon - anon_active)
    off_lru_anon = anon - anon_active - anon_inactive  # mapped, on no LRU list: per-CPU batches
    un_inactive, anon_unmapped_active = ia_rest - anon_inactive, aa_rest - anon_active
    sc_unmapped = min(swapcache, un_inactive)
    sc_mapped = min(swapcache - sc_unmapped, anon_active + anon_inactive)
    anon_unmapped = un_inactive - sc_unmapped
    off_lru_shmem = shmem - shmem_inactive - shmem_active
    file_nonshmem = file - shmem
    off_lru_file = file_nonshmem - af - if_
    mlocked_anon = off_lru_anon
    unevictable_file = off_lru_shmem + max(off_lru_file, 0)
    if off_lru_file < 0:
        notes.append(f"{where}: file LRU pages {af + if_} > file - shmem {file_nonshmem}")
    if unev:
        unevictable_file += unev
    if off_lru_anon or off_lru_shmem or off_lru_file > 0:
        notes.append(
            f"{where}: pages in the statistics but on no LRU list (per-CPU LRU batches, "
            f"isolated): anon {off_lru_anon}, shmem {off_lru_shmem}, file {max(off_lru_file, 0)}; "
            "modelled as unevictable"
        )
    m = Memory(
        anon_active=anon_active,
        anon_inactive=anon_inactive,
        anon_unmapped=anon_unmapped,
        anon_unmapped_active=anon_unmapped_active,
        mlocked_anon=mlocked_anon,
        shmem_active=shmem_active,
        shmem_inactive=shmem_inactive,
        file_active=af,
        file_inactive=if_,
        unevictable_file=unevictable_file,
        swapcache_mapped=sc_mapped,
        swapcache_unmapped=sc_unmapped,
        # v1 `swap` counts the entries out of memory, v2 memory.swap.current all of them
        swap_out=swap_out + sc_mapped + sc_unmapped
        if swap_is_v1
        else max(swap_out, sc_mapped + sc_unmapped),
    )._replace(**extra)
    if m.anon_thp > m.anon_active + m.anon_inactive + m.mlocked_anon:
        m = m._replace(anon_thp=(m.anon_active + m.anon_inactive + m.mlocked_anon) // 512 * 512)
    if kernel is not None:
        other = kernel - m.kmem
        if other >= 0:
            m = m._replace(other_kmem=other)
        else:
            notes.append(f"{where}: kernel {kernel} pages < its parts {m.kmem}")
    return m


def _v2_lag(
    stats: dict[str, dict[str, int]], dirs: list[str], notes: list[str]
) -> dict[str, dict[str, int]]:
    """The statistics as the parents tell them: where a cgroup shows less than its children
    together, the child with the most of it is lowered to fit (parents first)."""
    out = {d: dict(s) for d, s in stats.items()}
    for d in dirs:
        kids = _children(dirs, d)
        if not kids:
            continue
        for k in stats[d]:
            excess = sum(out[c].get(k, 0) for c in kids) - out[d].get(k, 0)
            if excess > 0 and k not in _NEVER_LAG:
                c = max(kids, key=lambda kid: out[kid].get(k, 0))
                take = min(excess, out[c].get(k, 0))
                out[c][k] -= take
                notes.append(f"cgroup {c}: {k} {take} above its parent's: stale in the parent")
    return out


# kernel memory is charged to page counters as well as counted: never stale (model.STALE_FORBIDDEN)
_NEVER_LAG = {
    "kernel",
    "kernel_stack",
    "pagetables",
    "sec_pagetables",
    "percpu",
    "sock",
    "vmalloc",
    "slab",
    "slab_reclaimable",
    "slab_unreclaimable",
    "zswap",
}


def _delta(a: Memory, b: Memory) -> Memory:
    """a - b, field by field."""
    return Memory._make(x - y for x, y in zip(a, b, strict=True))


def add_memory(a: Memory, b: Memory) -> Memory:
    return Memory._make(x + y for x, y in zip(a, b, strict=True))


def _sub(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    return {k: v - b.get(k, 0) for k, v in a.items()}


def _clamp(d: dict[str, int], notes: list[str], where: str) -> dict[str, int]:
    neg = {k: v for k, v in d.items() if v < 0}
    if neg:
        notes.append(f"{where}: own share below 0 (children above the parent): {neg}")
    return {k: max(v, 0) for k, v in d.items()}


def _dirs(tree: Tree, base: str) -> list[str]:
    """The cgroup directories under base, parents first ("" = the root)."""
    found = {""}
    prefix = base + "/"
    for p in tree.files:
        if p.startswith(prefix) and p.endswith("/memory.stat"):
            found.add(p[len(prefix) : -len("/memory.stat")])
    return sorted(found, key=lambda d: (d.count("/") if d else -1, d))


def _children(dirs: list[str], d: str) -> list[str]:
    return [c for c in dirs if c and (c.rsplit("/", 1)[0] if "/" in c else "") == d]


def _limits(tree: Tree, d: str, v2: bool, current_b: int) -> Limits:
    f = tree.files.get
    if v2:
        peak = _int(f(d + "/memory.peak"))
        return Limits(
            max_b=_int(f(d + "/memory.max")),
            high_b=_int(f(d + "/memory.high")),
            low_b=_int(f(d + "/memory.low")) or 0,
            min_b=_int(f(d + "/memory.min")) or 0,
            swap_max_b=_int(f(d + "/memory.swap.max")),
            peak_extra_b=max((peak or current_b) - current_b, 0),
        )
    lim = _int(f(d + "/memory.limit_in_bytes"))
    memsw_lim = _int(f(d + "/memory.memsw.limit_in_bytes"))
    big = 1 << 62
    max_usage = _int(f(d + "/memory.max_usage_in_bytes")) or current_b
    return Limits(
        max_b=None if lim is None or lim > big else lim,
        memsw_limit_b=None if memsw_lim is None or memsw_lim > big else memsw_lim,
        peak_extra_b=max(max_usage - current_b, 0),
        failcnt=_int(f(d + "/memory.failcnt")) or 0,
        swappiness=_int(f(d + "/memory.swappiness")) or 60,
    )


def _procs(tree: Tree, d: str) -> tuple[int, ...]:
    data = tree.files.get(d + "/cgroup.procs", b"")
    return tuple(int(x) for x in data.split())


def fit(tree: Tree, profile: KernelProfile) -> Fit:
    """The World that reproduces `tree` (a lab capture) under `profile`."""
    notes: list[str] = []
    v2 = tree.is_v2
    mi = _kv(tree.files["/proc/meminfo"])
    zones = zoneinfo(tree.files.get("/proc/zoneinfo", b""))
    base = "/sys/fs/cgroup" if v2 else "/sys/fs/cgroup/memory"
    has_memcg = base + "/memory.stat" in tree.files
    mems: dict[str, Memory] = {}
    limits: dict[str, Limits] = {}
    procs: dict[str, tuple[int, ...]] = {}
    dying: Memory = NO_CHARGES
    dirs = _dirs(tree, base) if has_memcg else [""]
    if has_memcg:
        stats = {d: _kv(tree.files[f"{base}/{d}/memory.stat".replace("//", "/")]) for d in dirs}
        sc_share = {} if v2 else _v1_swapcache(stats, mi.get("SwapCached", 0) // 4)
        # v2: a parent whose statistics lag a child's (flushed at another instant) shows less
        # than the child; the child's excess is its stale part, cancelled in the parent
        truth = _v2_lag(stats, dirs, notes) if v2 else stats
        stales: dict[str, Memory] = {}
        for d in dirs:
            path = f"{base}/{d}" if d else base
            where = f"cgroup {d or '/'}"
            procs[d] = _procs(tree, path)
            kids = _children(dirs, d)
            if v2:
                own = truth[d]
                for c in kids:
                    own = _sub(own, truth[c])
                shown = stats[d]
                for c in kids:
                    shown = _sub(shown, truth[c])
                own = _clamp(own, notes, where)
                swap_b = _int(tree.files.get(path + "/memory.swap.current")) or 0
                for c in kids:
                    swap_b -= _int(tree.files.get(f"{base}/{c}/memory.swap.current")) or 0
                if not d:
                    swap_b = 0  # the root has no memory.swap.current: from the node's swap
                m = _memory_v2(own, max(swap_b, 0), notes, where)
                ev = _kv(tree.files.get(path + "/memory.events.local", b""))
                sev = _kv(tree.files.get(path + "/memory.swap.events", b""))
                for c in kids:  # memory.swap.events is hierarchical
                    sev = _sub(sev, _kv(tree.files.get(f"{base}/{c}/memory.swap.events", b"")))
                m = m._replace(
                    **{f: ev.get(k, 0) for f, k in _EVENTS.items()},
                    **{f: sev.get(k, 0) for f, k in _SWAP_EVENTS.items()},
                )
                current = _int(tree.files.get(path + "/memory.current")) or 0
                if shown != own:
                    lag = _delta(_memory_v2(_clamp(shown, [], where), 0, [], where), m)
                    stales[d] = add_memory(stales.get(d, NO_CHARGES), lag)
                    parent = d.rsplit("/", 1)[0] if "/" in d else ""
                    stales[parent] = _delta(stales.get(parent, NO_CHARGES), lag)
            else:
                m, dying_part = _memory_v1(
                    tree, base, d, dirs, stats, notes, where, sc_share.get(d, 0)
                )
                if dying_part is not None:
                    dying = dying_part
                current = _int(tree.files.get(path + "/memory.usage_in_bytes")) or 0
            if not d:
                # the root is never charged kernel memory, sockets or stock: a residual there
                # belongs to dying cgroups
                kmem_like = {k: getattr(m, k) for k in _ROOT_NEVER if getattr(m, k)}
                nr_dying = _kv(tree.files.get(path + "/cgroup.stat", b"")).get(
                    "nr_dying_descendants", 0
                )
                if v2 and nr_dying:
                    dying, m = m, NO_CHARGES
                elif kmem_like:
                    dying = Memory(**kmem_like)
                    m = m._replace(**dict.fromkeys(kmem_like, 0))
            mems[d] = m
            limits[d] = _limits(tree, path, v2, current)

    # ---- the tree of cgroups
    def build(d: str) -> Cgroup:
        kids = tuple(build(c) for c in _children(dirs, d))
        name = d.rsplit("/", 1)[-1] if d else ""
        return Cgroup(
            name=name,
            memory=mems.get(d, NO_CHARGES),
            limits=limits.get(d, Limits()),
            children=kids,
            procs=procs.get(d, ()),
            stale=stales.get(d, NO_CHARGES) if has_memcg and v2 else NO_CHARGES,
        )

    root = build("")
    buffers = mi.get("Buffers", 0) // 4
    if buffers:  # block-device page cache, charged to whoever read it: spread over the file LRUs
        root, dying, left = _place_buffers(root, dying, buffers)
        if left:
            notes.append(f"node: {left} pages of Buffers fit on no cgroup's file LRU")
    if dying != NO_CHARGES:
        root = root._replace(children=(*root.children, Cgroup("(dying)", memory=dying, dying=True)))
    if not v2:
        root = _v1_kmem(root, mi)
    # ---- the node
    t = _total(root)
    pages = {k: v // 4 for k, v in mi.items()}  # kB -> pages (HugePages_* are counts)
    ceil = lambda b: -(-b // PAGE_SIZE)  # noqa: E731
    nf = pages.get("Cached", 0) + pages.get("Buffers", 0) + pages.get("SwapCached", 0)
    file_uncharged = nf - t.file_pages - t.swapcache
    if file_uncharged < 0:
        notes.append(
            f"node: memcg file + swap cache {t.file_pages + t.swapcache} > node file pages {nf}"
        )
    stack_kb = mi.get("KernelStack", 0) - t.kernel_stack_kb
    vmalloc = (
        pages.get("VmallocUsed", 0)
        - t.vmalloc
        - (mi.get("KernelStack", 0) // 4 if profile.config_vmap_stack else 0)
    )
    swap_used = pages.get("SwapTotal", 0) - pages.get("SwapFree", 0)
    n = Node(
        mem_total=pages["MemTotal"],
        nr_cpus=zones.cpus,
        numa_nodes=zones.nodes,
        slab_reclaimable=max(pages.get("SReclaimable", 0) - ceil(t.slab_reclaimable_b), 0),
        slab_unreclaimable=max(pages.get("SUnreclaim", 0) - ceil(t.slab_unreclaimable_b), 0),
        kernel_stack_kb=max(stack_kb, 0),
        pagetables=max(pages.get("PageTables", 0) - t.pagetables, 0),
        sec_pagetables=max(pages.get("SecPageTables", 0) - t.sec_pagetables, 0),
        percpu=max(pages.get("Percpu", 0) - ceil(t.percpu_b), 0),
        vmalloc=max(vmalloc, 0),
        misc_reclaimable=max(pages.get("KReclaimable", 0) - pages.get("SReclaimable", 0), 0),
        zswap_pool=pages.get("Zswap", 0),
        file_uncharged=max(file_uncharged, 0),
        hugepages_total=mi.get("HugePages_Total", 0),
        hugepages_free=mi.get("HugePages_Free", 0),
        hugepages_rsvd=mi.get("HugePages_Rsvd", 0),
        hugepages_surp=mi.get("HugePages_Surp", 0),
        hugepage_kb=mi.get("Hugepagesize", 2048),
        swap_total=pages.get("SwapTotal", 0),
        swap_other=max(swap_used - t.swap_out, 0),
        committed_as=pages.get("Committed_AS", 0),
        wmark_low=zones.low,
        totalreserve=zones.reserve,
        hardware_corrupted_kb=mi.get("HardwareCorrupted", 0),
        pcp_free=zones.pcp,
    )
    mode = "v2" if v2 else "v1"
    w = World(profile, mode, n, root)  # type: ignore[arg-type]
    # what is left is untracked (kernel allocations without a counter)
    free = pages["MemFree"]
    gap = w.accounting.true_mem_free - free
    if gap >= 0:
        w = World(profile, mode, n._replace(untracked=gap), root)  # type: ignore[arg-type]
    else:
        notes.append(f"node: the counters explain {-gap} pages more than MemTotal - MemFree")
        pcp = max(n.pcp_free + gap, 0)
        w = World(profile, mode, n._replace(pcp_free=pcp), root)  # type: ignore[arg-type]
    if not v2 and has_memcg:  # the root's watermark is its page counter's (its children's)
        max_usage = _int(tree.files.get(base + "/memory.max_usage_in_bytes")) or 0
        extra = max(max_usage - w.accounting.v1_root_counter * PAGE_SIZE, 0)
        root = w.root._replace(limits=w.root.limits._replace(peak_extra_b=extra))
        w = World(profile, mode, w.node, root)  # type: ignore[arg-type]
    return Fit(w, mode, notes)


def _v1_kmem(root: Cgroup, mi: dict[str, int]) -> Cgroup:
    """v1 shows a cgroup's kernel memory only as a page counter (memory.kmem.usage_in_bytes,
    taken as other_kmem). Those pages are also in meminfo's slab, page-table and stack lines, so
    each cgroup's are moved into those parts (unreclaimable slab first, then reclaimable slab,
    page tables, stacks), within what the lines hold: the node does not count them twice."""
    left = {
        "slab_unreclaimable_b": mi.get("SUnreclaim", 0) * KiB,
        "slab_reclaimable_b": mi.get("SReclaimable", 0) * KiB,
        "pagetables": mi.get("PageTables", 0) // 4,
        "kernel_stack_kb": mi.get("KernelStack", 0),
    }
    unit = {
        "slab_unreclaimable_b": PAGE_SIZE,
        "slab_reclaimable_b": PAGE_SIZE,
        "pagetables": 1,
        "kernel_stack_kb": 4,
    }

    def move(c: Cgroup) -> Cgroup:
        m = c.memory
        pages = m.other_kmem
        parts: dict[str, int] = {}
        for k, budget in left.items():
            take = min(pages, budget // unit[k])
            if take:
                parts[k] = take * unit[k]
                left[k] -= take * unit[k]
                pages -= take
        if parts:
            m = m._replace(other_kmem=pages, **parts)
        return c._replace(memory=m, children=tuple(move(x) for x in c.children))

    return move(root)


def _place_buffers(root: Cgroup, dying: Memory, left: int) -> tuple[Cgroup, Memory, int]:
    def put(m: Memory) -> Memory:
        nonlocal left
        take = min(left, m.file_active + m.file_inactive - m.buffers)
        left -= take
        return m._replace(buffers=m.buffers + take) if take else m

    def walk(c: Cgroup) -> Cgroup:
        m = put(c.memory)
        return c._replace(memory=m, children=tuple(walk(x) for x in c.children))

    root = walk(root)
    return root, put(dying), left


def _total(root: Cgroup) -> Memory:
    from fake_sysfs.account import _sum

    return _sum([c.memory for _, c in root.walk()])


def _v1_swapcache(stats: dict[str, dict[str, int]], node_sc: int) -> dict[str, int]:
    """v1 memory.stat has no swapcached key before 6.18: the node's swap cache (meminfo
    SwapCached) is shared out over the cgroups by their local `swap` (pages whose swap entry
    they own), largest remainders first."""
    if not node_sc or any("swapcached" in s for s in stats.values()):
        return {}
    weights = {d: s.get("swap", 0) for d, s in stats.items() if s.get("swap", 0) > 0}
    total = sum(weights.values())
    if not total:
        return {}
    share = {d: node_sc * w // total for d, w in weights.items()}
    left = node_sc - sum(share.values())
    for d in sorted(weights, key=lambda d: -(node_sc * weights[d] % total))[:left]:
        share[d] += 1
    return share


# Memory's event fields, by their key in memory.events(.local) and memory.swap.events
_EVENTS = {
    "ev_low": "low",
    "ev_high": "high",
    "ev_max": "max",
    "ev_oom": "oom",
    "ev_oom_kill": "oom_kill",
    "ev_oom_group_kill": "oom_group_kill",
}
_SWAP_EVENTS = {"swap_ev_high": "high", "swap_ev_max": "max", "swap_ev_fail": "fail"}
# what the root cgroup is never charged for (model.problems)
_ROOT_NEVER = (*KMEM_FIELDS, "sock")
_V1_LOCAL = ("cache", "rss", "rss_huge", "shmem", "mapped_file", "dirty", "writeback", "swap")


def _memory_v1(
    tree: Tree,
    base: str,
    d: str,
    dirs: list[str],
    stats: dict[str, dict[str, int]],
    notes: list[str],
    where: str,
    sc_share: int = 0,
) -> tuple[Memory, Memory | None]:
    """One v1 cgroup's own charges from the local keys of its memory.stat; for the root also
    what its totals hold beyond its own and its children's (dying cgroups)."""
    s = stats[d]
    path = f"{base}/{d}" if d else base
    kids = _children(dirs, d)
    kmem = _int(tree.files.get(path + "/memory.kmem.usage_in_bytes")) or 0
    for c in kids:
        kmem -= _int(tree.files.get(f"{base}/{c}/memory.kmem.usage_in_bytes")) or 0
    # the local swap cache is not printed before 6.18: from the LRU (anon on the LRU but not
    # mapped and not shmem) it cannot be told from partly mapped huge pages; v1 `swap` counts
    # only entries whose page left memory
    swapcache = s.get("swapcached", 0) // PAGE_SIZE if "swapcached" in s else sc_share

    def mem(x: dict[str, int], kmem_pages: int | None, w: str) -> Memory:
        pg = {k: v // PAGE_SIZE for k, v in x.items()}
        return _memory(
            lru=_lru_args(pg, 1),
            swapcache=swapcache,
            swap_out=pg.get("swap", 0),
            swap_is_v1=True,
            extra={
                "anon_thp": pg.get("rss_huge", 0),
                "file_mapped": pg.get("mapped_file", 0),
                "dirty": pg.get("dirty", 0),
                "writeback": pg.get("writeback", 0),
                "other_kmem": kmem_pages or 0,
                "pgpgin": x.get("pgpgin", 0),
                "pgpgout": x.get("pgpgout", 0),
                "pgfault": x.get("pgfault", 0),
                "pgmajfault": x.get("pgmajfault", 0),
                "workingset_refault_anon": x.get("workingset_refault_anon", 0),
                "workingset_refault_file": x.get("workingset_refault_file", 0),
            },
            kernel=None,
            notes=notes,
            where=w,
        )

    local = {k: v for k, v in s.items() if not k.startswith(("total_", "hierarchical_"))}
    m = mem(local, None if not d else max(kmem, 0) // PAGE_SIZE, where)
    dying = None
    if not d:
        total = {k[len("total_") :]: v for k, v in s.items() if k.startswith("total_")}
        rest = _sub(total, local)
        for c in kids:
            rest = _sub(
                rest, {k[len("total_") :]: v for k, v in stats[c].items() if k.startswith("total_")}
            )
        if any(rest.get(k, 0) > 0 for k in ("cache", "rss")) or kmem > 0:
            dying = mem(
                {k: max(v, 0) for k, v in rest.items()}, max(kmem, 0) // PAGE_SIZE, "dying cgroups"
            )
            swapcache = 0
    return m, dying


# ------------------------------------------------------------------------- the comparison


@dataclass(frozen=True)
class Row:
    file: str  # absolute path
    key: str  # memory.stat key, meminfo label, or "" for a one-number file
    kernel: int | None  # None: the kernel has no such key/file
    model: int | None
    cls: str  # a TOLERANCES class, or "format"

    @property
    def delta(self) -> int | None:
        if self.kernel is None or self.model is None:
            return None
        return self.model - self.kernel

    @property
    def ok(self) -> bool:
        if self.cls == "format":
            return self.kernel is not None and self.model is not None
        if self.cls == "unmodelled":
            return True
        d = self.delta
        tol = (PAIR_TOLERANCES if self.cls.startswith("pair") else TOLERANCES)[self.cls][0]
        return d is not None and abs(d) <= tol


# meminfo lines that are derived from the memcg sums (the rest is fitted from the line itself)
_MEMINFO_DERIVED = {
    "Cached", "Active", "Inactive", "Active(anon)", "Inactive(anon)", "Active(file)",
    "Inactive(file)", "Unevictable", "Mlocked", "Dirty", "Writeback", "AnonPages", "Mapped",
    "Shmem", "AnonHugePages", "ShmemHugePages", "FileHugePages", "SwapFree", "Slab", "SwapCached",
    "CommitLimit",
}  # fmt: skip
_MEMINFO_SKIP = {"DirectMap4k", "DirectMap2M", "DirectMap1G", "VmallocTotal", "VmallocChunk"}
# memory.stat keys that are events or pressure (fitted from the same key)
_ONE_NUMBER = (
    "memory.usage_in_bytes", "memory.memsw.usage_in_bytes", "memory.kmem.usage_in_bytes",
    "memory.current", "memory.swap.current", "memory.max_usage_in_bytes", "memory.peak",
    "memory.limit_in_bytes", "memory.max",
)  # fmt: skip
_KEYED = ("memory.stat", "memory.numa_stat", "memory.events", "memory.events.local")


def _stat_items(data: bytes) -> list[tuple[str, int]]:
    out = []
    for line in data.decode(errors="replace").splitlines():
        parts = line.split()
        if len(parts) == 2:
            try:
                out.append((parts[0], int(parts[1])))
            except ValueError:
                continue
        elif len(parts) > 2 and "=" in parts[1]:  # numa_stat: key N0=..
            try:
                out.append((parts[0], sum(int(x.split("=")[1]) for x in parts[1:])))
            except (ValueError, IndexError):
                continue
    return out


def _meminfo_cls(label: str, mi_kernel: dict[str, int]) -> str:
    if label == "MemAvailable":
        return "available"
    if label in ("Unevictable", "Mlocked"):
        return "lru"
    return "meminfo" if label in _MEMINFO_DERIVED else "fitted"


def compare(kernel: Tree, model: Tree) -> list[Row]:
    """Every number both trees show, and every file or key only one of them has."""
    rows: list[Row] = []
    km, mm = _kv(kernel.files["/proc/meminfo"]), _kv(model.files["/proc/meminfo"])
    for label in dict.fromkeys([*km, *mm]):
        if label in _MEMINFO_SKIP:
            continue
        scale = 1 if label.startswith("HugePages_") else KiB
        kv, mv = km.get(label), mm.get(label)
        cls = "format" if kv is None or mv is None else _meminfo_cls(label, km)
        rows.append(
            Row(
                "/proc/meminfo",
                label,
                None if kv is None else kv * scale,
                None if mv is None else mv * scale,
                cls,
            )
        )
    cg = [p for p in kernel.files if p.startswith("/sys/fs/cgroup/")]
    cg_model = [p for p in model.files if p.startswith("/sys/fs/cgroup/")]
    names = set(_ONE_NUMBER) | set(_KEYED)
    for p in sorted(set(cg) | set(cg_model)):
        fname = p.rsplit("/", 1)[-1]
        if not fname.startswith("memory.") or p.rsplit("/", 2)[-2] == "(dying)":
            continue
        kd, md = kernel.files.get(p), model.files.get(p)
        if kd is None or md is None:
            rows.append(Row(p, "", None if kd is None else 0, None if md is None else 0, "format"))
            continue
        if fname not in names:
            continue
        is_root = p.count("/") == (4 if kernel.is_v2 else 5)
        if fname in _ONE_NUMBER:
            cls = "counter"
            if fname in ("memory.usage_in_bytes", "memory.memsw.usage_in_bytes") and is_root:
                cls = "root-usage"
            if fname in ("memory.limit_in_bytes", "memory.max"):
                cls = "fitted"
            rows.append(Row(p, "", _num(kd), _num(md), cls))
            continue
        ki, mi_ = _stat_items(kd), _stat_items(md)
        kd_, md_ = dict(ki), dict(mi_)
        korder = [k for k, _ in ki]
        morder = [k for k, _ in mi_]
        if korder != morder and set(korder) == set(morder):
            rows.append(Row(p, "(key order)", 0, 1, "format"))
        for key in dict.fromkeys([*korder, *morder]):
            kv, mv = kd_.get(key), md_.get(key)
            if kv is None or mv is None:
                rows.append(Row(p, key, kv, mv, "format"))
                continue
            cls = "fitted"
            if fname == "memory.stat" and key in ("kernel",):
                cls = "counter"
            if key.removeprefix("total_").removeprefix("hierarchical_") == "unevictable":
                cls = "lru"
            if fname in ("memory.stat", "memory.numa_stat") and key in UNMODELLED_V2:
                cls = "unmodelled"
            rows.append(Row(p, key, kv, mv, cls))
    return rows


@dataclass
class Check:
    source: str
    profile: KernelProfile
    fit: Fit
    rows: list[Row]

    def failures(self) -> list[Row]:
        return [r for r in self.rows if not r.ok]

    def worst(self) -> dict[str, int]:
        """Per tolerance class, the largest |model - kernel| (bytes)."""
        out: dict[str, int] = {}
        for r in self.rows:
            d = r.delta
            if r.cls in TOLERANCES and d is not None:
                out[r.cls] = max(out.get(r.cls, 0), abs(d))
        return out


def check(tree: Tree, profile: KernelProfile, source: str = "") -> Check:
    f = fit(tree, profile)
    rendered = render(f.world, f.mode, scope="all")  # type: ignore[arg-type]
    return Check(source or tree.source, profile, f, compare(tree, rendered))


def _ints(xs: Iterable[int | None]) -> list[int]:
    return [x for x in xs if x is not None]


# ------------------------------------------------------------------------- one truth, two views

# the byte-valued (state) keys of memory.stat: events and counts differ from boot to boot
_STATE_KEYS = {
    "anon", "file", "kernel", "kernel_stack", "pagetables", "sec_pagetables", "percpu", "sock",
    "vmalloc", "shmem", "zswap", "zswapped", "file_mapped", "file_dirty", "file_writeback",
    "swapcached", "anon_thp", "file_thp", "shmem_thp", "inactive_anon", "active_anon",
    "inactive_file", "active_file", "unevictable", "slab_reclaimable", "slab_unreclaimable",
    "slab", "cache", "rss", "rss_huge", "mapped_file", "dirty", "writeback", "swap",
}  # fmt: skip
# what a v1 capture does not show and a v2 render needs (v1 has only the kmem page counter)
_V2_ONLY = {
    "kernel_stack", "pagetables", "sec_pagetables", "percpu", "sock", "vmalloc", "slab",
    "slab_reclaimable", "slab_unreclaimable", "zswap", "zswapped",
}  # fmt: skip
_WATERMARKS = ("memory.max_usage_in_bytes", "memory.peak", "memory.memsw.max_usage_in_bytes")
PAIR_TOLERANCES: dict[str, tuple[int, str]] = {
    "pair": (1 * MiB, "one truth, two views: what the model derives for the other version"),
    "pair-free": (
        64 * MiB,
        "MemFree and MemAvailable of two boots: what the kernel itself allocates and what sits "
        "on the per-CPU free lists after a workload frees its memory differ from boot to boot",
    ),
    "pair-swap": (
        32 * MiB,
        "the swap workload: reclaim under a memory limit swaps out and caches a different "
        "share in each boot (21 MiB between two v1 boots of 6.1, measured)",
    ),
    "pair-thp": (
        32 * MiB,
        "the thp workload: khugepaged collapses a different number of huge pages in each boot "
        "(8 collapses, 16 MiB, between the v1 and the v2 boot of 6.1, measured)",
    ),
}


def pair_check(source: Tree, other: Tree, profile: KernelProfile, workload: str = "") -> list[Row]:
    """The ground truth fitted on `source` (one cgroup version's capture), rendered in the
    other version, against `other` (the same kernel, workload and moment booted in that
    version): the numbers both show, class "pair". Left out: watermarks, events, the v1
    root's own (local) keys (a v2 capture cannot tell the root's own pages from dying
    cgroups'), and the kernel-memory breakdown a v1 capture does not show."""
    f = fit(source, profile)
    view = "v2" if other.is_v2 else "v1"
    rendered = render(f.world, view, scope="all")  # type: ignore[arg-type]
    v1_root = "/sys/fs/cgroup/memory/memory.stat"
    out = []
    for r in compare(other, rendered):
        name = r.file.rsplit("/", 1)[-1]
        if r.cls in ("format", "unmodelled") or name in _WATERMARKS or r.delta is None:
            continue
        if name in ("memory.events", "memory.events.local", "memory.numa_stat"):
            continue
        if r.file == "/proc/meminfo":
            if r.key in ("Committed_AS", "KernelStack", "PageTables", "VmallocUsed", "Percpu"):
                continue  # the two boots' own kernel allocations
        elif name == "memory.stat":
            base = r.key.removeprefix("total_")
            if base not in _STATE_KEYS or (r.file == v1_root and not r.key.startswith("total_")):
                continue
            if not source.is_v2 and base in _V2_ONLY:
                continue
        cls = "pair"
        if r.file == "/proc/meminfo" and r.key in ("MemFree", "MemAvailable"):
            cls = "pair-free"
        elif workload in ("swap", "thp"):
            cls = f"pair-{workload}"
        out.append(Row(r.file, r.key, r.kernel, r.model, cls))
    return out
