"""Captures: one machine state on disk in the recorded layout, and THE one way to read them back.

Layout (../shared/recorded/README.md), relative to the capture's root:

    fstype          statfs type of /sys/fs/cgroup: cgroup2fs (v2) or tmpfs (v1 / hybrid)
    uname           `uname -a` of the machine
    when            UTC time of the capture (optional)
    manifest.json   what `memsim capture` read and skipped, and why (optional; not in the Tree)
    proc/...        /proc files (meminfo, vmstat, zoneinfo)
    sys/...         /sys files (sys/fs/cgroup/... at their real relative paths)

load_capture() takes a directory, a .tar.gz/.tgz of one (its files at the top or under one
top-level directory), or "builtin:<name>" for a capture shipped with fake_sysfs. It reads
only: nothing is extracted, and every refusal (absolute paths, `..`, links, devices, fifos, files
over the size cap, archives over the file-count cap) is a CaptureError naming the file.
"""

from __future__ import annotations

import io
import os
import stat
import tarfile
from collections.abc import Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path, PurePosixPath

from fake_sysfs.tree import CGROUP_ROOT, FSTYPE_V1, FSTYPE_V2, KNOWN_FSTYPES, Tree

MAX_FILE_BYTES = 4 << 20  # no kernel file in a capture comes near this
MAX_FILES = 20000
MAX_TOTAL_BYTES = 256 << 20
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
) -> Tree:
    """Read a capture (directory, .tar.gz, or "builtin:<name>") into a Tree.

    Mounts are inferred from `fstype`: cgroup2fs -> /sys/fs/cgroup is cgroup2; tmpfs -> every
    directory directly under sys/fs/cgroup is a cgroup (v1) mount, except `unified` (cgroup2).
    """
    spath = os.fspath(path)
    if spath.startswith(BUILTIN_PREFIX):
        return load_builtin(spath[len(BUILTIN_PREFIX) :])
    limits = (max_file_bytes, max_files, max_total_bytes)
    p = Path(spath)
    if p.is_symlink():
        raise CaptureError(spath, "", "is a symbolic link; give the real path")
    dirs: set[str] = set()
    if p.is_dir():
        raw = dict(_read_dir(p, spath, limits, dirs))
    elif p.is_file():
        raw = _read_tar(p, spath, limits, dirs)
    elif not p.exists():
        raise CaptureError(spath, "", "no such file or directory")
    else:
        raise CaptureError(spath, "", "neither a directory nor a .tar.gz archive")
    return _to_tree(raw, spath, dirs)


def _check_name(source: str, rel: str) -> str:
    if rel.startswith("/") or "\\" in rel:
        raise CaptureError(source, rel, "absolute path refused")
    parts = [x for x in rel.split("/") if x not in ("", ".")]
    if ".." in parts:
        raise CaptureError(source, rel, "path with '..' refused")
    if not parts:
        raise CaptureError(source, rel, "empty path")
    if "\0" in rel:
        raise CaptureError(source, rel, "NUL in path")
    return "/".join(parts)


