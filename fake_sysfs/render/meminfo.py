"""/proc/meminfo, as meminfo_proc_show() prints it (kernel.md §1.1; L6.18 fs/proc/meminfo.c:34-171).

Line formats: show_val_kb() pads the label to 16 columns and the value to 8 ("%8lu kB"; longer
values just run on); HardwareCorrupted and the HugePages_* counters have their own formats
(mm/hugetlb.c hugetlb_report_meminfo). Field order and presence follow the profile.
"""

from __future__ import annotations

from fake_sysfs.account import NodeAccounting
from fake_sysfs.model import World
from fake_sysfs.profiles import KernelProfile

VMALLOC_TOTAL_KB = 34359738367  # x86_64 VMALLOC_TOTAL >> 10


def meminfo_fields(world: World) -> list[tuple[str, int]]:
    """(label, value in kB) in the kernel's order; HugePages_* counts are plain numbers."""
    p: KernelProfile = world.profile
    a: NodeAccounting = world.accounting
    n = world.node
    f: list[tuple[str, int]] = [
        ("MemTotal", a.mem_total * 4),
        ("MemFree", a.mem_free * 4),
        ("MemAvailable", a.mem_available * 4),
        ("Buffers", a.buffers * 4),
        ("Cached", a.cached * 4),
        ("SwapCached", a.swap_cached * 4),
        ("Active", (a.active_anon + a.active_file) * 4),
        ("Inactive", (a.inactive_anon + a.inactive_file) * 4),
        ("Active(anon)", a.active_anon * 4),
        ("Inactive(anon)", a.inactive_anon * 4),
        ("Active(file)", a.active_file * 4),
        ("Inactive(file)", a.inactive_file * 4),
        ("Unevictable", a.unevictable * 4),
        ("Mlocked", a.mlocked * 4),
        ("SwapTotal", a.swap_total * 4),
        ("SwapFree", a.swap_free * 4),
    ]
    if p.config_zswap:  # 5.19+
        f += [("Zswap", a.zswap_kb), ("Zswapped", a.zswapped * 4)]
    f += [
        ("Dirty", a.dirty * 4),
        ("Writeback", a.writeback * 4),
        ("AnonPages", a.anon_pages * 4),
        ("Mapped", a.mapped * 4),
        ("Shmem", a.shmem * 4),
    ]
    if p.meminfo_kreclaimable:  # 4.20
        f.append(("KReclaimable", a.kreclaimable * 4))
    f += [
        ("Slab", (a.sreclaimable + a.sunreclaim) * 4),
        ("SReclaimable", a.sreclaimable * 4),
        ("SUnreclaim", a.sunreclaim * 4),
        ("KernelStack", a.kernel_stack_kb),
        ("PageTables", a.pagetables * 4),
    ]
    if p.meminfo_sec_pagetables:  # 6.0
        f.append(("SecPageTables", a.sec_pagetables * 4))
    f += [
        ("NFS_Unstable", 0),
        ("Bounce", 0),
        ("WritebackTmp", 0),
        ("CommitLimit", a.commit_limit * 4),
        ("Committed_AS", a.committed_as * 4),
        ("VmallocTotal", VMALLOC_TOTAL_KB),
        ("VmallocUsed", a.vmalloc_used * 4),
        ("VmallocChunk", 0),
        ("Percpu", a.percpu * 4),
    ]
    if p.config_memory_failure:
        f.append(("HardwareCorrupted", n.hardware_corrupted_kb))
    if p.config_thp:
        f += [
            ("AnonHugePages", a.anon_thp * 4),
            ("ShmemHugePages", a.shmem_thp * 4),
            ("ShmemPmdMapped", 0),
        ]
        if p.meminfo_file_huge:  # 5.4
            f += [("FileHugePages", a.file_thp * 4), ("FilePmdMapped", 0)]
    if p.meminfo_unaccepted:  # 6.5, CONFIG_UNACCEPTED_MEMORY
        f.append(("Unaccepted", n.unaccepted * 4))
    if p.meminfo_balloon:  # 6.18
        f.append(("Balloon", n.balloon * 4))
    f += [
        ("HugePages_Total", n.hugepages_total),
        ("HugePages_Free", n.hugepages_free),
        ("HugePages_Rsvd", n.hugepages_rsvd),
        ("HugePages_Surp", n.hugepages_surp),
        ("Hugepagesize", n.hugepage_kb),
        ("Hugetlb", n.hugepages_total * n.hugepage_kb),
    ]
    f += direct_map(a.mem_total * 4, p.direct_map_1g)
    return f


def direct_map(mem_total_kb: int, gbpages: bool) -> list[tuple[str, int]]:
    """arch_report_meminfo() on x86_64: the kernel's direct mapping by page size, with the 1G
    line whenever the CPU has gbpages. Derived from MemTotal (the direct map also covers
    reserved memory, so it sums to a little more)."""
    total = (mem_total_kb * 33 // 32 + 1023) // 1024 * 1024
    k4 = min(total, max(8192, total // 512 // 4 * 4))
    rest = (total - k4) // 2048 * 2048
    if not gbpages:
        return [("DirectMap4k", k4), ("DirectMap2M", rest)]
    g1 = max(rest - 2 * 1048576, 0) // 1048576 * 1048576
    return [("DirectMap4k", k4), ("DirectMap2M", rest - g1), ("DirectMap1G", g1)]


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
    fields = meminfo_fields(world)
    # the field set depends on the profile only: keep its template on the (frozen) profile
    t: bytes | None = world.profile.__dict__.get("_meminfo_template")
    if t is None:
        t = world.profile.__dict__["_meminfo_template"] = _template(tuple([f[0] for f in fields]))
    return t % tuple([f[1] for f in fields])
