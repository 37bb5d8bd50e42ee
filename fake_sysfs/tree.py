"""Tree: the files of one machine state, keyed by absolute path, plus what statfs and uname say.

A Tree is what every way in produces (render, load_capture, capture_live) and what every way out
consumes (install into pyfakefs, write_capture). It is a frozen value; `with_file` and `without`
return changed copies for hostile mutations.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

CGROUP_ROOT = "/sys/fs/cgroup"
# the statfs type names of /sys/fs/cgroup that decide v1 vs v2 downstream
FSTYPE_V2 = "cgroup2fs"
FSTYPE_V1 = "tmpfs"
KNOWN_FSTYPES = (FSTYPE_V2, FSTYPE_V1)


def _frozen(m: Mapping[str, bytes] | Mapping[str, str]) -> MappingProxyType[str, object]:
    return MappingProxyType(dict(m))


@dataclass(frozen=True, eq=False)
class Tree:
    """Files of one state. `files` maps absolute paths ("/proc/meminfo") to their bytes.

    fstype: statfs type name of /sys/fs/cgroup ("cgroup2fs" or "tmpfs").
    mounts: mount point -> mount fs type ("cgroup", "cgroup2", "tmpfs", "cgroup2fs").
    uname: `uname -a` of the machine; kernel: its release (`uname -r`).
    when: UTC time of a capture (None for a rendered world).
    """

    files: Mapping[str, bytes]
    fstype: str
    mounts: Mapping[str, str]
    uname: str
    kernel: str
    when: str | None = None
    source: str = field(default="", compare=False)  # where it came from, for messages

    def __post_init__(self) -> None:
        object.__setattr__(self, "files", _frozen(self.files))
        object.__setattr__(self, "mounts", _frozen(self.mounts))

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
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        src = f" from {self.source}" if self.source else ""
        return f"<Tree {self.kernel} {self.fstype} {len(self.files)} files{src}>"

    @property
    def is_v2(self) -> bool:
        return self.fstype == FSTYPE_V2

    def with_file(self, path: str, data: bytes | str) -> Tree:
        """A copy with `path` (absolute) set to `data`."""
        if isinstance(data, str):
            data = data.encode()
        files = dict(self.files)
        files[path] = data
        return Tree(
            files, self.fstype, self.mounts, self.uname, self.kernel, self.when, self.source
        )

    def without(self, path: str) -> Tree:
        """A copy without `path`, or without everything under it when it is a directory."""
        prefix = path.rstrip("/") + "/"
        files = {k: v for k, v in self.files.items() if k != path and not k.startswith(prefix)}
        if len(files) == len(self.files):
            raise KeyError(f"{path}: no such file or directory in the tree")
        return Tree(
            files, self.fstype, self.mounts, self.uname, self.kernel, self.when, self.source
        )

    def read(self, path: str) -> str:
        return self.files[path].decode()

    def listdir(self, path: str) -> list[str]:
        """Names directly under directory `path` (files and directories)."""
        prefix = path.rstrip("/") + "/"
        names = {k[len(prefix) :].split("/", 1)[0] for k in self.files if k.startswith(prefix)}
        return sorted(names)

    def dirs(self) -> Iterator[str]:
        """Every directory that holds a file, deepest last."""
        seen: set[str] = set()
        for p in self.files:
            d = p.rsplit("/", 1)[0]
            while d and d not in seen:
                seen.add(d)
                d = d.rsplit("/", 1)[0]
        yield from sorted(seen, key=lambda d: (d.count("/"), d))
