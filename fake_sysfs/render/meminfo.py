"""/proc/meminfo, as meminfo_proc_show() prints it (kernel.md §1.1; L6.18 fs/proc/meminfo.c:34-171).

Line formats: show_val_kb() pads the label to 16 columns and the value to 8 ("%8lu kB"; longer
values just run on); HardwareCorrupted and the HugePages_* counters have their own formats
(mm/hugetlb.c hugetlb_report_meminfo). Field order and presence follow the profile.
"""

from __future__ import annotations

from fake_sysfs.account import NodeAccounting
from fake_sysfs.model import World
from fake_sysfs.profiles import KernelProfile, plan_of

VMALLOC_TOTAL_KB = 34359738367  # x86_64 VMALLOC_TOTAL >> 10


# (label, value in kB as an expression of a: NodeAccounting and n: Node, the profile feature
# that shows the line or None), in the kernel's order; HugePages_* counts are plain numbers.
# Compiled once per profile into one function (the simulator renders a meminfo per state).
FIELDS: tuple[tuple[str, str, str | None], ...] = (
    ("MemTotal", "a.mem_total * 4", None),
    ("MemFree", "a.mem_free * 4", None),
    ("MemAvailable", "a.mem_available * 4", None),
    ("Buffers", "a.buffers * 4", None),
    ("Cached", "a.cached * 4", None),
    ("SwapCached", "a.swap_cached * 4", None),
    ("Active", "(a.active_anon + a.active_file) * 4", None),
    ("Inactive", "(a.inactive_anon + a.inactive_file) * 4", None),
    ("Active(anon)", "a.active_anon * 4", None),
    ("Inactive(anon)", "a.inactive_anon * 4", None),
    ("Active(file)", "a.active_file * 4", None),
    ("Inactive(file)", "a.inactive_file * 4", None),
    ("Unevictable", "a.unevictable * 4", None),
    ("Mlocked", "a.mlocked * 4", None),
    ("SwapTotal", "a.swap_total * 4", None),
    ("SwapFree", "a.swap_free * 4", None),
    # swap on zram has no line of its own: its pool (Node.zram_pool) is only in MemTotal - MemFree
    ("Zswap", "a.zswap_kb", "config_zswap"),  # 5.19+
    ("Zswapped", "a.zswapped * 4", "config_zswap"),
    ("Dirty", "a.dirty * 4", None),
    ("Writeback", "a.writeback * 4", None),
    ("AnonPages", "a.anon_pages * 4", None),
    ("Mapped", "a.mapped * 4", None),
    ("Shmem", "a.shmem * 4", None),
    ("KReclaimable", "a.kreclaimable * 4", "meminfo_kreclaimable"),  # 4.20
    ("Slab", "(a.sreclaimable + a.sunreclaim) * 4", None),
    ("SReclaimable", "a.sreclaimable * 4", None),
    ("SUnreclaim", "a.sunreclaim * 4", None),
    ("KernelStack", "a.kernel_stack_kb", None),
    ("PageTables", "a.pagetables * 4", None),
    ("SecPageTables", "a.sec_pagetables * 4", "meminfo_sec_pagetables"),  # 6.0
    ("NFS_Unstable", "0", None),
    ("Bounce", "0", None),
    ("WritebackTmp", "0", None),
    ("CommitLimit", "a.commit_limit * 4", None),
    ("Committed_AS", "a.committed_as * 4", None),
    ("VmallocTotal", "VMALLOC_TOTAL_KB", None),
    ("VmallocUsed", "a.vmalloc_used * 4", None),
    ("VmallocChunk", "0", None),
    ("Percpu", "a.percpu * 4", None),
    ("HardwareCorrupted", "n.hardware_corrupted_kb", "config_memory_failure"),
    ("AnonHugePages", "a.anon_thp * 4", "config_thp"),
    ("ShmemHugePages", "a.shmem_thp * 4", "config_thp"),
    ("ShmemPmdMapped", "0", "config_thp"),
    ("FileHugePages", "a.file_thp * 4", "config_thp meminfo_file_huge"),  # 5.4
    ("FilePmdMapped", "0", "config_thp meminfo_file_huge"),
    ("CmaTotal", "0", "meminfo_cma"),  # no CMA area is modelled
    ("CmaFree", "0", "meminfo_cma"),
    ("Unaccepted", "n.unaccepted * 4", "meminfo_unaccepted"),  # 6.5, CONFIG_UNACCEPTED_MEMORY
    ("Balloon", "n.balloon * 4", "meminfo_balloon"),  # 6.18
    ("GPUActive", "0", "meminfo_gpu"),  # 7.x; no GPU memory is modelled
    ("GPUReclaim", "0", "meminfo_gpu"),
    ("HugePages_Total", "n.hugepages_total", None),
    ("HugePages_Free", "n.hugepages_free", None),
    ("HugePages_Rsvd", "n.hugepages_rsvd", None),
    ("HugePages_Surp", "n.hugepages_surp", None),
    ("Hugepagesize", "n.hugepage_kb", None),
    ("Hugetlb", "n.hugepages_total * n.hugepage_kb", None),
)


