"""capture_live on a hostile root laid out like /: bounded, no links followed, refusals noted.

The real machine's capture is tested in tests/fake_sysfs/test_cli.py and tests/sim/test_live.py;
here the tree is built by the test so every hostile case is certain to be there.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from fake_sysfs import live, load_capture, write_capture
from fake_sysfs.capture import MAX_FILE_BYTES

MEMINFO = b"MemTotal:       1000 kB\nMemFree:         400 kB\n"


def hostile_root(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    (root / "proc").mkdir(parents=True)
    (root / "proc" / "meminfo").write_bytes(MEMINFO)
    (root / "proc" / "vmstat").write_bytes(b"nr_free_pages 100\n")
    mem = root / "sys" / "fs" / "cgroup" / "memory"
    (mem / "pod").mkdir(parents=True)
    (mem / "memory.usage_in_bytes").write_bytes(b"4096\n")
    (mem / "memory.stat").write_bytes(b"total_inactive_file 1024\n")
    (mem / "cgroup.procs").write_bytes(b"1\n")
    (mem / "pod" / "memory.usage_in_bytes").write_bytes(b"0\n")
    (mem / "memory.force_empty").write_bytes(b"")  # write-only on a node: left out by name
    secret = tmp_path / "secret"
    secret.write_bytes(b"outside the tree\n")
    os.symlink(secret, mem / "memory.evil")  # a file link out of the tree
    os.symlink(tmp_path, mem / "escape")  # a directory link out of the tree
    (tmp_path / "memory.inside").write_bytes(b"1\n")
    os.mkfifo(mem / "memory.fifo")  # would block a plain open() forever
    with open(mem / "memory.huge", "wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    os.symlink("memory", root / "sys" / "fs" / "cgroup" / "cpu")  # as cpu -> cpu,cpuacct
    return root


@pytest.fixture
def as_tmpfs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(live, "statfs_type", lambda path: "tmpfs")


def _listing(p: Path) -> dict[str, int]:
    return {
        str(q): q.lstat().st_size if not q.is_fifo() else -1
        for q in sorted(p.rglob("*"))
        if not q.is_symlink()
    }


def test_hostile_root_is_read_bounded_without_following_links(
    tmp_path: Path, as_tmpfs: None
) -> None:
    root = hostile_root(tmp_path)
    before = _listing(tmp_path)
    cap = live.capture_live(str(root))
    assert _listing(tmp_path) == before  # capturing writes nothing
    files = cap.tree.files
    assert files["/proc/meminfo"] == MEMINFO
    assert files["/sys/fs/cgroup/memory/memory.usage_in_bytes"] == b"4096\n"
    assert files["/sys/fs/cgroup/memory/pod/memory.usage_in_bytes"] == b"0\n"
    assert not any(b"outside the tree" in d for d in files.values())
    assert not any("escape" in p or "evil" in p or "huge" in p or "fifo" in p for p in files)
    reasons = dict(cap.skipped)
    mem = "/sys/fs/cgroup/memory"
    assert reasons[f"{mem}/memory.evil"] == "symbolic link, not followed"
    assert reasons[f"{mem}/escape"] == "symbolic link, not followed"
    assert reasons["/sys/fs/cgroup/cpu"] == "symbolic link, not followed"
    assert reasons[f"{mem}/memory.fifo"] == "not a regular file (device, fifo or socket)"
    assert reasons[f"{mem}/memory.huge"] == f"over the {MAX_FILE_BYTES}-byte cap"
    assert reasons["/proc/zoneinfo"] == "No such file or directory"
    assert cap.by_name == [f"{mem}/memory.force_empty"]


def test_manifest_is_written_and_loads_back(tmp_path: Path, as_tmpfs: None) -> None:
    cap = live.capture_live(str(hostile_root(tmp_path)))
    for out in (tmp_path / "out", tmp_path / "out.tar.gz"):
        write_capture(cap.tree, out, extra={live.MANIFEST: cap.manifest_bytes()})
        t = load_capture(out)
        assert t.files == cap.tree.files
    m = json.loads((tmp_path / "out" / "manifest.json").read_bytes())
    assert m["memsim"] == "capture" and m["fstype"] == "tmpfs"
    assert {r["path"] for r in m["read"]} == set(cap.tree.files)
    assert sum(r["bytes"] for r in m["read"]) == sum(map(len, cap.tree.files.values()))
    skipped = {s["path"]: s["reason"] for s in m["skipped"]}
    assert skipped["/sys/fs/cgroup/memory/memory.force_empty"] == live.SKIPPED_BY_NAME
    assert skipped["/sys/fs/cgroup/memory/memory.evil"] == "symbolic link, not followed"


def test_a_broken_manifest_is_refused(tmp_path: Path, as_tmpfs: None) -> None:
    cap = live.capture_live(str(hostile_root(tmp_path)))
    out = write_capture(cap.tree, tmp_path / "out", extra={live.MANIFEST: b"{not json"})
    with pytest.raises(ValueError, match=r"manifest\.json: not JSON"):
        load_capture(out)
    with pytest.raises(ValueError, match=r"extra files are manifest\.json"):
        write_capture(cap.tree, tmp_path / "o2", extra={"payload.sh": b"x"})


def test_the_kernel_refusing_a_read_is_noted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # EINVAL/EPERM come from the kernel on read, not on open: cgroup files that exist but
    # cannot be read (memory.kmem.slabinfo without slab accounting, a write-only file as root)
    import errno

    real_read = os.read
    bad = str(tmp_path / "root" / "sys" / "fs" / "cgroup" / "memory" / "memory.stat")

    def read(fd: int, n: int) -> bytes:
        if os.readlink(f"/proc/self/fd/{fd}") == bad:
            raise OSError(errno.EINVAL, "Invalid argument")
        return real_read(fd, n)

    monkeypatch.setattr(live, "statfs_type", lambda path: "tmpfs")
    root = hostile_root(tmp_path)
    monkeypatch.setattr(live.os, "read", read)
    cap = live.capture_live(str(root))
    reasons = dict(cap.skipped)
    assert reasons["/sys/fs/cgroup/memory/memory.stat"] == (
        "the kernel refused to read it (EINVAL: Invalid argument)"
    )
    assert "/sys/fs/cgroup/memory/memory.stat" not in cap.tree.files
