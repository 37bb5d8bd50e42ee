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
from typing import Any, NamedTuple

from fake_sysfs.model import NO_CHARGES, Cgroup, Limits, Memory, Node, World
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
_SMALL: dict[tuple[bool, bool], tuple[Memory, int]] = {}

Range = tuple[float, float]  # (lo, span): a uniform draw u becomes lo + span * u


class Mix(NamedTuple):
    """How a world's memory is mixed: the knobs scenario families turn (sim.states).

    `random_world(seed)` without a mix draws exactly as it always has (its own constants); with
    one, every draw below follows the mix instead, in the same order. Ranges are (lo, span).
    """

    budget: Range = (0.05, 0.55)  # user memory charged to cgroups, of MemTotal
    anon: Range = (0.0, 1.0)  # a cgroup's anon share of its user memory (the rest is file)
    anon_active: Range = (0.0, 1.0)  # share of its mapped anon on the active list
    shmem: tuple[float, float, float] = (-0.45, 0.75, 0.6)  # lo, span, threshold: share of file
    kmem_scale: float = 1.0  # charged slab, relative to the default
    node_slab: Range = (0.0, 0.02)  # unaccounted reclaimable slab, of MemTotal (half as much
    # unreclaimable)
    swap_p: float = 0.4  # the node has swap
    swap_total: Range = (0.25, 0.75)  # of MemTotal
    cgroup_swap_p: float = 0.4  # a cgroup has swapped out (when the node has swap)
    swap_out: Range = (0.0, 0.5)  # this share of its anon
    huge_p: float = 0.2  # the node has a hugetlb pool
    huge: Range = (0.0, 0.1)  # its size, of MemTotal
    dying_service_p: float = 0.3
    dying_service: Range = (0.0, 0.005)  # of the budget (the defaults draw up to 8 MiB)
    dying_pod_p: float = 0.2
    dying_pod: Range = (0.0, 0.02)  # of the budget (the defaults draw up to 32 MiB)
    dying_file_only: bool = False  # dying cgroups hold page cache only (their tasks' anon freed)
    stock_p: float = 0.3  # a charging cgroup holds a CPU's charge stock
    stock: Range = (0.0, 1.0)  # its size, of MEMCG_CHARGE_BATCH
    # the mglru, zram, hugetlb-heavy and thp-heavy families' knobs: each default draws nothing,
    # so the mixes above draw as before
    lru_gen: bool = False  # the multi-gen LRU turned on where the kernel has it (6.1+)
    zram: Range | None = None  # swap on zram, at this compression ratio (and no zswap)
    huge_1g_p: float = 0.0  # the hugetlb pool is of 1 GiB pages (default_hugepagesz=1G)
    thp: Range | None = None  # share of a cgroup's PMD-mappable anon (and shmem) in THPs
    thp_tails: Range = (0.0, 0.0)  # share of its anon in the unmapped tails of split THPs


