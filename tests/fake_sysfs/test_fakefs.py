"""install(): a Tree into pyfakefs at the real paths, read back with plain open/os calls."""

from __future__ import annotations

import os

import pytest
from pyfakefs.fake_filesystem_unittest import Patcher

from fake_sysfs import install, load_capture, random_world, render, uninstall


def read_all(paths: list[str]) -> dict[str, bytes]:
    out = {}
    for p in paths:
        with open(p, "rb") as f:
            out[p] = f.read()
    return out


@pytest.mark.parametrize("fast", [True, False])
def test_install_states_one_after_another(fast: bool) -> None:
    trees = [render(random_world(s), v) for s in range(6) for v in ("v1", "hybrid", "v2")]
    trees += [render(random_world(s), "v1", scope="node") for s in range(6)]
    trees.append(load_capture("builtin:v2-kernel6.18/2-exited"))
    with Patcher() as p:
        for t in trees:
            install(t, p.fs, fast=fast)
            assert read_all(list(t.files)) == dict(t.files)
            # nothing else: the fake /sys/fs/cgroup holds exactly the tree's files
            seen, dirs = set(), set()
            for top in ("/proc", "/sys"):
                for d, _, files in os.walk(top):
                    dirs.add(d)
                    seen.update(os.path.join(d, f) for f in files)
            assert seen == set(t.files)
            assert dirs == set(t.dirs())  # no directory left from the previous state
        uninstall(p.fs)
        assert not os.path.exists("/proc/meminfo")


def test_removed_cgroup_directory_disappears() -> None:
    w = random_world(3, profile="6.1")
    full, node = render(w, "v2"), render(w, "v2", scope="node")
    child = next(v.path for v in w.tree.visible()[1:])
    with Patcher() as p:
        install(full, p.fs)
        assert os.path.isdir(f"/sys/fs/cgroup/{child}")
        install(node, p.fs)
        assert not os.path.exists(f"/sys/fs/cgroup/{child}")
        assert sorted(os.listdir("/sys/fs/cgroup")) == sorted(
            p.rsplit("/", 1)[1] for p in node.files if p.startswith("/sys/fs/cgroup/")
        )


def test_install_survives_a_reset_filesystem() -> None:
    t = render(random_world(4), "v1", scope="node")
    with Patcher() as p:
        install(t, p.fs)
        p.fs.reset()
        assert not os.path.exists("/proc/meminfo")
        install(t, p.fs)
        with open("/proc/meminfo", "rb") as f:
            assert f.read() == t.files["/proc/meminfo"]
