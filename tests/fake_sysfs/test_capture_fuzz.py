"""Capture and load, fuzzed (hypothesis): random trees and archives mixing good files with
hostile entries (`..`, absolute names, links in and out, hard links, devices, fifos, files over
the cap, too many files, garbage metadata). Whatever comes in:

- load_capture returns a Tree or raises CaptureError naming the offending entry and a reason;
  nothing else escapes;
- when it refuses a hostile entry, it is one of the hostile entries that were put in;
- nothing is written anywhere (the directory around the input is unchanged);
- capture_live of a hostile root never reads through a link, never returns more than the caps.
"""

from __future__ import annotations

import io
import os
import shutil
import tarfile
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fake_sysfs import live, load_capture
from fake_sysfs.capture import CaptureError

GOOD = {
    "fstype": b"tmpfs\n",
    "uname": b"Linux n 6.1.0 #1 SMP x86_64 GNU/Linux\n",
    "proc/meminfo": b"MemTotal:       1000 kB\nMemFree:         400 kB\n",
    "sys/fs/cgroup/memory/memory.usage_in_bytes": b"4096\n",
}
CAP = 4096  # max_file_bytes in these tests
MAX_FILES = 8  # GOOD has 4 files, a draw up to 6 more: some draws pass the cap

names = st.sampled_from(
    [
        "sys/fs/cgroup/memory/memory.stat",
        "sys/fs/cgroup/memory/pod/memory.stat",
        "proc/vmstat",
        "../escape",
        "proc/../../escape",
        "/etc/passwd",
        "sys/../../../tmp/x",
        "etc/cron.d/job",
        "payload.sh",
        "sys/fs/cgroup/./memory/memory.max_usage_in_bytes",
        "sys\\fs\\x",
    ]
)
kinds = st.sampled_from(["file", "big", "symlink", "hardlink", "chr", "blk", "fifo", "dir"])
entries = st.lists(st.tuples(names, kinds, st.binary(max_size=64)), max_size=6)
meta = st.sampled_from([None, b"tmpfs\n", b"cgroup2fs\n", b"ext4\n", b"", b"\xff\xfe\n", b"a\nb\n"])


def _hostile(name: str, kind: str) -> bool:
    parts = name.split("/")
    return (
        kind not in ("file", "dir")
        or name.startswith("/")
        or "\\" in name
        or ".." in parts
        or parts[0] not in ("proc", "sys")
    )


def _snapshot(d: Path) -> list[tuple[str, int]]:
    return sorted((str(p), p.lstat().st_size) for p in d.rglob("*"))


def _tar(path: Path, members: list[tuple[str, str, bytes]], fstype: bytes | None) -> None:
    with tarfile.open(path, "w:gz") as tf:
        files = dict(GOOD)
        if fstype is not None:
            files["fstype"] = fstype
        else:
            del files["fstype"]
        for name, data in files.items():
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            tf.addfile(ti, io.BytesIO(data))
        for name, kind, data in members:
            ti = tarfile.TarInfo(name)
            if kind == "big":
                data = b"0" * (CAP + 1)
            if kind in ("file", "big"):
                ti.size = len(data)
                tf.addfile(ti, io.BytesIO(data))
                continue
            ti.type = {
                "symlink": tarfile.SYMTYPE,
                "hardlink": tarfile.LNKTYPE,
                "chr": tarfile.CHRTYPE,
                "blk": tarfile.BLKTYPE,
                "fifo": tarfile.FIFOTYPE,
                "dir": tarfile.DIRTYPE,
            }[kind]
            ti.linkname = "/etc/shadow" if kind == "symlink" else "proc/meminfo"
            tf.addfile(ti)


def _check(tmp: Path, src: Path, members: list[tuple[str, str, bytes]]) -> None:
    before = _snapshot(tmp)
    try:
        t = load_capture(src, max_file_bytes=CAP, max_files=MAX_FILES)
    except CaptureError as e:
        assert e.reason and str(e).startswith(str(src))
        hostile = {n for n, k, _ in members if _hostile(n, k) or k == "big"}
        if e.member and e.member.rsplit("/", 1)[-1] not in ("fstype", "uname", "meminfo"):
            # a refusal names an entry that was put in (or the file-count cap's last one)
            put = {os.path.normpath(n) for n, _, _ in members} | set(GOOD)
            parents = {os.path.dirname(n) for n in put}
            assert e.member in put | parents or os.path.normpath(e.member) in put, e
            if "cap" not in e.reason and "more than" not in e.reason:
                bad = {os.path.normpath(n) for n in hostile}
                bad |= {os.path.dirname(n) for n in bad}
                # one name put in as a file and as a directory: refused, naming it
                files = {os.path.normpath(n) for n, k, _ in members if k != "dir"} | set(GOOD)
                dirs = {os.path.normpath(n) for n, k, _ in members if k == "dir"}
                assert (
                    e.member in hostile
                    or os.path.normpath(e.member) in bad
                    or ("duplicate" in e.reason)
                    or ("both a file and a directory" in e.reason and e.member in files & dirs)
                ), e
    else:
        assert not any(_hostile(n, k) or k == "big" for n, k, _ in members)
        assert t.read("/proc/meminfo").startswith("MemTotal:")
        assert all(p.startswith(("/proc/", "/sys/")) for p in t.files)
    assert _snapshot(tmp) == before
    assert not Path("/etc/cron.d/job").exists() and not (tmp.parent / "escape").exists()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(members=entries, fstype=meta)