class _Gen:
    """One world's draws. Every method is deterministic given the rng state."""

    def __init__(
        self, rng: random.Random, p: KernelProfile, n: Node, swap: bool, mix: Mix | None = None
    ) -> None:
        self.mix = mix
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
        self.zswap = mix is None or mix.zram is None  # zram as the swap device: no zswap
        self.thp = mix.thp if mix is not None and p.config_thp else None
        self.thp_tails = mix.thp_tails if mix is not None else (0.0, 0.0)

    def procs(self, k: int) -> tuple[int, ...]:
        start = self.pid + 1 + int(self.r() * 50)
        self.pid = start + k
        return tuple(range(start, start + k))

    def charges(
        self,
        size: int,
        *,
        kernel: bool = True,
        buffers: bool = False,
        anon_share: Range | None = None,
    ) -> tuple[Memory, int]:
        """Charges of one cgroup of about `size` pages of user memory, and the pages it charges
        to its page counter (the larger of the v1 and v2 views).

        Built as a positional list (v[_I.field] = ...) rather than keywords: this runs a dozen
        times per state in the simulator's hot path.
        """
        r = self.r
        p = self.p
        mix = self.mix
        v = [0] * _N
        x = r()
        if mix is None:
            anon = int(size * x)
        else:
            lo, span = anon_share or mix.anon
            anon = int(size * (lo + span * x))
        file = size - anon
        # anon: lazyfree, unmapped (THP tails), mlocked; anon_thp within the mapped part
        y = r()
        lazyfree = int(anon * 0.5 * (y - 0.8)) if y > 0.8 else 0
        thp_mix = self.thp
        if thp_mix is None:
            unmapped = int(anon * 0.2 * y) if p.config_thp and y < 0.3 else 0
            thp_share = 0.0
        else:  # huge pages partly unmapped (munmap, MADV_DONTNEED) wait for deferred split
            lo, span = self.thp_tails
            unmapped = int(anon * (lo + span * r()))
            thp_share = thp_mix[0] + thp_mix[1] * r()
        mlocked = int(anon * 0.5 * (0.4 - y)) if 0.3 < y < 0.4 else 0
        mapped = anon - lazyfree - unmapped - mlocked
        z = r()
        if mix is None:
            v[_I.anon_active] = active = int(mapped * z)
        else:
            v[_I.anon_active] = active = int(mapped * (mix.anon_active[0] + mix.anon_active[1] * z))
        v[_I.anon_inactive] = mapped - active
        v[_I.anon_unmapped] = unmapped
        v[_I.lazyfree] = v[_I.pglazyfree] = lazyfree
        v[_I.mlocked_anon] = mlocked
        usage = anon + file  # charged anon (mapped + unmapped) + page cache
        if thp_mix is not None:
            # a split huge page's mapped part is PTE-mapped: in AnonPages, not AnonHugePages
            # (the kernel lab's thp workload: half of every 2 MiB unmapped, AnonHugePages 0)
            pmd = max(mapped + mlocked - unmapped, 0)
            v[_I.anon_thp] = thp = int(pmd * thp_share) // HPAGE_PMD_NR * HPAGE_PMD_NR
            v[_I.thp_fault_alloc] = (thp + 2 * unmapped) // HPAGE_PMD_NR
        elif p.config_thp and z < 0.3:
            v[_I.anon_thp] = thp = int(mapped * 2 * z) // HPAGE_PMD_NR * HPAGE_PMD_NR
            v[_I.thp_fault_alloc] = thp // HPAGE_PMD_NR
        # file: shmem on the anon LRU, the rest on the file LRU (a little unevictable)
        w = r()
        if mix is None:
            shmem = int(file * 0.75 * (w - 0.6)) if w > 0.6 else 0
        else:
            lo, span, thr = mix.shmem
            shmem = int(file * (lo + span * w)) if w > thr else 0
        v[_I.shmem_active] = sa = int(shmem * y)
        v[_I.shmem_inactive] = shmem - sa
        if w < 0.1:
            v[_I.unevictable_file] = ue = int(file * 0.2 * w)
            v[_I.mlocked_file] = ml = int(file * 0.1 * w)
        else:
            ue = ml = 0
        lru = file - shmem - ue - ml
        v[_I.file_active] = fa = int(lru * x)
        v[_I.file_inactive] = lru - fa
        if p.mglru:  # young generations hold the anon and shmem, old ones the page cache
            v[_I.anon_active] = active = mapped - (mapped - active) // 10
            v[_I.anon_inactive] = mapped - active
            v[_I.anon_unmapped_active], v[_I.anon_unmapped] = unmapped, 0
            v[_I.shmem_active] = shmem - (shmem - sa) // 10
            v[_I.shmem_inactive] = (shmem - sa) // 10
            v[_I.file_active] = fa = fa // 20
            v[_I.file_inactive] = lru - fa
        v[_I.file_mapped] = int(file * 0.3 * y)
        v[_I.dirty] = int(file * 0.1 * z)
        v[_I.writeback] = int(file * 0.05 * w) if w < 0.2 else 0
        if buffers:
            v[_I.buffers] = int(lru * 0.2 * z)
        if p.config_thp and 0.5 < z < 0.55:
            v[_I.file_thp] = int(lru * 0.5 * y) // HPAGE_PMD_NR * HPAGE_PMD_NR
        if thp_mix is not None:  # tmpfs huge=always / shmem_enabled=always
            v[_I.shmem_thp] = int(shmem * thp_share) // HPAGE_PMD_NR * HPAGE_PMD_NR
        elif p.config_thp and shmem and 0.55 < z < 0.6:
            v[_I.shmem_thp] = int(shmem * y) // HPAGE_PMD_NR * HPAGE_PMD_NR
        # events
        v[_I.pgfault] = int(anon * (1 + 3 * w)) + 17
        v[_I.pgmajfault] = int(file * 0.01 * z)
        v[_I.pgpgin] = pgpgin = size + int(size * w)
        v[_I.pgpgout] = pgpgin - size
        v[_I.pgactivate] = int((active + fa) * y)
        v[_I.workingset_refault_file] = int(file * 0.05 * x) if x < 0.3 else 0
        if self.swap and w < (0.4 if mix is None else mix.cgroup_swap_p):
            sc_mapped = int((mapped - mlocked) * 0.05 * w)
            sc_unmapped = int(anon * 0.05 * w)
            if mix is None:
                out = sc_mapped + sc_unmapped + int(anon * 0.5 * w)
            else:
                share = mix.swap_out[0] + mix.swap_out[1] * w
                out = sc_mapped + sc_unmapped + int(anon * share)
            v[_I.swapcache_mapped] = sc_mapped
            v[_I.swapcache_unmapped] = sc_unmapped
            usage += sc_unmapped
            v[_I.swap_out] = out
            v[_I.pswpout] = out + int(out * x)
            v[_I.pswpin] = int(out * y)
            v[_I.workingset_refault_anon] = int(out * z * 0.2)
            if kernel and p.config_zswap and p.kmem_accounting and y < 0.3 and self.zswap:
                v[_I.zswapped] = v[_I.zswpout] = zs = int(out * z)
                v[_I.zswap_b] = zb = zs * int(800 + 2000 * x)
                self.zswap_b += zb
            self.swap_out += out
        if kernel and p.kmem_accounting:
            k = r()
            if mix is None:
                slab_r = int(size * 160 * k)  # up to 4% of the size, in bytes
                slab_u = int(size * 40 * x)
            else:
                slab_r = int(size * 160 * k * mix.kmem_scale)
                slab_u = int(size * 40 * x * mix.kmem_scale)
            if not p.slab_in_bytes:  # page-granular before 5.9
                slab_r -= slab_r % PAGE_SIZE
                slab_u -= slab_u % PAGE_SIZE
            v[_I.slab_reclaimable_b] = slab_r
            v[_I.slab_unreclaimable_b] = slab_u
            v[_I.kernel_stack_kb] = ks = 16 * (1 + int(k * 40))
            v[_I.pagetables] = pt = 1 + anon // 400
            v[_I.percpu_b] = pc = int(k * 3750) * 8
            kmem = -(-(slab_r + slab_u) // 4096) - (-pc // 4096) + ks // 4 + pt
            if k < 0.3:
                v[_I.vmalloc] = vm = int(y * 32)
                v[_I.other_kmem] = ok = int(z * 64)
                v[_I.sock] = sock = int(w * 256)
                kmem += vm + ok
                usage += sock
            if p.meminfo_sec_pagetables and k > 0.98:
                v[_I.sec_pagetables] = sp = int(x * 512)
                kmem += sp
            usage += kmem - (-v[_I.zswap_b] // 4096)
        if self.stock_slots and z > (0.7 if mix is None else 1 - mix.stock_p):
            self.stock_slots -= 1
            if mix is None:
                v[_I.stock] = st = int(x * p.memcg_charge_batch)
            else:
                v[_I.stock] = st = int((mix.stock[0] + mix.stock[1] * x) * p.memcg_charge_batch)
            usage += st
        if self.hugetlb_left and y > 0.7:
            v[_I.hugetlb] = h = int(self.hugetlb_left * x)
            self.hugetlb_left -= h
            usage += h
        return _new_memory(v), usage

    def limits(self, usage_pages: int, limited: bool) -> Limits:
        x = self.r()
        if not limited:
            if x < 0.5:
                return _NO_LIMITS  # never above its current usage (a young cgroup)
            v = _LIMITS_DEFAULTS.copy()  # positional: keyword NamedTuple calls cost more
            v[_L_PEAK] = int(usage_pages * 0.6 * (x - 0.5)) * PAGE_SIZE
            return tuple.__new__(Limits, v)
        peak = int(usage_pages * 0.3 * x) * PAGE_SIZE  # up to 30% above the current usage
        # usually above usage; now and then a freshly lowered v2 max sits below it (kernel.md §5.3.7)
        factor = 1.05 + 2 * x if x > 0.02 else 0.9
        lim = (int(usage_pages * factor) + 256) * PAGE_SIZE
        v = _LIMITS_DEFAULTS.copy()
        v[_L_MAX] = lim
        if x < 0.5:
            v[_L_MEMSW] = lim
        headroom = lim - usage_pages * PAGE_SIZE
        v[_L_PEAK] = peak if peak < headroom else (headroom if headroom > 0 else 0)
        if x > 0.9:
            v[_L_FAILCNT] = int(x * 10000)
        return tuple.__new__(Limits, v)

    def small(self) -> tuple[Memory, int]:
        """A pause container: a few hundred KiB of anon, a page table, one stack (the same in
        every pod, as it is on a node)."""
        key = (self.p.kmem_accounting, self.p.slab_in_bytes)
        got = _SMALL.get(key)
        if got is None:
            v = [0] * _N
            v[_I.anon_active] = 84
            v[_I.file_active] = 16
            v[_I.pgfault] = 180
            if self.p.kmem_accounting:
                v[_I.kernel_stack_kb] = 16
                v[_I.pagetables] = 3
                v[_I.slab_unreclaimable_b] = 4096 if not self.p.slab_in_bytes else 2936
            m = _new_memory(v)
            got = _SMALL[key] = (m, _usage(m))
        return got


_N = len(Memory._fields)
# field name -> its index in Memory: v[_I.anon_active]. A class with int attributes, not a
# Memory of indexes: to PyPy's JIT a class attribute is a constant, while a NamedTuple field is
# a call of PyPy's app-level operator.itemgetter (about 80 traced operations a read), which put
# charges() past the JIT's trace limit, so PyPy never compiled it. CPython reads both alike.
_I: Any = type("_I", (), {f: i for i, f in enumerate(Memory._fields)})
_L_MAX, _L_MEMSW, _L_PEAK, _L_FAILCNT = (
    Limits._fields.index(f) for f in ("max_b", "memsw_limit_b", "peak_extra_b", "failcnt")
)
_LIMITS_DEFAULTS: list[object] = list(Limits())


def _new_memory(v: list[int]) -> Memory:
    return tuple.__new__(Memory, v)


_VARIANTS: dict[tuple[KernelProfile, str, bool], KernelProfile] = {}


def _variant(p: KernelProfile, feature: str, value: bool) -> KernelProfile:
    """p.with_(feature=value), made once: equal profiles are then the same object, so the
    renderers' per-profile plans are found by identity-fast hashing."""
    key = (p, feature, value)
    got = _VARIANTS.get(key)
    if got is None:
        got = _VARIANTS[key] = p.with_(**{feature: value})
    return got


def _usage(m: Memory) -> int:
    """Charged pages of one cgroup, whichever view counts more (v2 adds sock and hugetlb)."""
    return m.charged_anon + m.file_pages + m.kmem + m.sock + m.stock + m.hugetlb


def _leaf(
    g: _Gen,
    name: str,
    size: int,
    limited: bool,
    nprocs: int,
    numa: int,
    anon_share: Range | None = None,
) -> tuple[Cgroup, int]:
    m, u = g.charges(size, anon_share=anon_share)
    return Cgroup(name, m, g.limits(u, limited), (), False, g.procs(nprocs), numa), u


def _parent(
    g: _Gen, name: str, children: list[tuple[Cgroup, int]], limited: bool, own: Memory | None = None
) -> tuple[Cgroup, int]:
    u = sum([c[1] for c in children]) + (_usage(own) if own else 0)
    lim = g.limits(u, limited) if limited or g.r() < 0.5 else _NO_LIMITS
    return Cgroup(name, own or NO_CHARGES, lim, tuple([c[0] for c in children])), u


def drawn_profile(seed: int) -> KernelProfile:
    """The kernel profile random_world(seed) draws (boot-option variants included), without
    building the world: its first three draws."""
    rng = random.Random(seed)
    r = rng.random
    p = _PROFILE_LIST[int(r() * len(_PROFILE_LIST))]
    r()  # the mode
    return _boot_options(p, r())


def _boot_options(p: KernelProfile, x: float) -> KernelProfile:
    """Boot options that vary between machines with the same kernel."""
    if not p.swap_accounting and x < 0.5:
        return _variant(p, "swap_accounting", True)  # swapaccount=1
    if not p.v1_use_hierarchy_forced and x > 0.97:
        return _variant(p, "v1_use_hierarchy", False)  # no systemd to turn it on
    if p.v2_stat_layout == "6.18" and x > 0.9:
        return _variant(p, "memory_hugetlb_accounting", True)
    return p


def random_world(
    seed: int,
    profile: KernelProfile | str | None = None,
    mode: CgroupMode | None = None,
    *,
    max_pods: int = 3,
    pause_containers: bool = False,
    mix: Mix | None = None,
) -> World:
    """A random valid World for `seed` (kernel profile and cgroup mode drawn too unless given).

    max_pods bounds the burstable pods (besteffort and guaranteed add up to one each).
    pause_containers adds each pod's sandbox container: a few hundred KiB that change no
    node-level value noticeably, off by default because the simulator's hot path pays for
    every cgroup. mix: how the memory is mixed (Mix; None: the defaults, as always drawn).
    """
    rng = random.Random(seed)
    r = rng.random
    # drawn even when given, so that random_world(s, profile=P) is random_world(s) whenever
    # the seed itself draws P: a state replays from its seed alone
    drawn_profile = _PROFILE_LIST[int(r() * len(_PROFILE_LIST))]
    drawn_mode = CGROUP_MODES[int(r() * 3)]
    p = get_profile(profile) if profile is not None else drawn_profile
    if mode is None:
        mode = drawn_mode
    p = _boot_options(p, r())
    if mix is not None and mix.lru_gen and p.version >= (6, 1) and not p.mglru:
        p = _variant(p, "mglru", True)  # lru_gen/enabled=7, as the kernel lab wrote it

    cpus = _CPUS[int(r() * len(_CPUS))]
    mem_total = _MEM_GIB[int(r() * len(_MEM_GIB))] * 262144 - int(r() * 65536)
    numa = 2 if cpus >= 16 and r() < 0.5 else 1
    huge_kb = 2048
    if mix is None:
        swap = r() < 0.4
        huge = int(mem_total * 0.1 * r()) // 512 if r() < 0.2 else 0
        huge_free = int(huge * r())
        slab_r = int(mem_total * 0.02 * r())
        slab_u = int(mem_total * 0.01 * r())
    else:
        swap = r() < mix.swap_p
        huge = 0
        if r() < mix.huge_p:
            size = int(mem_total * (mix.huge[0] + mix.huge[1] * r()))
            if mix.huge_1g_p and mem_total > 15 * 262144 and r() < mix.huge_1g_p:
                huge_kb = 1048576
                huge = -(-size // 262144)  # whole 1 GiB pages, at least the share drawn
            else:
                huge = size // 512
        huge_free = int(huge * r())
        lo, span = mix.node_slab
        slab_r = int(mem_total * (lo + span * r()))
        slab_u = int(mem_total * (lo + span * r()) / 2)
    node = Node(
        mem_total=mem_total,
        nr_cpus=cpus,
        numa_nodes=numa,
        slab_reclaimable=slab_r,
        slab_unreclaimable=slab_u,
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
        hugepage_kb=huge_kb,
        swap_total=(
            int(mem_total * (0.25 + 0.75 * r()))
            if mix is None
            else int(mem_total * (mix.swap_total[0] + mix.swap_total[1] * r()))
        )
        if swap
        else 0,
        swap_other=int(r() * 512) if swap else 0,
        committed_as=int(mem_total * (0.1 + r())),
        wmark_low=max(mem_total // 700, 128),
        totalreserve=max(mem_total // 300, 256),
    )
    g = _Gen(rng, p, node, swap, mix)

    # split a budget of the node's memory over the leaves
    if mix is None:
        budget = int(mem_total * (0.05 + 0.55 * r()))
    else:
        budget = int(mem_total * (mix.budget[0] + mix.budget[1] * r()))
    nb, ne, ng = int(r() * (max_pods + 1)), int(r() * 2), int(r() * 2)
    weights = [r() + 0.05 for _ in range(5 + nb + ne + ng)]
    scale = budget / sum(weights)
    sizes = iter([int(w * scale) for w in weights])

    def pick_numa() -> int:
        return int(r() * numa)

    services = [
        _leaf(g, name, next(sizes) // 3, r() < 0.3, 1 + int(r() * 8), pick_numa())
        for name in _SERVICES[: 1 + int(r() * 2)]
    ]
    if mix is None:
        if r() < 0.3:  # a removed unit whose page cache is still charged
            dm, du = g.charges(int(r() * 2048))
            services.append((Cgroup(f"run-r{rng.getrandbits(32):08x}.scope", dm, dying=True), du))
    elif r() < mix.dying_service_p:
        dm, du = g.charges(
            int(budget * (mix.dying_service[0] + mix.dying_service[1] * r())),
            anon_share=(0.0, 0.0) if mix.dying_file_only else None,
        )
        services.append((Cgroup(f"run-r{rng.getrandbits(32):08x}.scope", dm, dying=True), du))
    system = _parent(g, "system.slice", services, False)

    dying_anon = (0.0, 0.0) if mix is not None and mix.dying_file_only else None

    def pod(qos: str, size: int, dying: bool = False) -> tuple[Cgroup, int]:
        uid = f"{rng.getrandbits(128):032x}"
        uid = f"{uid[:8]}_{uid[8:12]}_{uid[12:16]}_{uid[16:20]}_{uid[20:]}"
        name = (
            f"kubepods-{qos}-pod{uid}.slice" if qos != "guaranteed" else f"kubepods-pod{uid}.slice"
        )
        k = 2 if r() < 0.3 else 1
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
                dying_anon if dying else None,
            )
            for i in range(k)
        ]
        if pause_containers:  # the pod's sandbox
            pause = f"cri-containerd-{rng.getrandbits(256):064x}.scope"
            pm, pu = g.small()
            ctrs.append((Cgroup(pause, pm, _NO_LIMITS, (), False, g.procs(nprocs), 0), pu))
        c, u = _parent(g, name, ctrs, limited and qos == "guaranteed")
        return (Cgroup(c.name, c.memory, c.limits, c.children, True) if dying else c), u

    burstable = [pod("burstable", next(sizes)) for _ in range(nb)]
    besteffort = [pod("besteffort", next(sizes)) for _ in range(ne)]
    guaranteed = [pod("guaranteed", next(sizes)) for _ in range(ng)]
    if mix is None:
        if r() < 0.2:
            burstable.append(pod("burstable", int(r() * 8192), dying=True))
    elif r() < mix.dying_pod_p:
        size = int(budget * (mix.dying_pod[0] + mix.dying_pod[1] * r()))
        burstable.append(pod("burstable", size, dying=True))
    qos = [
        _parent(g, "kubepods-burstable.slice", burstable, False),
        _parent(g, "kubepods-besteffort.slice", besteffort, False),
    ]
    kubepods = _parent(g, "kubepods.slice", qos + guaranteed, True)
    children = [system[0], kubepods[0]]
    if r() < 0.3:
        user = _leaf(g, "user-1000.slice", next(sizes) // 4, False, 3, 0)
        children.append(_parent(g, "user.slice", [user], False)[0])

    # the root's own charges: kthreads' and early-boot page cache, block-device buffers, root tasks
    root_mem = g.charges(next(sizes) // 2, kernel=False, buffers=True)[0]._replace(
        stock=0, hugetlb=0
    )
    psi = Limits(psi_some_us=int(r() * 1e7), psi_full_us=int(r() * 1e6))
    root = Cgroup("", root_mem, psi, tuple(children), procs=tuple(range(1, 2 + int(r() * 60))))
    if g.zswap_b:
        node = node._replace(zswap_pool=-(-g.zswap_b // PAGE_SIZE) + int(r() * 256))
    if mix is not None and mix.zram is not None and swap:
        # every swap slot in use holds a compressed page in zram's pool (zsmalloc pages)
        ratio = mix.zram[0] + mix.zram[1] * r()
        node = node._replace(zram_pool=int((g.swap_out + node.swap_other) / ratio))
    return World(p, mode, node, root, seed=seed)