def _read_dir(
    root: Path, source: str, limits: tuple[int, int, int], dirs: set[str]
) -> Iterator[tuple[str, bytes]]:
    """The files under root; the empty directories go into `dirs`."""
    max_file, max_files, max_total = limits
    count = total = 0
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        d = Path(dirpath)
        if not dirnames and not filenames and d != root:
            dirs.add(d.relative_to(root).as_posix())
        for name in sorted(dirnames) + sorted(filenames):
            full = d / name
            rel = full.relative_to(root).as_posix()
            st = os.lstat(full)
            if stat.S_ISLNK(st.st_mode):
                raise CaptureError(source, rel, "symbolic link refused")
            if stat.S_ISDIR(st.st_mode):
                continue
            if not stat.S_ISREG(st.st_mode):
                raise CaptureError(
                    source, rel, "not a regular file (device, fifo or socket) refused"
                )
            if st.st_nlink > 1:
                raise CaptureError(source, rel, f"hard link refused ({st.st_nlink} links)")
            count += 1
            if count > max_files:
                raise CaptureError(source, rel, f"more than {max_files} files")
            if st.st_size > max_file:
                raise CaptureError(source, rel, f"{st.st_size} bytes, over the {max_file}-byte cap")
            total += st.st_size
            if total > max_total:
                raise CaptureError(source, rel, f"capture over {max_total} bytes in all")
            # O_NOFOLLOW: a file swapped for a link after the lstat is refused, not followed
            fd = os.open(full, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            try:
                data = os.read(fd, max_file + 1)
            finally:
                os.close(fd)
            if len(data) > max_file:
                raise CaptureError(source, rel, f"over the {max_file}-byte cap")
            yield rel, data


def _read_tar(
    path: Path, source: str, limits: tuple[int, int, int], dirs: set[str]
) -> dict[str, bytes]:
    """The archive's files; its directory entries go into `dirs`."""
    max_file, max_files, max_total = limits
    try:
        tf = tarfile.open(path, "r:*")  # noqa: SIM115 (closed by the with below)
    except (tarfile.TarError, OSError, EOFError) as e:
        raise CaptureError(source, "", f"not a readable tar archive ({e})") from None
    out: dict[str, bytes] = {}
    count = total = 0
    with tf:
        try:
            for m in tf:
                count += 1
                if count > max_files:
                    raise CaptureError(source, m.name, f"archive has more than {max_files} entries")
                if m.isdir() and m.name.strip("./") == "":
                    continue  # the archive's own "." (tar -C DIR .)
                rel = _check_name(source, m.name)
                if m.issym():
                    raise CaptureError(source, m.name, f"symbolic link to {m.linkname!r} refused")
                if m.islnk():
                    raise CaptureError(source, m.name, f"hard link to {m.linkname!r} refused")
                if m.ischr() or m.isblk():
                    raise CaptureError(source, m.name, "device file refused")
                if m.isfifo():
                    raise CaptureError(source, m.name, "fifo refused")
                if m.isdir():
                    dirs.add(rel)
                    continue
                if not m.isfile():
                    raise CaptureError(source, m.name, f"unsupported entry type {m.type!r}")
                if m.size > max_file:
                    raise CaptureError(
                        source, m.name, f"{m.size} bytes, over the {max_file}-byte cap"
                    )
                total += m.size
                if total > max_total:
                    raise CaptureError(source, m.name, f"archive over {max_total} bytes in all")
                if rel in out:
                    raise CaptureError(source, m.name, "duplicate entry")
                fh = tf.extractfile(m)
                if fh is None:
                    raise CaptureError(source, m.name, "cannot be read")
                out[rel] = fh.read(max_file + 1)
        except (tarfile.TarError, OSError, EOFError) as e:
            raise CaptureError(source, "", f"corrupt archive ({e})") from None
    return out


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


def _empty_dirs(raw: dict[str, bytes], dirs: set[str]) -> frozenset[str]:
    """The directories (under proc/ and sys/) with no file and no directory below them."""
    if not dirs:
        return frozenset()
    below: set[str] = set()
    for k in (*raw, *dirs):
        parts = k.split("/")
        below.update("/".join(parts[:i]) for i in range(1, len(parts)))
    return frozenset(
        "/" + d for d in dirs if d not in below and d not in raw and d.split("/", 1)[0] in TOP_DIRS
    )


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
        raise CaptureError(source, name, f"not JSON ({e})") from None
    if not isinstance(doc, dict):
        raise CaptureError(source, name, "not a JSON object")


def _to_tree(raw: dict[str, bytes], source: str, dirs: set[str] | None = None) -> Tree:
    raw, dirs, pre = _strip_single_top(raw, dirs or set())
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
    empty = _empty_dirs(raw, dirs)
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
    """A capture's manifest.json as a dict (None when it has none): a directory's, a .tar.gz's
    (at its top or under its one top-level directory) or a built-in capture's. The same
    checks as load_capture: no link is followed, the size is capped."""
    import json

    spath = os.fspath(path)
    if spath.startswith(BUILTIN_PREFIX):
        found = _builtin_path(spath[len(BUILTIN_PREFIX) :])
        if found is None:
            raise CaptureError(spath, "", "no such built-in capture")
        p = found
    else:
        p = Path(spath)
    data: bytes | None = None
    if p.is_dir():
        m = p / EXTRA_FILES[0]
        if m.is_file() and not m.is_symlink():
            data = m.read_bytes()[: MAX_FILE_BYTES + 1]
    elif p.is_file():
        try:
            with tarfile.open(p, "r:*") as tf:
                for member in tf:
                    parts = [x for x in member.name.split("/") if x not in ("", ".")]
                    if (
                        member.isfile()
                        and parts
                        and parts[-1] == EXTRA_FILES[0]
                        and len(parts) <= 2
                    ):
                        fh = tf.extractfile(member)
                        data = fh.read(MAX_FILE_BYTES + 1) if fh is not None else None
                        break
        except (tarfile.TarError, OSError, EOFError) as e:
            raise CaptureError(spath, "", f"not a readable tar archive ({e})") from None
    if data is None:
        return None
    if len(data) > MAX_FILE_BYTES:
        raise CaptureError(spath, EXTRA_FILES[0], f"over the {MAX_FILE_BYTES}-byte cap")
    _check_manifest(data, spath, EXTRA_FILES[0])
    doc: dict[str, object] = json.loads(data)
    return doc
