"""Captures: one machine state on disk in the recorded layout, and THE one way to read them back.

Layout (../shared/recorded/README.md), relative to the capture's root:

    fstype          statfs type of /sys/fs/cgroup: cgroup2fs (v2) or tmpfs (v1 / hybrid)
    uname           `uname -a` of the machine
    when            UTC time of the capture (optional)
    manifest.json   what `memsim capture` read and skipped, and why (optional; not in the Tree)
    proc/...        /proc files (meminfo, vmstat, zoneinfo)
    sys/...         /sys files (sys/fs/cgroup/... at their real relative paths)

load_capture() takes a directory, a .tar.gz/.tgz (or plain .tar) of one (its files at the top
or under one top-level directory), or "builtin:<name>" for a capture shipped with fake_sysfs.
It reads only: nothing is extracted. Every refusal is a CaptureError naming the capture, the
entry (at most a short prefix of its name) and the reason: absolute paths, `..`, links,
devices, fifos, a name that is both a file and a directory, names no Linux file can have (NUL,
a component over NAME_MAX, a path over PATH_MAX), nesting over MAX_DEPTH, a directory that
cannot be listed, and every cap below (checked before the thing it bounds is read). An archive
is read by fake_sysfs.tarstream: bounded headers, gzip CRC-32 and length checked.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import tarfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path, PurePosixPath

from fake_sysfs import tarstream
from fake_sysfs.tarstream import NAME_MAX, PATH_MAX, Limits, short
from fake_sysfs.tree import CGROUP_ROOT, FSTYPE_V1, FSTYPE_V2, KNOWN_FSTYPES, Tree, ancestors

# Bounds of what a capture may hold, each checked before what it bounds is read (the archive
# reader's own, for headers and what follows the archive, are in fake_sysfs.tarstream).
MAX_FILE_BYTES = 4 << 20  # one file: no kernel file in a capture comes near this
MAX_FILES = 20000  # files
MAX_ENTRIES = 2 * MAX_FILES  # files and directories (an empty directory counts too)
MAX_TOTAL_BYTES = 256 << 20  # the files' bytes in all
MAX_DEPTH = 128  # path components below the capture's root (a node's cgroup tree: about 10)
KERNEL_DIRS = ("/proc", "/sys", "/dev")  # the kernel's own filesystems: never written
META_FILES = ("fstype", "uname", "when")
EXTRA_FILES = ("manifest.json",)  # written and checked, not part of the Tree
TOP_DIRS = ("proc", "sys")
BUILTIN_PREFIX = "builtin:"


class CaptureError(ValueError):
    """A capture that cannot be loaded: `source` is the capture, `member` the offending file."""

    def __init__(self, source: str, member: str, reason: str) -> None:
        self.source = source
        self.member = member
        self.reason = reason
        where = f"{source}: {member}" if member else source
        super().__init__(f"{where}: {reason}")


# ---- writing


def _meta_line(value: str, what: str) -> bytes:
    if "\n" in value or not value:
        raise ValueError(f"{what} must be one non-empty line, got {value!r}")
    return value.encode() + b"\n"


def capture_files(tree: Tree) -> dict[str, bytes]:
    """The capture's files, by path relative to its root."""
    out = {"fstype": _meta_line(tree.fstype, "fstype"), "uname": _meta_line(tree.uname, "uname")}
    if tree.when is not None:
        out["when"] = _meta_line(tree.when, "when")
    for path, data in tree.files.items():
        rel = _relative(path)
        out[rel] = data
    return out


def _relative(path: str) -> str:
    p = PurePosixPath(path)
    if not p.is_absolute() or ".." in p.parts or str(p) != path:
        raise ValueError(f"{path!r}: tree paths must be absolute and normal")
    rel = str(p.relative_to("/"))
    if rel.split("/", 1)[0] not in TOP_DIRS or "/" not in rel:
        raise ValueError(f"{path!r}: a capture holds files under /proc and /sys only")
    return rel


