"""Captures: render -> disk -> load round-trips byte for byte; the shipped corpus loads and writes
back to its own bytes; hostile captures are refused with the file named, and nothing is written."""

from __future__ import annotations

import io
import os
import tarfile
from pathlib import Path

import pytest

from fake_sysfs import (
    CaptureError,
    builtin_captures,
    load_builtin,
    load_capture,
    random_world,
    render,
    write_capture,
)
from fake_sysfs.capture import corpus_root


def snapshot(d: Path) -> dict[str, bytes]:
    return {
        p.relative_to(d).as_posix(): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize("view", ["v1", "hybrid", "v2"])
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_render_disk_load_round_trip(tmp_path: Path, seed: int, view: str) -> None:
    tree = render(random_world(seed), view)
    out = write_capture(tree, tmp_path / "cap")
    back = load_capture(out)
    assert back == tree
    for path, data in tree.files.items():
        assert back.files[path] == data
        assert (out / path.lstrip("/")).read_bytes() == data
    assert (out / "fstype").read_text() == f"{tree.fstype}\n"
    # and through a .tar.gz
    arch = write_capture(tree, tmp_path / "cap.tar.gz")
    assert load_capture(arch) == tree


def test_every_shipped_capture_loads_and_writes_back_its_own_bytes(tmp_path: Path) -> None:
    names = builtin_captures()
    assert len(names) == 8
    assert "v2-kernel6.18/2-exited" in names and "v1-kernel6.18/0-idle" in names
    for name in names:
        t = load_capture(f"builtin:{name}")
        assert t == load_builtin(name)
        assert t.kernel.startswith("6.18.44")
        assert t.fstype == ("cgroup2fs" if name.startswith("v2") else "tmpfs")
        assert "/proc/meminfo" in t.files
        out = write_capture(t, tmp_path / name)
        assert snapshot(out) == snapshot(corpus_root() / name)


def test_shipped_corpus_is_the_recorded_one() -> None:
    readme = (corpus_root() / "README.md").read_text()
    assert "Recorded memory states from real kernels" in readme
    shared = Path(__file__).resolve().parents[3] / "shared" / "recorded"
    if shared.is_dir():  # beside a checkout in the workplace; memsim itself never needs it
        assert snapshot(shared) == snapshot(corpus_root())


def test_capture_values_are_the_real_ones() -> None:
    """Spot values read straight from the recorded files, not from any generator."""
    t = load_capture("builtin:v1-kernel6.18/2-exited")
    assert t.read("/sys/fs/cgroup/memory/memory.usage_in_bytes") == "4005552128\n"
    assert "MemTotal:       24684096 kB\n" in t.read("/proc/meminfo")
    assert t.mounts["/sys/fs/cgroup/unified"] == "cgroup2"
    assert t.mounts["/sys/fs/cgroup/memory"] == "cgroup"
    v2 = load_capture("builtin:v2-kernel6.18/2-exited")
    assert dict(v2.mounts) == {"/sys/fs/cgroup": "cgroup2fs"}
    assert v2.read("/sys/fs/cgroup/simpods/podA/ctr2/memory.current") == "2745081856\n"
    assert "/sys/fs/cgroup/memory.current" not in v2.files


def test_archive_of_the_state_directory_itself(tmp_path: Path) -> None:
    """`tar czf s.tar.gz 2-exited/` (one top-level directory) loads like the directory."""
    src = corpus_root() / "v2-kernel6.18" / "0-idle"
    arch = tmp_path / "s.tar.gz"
    with tarfile.open(arch, "w:gz") as tf:
        tf.add(src, arcname="0-idle")
    assert load_capture(arch) == load_capture(src)
    dot = tmp_path / "dot.tgz"  # tar czf dot.tgz -C 0-idle .
    with tarfile.open(dot, "w:gz") as tf:
        tf.add(src, arcname=".")
    assert load_capture(dot) == load_capture(src)


# ---- hostile input


def make_tar(path: Path, members: list[tuple[tarfile.TarInfo, bytes | None]]) -> Path:
    with tarfile.open(path, "w:gz") as tf:
        for ti, data in members:
            if data is not None:
                ti.size = len(data)
                tf.addfile(ti, io.BytesIO(data))
            else:
                tf.addfile(ti)
    return path


def entry(name: str, kind: bytes = tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    ti = tarfile.TarInfo(name)
    ti.type = kind
    ti.linkname = link
    return ti


GOOD = [
    (entry("fstype"), b"cgroup2fs\n"),
    (entry("uname"), b"Linux n 6.1.0 #1 SMP x86_64 GNU/Linux\n"),
    (entry("proc/meminfo"), b"MemTotal:       1000 kB\n"),
]


@pytest.mark.parametrize(
    ("member", "data", "reason"),
    [
        (entry("/etc/passwd"), b"x", "absolute path"),
        (entry("../../escape"), b"x", "'..'"),
        (entry("proc/../../escape"), b"x", "'..'"),
        (entry("sys/fs/cgroup/link", tarfile.SYMTYPE, "/etc/shadow"), None, "symbolic link"),
        (entry("sys/fs/cgroup/hard", tarfile.LNKTYPE, "proc/meminfo"), None, "hard link"),
        (entry("sys/dev", tarfile.CHRTYPE), None, "device"),
        (entry("sys/blk", tarfile.BLKTYPE), None, "device"),
        (entry("sys/pipe", tarfile.FIFOTYPE), None, "fifo"),
        (entry("sys/fs/cgroup/memory.stat"), b"x" * (4 << 20 | 1), "over the"),
        (entry("etc/cron.d/x"), b"x", "unexpected directory"),
        (entry("payload.sh"), b"x", "unexpected file"),
    ],
)
def test_hostile_archives_are_refused_naming_the_file(
    tmp_path: Path, member: tarfile.TarInfo, data: bytes | None, reason: str
) -> None:
    arch = make_tar(tmp_path / "bad.tar.gz", [*GOOD, (member, data)])
    before = set(os.listdir(tmp_path))
    with pytest.raises(CaptureError) as e:
        load_capture(arch)
    assert member.name in str(e.value)
    assert reason in str(e.value)
    assert e.value.member == member.name
    assert set(os.listdir(tmp_path)) == before  # nothing extracted or written
    assert not Path("/etc/cron.d/x").exists() and not (tmp_path.parent / "escape").exists()


def test_archive_over_the_file_count_cap(tmp_path: Path) -> None:
    many = [(entry(f"sys/fs/cgroup/f{i}"), b"1\n") for i in range(30)]
    arch = make_tar(tmp_path / "many.tar.gz", [*GOOD, *many])
    with pytest.raises(CaptureError, match="more than 20 files") as e:
        load_capture(arch, max_files=20)
    assert e.value.member.startswith("sys/fs/cgroup/f")


def test_bad_metadata_and_garbage(tmp_path: Path) -> None:
    arch = make_tar(tmp_path / "a.tar.gz", [(entry("fstype"), b"ext4\n"), GOOD[2]])
    with pytest.raises(CaptureError, match=r"fstype: unknown statfs type 'ext4'"):
        load_capture(arch)
    arch = make_tar(tmp_path / "b.tar.gz", [GOOD[2]])
    with pytest.raises(CaptureError, match="fstype: missing"):
        load_capture(arch)
    arch = make_tar(tmp_path / "c.tar.gz", GOOD[:2])
    with pytest.raises(CaptureError, match="proc/meminfo: missing"):
        load_capture(arch)
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"\x1f\x8b not really gzip")
    with pytest.raises(CaptureError, match=r"junk\.tar\.gz"):
        load_capture(junk)
    with pytest.raises(CaptureError, match="no such file"):
        load_capture(tmp_path / "absent")
    with pytest.raises(CaptureError, match="no such built-in capture"):
        load_capture("builtin:v9/none")


def good_dir(tmp_path: Path) -> Path:
    d = tmp_path / "cap"
    write_capture(render(random_world(1), "v2", scope="node"), d)
    return d


def test_hostile_directories(tmp_path: Path) -> None:
    d = good_dir(tmp_path)
    os.symlink("/etc/hostname", d / "sys" / "fs" / "cgroup" / "evil")
    with pytest.raises(CaptureError, match=r"sys/fs/cgroup/evil: symbolic link refused"):
        load_capture(d)
    os.unlink(d / "sys" / "fs" / "cgroup" / "evil")
    os.symlink("/etc", d / "sys" / "etcdir")
    with pytest.raises(CaptureError, match=r"sys/etcdir: symbolic link refused"):
        load_capture(d)
    os.unlink(d / "sys" / "etcdir")
    os.mkfifo(d / "sys" / "fifo")
    with pytest.raises(CaptureError, match=r"sys/fifo: not a regular file"):
        load_capture(d)
    os.unlink(d / "sys" / "fifo")
    os.link(d / "proc" / "meminfo", tmp_path / "outside-link")
    with pytest.raises(CaptureError, match=r"proc/meminfo: hard link refused"):
        load_capture(d)
    os.unlink(tmp_path / "outside-link")
    (d / "sys" / "big").write_bytes(b"0" * 9000)
    with pytest.raises(CaptureError, match=r"sys/big: 9,000 bytes, over the 8,192-byte cap"):
        load_capture(d, max_file_bytes=8192)
    os.unlink(d / "sys" / "big")
    assert load_capture(d).fstype == "cgroup2fs"


def test_write_refuses_to_clobber(tmp_path: Path) -> None:
    d = good_dir(tmp_path)
    tree = load_capture(d)
    with pytest.raises(FileExistsError):
        write_capture(tree, d)
    write_capture(tree, d, exist_ok=True)
    bad = tree.with_file("/etc/passwd", b"x")
    with pytest.raises(ValueError, match="under /proc and /sys"):
        write_capture(bad, tmp_path / "other")
    assert not (tmp_path / "other").exists()
