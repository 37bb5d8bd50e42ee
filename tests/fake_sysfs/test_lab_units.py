"""fake_sysfs.lab's parts that need no QEMU: workloads, the initramfs writer, module order,
zoneinfo, names, and the profiles the lab added (6.12, 7.2, no v1 memory controller, MGLRU)."""

from __future__ import annotations

import gzip
import shutil
import subprocess
from pathlib import Path

import pytest

import fake_sysfs
from fake_sysfs import get_profile, random_world, render
from fake_sysfs.lab import guest
from fake_sysfs.lab.corpus import parse_name
from fake_sysfs.lab.fit import zoneinfo
from fake_sysfs.lab.workloads import MODES, WORKLOADS, workload
from fake_sysfs.profiles import KNOWN, PROFILES


def test_every_required_workload_is_declared() -> None:
    # the list: anon, file cache, shmem/tmpfs, a mix, swap, hugetlb pool, THP, MGLRU on/off
    assert set(WORKLOADS) >= {
        "anon", "file", "shmem", "mix", "swap", "hugetlb", "thp", "mglru-on", "mglru-off",
    }  # fmt: skip
    sw = workload("swap")
    assert sw.swap_mib and sw.max_mib and sw.max_mib < sw.anon_mib
    assert workload("hugetlb").hugepages * 2 >= workload("hugetlb").hugetlb_mib
    assert workload("mglru-on").lru_gen == "7" and workload("mglru-off").lru_gen == "0"
    with pytest.raises(ValueError, match="unknown lab workload 'nope'"):
        workload("nope")


def test_the_command_line_is_the_whole_declaration() -> None:
    w = workload("mix")
    v1, v2 = w.cmdline("v1"), w.cmdline("v2")
    assert v1[0] == "kl.mode=v1" and v2[0] == "kl.mode=v2" and v1[1:] == v2[1:]
    assert v2[-1] == (
        "kl.wl=--seed,1,--file,/mnt/data/file,--file-mib,200,--reread-mib,100,"
        "--shm,/dev/shm/blob,--shm-mib,100,--anon-mib,300"
    )
    assert "kl.swap=1" in workload("swap").cmdline("v2") and "kl.max=192" in workload(
        "swap"
    ).cmdline("v2")
    assert w.with_seed(9).cmdline("v2")[-1].startswith("kl.wl=--seed,9,")
    assert (
        len(" ".join(max((x.cmdline(m) for x in WORKLOADS.values() for m in MODES), key=len)))
        < 2048
    )
    with pytest.raises(ValueError, match="mode must be one of"):
        w.cmdline("hybrid")


def test_cpio_is_newc_that_cpio_reads(tmp_path: Path) -> None:
    c = guest.Cpio()
    c.dir("bin")
    c.file("bin/x", b"hello", 0o755)
    c.chardev("console", 5, 1)
    data = c.finish()
    assert data.startswith(b"070701") and len(data) % 4 == 0 and b"TRAILER!!!" in data
    if shutil.which("cpio") is None:
        pytest.skip("no cpio to read the archive back")
    out = subprocess.run(
        ["cpio", "-itv", "--quiet"], input=data, capture_output=True, check=True
    ).stdout.decode()
    names = [line.split()[-1] for line in out.splitlines()]
    assert names == ["bin", "bin/x", "console"]
    assert out.splitlines()[1].startswith("-rwxr-xr-x") and out.splitlines()[2].startswith("crw-")


def test_module_order_puts_dependencies_first(tmp_path: Path) -> None:
    d = tmp_path / "lib/modules/9.9.9"
    d.mkdir(parents=True)
    (d / "modules.dep").write_text(
        "kernel/fs/ext4/ext4.ko.xz: kernel/fs/mbcache.ko.xz kernel/fs/jbd2/jbd2.ko.xz kernel/lib/crc16.ko.xz\n"
        "kernel/fs/mbcache.ko.xz:\nkernel/fs/jbd2/jbd2.ko.xz:\nkernel/lib/crc16.ko.xz:\n"
        "kernel/drivers/block/virtio_blk.ko.xz:\nkernel/crypto/crc32c_generic.ko.xz:\n"
    )
    (d / "modules.builtin").write_text("kernel/drivers/virtio/virtio_pci.ko\n")
    got = [p.name for p in guest.module_order(d, "9.9.9")]
    assert got == [
        "virtio_blk.ko.xz", "mbcache.ko.xz", "jbd2.ko.xz", "crc16.ko.xz", "ext4.ko.xz",
        "crc32c_generic.ko.xz",
    ]  # fmt: skip
    (d / "modules.builtin").write_text("")
    with pytest.raises(
        guest.GuestError, match=r"virtio_pci is neither in modules\.dep nor built in"
    ):
        guest.module_order(d, "9.9.9")


