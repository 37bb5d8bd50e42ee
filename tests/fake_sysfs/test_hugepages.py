"""/sys/kernel/mm/hugepages: rendered for every world consistently with /proc/meminfo, served by
the in-memory FakeHost and by pyfakefs, recorded by `memsim capture`, and loaded back; captures
without it stay valid."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pyfakefs.fake_filesystem_unittest import Patcher

from fake_sysfs import (
    Mix,
    builtin_captures,
    install,
    live,
    load_capture,
    random_world,
    render,
    write_capture,
)
from fake_sysfs.render.hugepages import HUGEPAGES_DIR
from ports.go import host
from ports.go import os as goos

COUNTERS = (
    "free_hugepages",
    "nr_hugepages",
    "nr_hugepages_mempolicy",
    "nr_overcommit_hugepages",
    "resv_hugepages",
    "surplus_hugepages",
)


def _meminfo(tree) -> dict[str, int]:
    out = {}
    for line in tree.files["/proc/meminfo"].decode().splitlines():
        k, v = line.split(":", 1)
        out[k] = int(v.split()[0])
    return out


@pytest.mark.parametrize("seed", range(60))
def test_every_world_renders_the_default_size_consistent_with_meminfo(seed: int) -> None:
    w = random_world(seed)
    for view in ("v1", "hybrid", "v2"):
        for scope in ("node", "all"):
            t = render(w, view, scope=scope)  # type: ignore[arg-type]
            mi = _meminfo(t)
            d = f"{HUGEPAGES_DIR}/hugepages-{mi['Hugepagesize']}kB"
            assert t.listdir(HUGEPAGES_DIR) == [d.rsplit("/", 1)[1]]
            assert t.listdir(d) == sorted(COUNTERS)
            got = {c: int(t.files[f"{d}/{c}"]) for c in COUNTERS}
            assert all(t.files[f"{d}/{c}"].endswith(b"\n") for c in COUNTERS)
            assert got["nr_hugepages"] == mi["HugePages_Total"] == w.node.hugepages_total
            assert got["free_hugepages"] == mi["HugePages_Free"]
            assert got["resv_hugepages"] == mi["HugePages_Rsvd"]
            assert got["surplus_hugepages"] == mi["HugePages_Surp"]
            assert got["nr_hugepages_mempolicy"] == got["nr_hugepages"]
            assert got["nr_overcommit_hugepages"] == 0
            assert mi["Hugetlb"] == got["nr_hugepages"] * mi["Hugepagesize"]


def test_a_1g_default_size_keeps_the_2m_directory_with_no_pages() -> None:
    # default_hugepagesz=1G (Mix.huge_1g_p): the pool is in hugepages-1048576kB, meminfo's
    # HugePages_* describe it, and hugepages-2048kB, which hugetlb_init always registers, is empty
    seen = 0
    for seed in range(40):
        w = random_world(seed, mix=Mix(huge_p=1.0, huge_1g_p=1.0))
        if w.node.hugepage_kb != 1048576:
            continue
        seen += 1
        t = render(w, "v2", scope="node")
        mi = _meminfo(t)
        assert t.listdir(HUGEPAGES_DIR) == ["hugepages-1048576kB", "hugepages-2048kB"]
        big, small = (f"{HUGEPAGES_DIR}/hugepages-{k}kB" for k in (1048576, 2048))
        assert int(t.files[f"{big}/nr_hugepages"]) == mi["HugePages_Total"] > 0
        assert int(t.files[f"{big}/free_hugepages"]) == mi["HugePages_Free"]
        assert all(int(t.files[f"{small}/{c}"]) == 0 for c in COUNTERS)
        assert mi["Hugetlb"] == mi["HugePages_Total"] * 1048576
    assert seen > 5


def test_about_a_fifth_of_worlds_have_a_pool() -> None:
    pools = [random_world(s).node.hugepages_total > 0 for s in range(200)]
    assert 20 < sum(pools) < 70  # gen.Mix.huge_p = 0.2


def test_the_fakehost_and_pyfakefs_serve_the_directory() -> None:
    seed = next(s for s in range(100) if random_world(s).node.hugepages_total)
    t = render(random_world(seed), "v2", scope="node")
    nr = f"{HUGEPAGES_DIR}/hugepages-2048kB/nr_hugepages"
    fh = host.FakeHost(t.mounts, files=t.files)
    with host.use(fh):
        entries, err = goos.ReadDir(HUGEPAGES_DIR + "/")
        assert err is None
        assert [(e.Name(), e.IsDir()) for e in entries] == [("hugepages-2048kB", True)]
        assert goos.ReadFile(nr) == (t.files[nr], None)
        _, err = goos.ReadDir(nr)  # a file: open works, getdents does not
        assert err.Error() == f"readdirent {nr}: not a directory"
        _, err = goos.ReadDir("/sys/kernel/mm/nope")
        assert err.Error() == "open /sys/kernel/mm/nope: no such file or directory"
    with Patcher() as p:
        install(t, p.fs)
        assert sorted(os.listdir(HUGEPAGES_DIR)) == ["hugepages-2048kB"]
        with open(nr, "rb") as f:
            assert f.read() == t.files[nr]
        with host.use(host.FakeHost(t.mounts)):  # no files: Python I/O, i.e. pyfakefs
            entries, err = goos.ReadDir(HUGEPAGES_DIR + "/")
            assert err is None and [e.Name() for e in entries] == ["hugepages-2048kB"]


def test_a_capture_round_trips_it_and_old_captures_have_none(tmp_path: Path) -> None:
    t = render(random_world(10), "v1", scope="node")
    for out in (tmp_path / "c", tmp_path / "c.tar.gz"):
        write_capture(t, out)
        back = load_capture(out)
        assert {k: v for k, v in back.files.items() if k.startswith(HUGEPAGES_DIR)} == {
            k: v for k, v in t.files.items() if k.startswith(HUGEPAGES_DIR)
        }
    # the bundled recorded corpus predates the directory and still loads
    for name in builtin_captures():
        c = load_capture("builtin:" + name)
        assert not any(p.startswith(HUGEPAGES_DIR) for p in c.files)


def test_memsim_capture_records_the_pools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(live, "statfs_type", lambda path: "cgroup2fs")
    root = tmp_path / "root"
    (root / "proc").mkdir(parents=True)
    (root / "proc" / "meminfo").write_bytes(b"MemTotal: 1000 kB\nMemFree: 400 kB\n")
    (root / "sys" / "fs" / "cgroup").mkdir(parents=True)
    (root / "sys" / "fs" / "cgroup" / "memory.stat").write_bytes(b"anon 0\n")
    hp = root / "sys" / "kernel" / "mm" / "hugepages"
    for size, n in (("2048kB", "512\n"), ("1048576kB", "2\n")):
        (hp / f"hugepages-{size}").mkdir(parents=True)
        (hp / f"hugepages-{size}" / "nr_hugepages").write_bytes(n.encode())
        (hp / f"hugepages-{size}" / "free_hugepages").write_bytes(b"0\n")
    demote = hp / "hugepages-1048576kB" / "demote"
    demote.write_bytes(b"")
    demote.chmod(0o200)  # write-only, as the kernel makes it
    cap = live.capture_live(str(root))
    files = cap.tree.files
    assert files["/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages"] == b"512\n"
    assert files["/sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages"] == b"2\n"
    manifest = cap.manifest()
    read = {r["path"] for r in manifest["read"]}
    assert "/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages" in read
    if os.geteuid() != 0:  # root reads a 0200 file on a plain filesystem
        skipped = {s["path"]: s["reason"] for s in manifest["skipped"]}
        assert skipped["/sys/kernel/mm/hugepages/hugepages-1048576kB/demote"].startswith(
            "the kernel refused to read it (EACCES"
        )
    write_capture(cap.tree, tmp_path / "out", extra={live.MANIFEST: cap.manifest_bytes()})
    assert load_capture(tmp_path / "out").files == files


def test_memsim_capture_without_hugetlbfs_notes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(live, "statfs_type", lambda path: "cgroup2fs")
    root = tmp_path / "root"
    (root / "proc").mkdir(parents=True)
    (root / "proc" / "meminfo").write_bytes(b"MemTotal: 1000 kB\n")
    (root / "sys" / "fs" / "cgroup").mkdir(parents=True)
    cap = live.capture_live(str(root))
    assert not any(p.startswith(HUGEPAGES_DIR) for p in cap.tree.files)
    assert dict(cap.skipped)[HUGEPAGES_DIR] == ("directory not listed: No such file or directory")
