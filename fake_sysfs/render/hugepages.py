"""/sys/kernel/mm/hugepages: one directory per huge page size the kernel registered (an
hstate), named hugepages-<size>kB, holding its pool counters (mm/hugetlb.c hugetlb_sysfs_add_hstate,
the hstate_attrs group; each counter printed "%lu\\n").

What is rendered, for every world (meminfo always carries the HugePages_* lines, so the kernel
has hugetlb support):
- hugepages-2048kB always: hugetlb_init registers the PMD size (HUGETLB_PAGE_ORDER) whatever the
  pool, and it is the default size unless default_hugepagesz= says otherwise;
- the world's default size (Hugepagesize, node.hugepage_kb) holds the pool; when it is not
  2 MiB (default_hugepagesz=1G: node.hugepage_kb 1048576), the 2 MiB directory is there too,
  with no pages. A 1 GiB size without pages (a CPU with gbpages, nothing reserved) is not
  rendered: the kernel profiles are VMs without it (profiles.py: "2 MiB huge pages").
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


PMD_KB = 2048  # HPAGE_PMD_SIZE on x86_64: the size hugetlb_init always registers


def _pool(size_kb: int, total: int, free: int, rsvd: int, surp: int) -> dict[str, bytes]:
    d = hugepage_dir(size_kb)
    counters = (
        ("free_hugepages", free),
        ("nr_hugepages", total),
        ("nr_hugepages_mempolicy", total),
        ("nr_overcommit_hugepages", 0),
        ("resv_hugepages", rsvd),
        ("surplus_hugepages", surp),
    )
    return {f"{d}/{name}": b"%d\n" % value for name, value in counters}


def render_hugepages(world: World) -> dict[str, bytes]:
    n = world.node
    out = {} if n.hugepage_kb == PMD_KB else _pool(PMD_KB, 0, 0, 0, 0)
    out.update(
        _pool(
            n.hugepage_kb, n.hugepages_total, n.hugepages_free, n.hugepages_rsvd, n.hugepages_surp
        )
    )
    return dict(sorted(out.items()))
