"""The 6.18 renders against the REAL 6.18 files in the shipped corpus (../shared/recorded):
same files, same keys in the same order, same line formats."""

from __future__ import annotations

import re

import pytest

from fake_sysfs import load_capture, random_world, render
from fake_sysfs.render.meminfo import format_meminfo

V1_STATE = "builtin:v1-kernel6.18/2-exited"
V2_STATE = "builtin:v2-kernel6.18/2-exited"


def names(tree, d: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {
        p[len(d) + 1 :] for p in tree.files if p.startswith(d + "/") and "/" not in p[len(d) + 1 :]
    }


def keys(text: str) -> list[str]:
    return [line.split()[0] for line in text.splitlines()]


def world_with_children(view: str):  # type: ignore[no-untyped-def]
    for seed in range(100):
        w = random_world(seed, profile="6.18")
        if len(w.tree.visible()) > 4:
            return w, render(w, view)
    raise AssertionError("no world with cgroups")


@pytest.mark.parametrize("state", [V1_STATE, V2_STATE, "builtin:v2-kernel6.18/0-idle"])
def test_meminfo_labels_order_and_line_format(state: str) -> None:
    rec = load_capture(state)
    text = rec.files["/proc/meminfo"]
    parsed = [
        (ln.split(":")[0], int(ln.split(":")[1].split()[0])) for ln in text.decode().splitlines()
    ]
    # our formatter, given the recorded values, writes the recorded bytes exactly
    assert format_meminfo(parsed) == text
    ours = render(random_world(5, profile="6.18"), "v2").read("/proc/meminfo")
    assert [ln.split(":")[0] for ln in ours.splitlines()] == [label for label, _ in parsed]


def test_v1_memory_files_and_stat_keys() -> None:
    rec = load_capture(V1_STATE)
    w, ours = world_with_children("hybrid")
    root = "/sys/fs/cgroup/memory"
    assert names(ours, root) == names(rec, root)
    child = next(v.path for v in w.tree.visible()[1:])
    assert names(ours, f"{root}/{child}") == names(rec, f"{root}/simpods/podA/ctr2")
    for f in ("memory.stat", "memory.numa_stat", "memory.oom_control"):
        assert keys(ours.read(f"{root}/{f}")) != []
        if f == "memory.numa_stat":
            k = lambda t: [ln.split("=")[0] for ln in t.splitlines()]  # noqa: E731
            assert k(ours.read(f"{root}/{f}")) == k(rec.read(f"{root}/{f}"))
            assert re.fullmatch(r"(\w+=\d+ N0=\d+\n)+", ours.read(f"{root}/{f}"))
        else:
            assert keys(ours.read(f"{root}/{f}")) == keys(rec.read(f"{root}/{f}")), f
            assert keys(ours.read(f"{root}/{child}/{f}")) == keys(
                rec.read(f"{root}/simpods/podA/ctr2/{f}")
            )
    for f in names(rec, root):
        assert re.fullmatch(r"([\w =]+\n)*", ours.read(f"{root}/{f}")), f
        if f not in ("cgroup.procs", "memory.stat", "memory.numa_stat", "memory.oom_control"):
            assert re.fullmatch(r"\d+\n", ours.read(f"{root}/{f}")), f


def test_hybrid_layout_matches_the_recorded_machine() -> None:
    rec = load_capture(V1_STATE)
    _, ours = world_with_children("hybrid")
    assert names(ours, "/sys/fs/cgroup") == names(rec, "/sys/fs/cgroup") == set()
    top = lambda t: {p.split("/")[4] for p in t.files if p.startswith("/sys/fs/cgroup/")}  # noqa: E731
    assert top(ours) == top(rec)
    assert dict(ours.mounts) == dict(rec.mounts)
    u = "/sys/fs/cgroup/unified"
    assert names(ours, u) == names(rec, u)
    for f in names(rec, u) - {"cgroup.procs", "memory.pressure"}:
        assert ours.files[f"{u}/{f}"] == rec.files[f"{u}/{f}"], f
    assert ours.fstype == rec.fstype == "tmpfs"


def test_v2_root_files_and_keys() -> None:
    rec = load_capture(V2_STATE)
    _, ours = world_with_children("v2")
    root = "/sys/fs/cgroup"
    assert names(ours, root) == names(rec, root)
    for f in ("memory.stat", "memory.numa_stat", "cgroup.stat"):
        assert keys(ours.read(f"{root}/{f}")) == keys(rec.read(f"{root}/{f}")), f
    assert ours.files[f"{root}/cgroup.controllers"] == rec.files[f"{root}/cgroup.controllers"]
    assert (
        ours.files[f"{root}/memory.zswap.writeback"] == rec.files[f"{root}/memory.zswap.writeback"]
    )
    pressure = r"some avg10=\d+\.\d\d avg60=\d+\.\d\d avg300=\d+\.\d\d total=\d+\nfull avg10=\d+\.\d\d avg60=\d+\.\d\d avg300=\d+\.\d\d total=\d+\n"
    assert re.fullmatch(pressure, rec.read(f"{root}/memory.pressure"))
    assert re.fullmatch(pressure, ours.read(f"{root}/memory.pressure"))
    assert ours.fstype == rec.fstype == "cgroup2fs"


def test_v2_child_files_and_keys() -> None:
    rec = load_capture(V2_STATE)
    w, ours = world_with_children("v2")
    leaf = next(v.path for v in w.tree.visible()[1:] if not v.cgroup.children)
    d, r = f"/sys/fs/cgroup/{leaf}", "/sys/fs/cgroup/simpods/podA/ctr2"
    assert names(ours, d) == names(rec, r)
    for f in names(rec, r):
        a, b = ours.read(f"{d}/{f}"), rec.read(f"{r}/{f}")
        if f in (
            "memory.stat",
            "memory.numa_stat",
            "cgroup.stat",
            "memory.events",
            "memory.events.local",
            "memory.swap.events",
        ):
            assert keys(a) == keys(b), f
        elif f in (
            "memory.max",
            "memory.high",
            "memory.swap.max",
            "memory.swap.high",
            "memory.zswap.max",
        ):
            assert re.fullmatch(r"(max|\d+)\n", a), f
        elif f in (
            "cgroup.procs",
            "cgroup.subtree_control",
            "cgroup.controllers",
            "memory.pressure",
        ):
            continue
        else:
            assert re.fullmatch(r"\d+\n", a) and re.fullmatch(r"\d+\n", b), f
    assert ours.read(f"{d}/cgroup.subtree_control") == rec.read(f"{r}/cgroup.subtree_control") == ""