def write_capture(
    tree: Tree,
    dest: str | os.PathLike[str],
    *,
    exist_ok: bool = False,
    extra: dict[str, bytes] | None = None,
) -> Path:
    """Write `tree` in the recorded layout: a directory, or a .tar.gz when `dest` ends so.
    `extra` adds top-level files named in EXTRA_FILES (the capture's manifest.json).

    A directory must not exist yet (or be empty) unless exist_ok. Only `dest` is written.
    """
    dest = Path(dest)
    real = Path(os.path.realpath(dest))
    if any(real == Path(k) or Path(k) in real.parents for k in KERNEL_DIRS):
        raise ValueError(
            f"{dest}: under {', '.join(KERNEL_DIRS)}: a capture is never written there"
        )
    files = capture_files(tree)
    for name, data in (extra or {}).items():
        if name not in EXTRA_FILES:
            raise ValueError(f"{name!r}: extra files are {', '.join(EXTRA_FILES)}")
        files[name] = data
    if dest.name.endswith((".tar.gz", ".tgz")):
        if dest.exists() and not exist_ok:
            raise FileExistsError(f"{dest}: already exists")
        _write_tar(files, dest, capture_dirs(tree))
        return dest
    if dest.exists() and any(dest.iterdir()) and not exist_ok:
        raise FileExistsError(f"{dest}: exists and is not empty")
    dest.mkdir(parents=True, exist_ok=True)
    for rel, data in sorted(files.items()):
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for rel in capture_dirs(tree):
        (dest / rel).mkdir(parents=True, exist_ok=True)
    return dest


def refuse_kernel_dirs(dest: str | os.PathLike[str]) -> None:
    """ValueError when `dest` (links resolved) is under /proc, /sys or /dev: a directory made
    under /sys/fs/cgroup would be a cgroup."""
    real = Path(os.path.realpath(dest))
    if any(real == Path(k) or Path(k) in real.parents for k in KERNEL_DIRS):
        raise ValueError(
            f"{dest}: under {', '.join(KERNEL_DIRS)}: a capture is never written there"
        )


def capture_dirs(tree: Tree) -> list[str]:
    """The tree's empty directories, by path relative to the capture's root."""
    out = []
    for d in tree.empty_dirs:
        p = PurePosixPath(d)
        if not p.is_absolute() or ".." in p.parts or str(p) != d:
            raise ValueError(f"{d!r}: tree paths must be absolute and normal")
        rel = str(p.relative_to("/"))
        if rel.split("/", 1)[0] not in TOP_DIRS:
            raise ValueError(f"{d!r}: a capture holds directories under /proc and /sys only")
        out.append(rel)
    return sorted(out)


def _write_tar(files: dict[str, bytes], dest: Path, empty: Sequence[str] = ()) -> None:
    """A reproducible archive: sorted, mtime 0, root-owned."""
    with tarfile.open(dest, "w:gz", format=tarfile.PAX_FORMAT) as tf:
        dirs = sorted(({str(PurePosixPath(r).parent) for r in files} | set(empty)) - {"."})
        all_dirs: set[str] = set()
        for d in dirs:
            parts = d.split("/")
            all_dirs.update("/".join(parts[: i + 1]) for i in range(len(parts)))
        for d in sorted(all_dirs):
            ti = tarfile.TarInfo(d)
            ti.type = tarfile.DIRTYPE
            ti.mode = 0o755
            tf.addfile(ti)
        for rel, data in sorted(files.items()):
            ti = tarfile.TarInfo(rel)
            ti.size = len(data)
            ti.mode = 0o444
            tf.addfile(ti, io.BytesIO(data))


# ---- reading


def load_capture(
    path: str | os.PathLike[str],
    *,
    max_file_bytes: int = MAX_FILE_BYTES,
    max_files: int = MAX_FILES,
    max_total_bytes: int = MAX_TOTAL_BYTES,
    max_entries: int = MAX_ENTRIES,
) -> Tree:
    """Read a capture (directory, .tar.gz, or "builtin:<name>") into a Tree.

    Mounts are inferred from `fstype`: cgroup2fs -> /sys/fs/cgroup is cgroup2; tmpfs -> every
    directory directly under sys/fs/cgroup is a cgroup (v1) mount, except `unified` (cgroup2).
    Every refusal is a CaptureError (module docstring).
    """
    spath = os.fspath(path)
    if spath.startswith(BUILTIN_PREFIX):
        return load_builtin(spath[len(BUILTIN_PREFIX) :])
    limits = Limits(max_file_bytes, max_files, max_entries, max_total_bytes)
    dirs: set[str] = set()
    raw = _read_raw(spath, limits, dirs)
    return _to_tree(raw, spath, dirs)


