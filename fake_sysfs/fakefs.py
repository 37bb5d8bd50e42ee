"""Put a Tree into a pyfakefs FakeFilesystem at the real absolute paths (STYLE.md §5).

    with Patcher() as p:
        install(tree, p.fs)          # /proc/meminfo, /sys/fs/cgroup/... now readable with open()
        ...
        install(next_tree, p.fs)     # the next state: same fs, files replaced

pyfakefs' create_file costs about a millisecond per file here, too slow for a simulator that
installs a state per millisecond. install() therefore builds the directories once, keeps the file
objects it made, and on the next call only swaps their contents (and adds or removes the files
that differ). Swapping contents writes FakeFile's byte buffer directly when this pyfakefs has one
(`_byte_contents`, present since pyfakefs 3), else calls the public set_contents().
tests/fake_sysfs/test_fakefs.py checks both paths read the same.
"""

from __future__ import annotations

import contextlib
import stat
import weakref
from typing import Any

from pyfakefs.fake_file import FakeDirectory, FakeFile
from pyfakefs.fake_filesystem import FakeFilesystem

from fake_sysfs.tree import Tree

FILE_MODE = stat.S_IFREG | 0o444
DIR_MODE = 0o555


class _Installed:
    """What install() put into one fake filesystem."""

    def __init__(self) -> None:
        self.dirs: dict[str, FakeDirectory] = {}
        self.files: dict[str, FakeFile] = {}
        self.tops: dict[str, FakeDirectory] = {}
        self.empty: frozenset[str] = frozenset()


_STATE: weakref.WeakKeyDictionary[FakeFilesystem, _Installed] = weakref.WeakKeyDictionary()


def _new_file(name: str, data: bytes, fs: FakeFilesystem) -> FakeFile:
    obj = FakeFile(name, FILE_MODE, None, fs)
    obj.set_initial_contents(data)
    return obj


_FAST = hasattr(_new_file("probe", b"", FakeFilesystem()), "_byte_contents")


def _set_bytes(obj: FakeFile, data: bytes, fast: bool) -> None:
    if fast:
        f: Any = obj
        f._byte_contents = data
        f.st_size = len(data)
    else:
        obj.set_contents(data)


def _still_there(fs: FakeFilesystem, st: _Installed) -> bool:
    for name, d in st.tops.items():
        try:
            if fs.root.get_entry(name) is not d:
                return False
        except KeyError:
            return False
    return True


def uninstall(fs: FakeFilesystem) -> None:
    """Remove everything install() put into `fs`."""
    st = _STATE.pop(fs, None)
    if st is None:
        return
    for name, d in st.tops.items():
        try:
            if fs.root.get_entry(name) is d:
                fs.root.remove_entry(name)
        except KeyError:
            pass


def _mkdir(fs: FakeFilesystem, st: _Installed, path: str) -> FakeDirectory:
    d = st.dirs.get(path)
    if d is not None:
        return d
    parent_path, _, name = path.rpartition("/")
    parent = _mkdir(fs, st, parent_path) if parent_path else fs.root
    try:
        existing = parent.get_entry(name)
    except KeyError:
        existing = None
    if isinstance(existing, FakeDirectory):
        d = existing
    else:
        if existing is not None:
            parent.remove_entry(name)
        d = FakeDirectory(name, DIR_MODE, fs)
        parent.add_entry(d)
    if parent is fs.root:
        st.tops[name] = d
    st.dirs[path] = d
    return d


def install(tree: Tree, fs: FakeFilesystem, *, fast: bool | None = None) -> None:
    """Make `fs` show exactly `tree`'s files under /proc and /sys (and any other top-level
    directories the tree uses). Files of a previous install() that `tree` lacks are removed,
    so a missing file in the tree is a missing file in the fake filesystem.

    fast: swap file contents through FakeFile's buffer (default: when available).
    """
    use_fast = _FAST if fast is None else (fast and _FAST)
    st = _STATE.get(fs)
    if st is not None and not _still_there(fs, st):
        uninstall(fs)  # the filesystem was reset or changed under us
        st = None
    if st is None:
        st = _STATE[fs] = _Installed()
    old = st.files
    new: dict[str, FakeFile] = {}
    for path, data in tree.files.items():
        obj = old.pop(path, None)
        if obj is None:
            parent_path, _, name = path.rpartition("/")
            parent = _mkdir(fs, st, parent_path)
            with contextlib.suppress(KeyError):
                parent.remove_entry(name)
            obj = _new_file(name, data, fs)
            parent.add_entry(obj)
        else:
            _set_bytes(obj, data, use_fast)
        new[path] = obj
    for path, obj in old.items():  # files the previous state had and this one lacks
        parent_path, _, name = path.rpartition("/")
        parent = st.dirs[parent_path]
        with contextlib.suppress(KeyError):
            if parent.get_entry(name) is obj:  # not if a directory took its place
                parent.remove_entry(name)
    st.files = new
    for path in tree.empty_dirs:  # a hostile state's file replaced by a directory
        d = _mkdir(fs, st, path)
        for name in list(d.entries):  # whatever an earlier state left in it
            d.remove_entry(name)
    if old or tree.empty_dirs or st.empty:
        # directories only the previous state used (a removed cgroup) go too
        keep = set(tree.dirs())
        for path in sorted(st.dirs, key=len, reverse=True):
            if path not in keep:
                parent_path, _, name = path.rpartition("/")
                parent = st.dirs.get(parent_path, fs.root) if parent_path else fs.root
                with contextlib.suppress(KeyError):
                    if parent.get_entry(name) is st.dirs[path]:  # not a file in its place
                        parent.remove_entry(name)
                del st.dirs[path]
                if not parent_path:
                    st.tops.pop(name, None)
    st.empty = tree.empty_dirs
