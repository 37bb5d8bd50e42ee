"""Kernel profiles: what a running kernel shows, as a set of features rather than a version number.

Vendor kernels backport features (RHEL 8's 4.18 prints KReclaimable and FileHugePages), so renderers
never compare version numbers: they ask the profile. Each profile is the one before it plus the
features its upstream release added, in the style of sqlglot dialects (STYLE.md §2): `derive` takes
only the delta, with the why in a comment. Citations are to ../shared/reference/kernel.md.

All profiles are x86_64 with 4 KiB pages, 16 KiB kernel stacks (THREAD_SIZE) and 2 MiB huge pages.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

CgroupMode = Literal["v1", "hybrid", "v2"]
CGROUP_MODES: tuple[CgroupMode, ...] = ("v1", "hybrid", "v2")

# How the v1 root memory.usage_in_bytes is computed (kernel.md §2.1).
RootUsageRule = Literal["tree_local", "hier_charged", "memcg_file_anon", "node"]

PAGE_SIZE = 4096
THREAD_SIZE_KB = 16
HPAGE_PMD_NR = 512
# PAGE_COUNTER_MAX * PAGE_SIZE: how v1 prints "unlimited" (kernel.md §2.7).
V1_UNLIMITED = 9223372036854771712


@dataclass(frozen=True)
class KernelProfile:
    """Features of one running kernel (build config, distro defaults and boot options).

    Fields are grouped by the file they change. `version` is informational (and for sorting);
    renderers only read the feature fields.
    """

    name: str
    release: str
    version: tuple[int, int]

    # ---- /proc/meminfo (kernel.md §1.1 "Field-set evolution")
    meminfo_kreclaimable: bool = False  # 4.20
    meminfo_file_huge: bool = False  # FileHugePages/FilePmdMapped, 5.4
    meminfo_vmalloc_used: bool = False  # real VmallocUsed from 5.3 (printed as 0 before)
    meminfo_sec_pagetables: bool = False  # 6.0
    meminfo_unaccepted: bool = False  # 6.5, CONFIG_UNACCEPTED_MEMORY
    meminfo_balloon: bool = False  # 6.18
    meminfo_cma: bool = False  # CmaTotal/CmaFree lines (CONFIG_CMA; the lab's sid kernel)
    meminfo_gpu: bool = False  # GPUActive/GPUReclaim lines (7.x, as the kernel lab records)
    config_zswap: bool = False  # Zswap/Zswapped lines 5.19+; memcg zswap keys and files
    config_memory_failure: bool = True  # HardwareCorrupted line (distro kernels set it)
    config_thp: bool = True  # AnonHugePages.. lines, rss_huge, anon_thp
    config_vmap_stack: bool = True  # kernel stacks also show in VmallocUsed
    direct_map_1g: bool = True

    # ---- memcg accounting semantics
    root_usage_rule: RootUsageRule = "tree_local"
    anon_is_charged: bool = True  # <=5.7: rss/anon = charged anon incl. unmapped + swap cache
    slab_in_bytes: bool = False  # 5.9: memcg slab counters in bytes (pages before)
    memcg_charge_batch: int = 32  # 64 from 6.1
    swap_accounting: bool = False  # memsw.*, swap keys, memory.swap.* (kernel.md §2.5)
    kmem_accounting: bool = True  # False = boot with cgroup.memory=nokmem
    v1_use_hierarchy: bool = True  # root use_hierarchy (systemd sets 1)
    v1_use_hierarchy_forced: bool = False  # 5.11: always reads 1, writing 0 is refused
    v1_stat_layout: Literal["4.19", "6.1", "6.18"] = "4.19"
    v1_kmem_limit_file: bool = True  # memory.kmem.limit_in_bytes is still listed in 6.18
    v1_memsw_limit_always: bool = False  # 6.18 prints hierarchical_memsw_limit unconditionally

    # ---- cgroup v2 (kernel.md §3.1, §3.2)
    v2_stat_layout: Literal[
        "4.19", "5.4", "5.8", "5.10", "5.15", "6.1", "6.6", "6.12", "6.18", "7.2"
    ] = "4.19"
    v2_root_stat: bool = False  # 5.8
    v2_numa_stat: bool = False  # 5.10
    v2_events_local: bool = False  # 5.2
    v2_swap_high: bool = False  # 5.8
    v2_peak: bool = False  # 5.19
    v2_swap_peak: bool = False  # 6.5
    v2_zswap_writeback: bool = False  # 6.8
    v2_oom_group_kill: bool = False  # memory.events oom_group_kill, 5.17
    v2_swap_events_high: bool = False  # memory.swap.events "high", with memory.swap.high
    v2_events_sock_throttled: bool = False  # memory.events "sock_throttled" (7.x, lab-recorded)
    cgroup_stat_subsys: bool = False  # cgroup.stat nr_subsys_* lines (6.11)
    psi: bool = False  # memory.pressure, 4.20 with CONFIG_PSI and psi enabled
    v2_controllers: tuple[str, ...] = ("cpu", "io", "memory", "pids")  # cpuset 5.0, hugetlb 5.6
    memory_hugetlb_accounting: bool = False  # cgroup2 mount option (6.7); adds "hugetlb" stat

    # ---- build options the kernel lab measured (fake_sysfs/lab, docs/lab.md)
    # CONFIG_MEMCG_V1 (6.11+; before, v1 came with CONFIG_MEMCG): without it there is no cgroup
    # v1 memory controller (`mount -t cgroup -o memory` fails with EINVAL), a v1 view has no
    # memory hierarchy, and on a hybrid node the memory controller stays on the unified one
    memcg_v1: bool = True
    # the multi-gen LRU on (CONFIG_LRU_GEN_ENABLED, or lru_gen/enabled written): the files are
    # the same, the split is not: anon and shmem sit in the young generations, which the
    # statistics call active, and page cache stays in the old ones, inactive however often
    # it is read (the classic LRU activates a page on its second access). The generator
    # places pages so (gen.py); recorded in the lab's mglru-on/-off workloads.
    mglru: bool = False

    def derive(
        self, name: str, release: str, version: tuple[int, int], **delta: object
    ) -> KernelProfile:
        """A later kernel: this one plus `delta`."""
        return dataclasses.replace(self, name=name, release=release, version=version, **delta)  # type: ignore[arg-type]

    def with_(self, **delta: object) -> KernelProfile:
        """The same kernel booted or built differently (e.g. swap_accounting=False)."""
        return dataclasses.replace(self, **delta)  # type: ignore[arg-type]

    def __repr__(self) -> str:
        """`get_profile('6.1')`, or `get_profile('6.1').with_(swap_accounting=False)`."""
        base = KNOWN.get(self.name)
        if base is None:
            fields = ", ".join(
                f"{f.name}={getattr(self, f.name)!r}" for f in dataclasses.fields(self)
            )
            return f"KernelProfile({fields})"
        delta = ", ".join(
            f"{f.name}={getattr(self, f.name)!r}"
            for f in dataclasses.fields(self)
            if getattr(self, f.name) != getattr(base, f.name)
        )
        return f"get_profile({self.name!r})" + (f".with_({delta})" if delta else "")


# RHEL 8: a 4.18 base with pre-5.2 memcg (tree-walking stats, root usage summed over the tree)
# and meminfo backports. Inference, flagged: RHEL 8.x meminfo shows KReclaimable, FileHugePages
# and a real VmallocUsed; swap accounting is on (RHEL sets swapaccount=1 by default).
RHEL8_4_18 = KernelProfile(
    name="4.18-rhel8",
    release="4.18.0-553.el8_10.x86_64",
    version=(4, 18),
    meminfo_kreclaimable=True,
    meminfo_file_huge=True,
    meminfo_vmalloc_used=True,
    root_usage_rule="tree_local",
    swap_accounting=True,
    v1_use_hierarchy=True,
    v2_stat_layout="4.19",
)

# 5.4 (Ubuntu 20.04 style, swapaccount off as Ubuntu ships it): hierarchical counters since 5.2,
# root usage = memcg_page_state(root, CACHE + RSS) (kernel.md §2.1).
K5_4 = RHEL8_4_18.derive(
    "5.4",
    "5.4.0-150-generic",
    (5, 4),
    root_usage_rule="hier_charged",
    swap_accounting=False,
    v2_stat_layout="5.4",
    v2_events_local=True,
    psi=True,
    v2_controllers=("cpuset", "cpu", "io", "memory", "pids"),
)

# 5.10: charge rework (5.8) makes rss/anon mapped anon and cache NR_FILE_PAGES; root memory.stat
# (5.8), memory.numa_stat (5.10), slab in bytes (5.9), memcg swap accounting on by default (5.8).
K5_10 = K5_4.derive(
    "5.10",
    "5.10.0-28-amd64",
    (5, 10),
    root_usage_rule="memcg_file_anon",
    anon_is_charged=False,
    slab_in_bytes=True,
    swap_accounting=True,
    v2_stat_layout="5.10",
    v2_root_stat=True,
    v2_numa_stat=True,
    v2_swap_high=True,
    v2_swap_events_high=True,
    v2_controllers=("cpuset", "cpu", "io", "memory", "hugetlb", "pids"),
)

# 5.15: pagetables, swapcached, file_thp/shmem_thp in v2 memory.stat; use_hierarchy forced to 1.
K5_15 = K5_10.derive(
    "5.15", "5.15.0-1034-gke", (5, 15), v2_stat_layout="5.15", v1_use_hierarchy_forced=True
)

# 6.1: SecPageTables, Zswap lines; memory.peak, zswap files; "kernel", "vmalloc" keys; v1
# workingset_refault_*; MEMCG_CHARGE_BATCH 64; memsw always on.
K6_1 = K5_15.derive(
    "6.1",
    "6.1.0-18-amd64",
    (6, 1),
    meminfo_sec_pagetables=True,
    config_zswap=True,
    memcg_charge_batch=64,
    v1_stat_layout="6.1",
    v2_stat_layout="6.1",
    v2_peak=True,
    v2_oom_group_kill=True,
)

# 6.6: root usage from the global node counters (f82a7a86dbfb, 6.5), memory.swap.peak (6.5),
# khugepaged scan/steal events.
K6_6 = K6_1.derive(
    "6.6",
    "6.6.87",
    (6, 6),
    root_usage_rule="node",
    v2_stat_layout="6.6",
    v2_swap_peak=True,
)

# 6.18: as recorded in ../shared/recorded (a Firecracker guest kernel built without
# CONFIG_MEMORY_FAILURE, so no HardwareCorrupted line). Balloon line, swapcached in v1 memory.stat,
# memory.zswap.writeback, cgroup.stat nr_subsys_*, pswpin/pgdemote_*/numa_* v2 keys.
K6_18 = K6_6.derive(
    "6.18",
    "6.18.44-fc-v595",
    (6, 18),
    meminfo_balloon=True,
    config_memory_failure=False,
    v1_stat_layout="6.18",
    v1_memsw_limit_always=True,
    v2_stat_layout="6.18",
    v2_zswap_writeback=True,
    cgroup_stat_subsys=True,
)

# 6.12 as the kernel lab records Debian trixie's (6.12.117+deb13): memory.stat adds the demotion
# and promotion, zero-page swap, zswap writeback, THP swap-out and NUMA-balancing events (6.18
# then adds the proactive-reclaim ones and pswpin/pswpout); memory.zswap.writeback (6.8);
# cgroup.stat nr_subsys_* (6.11); the Unaccepted line (CONFIG_UNACCEPTED_MEMORY). Debian
# builds it without CONFIG_MEMCG_V1 and with the multi-gen LRU on (CONFIG_LRU_GEN_ENABLED);
# the lab's own build of the same source with CONFIG_MEMCG_V1=y is .with_(memcg_v1=True): its
# v1 memory.stat has swapcached after swap (what kernel.md dates to 6.18).
K6_12 = K6_6.derive(
    "6.12",
    "6.12.117+deb13-amd64",
    (6, 12),
    v2_stat_layout="6.12",
    v1_stat_layout="6.18",  # swapcached after swap: there in 6.12 already (the lab's v1 build)
    v2_zswap_writeback=True,
    cgroup_stat_subsys=True,
    meminfo_unaccepted=True,
    v2_controllers=("cpuset", "cpu", "io", "memory", "hugetlb", "pids", "rdma", "misc"),
    memcg_v1=False,
    mglru=True,
)

# 7.2 as the kernel lab records Debian sid's (7.2.13+deb14): 6.18 plus memory.stat zswap_incomp
# and a new order of the reclaim events, memory.events sock_throttled, the CmaTotal/CmaFree
# (CONFIG_CMA), Unaccepted and GPUActive/GPUReclaim lines; a Debian build (HardwareCorrupted is
# back: CONFIG_MEMORY_FAILURE), without CONFIG_MEMCG_V1 and with the multi-gen LRU on.
K7_2 = K6_18.derive(
    "7.2",
    "7.2.13+deb14-amd64",
    (7, 2),
    config_memory_failure=True,
    meminfo_unaccepted=True,
    meminfo_cma=True,
    meminfo_gpu=True,
    v2_stat_layout="7.2",
    v2_events_sock_throttled=True,
    v2_controllers=("cpuset", "cpu", "io", "memory", "hugetlb", "pids", "rdma", "misc"),
    memcg_v1=False,
    mglru=True,
)

# The generator draws its kernels from these (a seed is the same world whatever is added
# later); KNOWN has every profile, for lookups by name (the lab's kernels, scenario families).
PROFILES: dict[str, KernelProfile] = {
    p.name: p for p in (RHEL8_4_18, K5_4, K5_10, K5_15, K6_1, K6_6, K6_18)
}
KNOWN: dict[str, KernelProfile] = {**PROFILES, **{p.name: p for p in (K6_12, K7_2)}}


def plan_of(
    p: KernelProfile,
    key: str,
    make: Callable[[KernelProfile], Any],
    shared: dict[KernelProfile, Any] | None = None,
) -> Any:
    """A renderer's per-profile plan, kept on the (frozen) profile itself under `key`: hashing
    a profile costs more than the lookup. `shared` also shares it between equal profiles."""
    plan = p.__dict__.get(key)
    if plan is None:
        if shared is None:
            plan = make(p)
        else:
            plan = shared.get(p)
            if plan is None:
                plan = shared[p] = make(p)
        p.__dict__[key] = plan
    return plan


def get_profile(name: str | KernelProfile) -> KernelProfile:
    """The one lookup: a profile by name ("6.1", "4.18-rhel8"), or the profile itself."""
    if isinstance(name, KernelProfile):
        return name
    try:
        return KNOWN[name]
    except KeyError:
        raise ValueError(f"unknown kernel profile {name!r} (known: {', '.join(KNOWN)})") from None