def _read_raw(spath: str, limits: Limits, dirs: set[str]) -> dict[str, bytes]:
    """A capture's files as they are (directory or archive), its directories into `dirs`."""
    p = Path(spath)
    try:
        st = os.lstat(p)
    except OSError as e:
        reason = "no such file or directory" if e.errno == errno.ENOENT else _strerror(e)
        raise CaptureError(spath, "", reason) from None
    if stat.S_ISLNK(st.st_mode):
        raise CaptureError(spath, "", "is a symbolic link; give the real path")
    if stat.S_ISDIR(st.st_mode):
        return _read_dir(p, spath, limits, dirs)
    if stat.S_ISREG(st.st_mode):
        return _read_tar(p, spath, limits, dirs)
    raise CaptureError(spath, "", "neither a directory nor a .tar.gz archive")


def _strerror(e: OSError) -> str:
    return (e.strerror or str(e)).lower()


def _too_many(lim: Limits) -> str:
    return f"more than {lim.max_entries:,} entries (files and directories)"


def _unlisted(e: OSError) -> str:
    return f"cannot list this directory ({_strerror(e)}): what it holds cannot be checked"


def _check_name(source: str, rel: str) -> str:
    """The entry's path, normalised; refused when it could not be a file of a Linux node."""
    if "\0" in rel:
        raise CaptureError(source, short(rel), "NUL in path")
    if rel.startswith("/"):
        raise CaptureError(source, short(rel), "absolute path refused")
    parts = [x for x in rel.split("/") if x not in ("", ".")]
    if ".." in parts:
        raise CaptureError(source, short(rel), "path with '..' refused")
    if not parts:
        raise CaptureError(source, short(rel), "empty path")
    if len(parts) > MAX_DEPTH:
        raise CaptureError(
            source, short(rel), f"nested {len(parts):,} deep, over the {MAX_DEPTH}-level cap"
        )
    for x in parts:
        if len(x) > NAME_MAX // 4 and len(x.encode("utf-8", "surrogateescape")) > NAME_MAX:
            raise CaptureError(
                source, short(rel), f"a name over {NAME_MAX} bytes (NAME_MAX): no file has one"
            )
    out = "/".join(parts)
    if len(out) >= PATH_MAX // 4 and len(out.encode("utf-8", "surrogateescape")) + 1 >= PATH_MAX:
        raise CaptureError(
            source, short(rel), f"a path of {PATH_MAX} bytes or more (PATH_MAX): no file has one"
        )
    return out


