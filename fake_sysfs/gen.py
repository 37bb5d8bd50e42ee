"""Seeded random worlds: `random_world(seed)` is a valid World, the same one for the same seed.

This is the simulator's hot path (about 1000 states per second per core end to end), so it uses
one `random.Random(seed)` and plain arithmetic, no hypothesis. Sizes are drawn as a budget of the
node's memory and split over the cgroups, so MemFree stays well above zero by construction;
tests/fake_sysfs/test_properties.py checks validity over many seeds and every profile.

Shape (kernel.md §5.1, issue 2 §2): the root (kthreads' page cache and a few root tasks),
system.slice with services, kubepods.slice -> burstable/besteffort -> pods -> containers,
guaranteed pods directly under kubepods.slice, and sometimes dying cgroups still holding charges.
"""

from __future__ import annotations

import random

from fake_sysfs.model import Cgroup, Limits, Memory, Node, World
from fake_sysfs.profiles import (
    CGROUP_MODES,
    HPAGE_PMD_NR,
    PAGE_SIZE,
    PROFILES,
    CgroupMode,
    KernelProfile,
    get_profile,
)

_PROFILE_LIST = tuple(PROFILES.values())
_CPUS = (2, 2, 4, 4, 8, 8, 16, 32, 64)
_MEM_GIB = (2, 4, 8, 8, 16, 16, 32, 64, 128, 256)
_SERVICES = (
    "containerd.service",
    "kubelet.service",
    "systemd-journald.service",
    "sshd.service",
    "systemd-udevd.service",
    "dbus.service",
)
_NO_LIMITS = Limits()


