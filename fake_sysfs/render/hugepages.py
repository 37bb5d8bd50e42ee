"""/sys/kernel/mm/hugepages: one directory per huge page size the kernel registered (an
hstate), named hugepages-<size>kB, holding its pool counters (mm/hugetlb.c hugetlb_sysfs_add_hstate,
the hstate_attrs group; each counter printed "%lu\\n").

What is rendered, for every world (meminfo always carries the HugePages_* lines, so the kernel
has hugetlb support):
- the default size only (Hugepagesize, node.hugepage_kb), even with no pages in its pool: the
  kernel registers the default hstate at boot whatever nr_hugepages is. A CPU with 1 GiB pages
  also gets hugepages-1048576kB (with 0 pages unless reserved at boot); the kernel profiles are
  VMs without them (profiles.py: "2 MiB huge pages"), so that directory is not rendered.
- nr_hugepages (the pool, surplus included: what meminfo HugePages_Total shows),
  nr_hugepages_mempolicy (CONFIG_NUMA, on in every distro x86_64 kernel; without a mempolicy it
  reads as nr_hugepages), nr_overcommit_hugepages (0: worlds do not model overcommit),
  free_hugepages, resv_hugepages, surplus_hugepages (HugePages_Free, _Rsvd, _Surp).
- no demote / demote_size: only a size that a smaller hstate can be split into has them
  (6.0+, the 1 GiB size on x86_64).
"""

from __future__ import annotations

from fake_sysfs.model import World

HUGEPAGES_DIR = "/sys/kernel/mm/hugepages"


def hugepage_dir(size_kb: int) -> str:
    return f"{HUGEPAGES_DIR}/hugepages-{size_kb}kB"


def render_hugepages(world: World) -> dict[str, bytes]:
    n = world.node
    d = hugepage_dir(n.hugepage_kb)
    counters = (
        ("free_hugepages", n.hugepages_free),
        ("nr_hugepages", n.hugepages_total),
        ("nr_hugepages_mempolicy", n.hugepages_total),
        ("nr_overcommit_hugepages", 0),
        ("resv_hugepages", n.hugepages_rsvd),
        ("surplus_hugepages", n.hugepages_surp),
    )
    return {f"{d}/{name}": b"%d\n" % value for name, value in counters}
