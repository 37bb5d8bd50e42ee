"""Tree: the files of one machine state, keyed by absolute path, plus what statfs and uname say.

A Tree is what every way in produces (render, load_capture, capture_live) and what every way out
consumes (install into pyfakefs, write_capture, ports.go.host.FakeHost(files=, dirs=)). It is a
frozen value; `with_file`, `with_dir` and `without` return changed copies for hostile mutations.

Directories are implied by the files under them; `empty_dirs` lists the ones that hold nothing
(a hostile state's file replaced by a directory). Every consumer creates them too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

CGROUP_ROOT = "/sys/fs/cgroup"
# the statfs type names of /sys/fs/cgroup that decide v1 vs v2 downstream
FSTYPE_V2 = "cgroup2fs"
FSTYPE_V1 = "tmpfs"
KNOWN_FSTYPES = (FSTYPE_V2, FSTYPE_V1)


def ancestors(paths: Iterable[str]) -> set[str]:
    """Every proper ancestor of the given paths ("/a" and "/a/b" of "/a/b/c"; "a" of "a/b"),
    in time linear in their total length."""
    above: set[str] = set()
    for p in paths:
        i = p.rfind("/")
        while i > 0:
            a = p[:i]
            if a in above:
                break  # and so are all of its own ancestors
            above.add(a)
            i = p.rfind("/", 0, i)
    return above


def _frozen(m: Mapping[str, bytes] | Mapping[str, str]) -> MappingProxyType[str, object]:
    return MappingProxyType(dict(m))


@dataclass(frozen=True, eq=False)
class Tree:
    """Files of one state. `files` maps absolute paths ("/proc/meminfo") to their bytes.

    fstype: statfs type name of /sys/fs/cgroup ("cgroup2fs" or "tmpfs").
    mounts: mount point -> mount fs type ("cgroup", "cgroup2", "tmpfs", "cgroup2fs").
    uname: `uname -a` of the machine; kernel: its release (`uname -r`).
    when: UTC time of a capture (None for a rendered world).
    empty_dirs: directories with nothing in them (absolute paths; never a file's path or an
    ancestor of one). Rendered worlds have none.
    """

    files: Mapping[str, bytes]
    fstype: str
    mounts: Mapping[str, str]
    uname: str
    kernel: str
    when: str | None = None
    source: str = field(default="", compare=False)  # where it came from, for messages
    empty_dirs: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "files", _frozen(self.files))
        object.__setattr__(self, "mounts", _frozen(self.mounts))
        if self.empty_dirs:
            object.__setattr__(self, "empty_dirs", frozenset(self.empty_dirs))
            self._check_empty_dirs()

    def _check_empty_dirs(self) -> None:
        """Each empty directory is an absolute, normal path (a name may start with a dot),
        neither a file nor above one, and below no file. Linear in the paths' total length
        (20,000 empty directories once took 192 s here)."""
        files = self.files
        above = ancestors((*files, *self.empty_dirs))
        for d in self.empty_dirs:
            if not d.startswith("/") or any(c in ("", ".", "..") for c in d[1:].split("/")):
                raise ValueError(f"{d!r}: an empty directory must be an absolute, normal path")
            if d in files:
                raise ValueError(f"{d}: both a file and an empty directory")
            if d in above:
                raise ValueError(f"{d}: listed as empty but has entries under it")
            i = d.rfind("/")
            while i > 0:
                if d[:i] in files:
                    raise ValueError(f"{d}: under {d[:i]}, which is a file")
                i = d.rfind("/", 0, i)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Tree):
            return NotImplemented
        return (
            dict(self.files) == dict(other.files)
            and self.fstype == other.fstype
            and dict(self.mounts) == dict(other.mounts)
            and self.uname == other.uname
            and self.kernel == other.kernel
            and self.when == other.when
            and self.empty_dirs == other.empty_dirs
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        src = f" from {self.source}" if self.source else ""
        return f"<Tree {self.kernel} {self.fstype} {len(self.files)} files{src}>"

    @property
    def is_v2(self) -> bool:
        return self.fstype == FSTYPE_V2

    def _copy(self, files: dict[str, bytes], empty_dirs: frozenset[str]) -> Tree:
        return Tree(
            files,
            self.fstype,
            self.mounts,
            self.uname,
            self.kernel,
            self.when,
            self.source,
            empty_dirs,
        )

    def with_file(self, path: str, data: bytes | str) -> Tree:
        """A copy with `path` (absolute) set to `data` (an empty directory there is replaced;
        an empty directory above it now holds it)."""
        if isinstance(data, str):
            data = data.encode()
        files = dict(self.files)
        files[path] = data
        empty = self.empty_dirs
        if empty:
            empty = frozenset(d for d in empty if d != path and not path.startswith(d + "/"))
        return self._copy(files, empty)

    def with_dir(self, path: str) -> Tree:
        """A copy where `path` is an empty directory: the file there, or everything under the
        directory there, is gone (a hostile state: a file replaced by a directory)."""
        path = path.rstrip("/")
        prefix = path + "/"
        files = {k: v for k, v in self.files.items() if k != path and not k.startswith(prefix)}
        empty = {d for d in self.empty_dirs if not d.startswith(prefix)}
        empty = {d for d in empty if not path.startswith(d + "/")}
        empty.add(path)
        return self._copy(files, frozenset(empty))

    def without(self, path: str) -> Tree:
        """A copy without `path`, or without everything under it when it is a directory."""
        path = path.rstrip("/") or path
        prefix = path.rstrip("/") + "/"
        files = {k: v for k, v in self.files.items() if k != path and not k.startswith(prefix)}
        empty = frozenset(d for d in self.empty_dirs if d != path and not d.startswith(prefix))
        if len(files) == len(self.files) and len(empty) == len(self.empty_dirs):
            raise KeyError(f"{path}: no such file or directory in the tree")
        return self._copy(files, empty)

    def read(self, path: str) -> str:
        return self.files[path].decode()

    def listdir(self, path: str) -> list[str]:
        """Names directly under directory `path` (files and directories)."""
        prefix = path.rstrip("/") + "/"
        names = {
            k[len(prefix) :].split("/", 1)[0]
            for k in (*self.files, *self.empty_dirs)
            if k.startswith(prefix)
        }
        return sorted(names)

    def dirs(self) -> Iterator[str]:
        """Every directory: those that hold a file, and the empty ones; deepest last."""
        seen: set[str] = set(self.empty_dirs)
        for p in (*self.files, *self.empty_dirs):
            d = p.rsplit("/", 1)[0]
            while d and d not in seen:
                seen.add(d)
                d = d.rsplit("/", 1)[0]
        yield from sorted(seen, key=lambda d: (d.count("/"), d))