def test_fuzzed_archives_load_or_are_refused_naming_the_entry(
    members: list[tuple[str, str, bytes]], fstype: bytes | None
) -> None:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d) / "work"
        tmp.mkdir()
        src = tmp / "cap.tar.gz"
        _tar(src, members, fstype)
        _check(tmp, src, members)


@pytest.mark.parametrize("name", ["proc/vmstat", "sys/fs/cgroup/memory/memory.stat"])
def test_a_name_put_in_as_file_and_directory_is_refused_naming_it(name: str) -> None:
    # found by the fuzz test above: the loader refuses it (rightly), and names the entry
    members = [(name, "dir", b""), (name, "file", b"x")]
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d) / "work"
        tmp.mkdir()
        src = tmp / "cap.tar.gz"
        _tar(src, members, b"tmpfs\n")
        with pytest.raises(CaptureError) as ei:
            load_capture(src, max_file_bytes=CAP, max_files=MAX_FILES)
        assert ei.value.member == name and "both a file and a directory" in ei.value.reason
        _check(tmp, src, members)


def _materialise(root: Path, members: list[tuple[str, str, bytes]], outside: Path) -> list:
    made = []
    for name, kind, data in members:
        if name.startswith("/") or "\\" in name or ".." in name.split("/"):
            continue  # a directory cannot hold such names: the archive test covers them
        if kind in ("chr", "blk"):
            continue  # no devices without CAP_MKNOD games
        p = root / name
        if p.exists() or p.is_symlink():
            continue
        p.parent.mkdir(parents=True, exist_ok=True)
        if not p.parent.is_dir() or p.parent.is_symlink():
            continue
        if kind == "file":
            p.write_bytes(data)
        elif kind == "big":
            p.write_bytes(b"0" * (CAP + 1))
        elif kind == "symlink":
            os.symlink(outside, p)
        elif kind == "hardlink":
            os.link(outside, p)
        elif kind == "fifo":
            os.mkfifo(p)
        elif kind == "dir":
            p.mkdir()
        made.append((name, kind, data))
    return made


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(members=entries)
def test_fuzzed_directories_load_or_are_refused_naming_the_entry(
    members: list[tuple[str, str, bytes]],
) -> None:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d) / "work"
        src = tmp / "cap"
        src.mkdir(parents=True)
        outside = Path(d) / "secret"
        outside.write_bytes(b"outside\n")
        for name, data in GOOD.items():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            (src / name).write_bytes(data)
        made = _materialise(src, members, outside)
        _check(tmp, src, made)


@settings(max_examples=60, deadline=None)
@given(members=entries)
def test_fuzzed_live_roots_are_read_without_following_links(
    members: list[tuple[str, str, bytes]],
) -> None:
    with tempfile.TemporaryDirectory() as d:
        root = Path(d) / "root"
        outside = Path(d) / "secret"
        outside.write_bytes(b"SECRET outside the tree\n")
        for name, data in GOOD.items():
            if "/" in name:
                (root / name).parent.mkdir(parents=True, exist_ok=True)
                (root / name).write_bytes(data)
        made = _materialise(root, members, outside)
        before = _snapshot(Path(d))
        mp = pytest.MonkeyPatch()
        mp.setattr(live, "statfs_type", lambda path: "tmpfs")
        try:
            cap = live.capture_live(str(root))
        finally:
            mp.undo()
        assert _snapshot(Path(d)) == before
        for path, data in cap.tree.files.items():
            # a hard link is the same file (on a node it cannot cross into another filesystem)
            assert b"SECRET" not in data or any(
                k == "hardlink" and "/" + os.path.normpath(n) == path for n, k, _ in made
            ), path
            assert len(data) <= live.MAX_FILE_BYTES
        read = set(cap.tree.files)
        skipped = {p for p, _ in cap.skipped}
        for name, kind, _ in made:
            p = "/" + os.path.normpath(name)
            if kind in ("symlink", "fifo") and p in read | skipped:
                assert p in skipped and p not in read
        shutil.rmtree(root)
