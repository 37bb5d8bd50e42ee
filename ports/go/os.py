"""Go's os package, over the host shim (ports.go.host).

By default the host reads with Python's builtin `open` at call time, so the same port reads
the live machine, a pyfakefs world, or a capture mapped into pyfakefs; the simulator can
instead serve a rendered tree from memory. Errors come back as Go error values:
*PathError{Op, Path, Err: syscall.Errno} with Go's text, e.g.
`open /sys/fs/cgroup/x/memory.current: no such file or directory`.

As in Go, opening a directory read-only succeeds and the *read* fails with EISDIR.
"""

from __future__ import annotations

import operator
import os as _os
from collections.abc import Callable
from typing import Any

from ports.go import errors, host, syscall

ErrNotExist = errors.New("file does not exist")
ErrExist = errors.New("file already exists")
ErrPermission = errors.New("permission denied")
ErrClosed = errors.New("file already closed")

O_RDONLY = _os.O_RDONLY
O_WRONLY = _os.O_WRONLY
O_RDWR = _os.O_RDWR
O_CREATE = _os.O_CREAT
O_TRUNC = _os.O_TRUNC
O_APPEND = _os.O_APPEND


class PathError:
    """*fs.PathError: Error() is `Op + " " + Path + ": " + Err.Error()`."""

    __slots__ = ("Err", "Op", "Path")

    def __init__(self, Op: str, Path: str, Err: Any) -> None:
        self.Op = Op
        self.Path = Path
        self.Err = Err

    def Error(self) -> str:
        return self.Op + " " + self.Path + ": " + self.Err.Error()

    def Unwrap(self) -> Any:
        return self.Err

    def __repr__(self) -> str:
        return f"<PathError {self.Error()!r}>"


class LinkError:
    __slots__ = ("Err", "New", "Old", "Op")

    def __init__(self, Op: str, Old: str, New: str, Err: Any) -> None:
        self.Op, self.Old, self.New, self.Err = Op, Old, New, Err

    def Error(self) -> str:
        return self.Op + " " + self.Old + " " + self.New + ": " + self.Err.Error()

    def Unwrap(self) -> Any:
        return self.Err


class SyscallError:
    __slots__ = ("Err", "Syscall")

    def __init__(self, Syscall: str, Err: Any) -> None:
        self.Syscall, self.Err = Syscall, Err

    def Error(self) -> str:
        return self.Syscall + ": " + self.Err.Error()

    def Unwrap(self) -> Any:
        return self.Err


def _underlying_error(err: Any) -> Any:
    # os.underlyingError: unwraps only *PathError, *LinkError, *SyscallError (one level).
    if isinstance(err, (PathError, LinkError, SyscallError)):
        return err.Err
    return err


def _underlying_error_is(err: Any, target: Any) -> bool:
    err = _underlying_error(err)
    if err is target:
        return True
    return isinstance(err, syscall.Errno) and err.Is(target)


def IsNotExist(err: Any) -> bool:
    """os.IsNotExist: does NOT see through %w wrapping or ParseError (unlike errors.Is)."""
    return _underlying_error_is(err, ErrNotExist)


def IsExist(err: Any) -> bool:
    return _underlying_error_is(err, ErrExist)


def IsPermission(err: Any) -> bool:
    return _underlying_error_is(err, ErrPermission)


class File:
    """*os.File, read-only: the content is read at open; Read errors (EISDIR) are kept for
    the first read, as a Go read(2) on that descriptor would return them."""

    __slots__ = ("_data", "_name", "_off", "_read_err")

    def __init__(self, name: str, data: bytes, read_err: Any = None) -> None:
        self._name = name
        self._data = data
        self._read_err = read_err
        self._off = 0

    def Name(self) -> str:
        return self._name

    def Close(self) -> Any:
        return None

    def read_all(self) -> tuple[bytes, Any]:
        """What io.ReadAll / bytes.Buffer.ReadFrom gets: (data, err); err is the
        *PathError{Op: "read"} of a failing read, never io.EOF."""
        if self._read_err is not None:
            return b"", PathError("read", self._name, self._read_err)
        data = self._data[self._off :]
        self._off = len(self._data)
        return data, None


def _open_bytes(name: str) -> tuple[bytes | None, Any, Any]:
    """(data, open error, read error) for a read-only open of name, from the host (after
    Go's and the kernel's checks of the name itself: a NUL, PATH_MAX)."""
    if "\x00" in name or len(name) >= 1024:
        err = syscall.path_arg_error(name)
        if err is not None:
            return None, err, None
    data, open_errno, read_errno = (host._current or host.current()).read_file(name)
    if open_errno is None and read_errno is None:
        return data, None, None
    return (
        data,
        None if open_errno is None else syscall.errno_value(open_errno),
        None if read_errno is None else syscall.errno_value(read_errno),
    )


def OpenFile(name: str, flag: int, perm: int = 0) -> tuple[File | None, Any]:
    """os.OpenFile, read-only modes only (the ports never write)."""
    if flag & (O_WRONLY | O_RDWR):
        raise NotImplementedError("ports.go.os: write modes are not ported (ports never write)")
    data, open_err, read_err = _open_bytes(name)
    if open_err is not None:
        return None, PathError("open", name, open_err)
    assert data is not None
    return File(name, data, read_err), None


def Open(name: str) -> tuple[File | None, Any]:
    """os.Open."""
    return OpenFile(name, O_RDONLY, 0)


def ReadFile(name: str) -> tuple[bytes, Any]:
    """os.ReadFile."""
    f, err = Open(name)
    if err is not None:
        return b"", err
    assert f is not None
    return f.read_all()


class DirEntry:
    """fs.DirEntry (and the fs.FileInfo ioutil.ReadDir gives): a name and whether it is a
    directory; nothing else of a sysfs entry is read by the ports."""

    __slots__ = ("_is_dir", "_name")

    def __init__(self, name: str, is_dir: bool) -> None:
        self._name = name
        self._is_dir = is_dir

    def Name(self) -> str:
        return self._name

    def IsDir(self) -> bool:
        return self._is_dir

    def Info(self) -> tuple[DirEntry, Any]:
        return self, None

    def __repr__(self) -> str:
        return f"DirEntry({self._name!r}, is_dir={self._is_dir})"


def ReadDir(name: str) -> tuple[list[DirEntry], Any]:
    """os.ReadDir: the entries sorted by name. An open failure is *PathError{Op: "open"};
    a name that opens but is no directory fails getdents64 with *PathError{Op:
    "readdirent"} (Go's dir_unix.go readdir)."""
    if "\x00" in name or len(name) >= 1024:
        err = syscall.path_arg_error(name)
        if err is not None:
            return [], PathError("open", name, err)
    entries, open_errno, read_errno = (host._current or host.current()).read_dir(name)
    if open_errno is not None:
        return [], PathError("open", name, syscall.errno_value(open_errno))
    if read_errno is not None or entries is None:
        return [], PathError("readdirent", name, syscall.errno_value(read_errno or 0))
    return [DirEntry(n, d) for n, d in sorted(entries)], None


# A Go string from bytes: UTF-8, with invalid bytes kept (surrogateescape); and back. (Bound
# C callables: no Python frame per call.)
decode: Callable[[bytes], str] = operator.methodcaller("decode", "utf-8", "surrogateescape")
encode: Callable[[str], bytes] = operator.methodcaller("encode", "utf-8", "surrogateescape")
