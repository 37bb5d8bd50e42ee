"""golang.org/x/sys/unix: the syscalls the ports make, answered by the host shim.

File descriptors are modelled as `Fd` objects naming the path they were opened on (as
/proc/self/fd/N would); openat2 resolves beneath its directory with RESOLVE_BENEATH /
RESOLVE_NO_XDEV semantics, then opens with Python I/O like everything else.
"""

from __future__ import annotations

import os as _os
import posixpath
from dataclasses import dataclass
from operator import itemgetter
from types import SimpleNamespace
from typing import Any

from ports.go import host, syscall
from ports.go.os import File

# re-exported errnos
ENOENT = syscall.ENOENT
ENOSYS = syscall.ENOSYS
EXDEV = syscall.EXDEV
ELOOP = syscall.ELOOP
ENOTDIR = syscall.ENOTDIR
ENOTSUP = syscall.ENOTSUP

O_RDONLY = _os.O_RDONLY
O_WRONLY = _os.O_WRONLY
O_DIRECTORY = 0o200000
O_PATH = 0o10000000
O_CLOEXEC = 0o2000000

RESOLVE_NO_XDEV = 0x01
RESOLVE_NO_MAGICLINKS = 0x02
RESOLVE_NO_SYMLINKS = 0x04
RESOLVE_BENEATH = 0x08
RESOLVE_IN_ROOT = 0x10

TMPFS_MAGIC = host.TMPFS_MAGIC
CGROUP_SUPER_MAGIC = host.CGROUP_SUPER_MAGIC
CGROUP2_SUPER_MAGIC = host.CGROUP2_SUPER_MAGIC


class OpenHow(SimpleNamespace):
    """unix.OpenHow: the fields given by keyword, the others zero. (A SimpleNamespace, so
    that the struct literal a port builds for every open is made in C.)"""

    Flags: int = 0
    Mode: int = 0
    Resolve: int = 0


@dataclass
class Statfs_t:
    Type: int = 0


class Fd(tuple[int, str, "bytes | None", Any]):
    """An open file descriptor: (num, path, data, read_err): the number Go would print, the
    path it refers to, and for a file (not an O_PATH descriptor) what reading it gives: its
    bytes, read at open, and the error of the first read (EISDIR) or None. (A tuple, so
    that the one Openat2 returns on every open is made in C.)"""

    __slots__ = ()

    num = property(itemgetter(0))
    path = property(itemgetter(1))
    data = property(itemgetter(2))
    read_err = property(itemgetter(3))


_next_fd = 3


def _new_fd(path: str) -> Fd:
    global _next_fd
    _next_fd += 1
    return Fd((_next_fd, path, None, None))


def _exists(path: str) -> tuple[bool, bool]:
    ok, isdir, _ = host.current().lstat(path)
    return ok, isdir


def Statfs(path: str) -> tuple[Statfs_t, Any]:
    """unix.Statfs: the name's own error (NUL, PATH_MAX), the lookup's when the path is
    missing, else the host's answer."""
    err = syscall.path_arg_error(path)
    if err is not None:
        return Statfs_t(), err
    ok, _ = _exists(path)
    if not ok:
        return Statfs_t(), syscall.errno_value(host.current().lookup_errno(path))
    return Statfs_t(host.current().statfs_type(path)), None


def Fstatfs(fd: Fd | File) -> tuple[Statfs_t, Any]:
    """unix.Fstatfs on an fd from Openat2, or on an *os.File's descriptor (Go's
    `unix.Fstatfs(int(f.Fd()), &st)`): the host's answer for the path it was opened by."""
    path = fd.Name() if isinstance(fd, File) else fd.path
    return Statfs_t(host.current().statfs_type(path)), None


def Openat2(dirfd: Fd | int, path: str, how: OpenHow) -> tuple[Fd | None, Any]:
    """unix.Openat2. ENOSYS when the host kernel has no openat2."""
    global _next_fd
    if "\x00" in path or len(path) >= 1024:
        # Go refuses a NUL before the syscall (so even where openat2 is missing); the kernel
        # copies the name (PATH_MAX) before it walks it
        err = syscall.path_arg_error(path)
        if err is not None and (err is syscall.EINVAL or (host._current or host.current()).openat2):
            return None, err
    h = host._current or host.current()
    if not h.openat2:
        return None, syscall.ENOSYS
    resolve = how.Resolve
    if isinstance(dirfd, Fd) and path[:1] != "/":  # not posixpath.isabs(path)
        base = dirfd.path
        if resolve & (RESOLVE_BENEATH | RESOLVE_IN_ROOT) and ".." in path:
            # RESOLVE_BENEATH: no absolute paths, no ".." above the starting directory.
            depth = 0
            for comp in path.split("/"):
                if comp == "..":
                    depth -= 1
                    if depth < 0:
                        return None, syscall.EXDEV
                elif comp not in ("", "."):
                    depth += 1
        full = base + "/" + path
        if full[:1] != "/" or "//" in full or "/." in full or full[-1] == "/":
            # posixpath.normpath; a path with one leading "/", no empty, "." or ".."
            # component and no trailing "/" is already clean
            full = posixpath.normpath(full)
        if resolve & RESOLVE_NO_XDEV and h.statfs_type(full) != h.statfs_type(base):
            return None, syscall.EXDEV
    else:
        if isinstance(dirfd, Fd) and resolve & RESOLVE_BENEATH:
            return None, syscall.EXDEV
        full = posixpath.normpath(path)
    if resolve & RESOLVE_NO_SYMLINKS and h.symlinks:
        p = ""
        for comp in full.split("/")[1:]:
            p += "/" + comp
            if h.lstat(p)[2]:
                return None, syscall.ELOOP
    flags = how.Flags
    if flags & O_PATH:
        ok, isdir = _exists(full)
        if not ok:
            return None, syscall.errno_value(h.lookup_errno(full))
        if flags & O_DIRECTORY and not isdir:
            return None, syscall.ENOTDIR
        return _new_fd(full), None
    # _open_bytes(full), then _new_fd
    data, open_errno, read_errno = h.read_file(full)
    if open_errno is not None:
        return None, syscall.errno_value(open_errno)
    _next_fd += 1
    read_err = None if read_errno is None else syscall.errno_value(read_errno)
    return Fd((_next_fd, full, data, read_err)), None


def NewFile(fd: Fd, name: str) -> File:
    """os.NewFile(uintptr(fd), name): the *os.File for an fd Openat2 returned."""
    assert fd.data is not None
    return File(name, fd.data, fd.read_err)


def Readlink_proc_self_fd(fd: Fd) -> str:
    """os.Readlink("/proc/self/fd/N"): the path the descriptor refers to."""
    return fd.path
