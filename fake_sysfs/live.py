"""Capture THIS machine's memory state, read-only, as a Tree in the recorded layout.

Reads /proc/{meminfo,vmstat,zoneinfo}, the hugetlb pools' counters under /sys/kernel/mm/hugepages
(every hugepages-<size>kB directory's readable files; a kernel without hugetlbfs has none, and
the manifest says so), the statfs type of /sys/fs/cgroup, `uname -a`, and the cgroup files the
recorded captures hold (../shared/recorded/README.md):
- v1 / hybrid: every cgroup of the memory hierarchy (cgroup.procs and the readable memory.*
  files), the root cgroup.procs of every other v1 hierarchy, and the unified root's cgroup.* and
  memory.pressure;
- v2: every cgroup's cgroup.{controllers,procs,stat,subtree_control} and readable memory.* files.
Nothing is written here; write_capture() writes the result, with the manifest.

Every read is bounded (the loader's caps: MAX_FILE_BYTES per file, MAX_FILES files, MAX_TOTAL_BYTES
in all, so whatever is captured loads back) and opened with O_NOFOLLOW: a symbolic link is never
followed, in or out of the tree. A file the kernel refuses to read (write-only, EPERM, EINVAL,
EACCES) or that is not a regular file is skipped, and the manifest says which and why.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import json
import os
import stat
import subprocess
import time
from dataclasses import dataclass, field
from typing import Any

from fake_sysfs.capture import (
    MAX_DEPTH,
    MAX_ENTRIES,
    MAX_FILE_BYTES,
    MAX_FILES,
    MAX_TOTAL_BYTES,
    infer_mounts,
    walk,
)
from fake_sysfs.tree import CGROUP_ROOT, Tree

PROC_FILES = ("meminfo", "vmstat", "zoneinfo")
HUGEPAGES_DIR = "/sys/kernel/mm/hugepages"
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


MANIFEST = "manifest.json"
SKIPPED_BY_NAME = "left out by name: write-only or not memory accounting"


@dataclass
class LiveCapture:
    tree: Tree
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason), in order
    by_name: list[str] = field(default_factory=list)  # files left out by name (V1/V2_SKIP)

    def manifest(self) -> dict[str, Any]:
        """What was read (path, bytes) and what was skipped and why: the capture's manifest.json."""
        return {
            "memsim": "capture",
            "version": 1,
            "when": self.tree.when,
            "kernel": self.tree.kernel,
            "fstype": self.tree.fstype,
            "limits": {
                "max_file_bytes": MAX_FILE_BYTES,
                "max_files": MAX_FILES,
                "max_total_bytes": MAX_TOTAL_BYTES,
            },
            "read": [{"path": p, "bytes": len(d)} for p, d in self.tree.files.items()],
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped]
            + [{"path": p, "reason": SKIPPED_BY_NAME} for p in self.by_name],
        }

    def manifest_bytes(self) -> bytes:
        return json.dumps(self.manifest(), indent=1).encode() + b"\n"


class _Budget:
    """The loader's caps, applied while reading."""

    def __init__(self) -> None:
        self.files = 0
        self.bytes = 0
        self.dirs = 0  # directories entered (the loader counts them with the files)

    def full(self) -> str:
        if self.files >= MAX_FILES:
            return f"not read: the capture reached its {MAX_FILES}-file cap"
        return ""


def _reason(e: OSError) -> str:
    if e.errno == errno.ELOOP:
        return "symbolic link, not followed"
    if e.errno in (errno.EINVAL, errno.EPERM, errno.EACCES, errno.EOPNOTSUPP, errno.EIO):
        name = errno.errorcode.get(e.errno or 0, str(e.errno))
        return f"the kernel refused to read it ({name}: {e.strerror})"
    return e.strerror or str(e)


def _read(
    path: str, files: dict[str, bytes], skipped: list[tuple[str, str]], budget: _Budget
) -> None:
    """Read one file, bounded, never through a link; skip (with the reason) what cannot be."""
    full = budget.full()
    if full:
        skipped.append((path, full))
        return
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        skipped.append((path, _reason(e)))
        return
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            skipped.append((path, "not a regular file (device, fifo or socket)"))
            return
        chunks: list[bytes] = []
        n = 0
        while n <= MAX_FILE_BYTES:  # /proc and cgroup files say size 0 or 4096: read to EOF
            chunk = os.read(fd, min(65536, MAX_FILE_BYTES + 1 - n))
            if not chunk:
                break
            chunks.append(chunk)
            n += len(chunk)
        if n > MAX_FILE_BYTES:
            skipped.append((path, f"over the {MAX_FILE_BYTES}-byte cap"))
            return
        if budget.bytes + n > MAX_TOTAL_BYTES:
            skipped.append((path, f"not read: the capture reached its {MAX_TOTAL_BYTES}-byte cap"))
            return
    except OSError as e:
        skipped.append((path, _reason(e)))
        return
    finally:
        os.close(fd)
    budget.files += 1
    budget.bytes += n
    files[path] = b"".join(chunks)