_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
# O_NOFOLLOW: a file swapped for a link after its lstat is refused, not followed;
# O_NONBLOCK: a file swapped for a fifo does not hang the open
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def _read_dir(root: Path, source: str, lim: Limits, dirs: set[str]) -> dict[str, bytes]:
    """The files under root; the empty directories go into `dirs`.

    Walked without recursion, by directory descriptor (openat with O_NOFOLLOW at every level,
    so nothing is reached through a link, and only the current chain of directories is open).
    A directory that cannot be listed is refused: what it holds (a link?) could not be checked.
    """
    out: dict[str, bytes] = {}
    counts = [0, 0, 0]  # entries, files, bytes

    def listing(fd: int, rel: str) -> list[str]:
        """Read one directory's files into `out`; its subdirectories, sorted."""
        names: list[str] = []
        try:
            with os.scandir(fd) as it:
                for e in it:  # counted as listed: a huge directory is not listed whole
                    names.append(e.name)
                    if counts[0] + len(names) > lim.max_entries:
                        where = short(f"{rel}/{e.name}" if rel else e.name)
                        raise CaptureError(source, where, _too_many(lim))
        except OSError as e:
            raise CaptureError(source, short(rel or "."), _unlisted(e)) from None
        names.sort()
        if not names and rel:
            dirs.add(rel)
        if not rel and "fstype" not in names and not (len(names) == 1 and names[0] not in TOP_DIRS):
            # not a capture (a live /sys, a home directory): refused before it is walked
            raise CaptureError(source, "fstype", "missing (every capture has one)")
        counts[0] += len(names)
        subdirs = []
        for name in names:
            r = f"{rel}/{name}" if rel else name
            _check_name(source, r)
            try:
                st = os.stat(name, dir_fd=fd, follow_symlinks=False)
            except OSError as e:
                raise CaptureError(source, short(r), f"cannot stat it ({_strerror(e)})") from None
            if st.st_dev != device:
                raise CaptureError(
                    source, short(r), "another filesystem is mounted here: a capture holds copies"
                )
            if stat.S_ISDIR(st.st_mode):
                subdirs.append(name)
                continue
            out[r] = _read_file(fd, name, r, st, counts)
        return subdirs

    def _read_file(fd: int, name: str, r: str, st: os.stat_result, counts: list[int]) -> bytes:
        if stat.S_ISLNK(st.st_mode):
            raise CaptureError(source, short(r), "symbolic link refused")
        if not stat.S_ISREG(st.st_mode):
            raise CaptureError(
                source, short(r), "not a regular file (device, fifo or socket) refused"
            )
        if st.st_nlink > 1:
            raise CaptureError(source, short(r), f"hard link refused ({st.st_nlink} links)")
        counts[1] += 1
        if counts[1] > lim.max_files:
            raise CaptureError(source, short(r), f"more than {lim.max_files:,} files")
        if st.st_size > lim.max_file_bytes:
            raise CaptureError(
                source, short(r), f"{st.st_size:,} bytes, over the {lim.max_file_bytes:,}-byte cap"
            )
        counts[2] += st.st_size
        if counts[2] > lim.max_total_bytes:
            raise CaptureError(
                source, short(r), f"capture over {lim.max_total_bytes:,} bytes in all"
            )
        try:
            ffd = os.open(name, _FILE_FLAGS, dir_fd=fd)
        except OSError as e:
            why = "swapped for a symbolic link" if e.errno == errno.ELOOP else _strerror(e)
            raise CaptureError(source, short(r), f"cannot be read ({why})") from None
        try:
            now = os.fstat(ffd)
            if (now.st_dev, now.st_ino) != (st.st_dev, st.st_ino) or not stat.S_ISREG(now.st_mode):
                raise CaptureError(source, short(r), "changed while it was read")
            chunks: list[bytes] = []
            n = 0
            while n <= lim.max_file_bytes:
                chunk = os.read(ffd, lim.max_file_bytes + 1 - n)
                if not chunk:
                    break
                chunks.append(chunk)
                n += len(chunk)
        except OSError as e:
            raise CaptureError(source, short(r), f"cannot be read ({_strerror(e)})") from None
        finally:
            os.close(ffd)
        if n > lim.max_file_bytes:
            raise CaptureError(source, short(r), f"over the {lim.max_file_bytes:,}-byte cap")
        return b"".join(chunks)

    try:
        top = os.open(root, _DIR_FLAGS)
    except OSError as e:
        raise CaptureError(source, "", f"cannot open the directory ({_strerror(e)})") from None
    device = os.fstat(top).st_dev
    # (descriptor, relative path, subdirectories still to enter): one per level being walked
    stack: list[tuple[int, str, Iterator[str]]] = [(top, "", iter(()))]
    try:
        stack[-1] = (top, "", iter(listing(top, "")))
        while stack:
            fd, rel, pending = stack[-1]
            name = next(pending, None)
            if name is None:
                os.close(fd)
                stack.pop()
                continue
            r = f"{rel}/{name}" if rel else name
            try:
                child = os.open(name, _DIR_FLAGS, dir_fd=fd)
            except OSError as e:
                if e.errno == errno.ELOOP:
                    raise CaptureError(source, short(r), "swapped for a symbolic link") from None
                raise CaptureError(source, short(r), _unlisted(e)) from None
            stack.append((child, r, iter(())))
            stack[-1] = (child, r, iter(listing(child, r)))
    finally:
        for fd, _, _ in stack:
            os.close(fd)
    return out