class _Plan:
    """The lines one profile shows: labels, the line template and the values function."""

    def __init__(self, p: KernelProfile) -> None:
        shown = [
            (label, expr)
            for label, expr, need in FIELDS
            if need is None or all(getattr(p, f) for f in need.split())
        ]
        dm = ["DirectMap4k", "DirectMap2M"] + (["DirectMap1G"] if p.direct_map_1g else [])
        self.labels = tuple([label for label, _ in shown] + dm)
        self.template = _template(self.labels)
        body = ", ".join(expr for _, expr in shown)
        gb = bool(p.direct_map_1g)
        # our own constant expressions, compiled once per profile
        self.values = eval(
            f"lambda a, n: ({body}, *_dm(a.mem_total * 4, {gb}))",
            {"VMALLOC_TOTAL_KB": VMALLOC_TOTAL_KB, "_dm": _direct_map_values},
        )


def _plan(p: KernelProfile) -> _Plan:
    plan: _Plan = plan_of(p, "_meminfo_plan", _Plan)
    return plan


def meminfo_fields(world: World) -> list[tuple[str, int]]:
    """(label, value in kB) in the kernel's order; HugePages_* counts are plain numbers."""
    plan = _plan(world.profile)
    a: NodeAccounting = world.accounting
    return list(zip(plan.labels, plan.values(a, world.node), strict=True))


def direct_map(mem_total_kb: int, gbpages: bool) -> list[tuple[str, int]]:
    """arch_report_meminfo() on x86_64: the kernel's direct mapping by page size, with the 1G
    line whenever the CPU has gbpages. Derived from MemTotal (the direct map also covers
    reserved memory, so it sums to a little more)."""
    vals = _direct_map_values(mem_total_kb, gbpages)
    return list(zip(("DirectMap4k", "DirectMap2M", "DirectMap1G"), vals, strict=False))


def _direct_map_values(mem_total_kb: int, gbpages: bool) -> tuple[int, ...]:
    total = (mem_total_kb * 33 // 32 + 1023) // 1024 * 1024
    k4 = min(total, max(8192, total // 512 // 4 * 4))
    rest = (total - k4) // 2048 * 2048
    if not gbpages:
        return (k4, rest)
    g1 = max(rest - 2 * 1048576, 0) // 1048576 * 1048576
    return (k4, rest - g1, g1)


_SPECIAL = {
    "HardwareCorrupted": "HardwareCorrupted: %5d kB\n",
    "HugePages_Total": "HugePages_Total:   %5d\n",
    "HugePages_Free": "HugePages_Free:    %5d\n",
    "HugePages_Rsvd": "HugePages_Rsvd:    %5d\n",
    "HugePages_Surp": "HugePages_Surp:    %5d\n",
}
_TEMPLATES: dict[tuple[str, ...], bytes] = {}


def _template(labels: tuple[str, ...]) -> bytes:
    t = _TEMPLATES.get(labels)
    if t is None:
        t = _TEMPLATES[labels] = "".join(
            _SPECIAL.get(label) or f"{label + ':':<16}%8d kB\n" for label in labels
        ).encode()
    return t


def format_meminfo(fields: list[tuple[str, int]]) -> bytes:
    labels, values = zip(*fields, strict=True)
    return _template(labels) % values


def render_meminfo(world: World) -> bytes:
    plan = _plan(world.profile)
    return plan.template % plan.values(world.accounting, world.node)