def _walk_cgroup(
    top: str,
    wanted: tuple[str, ...],
    skip: set[str],
    files: dict[str, bytes],
    skipped: list[tuple[str, str]],
    budget: _Budget,
    by_name: list[str],
) -> None:
    def unlisted(d: str, e: OSError) -> None:
        skipped.append((d, f"directory not listed: {_reason(e)}"))

    def too_deep(d: str) -> None:
        skipped.append((d, f"not read: deeper than {MAX_DEPTH} levels"))

    # a link to a directory is listed, never entered (nor read: O_NOFOLLOW)
    for dirpath, dirnames, filenames in walk(top, unlisted, too_deep):
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            if name in skip:
                by_name.append(path)
                continue
            if name in wanted or name.startswith("memory."):
                _read(path, files, skipped, budget)
        for name in list(dirnames):
            if os.path.islink(os.path.join(dirpath, name)):
                skipped.append((os.path.join(dirpath, name), "symbolic link, not followed"))
            elif budget.dirs >= MAX_ENTRIES - MAX_FILES:  # the loader counts directories too
                dirnames.remove(name)
                cap = f"not read: the capture reached its {MAX_ENTRIES:,}-entry cap"
                skipped.append((os.path.join(dirpath, name), cap))
            else:
                budget.dirs += 1


def _read_hugepages(
    top: str, files: dict[str, bytes], skipped: list[tuple[str, str]], budget: _Budget
) -> None:
    """Each hugepages-<size>kB directory's files (write-only ones, such as demote, are skipped
    with the kernel's refusal). A missing directory is noted, not an error: cAdvisor reads
    no pools there either."""
    try:
        entries = sorted(os.listdir(top))
    except OSError as e:
        skipped.append((top, f"directory not listed: {_reason(e)}"))
        return
    for entry in entries:
        d = os.path.join(top, entry)
        if os.path.islink(d):
            skipped.append((d, "symbolic link, not followed"))
            continue
        if not os.path.isdir(d):
            _read(d, files, skipped, budget)
            continue
        budget.dirs += 1
        try:
            names = sorted(os.listdir(d))
        except OSError as e:
            skipped.append((d, f"directory not listed: {_reason(e)}"))
            continue
        for name in names:
            _read(os.path.join(d, name), files, skipped, budget)


def capture_live(root: str = "/") -> LiveCapture:
    """Read this machine's state. `root` is for tests (a directory laid out like /)."""

    def at(p: str) -> str:
        return os.path.join(root, p.lstrip("/")) if root != "/" else p

    files: dict[str, bytes] = {}
    skipped: list[tuple[str, str]] = []
    by_name: list[str] = []
    budget = _Budget()
    for name in PROC_FILES:
        _read(at(f"/proc/{name}"), files, skipped, budget)
    _read_hugepages(at(HUGEPAGES_DIR), files, skipped, budget)
    cg = at(CGROUP_ROOT)
    fstype = statfs_type(cg)
    if fstype == "cgroup2fs":
        _walk_cgroup(cg, CGROUP_V2_FILES, V2_SKIP, files, skipped, budget, by_name)
    else:
        for entry in sorted(os.listdir(cg)):
            d = os.path.join(cg, entry)
            if os.path.islink(d):
                skipped.append((d, "symbolic link, not followed"))  # cpu -> cpu,cpuacct
                continue
            if not os.path.isdir(d):
                continue
            if entry == "memory":
                _walk_cgroup(d, ("cgroup.procs",), V1_SKIP, files, skipped, budget, by_name)
            elif entry == "unified":
                for name in UNIFIED_ROOT_FILES:
                    if os.path.lexists(os.path.join(d, name)):
                        _read(os.path.join(d, name), files, skipped, budget)
            elif os.path.lexists(os.path.join(d, "cgroup.procs")):
                _read(os.path.join(d, "cgroup.procs"), files, skipped, budget)

    def rel(p: str) -> str:
        return "/" + os.path.relpath(p, root) if root != "/" else p

    files = {rel(p): v for p, v in files.items()}
    skipped = [(rel(p), r) for p, r in skipped]
    by_name = [rel(p) for p in by_name]
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
        by_name,
    )
