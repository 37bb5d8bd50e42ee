"""The host shim: what the ports ask the kernel beyond file contents.

Upstream code makes a few syscalls whose answer a fake filesystem cannot give: the statfs
type of /sys/fs/cgroup (which decides cgroup v1 vs v2), and whether openat2(2) exists
(which decides runc's open path and its error op names). Ports ask through unix.*, which asks
the current Host. The live machine is the default; sim installs a FakeHost built from a world
or a capture (its mount table), with `use(host)`.

Each install bumps `generation`, which scopes sync.Once: a new host is a new process.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os as _os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

# statfs f_type magics (linux/magic.h)
TMPFS_MAGIC = 0x01021994
CGROUP_SUPER_MAGIC = 0x0027E0EB
CGROUP2_SUPER_MAGIC = 0x63677270
PROC_SUPER_MAGIC = 0x9FA0
SYSFS_MAGIC = 0x62656572
EXT4_SUPER_MAGIC = 0xEF53

# fs type names as `stat -f -c %T` prints them (and the recorded layout's `fstype` file).
MAGIC_BY_NAME: Mapping[str, int] = {
    "tmpfs": TMPFS_MAGIC,
    "cgroupfs": CGROUP_SUPER_MAGIC,
    "cgroup": CGROUP_SUPER_MAGIC,
    "cgroup2fs": CGROUP2_SUPER_MAGIC,
    "cgroup2": CGROUP2_SUPER_MAGIC,
    "proc": PROC_SUPER_MAGIC,
    "sysfs": SYSFS_MAGIC,
    "ext2/ext3": EXT4_SUPER_MAGIC,
    "ext4": EXT4_SUPER_MAGIC,
}


class Host:
    """Interface: statfs_type(path) -> f_type magic (None if the path does not exist is
    decided by the caller), openat2 -> whether the kernel has openat2(2)."""

    openat2: bool = True

    def statfs_type(self, path: str) -> int:
        raise NotImplementedError


@dataclass(frozen=True)
class FakeHost(Host):
    """A host described by its mount table: mount point -> f_type magic (or type name).
    statfs answers with the longest mount point that is a prefix of the path."""

    mounts: Mapping[str, int | str] = field(default_factory=dict)
    openat2: bool = True
    default: int = EXT4_SUPER_MAGIC

    def statfs_type(self, path: str) -> int:
        best = ""
        magic: int | str = self.default
        for mp, m in self.mounts.items():
            mpn = mp.rstrip("/") or "/"
            if (path == mpn or path.startswith(mpn + "/") or mpn == "/") and len(mpn) > len(best):
                best, magic = mpn, m
        if isinstance(magic, str):
            return MAGIC_BY_NAME[magic]
        return magic


class _StatfsBuf(ctypes.Structure):
    # struct statfs on 64-bit Linux: f_type is the first long.
    _fields_ = [("f_type", ctypes.c_long), ("_rest", ctypes.c_byte * 112)]


class LiveHost(Host):
    """This machine: statfs(2) through libc, openat2 when the running kernel is >= 5.6."""

    def __init__(self) -> None:
        rel = _os.uname().release.split(".")
        try:
            major, minor = int(rel[0]), int("".join(c for c in rel[1] if c.isdigit()) or 0)
        except (ValueError, IndexError):
            major, minor = 0, 0
        self.openat2 = (major, minor) >= (5, 6)
        self._libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)

    def statfs_type(self, path: str) -> int:
        buf = _StatfsBuf()
        if self._libc.statfs(_os.fsencode(path), ctypes.byref(buf)) != 0:
            err = ctypes.get_errno()
            raise OSError(err, _os.strerror(err), path)
        return int(buf.f_type) & 0xFFFFFFFF


_current: Host | None = None
generation = 0


def current() -> Host:
    global _current
    if _current is None:
        install(LiveHost())
    assert _current is not None
    return _current


def install(host: Host) -> None:
    """Make `host` the kernel the ports talk to (and start a new sync.Once generation)."""
    global _current, generation
    _current = host
    generation += 1


@contextlib.contextmanager
def use(host: Host) -> Iterator[Host]:
    """Temporarily make `host` current; restores the previous one after."""
    global _current
    prev = _current
    install(host)
    try:
        yield host
    finally:
        if prev is None:
            _current = None
        else:
            install(prev)
