"""The host shim: the kernel beneath the Go runtime that the ports run on.

Every syscall a port makes goes through the current Host: open+read of a file, stat/lstat,
statfs (whose f_type decides cgroup v1 vs v2), and whether openat2(2) exists (which decides
runc's open path and its error op names). Ports never see the Host; they call ports.go.os /
ports.go.unix, which ask it.

Hosts:
- PyHost (the default): plain Python I/O at the real absolute paths, so the same port reads
  the live machine, or a pyfakefs filesystem when one is patched in; statfs through libc on a
  live machine, or from a mount table when one is given.
- FakeHost(mounts, openat2, files=None, dirs=None): a described machine. With `files` (absolute
  path -> bytes) it serves them from memory without touching any filesystem, the simulator's
  fast path; `dirs` adds directories that hold no file (a fake_sysfs Tree's empty_dirs: a
  hostile state's file replaced by a directory). Without `files`, it reads through Python I/O
  (pyfakefs) and only answers statfs/openat2.

Each install bumps `generation`, which scopes sync.Once: a new host is a new process.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno as _errno
import os as _os
import stat as _stat
from collections.abc import Iterable, Iterator, Mapping

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

# (data, open errno, read errno): open errors fail the open; a read errno (EISDIR) fails
# the first read, as read(2) on a directory descriptor does.
ReadResult = tuple[bytes | None, int | None, int | None]
# (entries as (name, is a directory) | None, open errno, getdents errno)
DirResult = tuple[list[tuple[str, bool]] | None, int | None, int | None]

NAME_MAX = 255  # include/uapi/linux/limits.h: bytes in one path component
# Filesystems whose lookup does not check a component's length: kernfs (cgroup, cgroup2,
# sysfs: fs/kernfs/dir.c kernfs_iop_lookup finds no such node and leaves the dentry
# negative) and procfs, so a component over NAME_MAX gives ENOENT there; tmpfs (fs/libfs.c
# simple_lookup) and disk filesystems give ENAMETOOLONG. Measured on Linux 6.18: a 256-byte
# name gives ENAMETOOLONG under /tmp (ext4) and directly under a v1 /sys/fs/cgroup (tmpfs),
# ENOENT under /sys/fs/cgroup/memory, /sys/fs/cgroup/unified, /proc and /sys.
NAME_MAX_UNCHECKED = frozenset(
    {CGROUP_SUPER_MAGIC, CGROUP2_SUPER_MAGIC, SYSFS_MAGIC, PROC_SUPER_MAGIC}
)
# where a described machine's lookups happen when its mount table does not say: /proc and /sys
BASE_LOOKUP_MOUNTS: Mapping[str, int | str] = {"/proc": PROC_SUPER_MAGIC, "/sys": SYSFS_MAGIC}


def _too_long(component: str) -> bool:
    return (
        len(component) > NAME_MAX // 4
        and len(component.encode("utf-8", "surrogateescape")) > NAME_MAX
    )


class Host:
    """Base host: Python I/O for files; subclasses answer statfs and openat2."""

    openat2: bool = True
    # False when no path on this host can be a symlink (a FakeHost serving files from
    # memory): openat2's RESOLVE_NO_SYMLINKS walk then has nothing to find
    symlinks: bool = True

    def statfs_type(self, path: str) -> int:
        raise NotImplementedError

    def read_file(self, path: str) -> ReadResult:
        try:
            with open(path, "rb") as f:
                return f.read(), None, None
        except IsADirectoryError:
            return b"", None, _errno.EISDIR
        except OSError as e:
            if e.errno == _errno.EISDIR:
                return b"", None, _errno.EISDIR
            return None, e.errno if e.errno is not None else _errno.EIO, None

    def read_dir(self, path: str) -> DirResult:
        """The entries of directory `path` as getdents(2) lists them (name, is a directory),
        or why not: (None, open errno, None) when the open fails, (None, None, ENOTDIR)
        when `path` opens but is not a directory (the getdents64 call fails)."""
        try:
            names = _os.listdir(path)
        except NotADirectoryError:
            return None, None, _errno.ENOTDIR
        except OSError as e:
            return None, e.errno if e.errno is not None else _errno.EIO, None
        out = []
        for name in names:
            try:
                is_dir = _stat.S_ISDIR(_os.lstat(_os.path.join(path, name)).st_mode)
            except OSError:
                continue  # gone between the listing and the lstat
            out.append((name, is_dir))
        return out, None, None

    def lookup_errno(self, path: str) -> int:
        """The errno of looking up a path that lstat says does not exist (ENOENT, ENOTDIR,
        ENAMETOOLONG: whatever the kernel answers)."""
        try:
            _os.lstat(path)
        except OSError as e:
            return e.errno if e.errno is not None else _errno.ENOENT
        return _errno.ENOENT

    def lstat(self, path: str) -> tuple[bool, bool, bool]:
        """(exists, is a directory, is a symlink) without following a final symlink."""
        try:
            st = _os.lstat(path)
        except OSError:
            return False, False, False
        if _stat.S_ISLNK(st.st_mode):
            try:
                return True, _stat.S_ISDIR(_os.stat(path).st_mode), True
            except OSError:
                return True, False, True
        return True, _stat.S_ISDIR(st.st_mode), False


# (mount table items, default) -> path -> f_type: _mount_lookup is a pure function of its
# arguments, and a run of the simulator asks the same few paths of the same few mount tables
_MOUNT_MEMO: dict[tuple[object, ...], dict[str, int]] = {}
_MOUNT_MEMO_TABLES = 64
_MOUNT_MEMO_PATHS = 4096


def _mount_lookup(mounts: Mapping[str, int | str], path: str, default: int) -> int:
    key = (tuple(mounts.items()), default)
    memo = _MOUNT_MEMO.get(key)
    if memo is None:
        if len(_MOUNT_MEMO) >= _MOUNT_MEMO_TABLES:
            _MOUNT_MEMO.clear()
        memo = _MOUNT_MEMO[key] = {}
    m = memo.get(path)
    if m is None:
        m = _mount_lookup_uncached(mounts, path, default)
        if len(memo) < _MOUNT_MEMO_PATHS:
            memo[path] = m
    return m


def _mount_lookup_uncached(mounts: Mapping[str, int | str], path: str, default: int) -> int:
    best = ""
    magic: int | str = default
    for mp, m in mounts.items():
        mpn = mp.rstrip("/") or "/"
        if (mpn == "/" or path == mpn or path.startswith(mpn + "/")) and len(mpn) > len(best):
            best, magic = mpn, m
    return MAGIC_BY_NAME[magic] if isinstance(magic, str) else magic


class FakeHost(Host):
    """A machine described by its mount table (mount point -> f_type magic or type name),
    openat2 support, and optionally its files (absolute path -> bytes) served from memory,
    with `dirs`: directories that hold no file (their parents are implied)."""

    def __init__(
        self,
        mounts: Mapping[str, int | str] | None = None,
        openat2: bool = True,
        files: Mapping[str, bytes] | None = None,
        default: int = EXT4_SUPER_MAGIC,
        dirs: Iterable[str] | None = None,
        lookup_mounts: Mapping[str, int | str] | None = None,
    ) -> None:
        """`lookup_mounts`: the filesystems that do the path lookups, where they differ from
        what statfs answers (the oracle's sandbox holds every cgroup file in one tmpfs);
        default BASE_LOOKUP_MOUNTS plus `mounts`. They decide a component over NAME_MAX."""
        self.mounts = dict(mounts or {})
        self.lookup_mounts = (
            dict(lookup_mounts)
            if lookup_mounts is not None
            else {**BASE_LOOKUP_MOUNTS, **self.mounts}
        )
        self.openat2 = openat2
        self.files = files
        self.default = default
        self.extra_dirs = tuple(dirs or ())
        self._dirs: set[str] | None = None
        self._statfs: dict[str, int] = {}
        if files is not None:
            self.symlinks = False

    def statfs_type(self, path: str) -> int:
        m = self._statfs.get(path)
        if m is None:
            m = self._statfs[path] = _mount_lookup(self.mounts, path, self.default)
        return m

    def _dirset(self) -> set[str]:
        if self._dirs is None:
            dirs = {"/"}
            # a directory d is walked up from "d/", so d itself is added with its parents
            for p in (*(self.files or ()), *(d.rstrip("/") + "/" for d in self.extra_dirs)):
                i = p.rfind("/")
                while i > 0:
                    d = p[:i]
                    if d in dirs:
                        break
                    dirs.add(d)
                    i = p.rfind("/", 0, i)
            self._dirs = dirs
        return self._dirs

    def read_file(self, path: str) -> ReadResult:
        if self.files is None:
            return super().read_file(path)
        data = self.files.get(path)
        if data is not None:
            return data, None, None
        path = _os.path.normpath(path) if "//" in path or "/." in path else path
        data = self.files.get(path)
        if data is not None:
            return data, None, None
        if path in self._dirset():
            return b"", None, _errno.EISDIR
        return None, self._walk_errno(path), None

    def _walk_errno(self, path: str) -> int:
        """Why `path` (absolute, normal, neither a file nor a directory here) cannot be
        opened, walking it a component at a time as the kernel does: a file used as a
        directory gives ENOTDIR, a missing directory ENOENT, a component over NAME_MAX
        ENAMETOOLONG where the directory's filesystem checks it (NAME_MAX_UNCHECKED)."""
        assert self.files is not None
        if path[:1] != "/":
            return _errno.ENOENT
        dirs = self._dirset()
        long_path = len(path) > NAME_MAX // 4  # a 4-byte character is 1 of them
        start = 1
        while True:
            end = path.find("/", start)
            if long_path and _too_long(path[start:] if end < 0 else path[start:end]):
                parent = path[: start - 1] or "/"
                magic = _mount_lookup(self.lookup_mounts, parent, self.default)
                return _errno.ENOENT if magic in NAME_MAX_UNCHECKED else _errno.ENAMETOOLONG
            if end < 0:
                return _errno.ENOENT
            prefix = path[:end]
            if prefix in self.files:
                return _errno.ENOTDIR
            if prefix not in dirs:
                return _errno.ENOENT
            start = end + 1

    def read_dir(self, path: str) -> DirResult:
        if self.files is None:
            return super().read_dir(path)
        path = _os.path.normpath(path) if path != "/" else path
        if path in self.files:
            return None, None, _errno.ENOTDIR
        dirs = self._dirset()
        if path not in dirs:
            return None, self._walk_errno(path), None
        prefix = "/" if path == "/" else path + "/"
        found: dict[str, bool] = {}
        for p in (*self.files, *dirs):
            if p.startswith(prefix) and len(p) > len(prefix):
                name, sep, _ = p[len(prefix) :].partition("/")
                found[name] = found.get(name, False) or bool(sep) or p in dirs
        return sorted(found.items()), None, None

    def lookup_errno(self, path: str) -> int:
        if self.files is None:
            return super().lookup_errno(path)
        path = _os.path.normpath(path) if "//" in path or "/." in path else path
        return self._walk_errno(path)

    def lstat(self, path: str) -> tuple[bool, bool, bool]:
        if self.files is None:
            return super().lstat(path)
        if path in self.files:
            return True, False, False
        return (path in self._dirset()), (path in self._dirset()), False


class PyHost(Host):
    """The machine Python runs on (or the pyfakefs filesystem patched over it): files via
    Python I/O; statfs via libc; openat2 when the running kernel is >= 5.6."""

    def __init__(self) -> None:
        rel = _os.uname().release.split(".")
        try:
            major, minor = int(rel[0]), int("".join(c for c in rel[1] if c.isdigit()) or 0)
        except (ValueError, IndexError):
            major, minor = 0, 0
        self.openat2 = (major, minor) >= (5, 6)
        self._libc: ctypes.CDLL | None = None

    def statfs_type(self, path: str) -> int:
        if self._libc is None:
            self._libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        buf = (ctypes.c_long * 15)()  # struct statfs on 64-bit Linux; f_type comes first
        if self._libc.statfs(_os.fsencode(path), ctypes.byref(buf)) != 0:
            err = ctypes.get_errno()
            raise OSError(err, _os.strerror(err), path)
        return int(buf[0]) & 0xFFFFFFFF


LiveHost = PyHost

_current: Host | None = None
generation = 0


def current() -> Host:
    global _current
    if _current is None:
        install(PyHost())
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
