"""One ground truth, every view: render a World as the files a node shows.

    render(world, "v1")   cgroup v1 without the unified hierarchy (legacy)
    render(world, "hybrid")  cgroup v1 controllers plus cgroup2 at /sys/fs/cgroup/unified
    render(world, "v2")   the unified hierarchy at /sys/fs/cgroup

Every view also has /sys/kernel/mm/hugepages (render/hugepages.py: the default huge page
size's pool counters, consistent with meminfo's HugePages_* lines).

scope="node" renders /proc/meminfo, the hugepage pool and the root cgroup's files only (what node-level readers
use), with the same bytes as the full render. This is the simulator's hot path.
"""

from __future__ import annotations

from typing import Literal

from fake_sysfs.model import World
from fake_sysfs.profiles import CGROUP_MODES, CgroupMode
from fake_sysfs.render.hugepages import HUGEPAGES_DIR, render_hugepages
from fake_sysfs.render.meminfo import render_meminfo
from fake_sysfs.render.v1 import MEMORY_MOUNT, UNIFIED_MOUNT, V1_CONTROLLERS, render_v1
from fake_sysfs.render.v2 import render_v2
from fake_sysfs.tree import FSTYPE_V1, FSTYPE_V2, Tree

Scope = Literal["all", "node"]

MEMINFO = "/proc/meminfo"


def mounts_for(mode: CgroupMode, memcg_v1: bool = True) -> dict[str, str]:
    """Mount point -> fs type of the cgroup mounts of a layout (memcg_v1=False: a kernel
    without the v1 memory controller, whose v1 layouts have no memory hierarchy)."""
    return dict(_mounts(mode, memcg_v1))


def _mounts(mode: CgroupMode, memcg_v1: bool = True) -> dict[str, str]:
    got = _MOUNTS.get((mode, memcg_v1))
    if got is None:
        got = _MOUNTS[mode, memcg_v1] = _make_mounts(mode, memcg_v1)
    return got


_MOUNTS: dict[tuple[str, bool], dict[str, str]] = {}


def _make_mounts(mode: CgroupMode, memcg_v1: bool) -> dict[str, str]:
    if mode == "v2":
        return {"/sys/fs/cgroup": FSTYPE_V2}
    m = {"/sys/fs/cgroup": "tmpfs"}
    for c in (*V1_CONTROLLERS, "systemd"):
        if c != "memory" or memcg_v1:
            m[f"/sys/fs/cgroup/{c}"] = "cgroup"
    if mode == "hybrid":
        m[UNIFIED_MOUNT] = "cgroup2"
    return m


def render(world: World, view: CgroupMode | None = None, scope: Scope = "all") -> Tree:
    """The files of `world` as a node in cgroup layout `view` (default: the world's own mode)."""
    mode = world.mode if view is None else view
    if mode not in CGROUP_MODES:
        raise ValueError(f"unknown view {view!r} (known: {', '.join(CGROUP_MODES)})")
    if scope not in ("all", "node"):
        raise ValueError(f"unknown scope {scope!r} (known: all, node)")
    cache = world.__dict__.setdefault("_render_cache", {})
    meminfo = cache.get(MEMINFO)
    if meminfo is None:
        acc = world.accounting
        if acc.true_mem_free < 0:
            raise ValueError(f"world is inconsistent: MemFree would be {acc.true_mem_free} pages")
        meminfo = cache[MEMINFO] = render_meminfo(world)
        cache[HUGEPAGES_DIR] = render_hugepages(world)
    if mode == "v2":
        files = render_v2(world, scope)
        fstype = FSTYPE_V2
    else:
        files = render_v1(world, mode == "hybrid", scope)
        fstype = FSTYPE_V1
    files[MEMINFO] = meminfo
    files.update(cache[HUGEPAGES_DIR])
    return Tree(
        files=files,
        fstype=fstype,
        mounts=_mounts(mode, world.profile.memcg_v1),  # Tree copies it
        uname=world.uname,
        kernel=world.profile.release,
    )


__all__ = ["HUGEPAGES_DIR", "MEMINFO", "MEMORY_MOUNT", "Scope", "mounts_for", "render"]
