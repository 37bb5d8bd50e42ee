"""Hypothesis strategies for worlds (tests only: imports hypothesis, a test dependency).

Composable in the Hypothesis style (STYLE.md §3): `profiles()`, `views()`, `memories()`,
`cgroups()`, `worlds()`, and `quirky()` on any of them (stale statistics, vmstat drift).
`seeded_worlds()` draws a seed and lets random_world build the rest, so a failure prints a seed
that `memsim world --seed N` replays.
"""

from __future__ import annotations

from hypothesis import strategies as st

from fake_sysfs.gen import random_world
from fake_sysfs.model import (
    DRIFT_FIELDS,
    DRIFT_PER_CPU,
    MEMORY_FIELDS,
    NO_CHARGES,
    STALE_FORBIDDEN,
    Cgroup,
    Limits,
    Memory,
    Node,
    World,
    cgroup,
)
from fake_sysfs.profiles import CGROUP_MODES, HPAGE_PMD_NR, PAGE_SIZE, PROFILES, KernelProfile


def profiles() -> st.SearchStrategy[KernelProfile]:
    """Every named profile, and the boot-option variants random_world also draws."""
    base = st.sampled_from(list(PROFILES.values()))
    return base | base.map(lambda p: p.with_(swap_accounting=True))


def views() -> st.SearchStrategy[str]:
    return st.sampled_from(CGROUP_MODES)


def seeded_worlds(max_pods: int = 3) -> st.SearchStrategy[World]:
    return st.builds(
        random_world,
        seed=st.integers(0, 2**32 - 1),
        profile=st.sampled_from(list(PROFILES)),
        mode=st.sampled_from(CGROUP_MODES),
        max_pods=st.just(max_pods),
    )


