"""Synthetic scenario families: seeded worlds that each stress one part of node memory accounting.

A family is a fake_sysfs.Mix (how the generator splits memory: page cache vs anon, shmem, slab,
swap, hugetlb, dying cgroups, charge stock, the multi-gen LRU, zram, 1 GiB hugetlb pages and
THP) plus, for the quirk families, one step on the drawn world (stale statistics, vmstat drift,
the multi-gen LRU's generations). `build(name, seed)` is a pure function of its arguments:
the same (family, seed) is the same World in any process.

Every family is drawn across every kernel profile (the seed draws the profile, as
fake_sysfs.random_world does) and rendered as v1 and v2 from the same World. The defining
property of each family is asserted on the ground truth in tests/sim/test_states_families.py.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import NamedTuple

from fake_sysfs import Cgroup, Memory, Mix, World, random_world
from fake_sysfs.model import DRIFT_FIELDS, DRIFT_PER_CPU, NO_CHARGES

# Pods per world: node-level results depend on the sums, not on how many pods share them, and the
# generator pays per cgroup (up to one burstable, one besteffort and one guaranteed pod).
MAX_PODS = 1

Quirk = Callable[[World, random.Random], World]


class Family(NamedTuple):
    name: str
    description: str
    mix: Mix | None  # None: random_world's own defaults
    quirk: Quirk | None = None
    # what a mix alone cannot promise (a floor in pages of MemTotal): a world that misses it is
    # drawn again from a seed derived from (seed, attempt), so build() stays a function of seed
    accept: Callable[[World], bool] | None = None


def _replace(root: Cgroup, path: str, new: Cgroup) -> Cgroup:
    """`root` with the cgroup at `path` (relative, "a/b") replaced by `new`."""
    if not path:
        return new
    head, _, rest = path.partition("/")
    kids = tuple(_replace(c, rest, new) if c.name == head else c for c in root.children)
    return root._replace(children=kids)


def _leaves(root: Cgroup) -> list[tuple[str, Cgroup]]:
    """Visible cgroups without children that charge memory: where tasks run."""
    out = []
    stack = [("", root)]
    while stack:
        path, c = stack.pop()
        for ch in c.children:
            if ch.dying:
                continue
            p = f"{path}/{ch.name}" if path else ch.name
            if ch.children:
                stack.append((p, ch))
            elif ch.memory is not NO_CHARGES and ch.memory.file_pages + ch.memory.mapped_anon:
                out.append((p, ch))
    out.sort()
    return out


def _totals(root: Cgroup) -> Memory:
    """Σ memory + stale over every cgroup (what the root's statistics show)."""
    tot = [0] * len(Memory._fields)
    for _, c in root.walk():
        for part in (c.memory, c.stale):
            if part is not NO_CHARGES:
                tot = [a + b for a, b in zip(tot, part, strict=True)]
    return Memory._make(tot)


def _usage_pages(m: Memory, hugetlb: bool) -> int:
    """The larger of a leaf's v1 usage and v2 current, in pages (fake_sysfs.account)."""
    kmem = m.kmem if m.has_kmem else 0
    return m.charged_anon + m.file_pages + kmem + m.sock + m.stock + (m.hugetlb if hugetlb else 0)


def deleted_file(w: World, rng: random.Random) -> World:
    """A cgroup right after deleting (or truncating) a large file: its page counter has dropped,
    its statistics still count the file's pages on the inactive file list (kernel.md §3.4,
    §5.4 #5), so inactive_file > usage there and cAdvisor clamps its working set to 0. The root's
    statistics are stale by as much: root inactive_file > meminfo Inactive(file). One world in
    three is idle enough that the stale pages exceed the node's own page cache + anon, so the v1
    root of a 6.5+ kernel (usage from the node counters) clamps to 0 as well.
    """
    leaves = _leaves(w.root)
    if not leaves:
        return w
    path, leaf = leaves[int(rng.random() * len(leaves))]
    m = leaf.memory
    # more than this and the cgroup's inactive_file passes its usage (and current)
    need = _usage_pages(m, w.profile.memory_hugetlb_accounting) - m.lru_inactive_file
    # and past the node's uncharged page cache, the root's passes meminfo's Inactive(file)
    low = max(need, w.node.file_uncharged) + 256
    # more than this and the root's passes the node's own file + anon (meminfo's Buffers +
    # Cached + SwapCached + AnonPages: fake_sysfs.account, without drift in this family)
    t = _totals(w.root)
    node_file_anon = t.file_pages + t.swapcache + w.node.file_uncharged + t.mapped_anon
    room = node_file_anon - t.lru_inactive_file
    if rng.random() < 1 / 3 or room <= low:  # the root clamps too
        deleted = max(low, room + 256) + int(rng.random() * 4096)
    else:
        deleted = low + int((room - low) * rng.random())
    stale = leaf.stale._replace(file_inactive=leaf.stale.file_inactive + deleted)
    root = _replace(w.root, path, leaf._replace(stale=stale))
    return World(w.profile, w.mode, w.node, root, seed=w.seed, hostname=w.hostname)


# the statistics a reader most often sees lag: the LRU lists and dirty pages
_STALE_FIELDS = ("anon_active", "anon_inactive", "file_active", "file_inactive", "dirty")


def stale_counters(w: World, rng: random.Random) -> World:
    """Stale per-CPU statistics and vmstat drift (kernel.md §3.4, §5.4 #5, #16); the charge stock
    is the family's Mix (every charging cgroup holds a CPU's stock, §5.4 #6).

    Statistics: a few cgroups' LRU counters lag by up to MEMCG_CHARGE_BATCH pages per CPU, either
    way (5.13+ flushes once the pending updates pass that; 5.2-5.12 propagated per-CPU batches
    up the tree, so the error there grows with the depth: x3). Node counters: every meminfo
    counter modelled drifts by up to 125 pages per CPU (the largest vmstat threshold).
    """
    p, n = w.profile, w.node
    bound = p.memcg_charge_batch * n.nr_cpus * (3 if p.root_usage_rule == "hier_charged" else 1)
    root = w.root
    leaves = _leaves(root)
    picks = sorted({int(rng.random() * len(leaves)) for _ in range(1 + int(rng.random() * 3))})
    for i in picks if leaves else ():
        path, c = leaves[i]
        m = c.memory
        delta = {}
        for f in _STALE_FIELDS:
            d = int(bound * (2 * rng.random() - 1))
            delta[f] = max(d, -getattr(m, f))  # a statistic never shows below 0
        root = _replace(root, path, c._replace(stale=c.stale._replace(**delta)))
    dbound = DRIFT_PER_CPU * n.nr_cpus * n.numa_nodes
    drift = {f: int(dbound * (2 * rng.random() - 1)) for f in DRIFT_FIELDS}
    if not any(drift.values()):
        drift["drift_free"] = 1
    return World(p, w.mode, n._replace(**drift), root, seed=w.seed, hostname=w.hostname)


def _map_memory(c: Cgroup, fn: Callable[[Memory], Memory]) -> Cgroup:
    """`c` with fn applied to the charges of every cgroup of its subtree (dying ones too)."""
    kids = tuple(_map_memory(ch, fn) for ch in c.children)
    mem = c.memory if c.memory is NO_CHARGES else fn(c.memory)
    return c._replace(memory=mem, children=kids)


def _two_file_generations(m: Memory) -> Memory:
    # every file page in the two youngest generations, which the statistics call active; a
    # lazily freed page is file-typed too, and reads as active now: count it re-dirtied, as
    # plain anon, since the model keeps MADV_FREE pages on the inactive file list
    return m._replace(
        file_active=m.file_active + m.file_inactive,
        file_inactive=0,
        anon_active=m.anon_active + m.lazyfree,
        lazyfree=0,
    )


def mglru_generations(w: World, rng: random.Random) -> World:
    """The multi-gen LRU reports a folio as active when it sits in one of the two youngest
    generations (lru_gen_is_active(), include/linux/mm_inline.h, 6.1+), and adds clean page
    cache to the oldest one. With four generations (a lruvec reclaim has not aged: what the
    kernel lab measured on 6.1, 6.12 and 7.2) that keeps page cache inactive and anon active
    (gen.py's placement). Once reclaim has evicted the file type down to MIN_NR_GENS = 2, its
    oldest generation is one of the two youngest: every file page reads as active and
    inactive_file is 0. One world in two (on MGLRU kernels) is a node under reclaim so.
    """
    if not w.profile.mglru or rng.random() < 0.5:
        return w
    root = _map_memory(w.root, _two_file_generations)
    return World(w.profile, w.mode, w.node, root, seed=w.seed, hostname=w.hostname)


FAMILIES: dict[str, Family] = {
    f.name: f
    for f in (
        Family(
            "mixed",
            "fake_sysfs's default mix: a bit of everything, as random_world draws it",
            None,
        ),
        Family(
            "idle",
            "a node doing nearly nothing: 1-5% of memory charged to cgroups, mostly free",
            Mix(budget=(0.01, 0.04), huge_p=0.05, dying_service_p=0.1, dying_pod_p=0.05),
        ),
        Family(
            "page-cache",
            "page-cache heavy: cgroups hold 5x or more file pages than anon, much of it inactive",
            Mix(budget=(0.5, 0.35), anon=(0.0, 0.12)),
        ),
        Family(
            "anon",
            "anon heavy: cgroups hold mostly anonymous memory (85-100% of their charges)",
            Mix(budget=(0.5, 0.35), anon=(0.85, 0.15)),
        ),
        Family(
            "inactive-anon",
            "lots of anon on the inactive list (the upstream issue's case: total - free counts "
            "inactive anon that anon + file - inactive_file does not)",
            Mix(
                budget=(0.2, 0.4),
                anon=(0.5, 0.5),
                anon_active=(0.0, 0.08),
                shmem=(0.0, 0.05, 0.6),
            ),
            # few pods draw few leaves, and the budget's unused shares stay free (about 1 seed
            # in 3000 then holds less than 1% of MemTotal as inactive anon: seed 953)
            accept=lambda w: w.accounting.inactive_anon >= 0.01 * w.node.mem_total,
        ),
        Family(
            "shmem",
            "shmem/tmpfs heavy: 35-90% of the page cache is shmem (on the anon LRU, in Cached)",
            Mix(budget=(0.2, 0.4), anon=(0.0, 0.4), shmem=(0.35, 0.55, -1.0)),
        ),
        Family(
            "kernel",
            "slab/kernel heavy: large charged slab and node-level slab, little user memory",
            Mix(budget=(0.05, 0.2), kmem_scale=8.0, node_slab=(0.06, 0.1)),
        ),
        Family(
            "swap",
            "swap in use: the node has swap and its cgroups have swapped out 5-60% of their anon",
            Mix(
                budget=(0.2, 0.4),
                swap_p=1.0,
                swap_total=(0.5, 0.75),
                cgroup_swap_p=1.0,
                swap_out=(0.05, 0.55),
            ),
        ),
        Family(
            "hugetlb",
            "hugetlb pools reserved: 5-20% of memory in huge pages, used or free",
            Mix(budget=(0.05, 0.4), huge_p=1.0, huge=(0.05, 0.15)),
        ),
        Family(
            "dying",
            "dying cgroups (removed, still charged) holding page cache: a removed unit and a "
            "deleted pod, each with 10-40% of the budget",
            Mix(
                dying_service_p=1.0,
                dying_service=(0.1, 0.3),
                dying_pod_p=1.0,
                dying_pod=(0.1, 0.3),
                dying_file_only=True,
            ),
        ),
        Family(
            "deleted-file",
            "a cgroup right after deleting a large file: statistics still count it, so "
            "inactive_file > usage there (working set clamped at 0) and at the root stale",
            Mix(budget=(0.03, 0.3)),
            deleted_file,
        ),
        Family(
            "stale",
            "stale per-CPU statistics, vmstat drift in /proc/meminfo, and every CPU's charge "
            "stock held (usage above the sum of the statistics)",
            Mix(stock_p=1.0, stock=(0.5, 0.5)),
            stale_counters,
        ),
        Family(
            "mglru",
            "the multi-gen LRU on (6.1+: lru_gen/enabled=7): page cache inactive, anon active "
            "(as the kernel lab measured), or, on a node under reclaim, inactive_file 0; "
            "before 6.1 the classic LRU on the same mix",
            Mix(budget=(0.2, 0.4), anon=(0.2, 0.6), lru_gen=True),
            mglru_generations,
        ),
        Family(
            "zram",
            "swap on zram: cgroups swapped out 10-60% of their anon, compressed 2-4x into a "
            "pool charged to no memcg (in MemTotal - MemFree, no meminfo line), no zswap",
            Mix(
                budget=(0.2, 0.4),
                swap_p=1.0,
                swap_total=(0.5, 1.0),
                cgroup_swap_p=1.0,
                swap_out=(0.1, 0.5),
                zram=(2.0, 2.0),
            ),
        ),
        Family(
            "hugetlb-heavy",
            "hugetlb pools of 25-60% of memory (2 MiB pages, or 1 GiB pages on nodes of 16 GiB "
            "and more), used and free: hugepages dominate allocatable",
            Mix(budget=(0.03, 0.22), huge_p=1.0, huge=(0.25, 0.35), huge_1g_p=0.3),
        ),
        Family(
            "thp-heavy",
            "transparent huge pages: 70-98% of the PMD-mappable anon and shmem in THPs, and "
            "2-12% of the anon in the unmapped tails of partly unmapped THPs (deferred split)",
            Mix(
                budget=(0.2, 0.4),
                anon=(0.6, 0.4),
                shmem=(0.0, 0.4, 0.7),
                thp=(0.7, 0.28),
                thp_tails=(0.02, 0.1),
            ),
        ),
    )
}


def _quirk_rng(seed: int) -> random.Random:
    # a stream of its own, never random_world's (which is random.Random(seed))
    return random.Random((seed * 0x9E3779B97F4A7C15 + 0x5EED) & 0xFFFFFFFFFFFFFFFF)


def _redraw_seed(seed: int, attempt: int) -> int:
    return (seed * 0x2545F4914F6CDD1D + attempt * 0x9E3779B97F4A7C15) & 0x7FFFFFFFFFFFFFFF


MAX_REDRAWS = 64

# the families a hostile state starts from: the twelve before mglru, so that a saved hostile
# state (`--scenario hostile --seed N`) replays the same base world as when it was run
HOSTILE_BASES: tuple[str, ...] = tuple(FAMILIES)[: tuple(FAMILIES).index("stale") + 1]


def build(name: str, seed: int) -> World:
    """The World of family `name` for `seed` (redrawn from a derived seed while the family's
    `accept` refuses it: still a pure function of (name, seed))."""
    fam = FAMILIES[name]
    w = random_world(seed, max_pods=MAX_PODS, mix=fam.mix)
    attempt = 0
    while fam.accept is not None and not fam.accept(w):
        attempt += 1
        if attempt > MAX_REDRAWS:
            raise RuntimeError(f"family {name!r}: no acceptable world for seed {seed}")
        w = random_world(_redraw_seed(seed, attempt), max_pods=MAX_PODS, mix=fam.mix)
    if fam.quirk is not None:
        w = fam.quirk(w, _quirk_rng(seed))
    return w