ZONEINFO = b"""Node 0, zone      DMA
  pages free     3776
        min      86
        low      107
        high     128
        managed  3840
        protection: (0, 1940, 1940, 1940, 1940)
  pagesets
    cpu: 0
              count: 5
Node 0, zone    DMA32
  pages free     332788
        min      11177
        low      13971
        high     16765
        managed  499252
        protection: (0, 0, 0, 0, 0)
  pagesets
    cpu: 0
              count: 1753
Node 0, zone   Normal
  pages free     0
        min      0
        low      0
        high     0
        managed  0
        protection: (0, 0, 0, 0, 0)
"""


def test_zoneinfo_gives_watermarks_reserve_and_per_cpu_pages() -> None:
    z = zoneinfo(ZONEINFO)
    assert (z.low, z.pcp, z.cpus, z.nodes) == (107 + 13971, 1758, 1, 1)
    # calculate_totalreserve_pages(): max(lowmem_reserve) + high per zone, capped at managed
    assert z.reserve == (1940 + 128) + 16765 + 0


def test_lab_names() -> None:
    n = parse_name("lab/6.12-memcgv1/mix/loaded-v1")
    assert n is not None and (n.kernel, n.workload, n.moment, n.mode) == (
        "6.12-memcgv1",
        "mix",
        "loaded",
        "v1",
    )
    assert n.pair == "6.12-memcgv1/mix/loaded"
    nomem = parse_name("6.12/mix/exited-v1nomem.tar.gz")
    assert nomem is not None and nomem.pair is None
    assert parse_name("lab/6.1/mix") is None and parse_name("v1-kernel6.18/0-idle") is None


def test_lab_profiles_are_known_but_not_drawn() -> None:
    # the generator's draw list is fixed (a seed is the same world); the lab's kernels are
    # looked up by name
    assert list(PROFILES) == ["4.18-rhel8", "5.4", "5.10", "5.15", "6.1", "6.6", "6.18"]
    assert {"6.12", "7.2"} <= set(KNOWN)
    for name in ("6.12", "7.2"):
        p = get_profile(name)
        assert not p.memcg_v1 and p.mglru and p.root_usage_rule == "node"
    assert get_profile("6.1").memcg_v1 and not get_profile("6.1").mglru
    assert (
        repr(get_profile("6.12").with_(memcg_v1=True)) == "get_profile('6.12').with_(memcg_v1=True)"
    )


def test_no_v1_memory_controller_renders_no_memory_hierarchy() -> None:
    w = random_world(11, profile="6.12", mode="v2")
    v1 = render(w, "v1")
    assert not [p for p in v1.files if p.startswith("/sys/fs/cgroup/memory")]
    assert (
        "/sys/fs/cgroup/memory" not in v1.mounts and "/sys/fs/cgroup/pids/cgroup.procs" in v1.files
    )
    hy = render(w, "hybrid")
    # the memory controller stays on the unified hierarchy: its root files are there
    assert hy.read("/sys/fs/cgroup/unified/cgroup.controllers").split()[0] == "memory"
    assert (
        hy.files["/sys/fs/cgroup/unified/memory.stat"]
        == render(w, "v2").files["/sys/fs/cgroup/memory.stat"]
    )
    built = random_world(11, profile=get_profile("6.12").with_(memcg_v1=True), mode="v2")
    assert "/sys/fs/cgroup/memory/memory.usage_in_bytes" in render(built, "v1").files


def test_mglru_worlds_keep_page_cache_inactive_and_anon_active() -> None:
    classic = [random_world(s, profile=get_profile("6.12").with_(mglru=False)) for s in range(40)]
    mglru = [random_world(s, profile="6.12") for s in range(40)]

    def share(ws: list[fake_sysfs.World], a: str, b: str) -> float:
        x = sum(getattr(w.accounting.total, a) for w in ws)
        return x / max(x + sum(getattr(w.accounting.total, b) for w in ws), 1)

    assert (
        share(mglru, "file_active", "file_inactive")
        < 0.05
        < share(classic, "file_active", "file_inactive")
    )
    assert (
        share(mglru, "anon_active", "anon_inactive")
        > 0.9
        > share(classic, "anon_active", "anon_inactive")
    )
    assert all(w.accounting.total.anon_unmapped == 0 for w in mglru)


def test_initramfs_is_reproducible(tmp_path: Path) -> None:
    from fake_sysfs.lab.kernels import Kernel

    if guest.missing_host_tools():
        pytest.skip(f"cannot build a guest here: no {', '.join(guest.missing_host_tools())}")

    k = Kernel("t", "9.9.9", tmp_path / "vmlinuz", None, tmp_path / "config", ())
    a = guest.build_initramfs(k, tmp_path / "a")
    b = guest.build_initramfs(k, tmp_path / "b")
    assert a.read_bytes() == b.read_bytes()
    names = (
        subprocess.run(
            ["cpio", "-it", "--quiet"], input=gzip.decompress(a.read_bytes()), capture_output=True
        )
        .stdout.decode()
        .split()
    )
    assert {"init", "bin/busybox", "bin/workload", "lib/modules/load.list"} <= set(names)