def _read_tar(path: Path, source: str, lim: Limits, dirs: set[str]) -> dict[str, bytes]:
    """The archive's files; its directory entries go into `dirs` (fake_sysfs.tarstream reads
    it, bounded and checked)."""
    out: dict[str, bytes] = {}
    try:
        for m in tarstream.members(path, lim):
            if m.kind == "dir" and m.name.strip("./") == "":
                continue  # the archive's own "." (tar -C DIR .)
            rel = _check_name(source, m.name)
            if m.kind == "symlink":
                raise CaptureError(
                    source, short(m.name), f"symbolic link to {m.linkname!r} refused"
                )
            if m.kind == "hardlink":
                raise CaptureError(source, short(m.name), f"hard link to {m.linkname!r} refused")
            if m.kind in ("chr", "blk"):
                raise CaptureError(source, short(m.name), "device file refused")
            if m.kind == "fifo":
                raise CaptureError(source, short(m.name), "fifo refused")
            if m.kind == "dir":
                dirs.add(rel)
                continue
            if rel in out:
                raise CaptureError(source, short(m.name), "duplicate entry")
            assert m.data is not None
            out[rel] = m.data
    except tarstream.ArchiveError as e:
        raise CaptureError(source, e.member, e.reason) from None
    except OSError as e:
        raise CaptureError(source, "", f"cannot be read ({_strerror(e)})") from None
    return out


def walk(
    top: str,
    on_error: Callable[[str, OSError], None],
    on_deep: Callable[[str], None] = lambda path: None,
    max_depth: int = MAX_DEPTH,
) -> Iterator[tuple[str, list[str], list[str]]]:
    """os.walk(top) (top-down; links to directories listed with the directories, never
    entered; the caller may prune `dirnames`), without recursion, so a tree of any depth is
    walked: directories below `max_depth` levels go to `on_deep` instead; a directory that
    cannot be listed goes to `on_error` (os.walk drops it silently)."""
    stack = [(top, 0)]
    while stack:
        d, depth = stack.pop()
        try:
            with os.scandir(d) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:
            on_error(d, e)
            continue
        dirnames: list[str] = []
        filenames: list[str] = []
        for x in entries:
            try:
                is_dir = x.is_dir()
            except OSError:
                is_dir = False
            (dirnames if is_dir else filenames).append(x.name)
        yield d, dirnames, filenames
        for name in reversed(dirnames):
            path = os.path.join(d, name)
            if os.path.islink(path):
                continue
            if depth + 1 > max_depth:
                on_deep(path)
            else:
                stack.append((path, depth + 1))


def find_captures(top: str) -> list[str]:
    """The captures in directory `top`, in sorted order, never through a link: directories
    holding an `fstype` file (not searched further) and .tar.gz/.tgz files. At most
    MAX_DEPTH levels and MAX_ENTRIES entries are looked at."""
    if not os.path.isdir(top):
        raise CaptureError(top, "", "no such directory")

    def unlisted(d: str, e: OSError) -> None:
        raise CaptureError(top, short(os.path.relpath(d, top)), f"cannot list it ({_strerror(e)})")

    found: list[str] = []
    seen = 0
    for d, dirnames, filenames in walk(top, unlisted):
        seen += len(dirnames) + len(filenames)
        if seen > MAX_ENTRIES:
            raise CaptureError(top, "", f"more than {MAX_ENTRIES:,} entries searched for captures")
        if "fstype" in filenames:
            found.append(d)
            dirnames.clear()
            continue
        for name in filenames:
            path = os.path.join(d, name)
            if name.endswith((".tar.gz", ".tgz")) and not os.path.islink(path):
                found.append(path)
    if not found:
        raise CaptureError(
            top, "", "no capture in it (no directory with an fstype file, no .tar.gz)"
        )
    return sorted(found)


def _strip_single_top(
    raw: dict[str, bytes], dirs: set[str]
) -> tuple[dict[str, bytes], set[str], str]:
    """An archive of the state directory itself: descend into its one top-level directory.
    Returns the files, the directories and the prefix taken off their names (for messages)."""
    if "fstype" in raw:
        return raw, dirs, ""
    tops = {k.split("/", 1)[0] for k in raw}
    if len(tops) == 1 and all("/" in k for k in raw):
        (top,) = tops
        if top not in TOP_DIRS:
            n = len(top) + 1
            under = {d[n:] for d in dirs if d.startswith(top + "/")}
            return {k[n:]: v for k, v in raw.items()}, under, top + "/"
    return raw, dirs, ""