class _Gen:
    """One world's draws. Every method is deterministic given the rng state."""

    def __init__(self, rng: random.Random, p: KernelProfile, n: Node, swap: bool) -> None:
        self.rng = rng
        self.r = rng.random
        self.p = p
        self.node = n
        self.swap = swap
        self.pid = 1000
        self.stock_slots = n.nr_cpus  # each CPU caches the charges of one memcg
        self.hugetlb_left = (
            (n.hugepages_total - n.hugepages_free) * (n.hugepage_kb // 4)
            if p.memory_hugetlb_accounting
            else 0
        )
        self.zswap_b = 0
        self.swap_out = 0

    def procs(self, k: int) -> tuple[int, ...]:
        start = self.pid + 1 + int(self.r() * 50)
        self.pid = start + k
        return tuple(range(start, start + k))

    def charges(self, size: int, *, kernel: bool = True, buffers: bool = False) -> Memory:
        """Charges of one cgroup of about `size` pages of user memory."""
        r = self.r
        p = self.p
        anon = int(size * r())
        file = size - anon
        # anon: lazyfree, unmapped (THP tails), mlocked parts; anon_thp within the mapped part
        lazyfree = int(anon * 0.1 * r()) if r() < 0.2 else 0
        unmapped = int(anon * 0.08 * r()) if p.config_thp and r() < 0.3 else 0
        mlocked_anon = int(anon * 0.05 * r()) if r() < 0.1 else 0
        mapped = anon - lazyfree - unmapped - mlocked_anon
        anon_active = int(mapped * r())
        anon_inactive = mapped - anon_active
        thp = (
            (int(mapped * 0.6 * r()) // HPAGE_PMD_NR * HPAGE_PMD_NR)
            if p.config_thp and r() < 0.3
            else 0
        )
        # file: shmem on the anon LRU, the rest on the file LRU (some unevictable)
        shmem = int(file * 0.3 * r()) if r() < 0.4 else 0
        shmem_active = int(shmem * r())
        unevictable_file = int(file * 0.02 * r()) if r() < 0.1 else 0
        mlocked_file = int(file * 0.02 * r()) if r() < 0.1 else 0
        lru_file = file - shmem - unevictable_file - mlocked_file
        file_active = int(lru_file * r())
        file_inactive = lru_file - file_active
        file_pages = file - 0  # every page above is page cache
        f = r()
        m = dict(
            anon_active=anon_active,
            anon_inactive=anon_inactive,
            anon_unmapped=unmapped,
            lazyfree=lazyfree,
            mlocked_anon=mlocked_anon,
            anon_thp=thp if thp <= anon_active + anon_inactive else 0,
            shmem_active=shmem_active,
            shmem_inactive=shmem - shmem_active,
            file_active=file_active,
            file_inactive=file_inactive,
            mlocked_file=mlocked_file,
            unevictable_file=unevictable_file,
            file_mapped=int(file_pages * 0.3 * f),
            dirty=int(file_pages * 0.1 * r()),
            writeback=int(file_pages * 0.01 * r()) if r() < 0.2 else 0,
            pgfault=int(anon * (1 + 3 * f)) + int(r() * 1000),
            pgmajfault=int(file * 0.01 * r()),
            pgpgin=size + int(size * r()),
            pgactivate=int((anon_active + file_active) * r()),
            workingset_refault_file=int(file * 0.05 * r()) if r() < 0.3 else 0,
            workingset_activate_file=int(file * 0.01 * r()) if r() < 0.2 else 0,
            thp_fault_alloc=thp // HPAGE_PMD_NR,
            pglazyfree=lazyfree,
        )
        m["pgpgout"] = m["pgpgin"] - size
        if buffers:
            m["buffers"] = int(lru_file * 0.2 * r())
        if p.config_thp and r() < 0.1:
            m["file_thp"] = int(lru_file * 0.5 * r()) // HPAGE_PMD_NR * HPAGE_PMD_NR
        if shmem and p.config_thp and r() < 0.1:
            m["shmem_thp"] = int(shmem * r()) // HPAGE_PMD_NR * HPAGE_PMD_NR
        if self.swap and r() < 0.4:
            sc_mapped = int((anon_active + anon_inactive) * 0.02 * r())
            sc_unmapped = int(anon * 0.02 * r())
            out = sc_mapped + sc_unmapped + int(anon * 0.2 * r())
            m.update(swapcache_mapped=sc_mapped, swapcache_unmapped=sc_unmapped, swap_out=out)
            m["pswpout"] = out + int(out * r())
            m["pswpin"] = int(m["pswpout"] * r() * 0.5)
            m["workingset_refault_anon"] = int(out * r() * 0.2)
            if kernel and p.config_zswap and r() < 0.3:
                zs = int(out * r())
                m.update(zswapped=zs, zswap_b=zs * int(800 + 2000 * r()), zswpout=zs)
                self.zswap_b += m["zswap_b"]
            self.swap_out += out
        if kernel and p.kmem_accounting:
            slab_r = int(size * PAGE_SIZE * 0.04 * r())
            slab_u = int(size * PAGE_SIZE * 0.01 * r())
            if not p.slab_in_bytes:  # page-granular before 5.9
                slab_r -= slab_r % PAGE_SIZE
                slab_u -= slab_u % PAGE_SIZE
            m.update(
                slab_reclaimable_b=slab_r,
                slab_unreclaimable_b=slab_u,
                kernel_stack_kb=16 * (1 + int(r() * 40)),
                pagetables=1 + anon // 400,
                percpu_b=int(r() * 30000) // 8 * 8,
                vmalloc=int(r() * 32) if r() < 0.3 else 0,
                other_kmem=int(r() * 64) if r() < 0.3 else 0,
                sock=int(r() * 256) if r() < 0.3 else 0,
            )
            if p.meminfo_sec_pagetables and r() < 0.02:
                m["sec_pagetables"] = int(r() * 512)
        if self.stock_slots and r() < 0.3:
            self.stock_slots -= 1
            m["stock"] = int(r() * p.memcg_charge_batch)
        if self.hugetlb_left and r() < 0.3:
            h = int(self.hugetlb_left * r())
            m["hugetlb"] = h
            self.hugetlb_left -= h
        return Memory(**m)

    def limits(self, usage_pages: int, limited: bool) -> Limits:
        r = self.r
        peak = int(usage_pages * PAGE_SIZE * 0.3 * r()) // PAGE_SIZE * PAGE_SIZE
        if not limited:
            return Limits(peak_extra_b=peak) if peak else _NO_LIMITS
        # usually above usage; now and then a freshly lowered v2 max sits below it (kernel.md §5.3.7)
        factor = 1.05 + 2 * r() if r() > 0.02 else 0.9
        lim = (int(usage_pages * factor) + 256) * PAGE_SIZE
        events = {}
        if r() < 0.1:
            events = dict(failcnt=int(r() * 1000))
        return Limits(
            max_b=lim,
            memsw_limit_b=lim if r() < 0.5 else None,
            peak_extra_b=min(peak, max(lim - usage_pages * PAGE_SIZE, 0)),
            **events,
        )


def _usage(m: Memory) -> int:
    """Charged pages of one cgroup, whichever view counts more (v2 adds sock and hugetlb)."""
    return m.charged_anon + m.file_pages + m.kmem + m.sock + m.stock + m.hugetlb


def _leaf(
    g: _Gen, name: str, size: int, limited: bool, nprocs: int, numa: int
) -> tuple[Cgroup, int]:
    m = g.charges(size)
    u = _usage(m)
    return Cgroup(name, m, g.limits(u, limited), (), False, g.procs(nprocs), numa), u


def _parent(
    g: _Gen, name: str, children: list[tuple[Cgroup, int]], limited: bool, own: Memory | None = None
) -> tuple[Cgroup, int]:
    u = sum(c[1] for c in children) + (_usage(own) if own else 0)
    lim = g.limits(u, limited) if limited or g.r() < 0.5 else _NO_LIMITS
    return Cgroup(name, own or Memory(), lim, tuple(c[0] for c in children)), u


def random_world(
    seed: int,
    profile: KernelProfile | str | None = None,
    mode: CgroupMode | None = None,
    *,
    max_pods: int = 4,
) -> World:
    """A random valid World for `seed` (kernel profile and cgroup mode drawn too unless given)."""
    rng = random.Random(seed)
    r = rng.random
    p = (
        get_profile(profile)
        if profile is not None
        else _PROFILE_LIST[int(r() * len(_PROFILE_LIST))]
    )
    if mode is None:
        mode = CGROUP_MODES[int(r() * 3)]
    # boot options that vary between machines with the same kernel
    x = r()
    if not p.swap_accounting and x < 0.5:
        p = p.with_(swap_accounting=True)  # swapaccount=1
    elif not p.v1_use_hierarchy_forced and x > 0.97:
        p = p.with_(v1_use_hierarchy=False)  # no systemd to turn it on
    elif p.v2_stat_layout == "6.18" and x > 0.9:
        p = p.with_(memory_hugetlb_accounting=True)

    cpus = _CPUS[int(r() * len(_CPUS))]
    mem_total = _MEM_GIB[int(r() * len(_MEM_GIB))] * 262144 - int(r() * 65536)
    numa = 2 if cpus >= 16 and r() < 0.5 else 1
    swap = r() < 0.4
    huge = int(mem_total * 0.1 * r()) // 512 if r() < 0.2 else 0
    huge_free = int(huge * r())
    node = Node(
        mem_total=mem_total,
        nr_cpus=cpus,
        numa_nodes=numa,
        slab_reclaimable=int(mem_total * 0.02 * r()),
        slab_unreclaimable=int(mem_total * 0.01 * r()),
        kernel_stack_kb=16 * (200 + int(r() * 100) + cpus * 8),
        pagetables=int(256 + 1024 * r()),
        percpu=cpus * (16 + int(r() * 64)),
        vmalloc=int(2048 + 8192 * r()),
        misc_reclaimable=int(r() * 256),
        zswap_pool=0,
        pcp_free=cpus * int(r() * 256),
        untracked=int(mem_total * 0.01 * r()),
        balloon=int(mem_total * 0.05 * r()) if p.meminfo_balloon and r() < 0.1 else 0,
        file_uncharged=int(r() * 2048),
        hugepages_total=huge,
        hugepages_free=huge_free,
        hugepages_rsvd=int(huge_free * r() * 0.5),
        swap_total=int(mem_total * (0.25 + 0.75 * r())) if swap else 0,
        swap_other=int(r() * 512) if swap else 0,
        committed_as=int(mem_total * (0.1 + r())),
        wmark_low=max(mem_total // 700, 128),
        totalreserve=max(mem_total // 300, 256),
    )
    g = _Gen(rng, p, node, swap)

    # split a budget of the node's memory over the leaves
    budget = int(mem_total * (0.05 + 0.55 * r()))
    nb, ne, ng = int(r() * (max_pods + 1)), int(r() * 3), int(r() * 3)
    weights = [r() + 0.05 for _ in range(5 + nb + ne + ng)]
    scale = budget / sum(weights)
    sizes = iter([int(w * scale) for w in weights])

    def pick_numa() -> int:
        return int(r() * numa)

    services = [
        _leaf(g, name, next(sizes) // 3, r() < 0.3, 1 + int(r() * 8), pick_numa())
        for name in _SERVICES[: 1 + int(r() * 3)]
    ]
    if r() < 0.3:  # a removed unit whose page cache is still charged
        dead = Cgroup(
            f"run-r{rng.getrandbits(32):08x}.scope", g.charges(int(r() * 2048)), dying=True
        )
        services.append((dead, _usage(dead.memory)))
    system = _parent(g, "system.slice", services, False)

    def pod(qos: str, size: int, dying: bool = False) -> tuple[Cgroup, int]:
        uid = f"{rng.getrandbits(128):032x}"
        uid = f"{uid[:8]}_{uid[8:12]}_{uid[12:16]}_{uid[16:20]}_{uid[20:]}"
        name = (
            f"kubepods-{qos}-pod{uid}.slice" if qos != "guaranteed" else f"kubepods-pod{uid}.slice"
        )
        k = 1 + int(r() * 2)
        limited = qos != "besteffort"
        nprocs = 0 if dying else 1
        ctrs = [
            _leaf(
                g,
                f"cri-containerd-{rng.getrandbits(256):064x}.scope",
                size // (k + 1) if i else size // 2,
                limited,
                nprocs * (1 + int(r() * 4)),
                pick_numa(),
            )
            for i in range(k)
        ]
        # the pause container
        pause = f"cri-containerd-{rng.getrandbits(256):064x}.scope"
        ctrs.append(_leaf(g, pause, 64 + int(r() * 128), False, nprocs, pick_numa()))
        c, u = _parent(g, name, ctrs, limited and qos == "guaranteed")
        return (Cgroup(c.name, c.memory, c.limits, c.children, True) if dying else c), u

    burstable = [pod("burstable", next(sizes)) for _ in range(nb)]
    besteffort = [pod("besteffort", next(sizes)) for _ in range(ne)]
    guaranteed = [pod("guaranteed", next(sizes)) for _ in range(ng)]
    if r() < 0.2:
        burstable.append(pod("burstable", int(r() * 8192), dying=True))
    qos = [
        _parent(g, "kubepods-burstable.slice", burstable, False),
        _parent(g, "kubepods-besteffort.slice", besteffort, False),
    ]
    kubepods = _parent(g, "kubepods.slice", qos + guaranteed, True)
    children = [system[0], kubepods[0]]
    if r() < 0.5:
        user = _leaf(g, "user-1000.slice", next(sizes) // 4, False, 3, 0)
        children.append(_parent(g, "user.slice", [user], False)[0])

    # the root's own charges: kthreads' and early-boot page cache, block-device buffers, root tasks
    root_mem = g.charges(next(sizes) // 2, kernel=False, buffers=True)._replace(stock=0, hugetlb=0)
    psi = Limits(psi_some_us=int(r() * 1e7), psi_full_us=int(r() * 1e6))
    root = Cgroup("", root_mem, psi, tuple(children), procs=tuple(range(1, 2 + int(r() * 60))))
    if g.zswap_b:
        node = node._replace(zswap_pool=-(-g.zswap_b // PAGE_SIZE) + int(r() * 256))
    return World(p, mode, node, root, seed=seed)
