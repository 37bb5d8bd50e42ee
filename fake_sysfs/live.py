"""Capture THIS machine's memory state, read-only, as a Tree in the recorded layout.

Reads /proc/{meminfo,vmstat,zoneinfo}, the statfs type of /sys/fs/cgroup, `uname -a`, and the
cgroup files the recorded captures hold (../shared/recorded/README.md):
- v1 / hybrid: every cgroup of the memory hierarchy (cgroup.procs and the readable memory.*
  files), the root cgroup.procs of every other v1 hierarchy, and the unified root's cgroup.* and
  memory.pressure;
- v2: every cgroup's cgroup.{controllers,procs,stat,subtree_control} and readable memory.* files.
Nothing is written here; write_capture() writes the result. Unreadable files are skipped and listed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import subprocess
import time
from dataclasses import dataclass, field

from fake_sysfs.capture import infer_mounts
from fake_sysfs.tree import CGROUP_ROOT, Tree

PROC_FILES = ("meminfo", "vmstat", "zoneinfo")
# statfs f_type magic numbers (include/uapi/linux/magic.h) -> `stat -f -c %T` names
FS_MAGIC = {0x01021994: "tmpfs", 0x63677270: "cgroup2fs", 0x27E0EB: "cgroupfs"}
# write-only, or not memory accounting (and left out of the recorded captures)
V1_SKIP = {"memory.force_empty", "memory.pressure_level", "memory.kmem.slabinfo"}
V2_SKIP = {"memory.reclaim"}
CGROUP_V2_FILES = ("cgroup.controllers", "cgroup.procs", "cgroup.stat", "cgroup.subtree_control")
UNIFIED_ROOT_FILES = (*CGROUP_V2_FILES, "memory.pressure")


class _Statfs(ctypes.Structure):
    # struct statfs on 64-bit Linux starts with `__fsword_t f_type`
    _fields_ = [("f_type", ctypes.c_long), ("_rest", ctypes.c_byte * 112)]


def statfs_type(path: str) -> str:
    """The statfs type name of `path`, as `stat -f -c %T` prints it."""
    libc_name = ctypes.util.find_library("c")
    if libc_name:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        buf = _Statfs()
        if libc.statfs(path.encode(), ctypes.byref(buf)) == 0:
            magic = buf.f_type & 0xFFFFFFFF
            if magic in FS_MAGIC:
                return FS_MAGIC[magic]
    out = subprocess.run(
        ["stat", "-f", "-c", "%T", path], capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def uname_a() -> str:
    try:
        out = subprocess.run(["uname", "-a"], capture_output=True, text=True, check=True)
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        u = os.uname()
        return f"{u.sysname} {u.nodename} {u.release} {u.version} {u.machine}"


@dataclass
class LiveCapture:
    tree: Tree
    skipped: list[str] = field(default_factory=list)


def _read(path: str, files: dict[str, bytes], skipped: list[str]) -> None:
    try:
        with open(path, "rb") as f:
            files[path] = f.read()
    except OSError as e:
        skipped.append(f"{path}: {e.strerror or e}")


def _walk_cgroup(
    top: str, wanted: tuple[str, ...], skip: set[str], files: dict[str, bytes], skipped: list[str]
) -> None:
    for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            if name in skip:
                continue
            if name in wanted or name.startswith("memory."):
                path = os.path.join(dirpath, name)
                if os.access(path, os.R_OK):
                    _read(path, files, skipped)


def capture_live(root: str = "/") -> LiveCapture:
    """Read this machine's state. `root` is for tests (a directory laid out like /)."""

    def at(p: str) -> str:
        return os.path.join(root, p.lstrip("/")) if root != "/" else p

    files: dict[str, bytes] = {}
    skipped: list[str] = []
    for name in PROC_FILES:
        _read(at(f"/proc/{name}"), files, skipped)
    cg = at(CGROUP_ROOT)
    fstype = statfs_type(cg)
    if fstype == "cgroup2fs":
        _walk_cgroup(cg, CGROUP_V2_FILES, V2_SKIP, files, skipped)
    else:
        for entry in sorted(os.listdir(cg)):
            d = os.path.join(cg, entry)
            if os.path.islink(d) or not os.path.isdir(d):
                continue
            if entry == "memory":
                _walk_cgroup(d, ("cgroup.procs",), V1_SKIP, files, skipped)
            elif entry == "unified":
                for name in UNIFIED_ROOT_FILES:
                    if os.path.exists(os.path.join(d, name)):
                        _read(os.path.join(d, name), files, skipped)
            elif os.path.exists(os.path.join(d, "cgroup.procs")):
                _read(os.path.join(d, "cgroup.procs"), files, skipped)
    if root != "/":
        files = {"/" + os.path.relpath(p, root): v for p, v in files.items()}
    uname = uname_a()
    parts = uname.split()
    return LiveCapture(
        Tree(
            files=files,
            fstype=fstype,
            mounts=infer_mounts(fstype, files),
            uname=uname,
            kernel=parts[2] if len(parts) > 2 else os.uname().release,
            when=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            source="live",
        ),
        skipped,
    )