@st.composite
def memories(draw: st.DrawFn, profile: KernelProfile, kernel: bool = True) -> Memory:
    """Charges of one cgroup that keep every subset constraint of Memory."""
    pages = st.integers(0, 1 << 18)
    anon_active, anon_inactive = draw(pages), draw(pages)
    file_active, file_inactive = draw(pages), draw(pages)
    shmem = draw(pages)
    mapped = anon_active + anon_inactive
    thp = draw(st.integers(0, mapped // HPAGE_PMD_NR)) * HPAGE_PMD_NR if profile.config_thp else 0
    file_pages = file_active + file_inactive + shmem
    sc_mapped = draw(st.integers(0, mapped // 8))
    sc_unmapped = draw(st.integers(0, 1 << 12))
    m = dict(
        anon_active=anon_active,
        anon_inactive=anon_inactive,
        anon_unmapped=draw(st.integers(0, 1 << 12)),
        lazyfree=draw(st.integers(0, 1 << 12)),
        mlocked_anon=draw(st.integers(0, 1 << 10)),
        anon_thp=thp,
        shmem_active=shmem // 2,
        shmem_inactive=shmem - shmem // 2,
        file_active=file_active,
        file_inactive=file_inactive,
        buffers=draw(st.integers(0, file_active + file_inactive)),
        mlocked_file=draw(st.integers(0, 1 << 10)),
        unevictable_file=draw(st.integers(0, 1 << 10)),
        file_mapped=draw(st.integers(0, file_pages)),
        dirty=draw(st.integers(0, file_pages // 2)),
        writeback=draw(st.integers(0, file_pages // 2)),
        swapcache_mapped=sc_mapped,
        swapcache_unmapped=sc_unmapped,
        swap_out=sc_mapped + sc_unmapped + draw(st.integers(0, 1 << 16)),
        pgfault=draw(st.integers(0, 1 << 30)),
        pgmajfault=draw(st.integers(0, 1 << 20)),
    )
    if kernel:
        slab_r = draw(st.integers(0, 1 << 28))
        slab_u = draw(st.integers(0, 1 << 26))
        if not profile.slab_in_bytes:
            slab_r -= slab_r % PAGE_SIZE
            slab_u -= slab_u % PAGE_SIZE
        m.update(
            slab_reclaimable_b=slab_r,
            slab_unreclaimable_b=slab_u,
            kernel_stack_kb=16 * draw(st.integers(0, 1000)),
            pagetables=draw(st.integers(0, 1 << 12)),
            percpu_b=draw(st.integers(0, 1 << 20)),
            vmalloc=draw(st.integers(0, 1 << 10)),
            other_kmem=draw(st.integers(0, 1 << 10)),
            sock=draw(st.integers(0, 1 << 10)),
        )
    return Memory(**m)


@st.composite
def cgroups(draw: st.DrawFn, profile: KernelProfile, depth: int = 2, prefix: str = "c") -> Cgroup:
    """A subtree: up to three children per level, some of them dying."""
    kids = []
    if depth:
        for i in range(draw(st.integers(0, 3))):
            kid = draw(cgroups(profile, depth - 1, f"{prefix}{i}"))
            if draw(st.integers(0, 9)) == 0:
                kid = kid._replace(dying=True, procs=())
                kid = _no_procs(kid)
            kids.append(kid)
    limit = draw(st.none() | st.integers(1, 1 << 22).map(lambda n: n * PAGE_SIZE))
    return cgroup(
        prefix,
        *kids,
        memory=draw(memories(profile)),
        limits=Limits(max_b=limit),
        procs=tuple(draw(st.lists(st.integers(2, 1 << 22), max_size=3, unique=True))),
    )


def _no_procs(c: Cgroup) -> Cgroup:
    return c._replace(procs=(), children=tuple(_no_procs(k) for k in c.children))


@st.composite
def worlds(draw: st.DrawFn) -> World:
    """A world whose tree shape and charges Hypothesis draws (and shrinks) directly."""
    p = draw(profiles())
    top = draw(st.lists(cgroups(p), min_size=1, max_size=3))
    top = [c._replace(name=f"top{i}") for i, c in enumerate(top)]
    root_mem = draw(memories(p, kernel=False))
    # enough memory for all of it, with the rest free
    probe = World(p, "v2", Node(mem_total=1 << 40), Cgroup("", root_mem, children=tuple(top)))
    used = probe.node.mem_total - probe.accounting.mem_free
    mem_total = used + draw(st.integers(1 << 10, 1 << 22))
    swap_total = probe.accounting.swap_used + draw(st.integers(0, 1 << 20))
    node = Node(
        mem_total=mem_total, nr_cpus=draw(st.sampled_from([1, 2, 8])), swap_total=swap_total
    )
    return World(p, draw(views()), node, Cgroup("", root_mem, children=tuple(top)))  # type: ignore[arg-type]


_STALE_OK = tuple(f for f in MEMORY_FIELDS if f not in STALE_FORBIDDEN)


@st.composite
def quirky(draw: st.DrawFn, base: st.SearchStrategy[World]) -> World:
    """A world from `base` with kernel.md §5.4's counter quirks drawn on top: some cgroups'
    statistics stale by a signed amount (never below 0: the kernel clamps), and vmstat drift
    within its bound on the node counters meminfo shows."""
    w = draw(base)

    def stale(c: Cgroup) -> Cgroup:
        kids = tuple(stale(k) for k in c.children)
        delta = NO_CHARGES
        if draw(st.booleans()):
            fields = draw(st.lists(st.sampled_from(_STALE_OK), max_size=4, unique=True))
            m = c.memory
            delta = Memory._make(
                draw(st.integers(-getattr(m, f), 1 << 16)) if f in fields else 0
                for f in MEMORY_FIELDS
            )
        return c._replace(children=kids, stale=delta if delta != NO_CHARGES else NO_CHARGES)

    n = w.node
    bound = DRIFT_PER_CPU * n.nr_cpus * n.numa_nodes * 3
    drift = {f: draw(st.integers(-bound, bound)) for f in DRIFT_FIELDS if draw(st.booleans())}
    return World(w.profile, w.mode, n._replace(**drift), stale(w.root), seed=w.seed)
