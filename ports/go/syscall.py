"""Go's syscall.Errno on Linux: the errno values, Go's error text, and Errno.Is."""

from __future__ import annotations

import errno as _errno
import functools
import os as _os
from typing import Any

from ports.go import errors

# Go's error text for each errno (syscall/zerrors_linux_amd64.go). Go derives these from
# strerror with the first letter lowercased; the common ones are spelled out here and the
# rest fall back to that same rule.
_TEXT = {
    _errno.EPERM: "operation not permitted",
    _errno.ENOENT: "no such file or directory",
    _errno.EINTR: "interrupted system call",
    _errno.EIO: "input/output error",
    _errno.ENXIO: "no such device or address",
    _errno.EBADF: "bad file descriptor",
    _errno.EAGAIN: "resource temporarily unavailable",
    _errno.ENOMEM: "cannot allocate memory",
    _errno.EACCES: "permission denied",
    _errno.EEXIST: "file exists",
    _errno.EXDEV: "invalid cross-device link",
    _errno.ENODEV: "no such device",
    _errno.ENOTDIR: "not a directory",
    _errno.EISDIR: "is a directory",
    _errno.EINVAL: "invalid argument",
    _errno.EMFILE: "too many open files",
    _errno.EFBIG: "file too large",
    _errno.ENOSPC: "no space left on device",
    _errno.EROFS: "read-only file system",
    _errno.ENAMETOOLONG: "file name too long",
    _errno.ENOSYS: "function not implemented",
    _errno.ENOTEMPTY: "directory not empty",
    _errno.ELOOP: "too many levels of symbolic links",
    _errno.ENODATA: "no data available",
    _errno.EOPNOTSUPP: "operation not supported",
}


class Errno:
    """syscall.Errno: a value type (two Errnos with the same number are ==)."""

    __slots__ = ("n",)

    def __init__(self, n: int) -> None:
        self.n = n

    def Error(self) -> str:
        text = _TEXT.get(self.n)
        if text is not None:
            return text
        s = _os.strerror(self.n)
        if s.startswith("Unknown error"):
            return "errno " + str(self.n)
        return s[:1].lower() + s[1:]

    def Is(self, target: Any) -> bool:
        # syscall/syscall_unix.go Errno.Is
        os = _goos()  # late import: os imports syscall
        if target is os.ErrPermission:
            return self.n in (_errno.EACCES, _errno.EPERM)
        if target is os.ErrExist:
            return self.n in (_errno.EEXIST, _errno.ENOTEMPTY)
        if target is os.ErrNotExist:
            return self.n == _errno.ENOENT
        if target is errors.ErrUnsupported:
            return self.n in (_errno.ENOSYS, _errno.ENOTSUP, _errno.EOPNOTSUPP)
        return False

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Errno) and other.n == self.n

    def __hash__(self) -> int:
        return hash(self.n)

    def __repr__(self) -> str:
        return f"syscall.{_errno.errorcode.get(self.n, str(self.n))}"


EPERM = Errno(_errno.EPERM)
ENOENT = Errno(_errno.ENOENT)
EACCES = Errno(_errno.EACCES)
EEXIST = Errno(_errno.EEXIST)
EXDEV = Errno(_errno.EXDEV)
ENOTDIR = Errno(_errno.ENOTDIR)
EISDIR = Errno(_errno.EISDIR)
EINVAL = Errno(_errno.EINVAL)
ELOOP = Errno(_errno.ELOOP)
ENOSYS = Errno(_errno.ENOSYS)
ENOTSUP = Errno(_errno.ENOTSUP)
EOPNOTSUPP = Errno(_errno.EOPNOTSUPP)
ENOTEMPTY = Errno(_errno.ENOTEMPTY)
EINTR = Errno(_errno.EINTR)
EIO = Errno(_errno.EIO)
EBADF = Errno(_errno.EBADF)
ENODEV = Errno(_errno.ENODEV)
EFBIG = Errno(_errno.EFBIG)
EOVERFLOW = Errno(_errno.EOVERFLOW)
EAGAIN = Errno(_errno.EAGAIN)
EMFILE = Errno(_errno.EMFILE)
ENAMETOOLONG = Errno(_errno.ENAMETOOLONG)
EROFS = Errno(_errno.EROFS)
EBUSY = Errno(_errno.EBUSY)
ENOMEM = Errno(_errno.ENOMEM)
EPIPE = Errno(_errno.EPIPE)
ESRCH = Errno(_errno.ESRCH)
EFAULT = Errno(_errno.EFAULT)
ENXIO = Errno(_errno.ENXIO)
ENODATA = Errno(_errno.ENODATA)


PATH_MAX = 4096  # include/uapi/linux/limits.h: a path's bytes, its terminating NUL included


def path_arg_error(path: str) -> Errno | None:
    """The error a path argument gets before any lookup, None if it has none:
    - a NUL in it: EINVAL, from Go itself, no syscall made (ByteSliceFromString in Go's
      src/syscall/syscall.go, and its copy in golang.org/x/sys/unix syscall.go, which
      os.Open, unix.Openat2 and unix.Statfs call before the syscall);
    - PATH_MAX bytes or more, the NUL included: ENAMETOOLONG, from the kernel's copy of the
      name (fs/namei.c getname_flags; measured on Linux 6.18: a 4095-byte path is looked
      up, a 4096-byte one is refused)."""
    if "\x00" in path:
        return EINVAL
    if len(path) >= PATH_MAX // 4 and len(path.encode("utf-8", "surrogateescape")) >= PATH_MAX:
        return ENAMETOOLONG
    return None


def from_oserror(e: OSError) -> Errno:
    """The Errno a Python OSError carries (pyfakefs sets errno like the real kernel)."""
    return Errno(e.errno if e.errno is not None else _errno.EIO)


_BY_NUMBER: dict[int, Errno] = {e.n: e for e in list(globals().values()) if isinstance(e, Errno)}


def errno_value(n: int) -> Errno:
    """syscall.Errno(n). Errno is a value type (compared by number, never mutated), so one
    value per number is shared, as the constants above are."""
    e = _BY_NUMBER.get(n)
    if e is None:
        e = _BY_NUMBER[n] = Errno(n)
    return e


@functools.cache
def _goos() -> Any:
    from ports.go import os

    return os
