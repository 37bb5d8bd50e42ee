"""Tree.empty_dirs (a file replaced by a directory) through every consumer: Tree's own copies,
install() into pyfakefs, write_capture/load_capture (directory and .tar.gz)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pyfakefs.fake_filesystem_unittest import Patcher

from fake_sysfs import Tree, install, load_capture, random_world, render, write_capture

STAT = "/sys/fs/cgroup/memory/memory.stat"


def _tree() -> Tree:
    return render(random_world(5, profile="6.1"), "v1", scope="node")


def test_with_dir_replaces_the_file_and_copies_keep_it() -> None:
    t = _tree()
    h = t.with_dir(STAT)
    assert STAT not in h.files and h.empty_dirs == frozenset({STAT})
    assert "memory.stat" in h.listdir("/sys/fs/cgroup/memory")
    assert STAT in set(h.dirs())
    assert h != t and h == t.with_dir(STAT + "/")
    # other copies keep it; writing a file there (or below it) ends it
    assert h.with_file("/proc/meminfo", b"x").empty_dirs == h.empty_dirs
    assert h.without("/proc/meminfo").empty_dirs == h.empty_dirs
    assert h.with_file(STAT, b"cache 0\n").empty_dirs == frozenset()
    below = h.with_file(STAT + "/x", b"")
    assert below.empty_dirs == frozenset() and STAT + "/x" in below.files
    assert h.without(STAT).empty_dirs == frozenset() and STAT not in h.without(STAT).files
    # a whole directory replaced by an empty one
    whole = t.with_dir("/sys/fs/cgroup/memory")
    assert not any(p.startswith("/sys/fs/cgroup/memory/") for p in whole.files)
    assert whole.empty_dirs == frozenset({"/sys/fs/cgroup/memory"})
    assert whole.with_dir(STAT).empty_dirs == frozenset({STAT})


@pytest.mark.parametrize(
    "bad",
    [
        "relative/dir",
        "/sys/fs/cgroup/memory",  # has files under it
        STAT,  # is a file
        "/proc/meminfo/x",  # under a file
        "/sys//fs",
    ],
)
def test_empty_dirs_are_checked(bad: str) -> None:
    t = _tree()
    with pytest.raises(ValueError):
        Tree(t.files, t.fstype, t.mounts, t.uname, t.kernel, empty_dirs=frozenset({bad}))


def _walk() -> tuple[set[str], set[str]]:
    files, dirs = set(), set()
    for top in ("/proc", "/sys"):
        for d, _, names in os.walk(top):
            dirs.add(d)
            files.update(os.path.join(d, f) for f in names)
    return files, dirs


@pytest.mark.parametrize("fast", [True, False])
def test_install_makes_and_removes_empty_directories(fast: bool) -> None:
    t = _tree()
    states = [
        t,
        t.with_dir(STAT),  # file -> directory
        t,  # directory -> file
        t.with_dir("/sys/fs/cgroup/memory"),  # a whole directory emptied
        t.with_dir(STAT).with_dir("/sys/fs/cgroup/memory/memory.numa_stat"),
        render(random_world(6, profile="5.10"), "v2"),  # a full render after it
        t.with_dir(STAT),
    ]
    with Patcher() as p:
        for s in states:
            install(s, p.fs, fast=fast)
            files, dirs = _walk()
            assert files == set(s.files)
            assert dirs == set(s.dirs())
            for d in s.empty_dirs:
                assert os.path.isdir(d) and os.listdir(d) == []
            for path, data in s.files.items():
                with open(path, "rb") as f:
                    assert f.read() == data


@pytest.mark.parametrize("suffix", ["", ".tar.gz"])
def test_capture_round_trip_keeps_empty_directories(tmp_path: Path, suffix: str) -> None:
    h = _tree().with_dir(STAT).with_dir("/sys/fs/cgroup/cpu")
    out = write_capture(h, tmp_path / f"cap{suffix}")
    if not suffix:
        assert (out / "sys/fs/cgroup/memory/memory.stat").is_dir()
    back = load_capture(out)
    assert back == h
    assert back.empty_dirs == frozenset({STAT, "/sys/fs/cgroup/cpu"})
    # a rendered tree has none, through either layout
    t = _tree()
    assert load_capture(write_capture(t, tmp_path / f"plain{suffix}")).empty_dirs == frozenset()