def _empty_dirs(raw: dict[str, bytes], dirs: set[str], below: set[str]) -> frozenset[str]:
    """The directories (under proc/ and sys/) with no file and no directory below them
    (`below`: every ancestor of an entry)."""
    return frozenset(
        "/" + d for d in dirs if d not in below and d not in raw and d.split("/", 1)[0] in TOP_DIRS
    )


def _check_shapes(raw: dict[str, bytes], dirs: set[str], source: str, pre: str) -> set[str]:
    """Refuse a name that is both a file and a directory (an archive can say both: a file
    proc/meminfo and a directory proc/meminfo, or a file under a file). Returns every
    ancestor of an entry."""
    below = ancestors((*raw, *dirs))
    for k in raw:
        if k in dirs or k in below:
            raise CaptureError(source, short(pre + k), "both a file and a directory")
    return below


def _meta(raw: dict[str, bytes], name: str, source: str, pre: str, required: bool) -> str | None:
    data = raw.get(name)
    if data is None:
        if required:
            raise CaptureError(source, pre + name, "missing (every capture has one)")
        return None
    try:
        text = data.decode()
    except UnicodeDecodeError:
        raise CaptureError(source, pre + name, "not UTF-8 text") from None
    if not text.endswith("\n") or text.count("\n") != 1 or not text.strip():
        raise CaptureError(source, pre + name, "expected one non-empty line ending in a newline")
    return text[:-1]


def _check_manifest(data: bytes, source: str, name: str) -> None:
    import json

    try:
        doc = json.loads(data)
    except (UnicodeDecodeError, ValueError) as e:
        raise CaptureError(source, name, f"not JSON ({short(str(e))})") from None
    except RecursionError:
        raise CaptureError(source, name, "not JSON memsim reads (nested too deeply)") from None
    if not isinstance(doc, dict):
        raise CaptureError(source, name, "not a JSON object")


def _to_tree(raw: dict[str, bytes], source: str, dirs: set[str] | None = None) -> Tree:
    raw, dirs, pre = _strip_single_top(raw, dirs or set())
    below = _check_shapes(raw, dirs, source, pre)
    files: dict[str, bytes] = {}
    for rel, data in raw.items():
        rel = _check_name(source, rel)
        top = rel.split("/", 1)[0]
        if "/" not in rel:
            if rel in EXTRA_FILES:
                _check_manifest(data, source, pre + rel)
                continue
            if rel not in META_FILES:
                expected = f"{', '.join(META_FILES + EXTRA_FILES)}, proc/, sys/"
                raise CaptureError(
                    source, pre + rel, f"unexpected file at the top (expected {expected})"
                )
            continue
        if top not in TOP_DIRS:
            raise CaptureError(
                source, pre + rel, "unexpected directory (a capture holds proc/ and sys/)"
            )
        files["/" + rel] = data
    for d in sorted(dirs):
        if _check_name(source, d).split("/", 1)[0] not in TOP_DIRS:
            raise CaptureError(
                source, pre + d, "unexpected directory (a capture holds proc/ and sys/)"
            )
    fstype = _meta(raw, "fstype", source, pre, True)
    assert fstype is not None
    if fstype not in KNOWN_FSTYPES:
        known = " or ".join(KNOWN_FSTYPES)
        raise CaptureError(
            source, pre + "fstype", f"unknown statfs type {fstype!r} (expected {known})"
        )
    uname = _meta(raw, "uname", source, pre, False) or ""
    when = _meta(raw, "when", source, pre, False)
    if "/proc/meminfo" not in files:
        raise CaptureError(source, pre + "proc/meminfo", "missing (every capture has one)")
    parts = uname.split()
    kernel = parts[2] if len(parts) > 2 else ""
    empty = _empty_dirs(raw, dirs, below)
    return Tree(
        files=files,
        fstype=fstype,
        mounts=infer_mounts(fstype, files, empty),
        uname=uname,
        kernel=kernel,
        when=when,
        source=source,
        empty_dirs=empty,
    )


def infer_mounts(
    fstype: str, files: dict[str, bytes] | Tree, empty_dirs: frozenset[str] = frozenset()
) -> dict[str, str]:
    """Mounts of a capture from its statfs type and the directories under /sys/fs/cgroup
    (one that holds files, or an empty one)."""
    if fstype == FSTYPE_V2:
        return {CGROUP_ROOT: FSTYPE_V2}
    if isinstance(files, Tree):
        paths: Iterable[str] = files.files
        empty_dirs = files.empty_dirs
    else:
        paths = files
    mounts = {CGROUP_ROOT: FSTYPE_V1}
    prefix = CGROUP_ROOT + "/"
    for p in paths:
        if p.startswith(prefix):
            rest = p[len(prefix) :]
            if "/" in rest:
                name = rest.split("/", 1)[0]
                mounts[prefix + name] = "cgroup2" if name == "unified" else "cgroup"
    for d in empty_dirs:
        if d.startswith(prefix):
            name = d[len(prefix) :].split("/", 1)[0]
            mounts[prefix + name] = "cgroup2" if name == "unified" else "cgroup"
    return dict(sorted(mounts.items()))


# ---- the captures shipped with fake_sysfs (a copy of ../shared/recorded)


def corpus_root() -> Path:
    return Path(str(resources.files("fake_sysfs") / "corpus" / "recorded"))


def builtin_captures() -> list[str]:
    """Names of the shipped captures, e.g. "v2-kernel6.18/2-exited"."""
    root = corpus_root()
    return sorted(
        f"{machine.name}/{state.name}"
        for machine in root.iterdir()
        if machine.is_dir()
        for state in machine.iterdir()
        if (state / "fstype").is_file()
    )


def lab_root() -> Path:
    return Path(str(resources.files("fake_sysfs") / "corpus" / "lab"))


LAB_PREFIX = "lab/"


def lab_captures() -> list[str]:
    """Names of the shipped kernel-lab captures (fake_sysfs.lab), e.g. "lab/6.1/mix/loaded-v1":
    one .tar.gz each under corpus/lab/<kernel>/<workload>/<moment>-<mode>.tar.gz."""
    root = lab_root()
    if not root.is_dir():
        return []
    return sorted(
        LAB_PREFIX + p.relative_to(root).as_posix().removesuffix(".tar.gz")
        for p in root.rglob("*.tar.gz")
    )


def _builtin_path(name: str) -> Path | None:
    if name.startswith(LAB_PREFIX):
        p = lab_root() / (name[len(LAB_PREFIX) :] + ".tar.gz")
        return p if ".." not in name.split("/") and p.is_file() else None
    return corpus_root() / name if name in builtin_captures() else None


def load_builtin(name: str) -> Tree:
    """A shipped capture by name (see builtin_captures() and lab_captures())."""
    path = _builtin_path(name)
    if path is None:
        known = ", ".join(builtin_captures())
        raise CaptureError(
            BUILTIN_PREFIX + name,
            "",
            f"no such built-in capture (known: {known}, and the lab's: memsim lab list)",
        )
    tree = load_capture(path)
    return Tree(
        tree.files,
        tree.fstype,
        tree.mounts,
        tree.uname,
        tree.kernel,
        tree.when,
        BUILTIN_PREFIX + name,
        tree.empty_dirs,
    )


def read_manifest(path: str | os.PathLike[str]) -> dict[str, object] | None:
    """A capture's manifest.json as a dict (None when it has none): a directory's, an
    archive's (at its top or under its one top-level directory) or a built-in capture's. Read
    as load_capture reads (the same bounded reader, limits and refusals)."""
    import json

    spath = os.fspath(path)
    if spath.startswith(BUILTIN_PREFIX):
        found = _builtin_path(spath[len(BUILTIN_PREFIX) :])
        if found is None:
            raise CaptureError(spath, "", "no such built-in capture")
        spath = str(found)
    dirs: set[str] = set()
    raw = _read_raw(spath, Limits(MAX_FILE_BYTES, MAX_FILES, MAX_ENTRIES, MAX_TOTAL_BYTES), dirs)
    raw, _, pre = _strip_single_top(raw, dirs)
    data = raw.get(EXTRA_FILES[0])
    if data is None:
        return None
    _check_manifest(data, spath, pre + EXTRA_FILES[0])
    doc: dict[str, object] = json.loads(data)
    return doc
