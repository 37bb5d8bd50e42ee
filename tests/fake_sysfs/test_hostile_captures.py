"""Issue 16: the capture loader against corrupt, huge and tricky archives and directories.

Each case is one the hostile-capture probe found: a traceback, a hang, memory, accepted when
it must be refused, or refused when valid. Time and memory bounds are asserted in
test_capture_limits.py (in a subprocess with resource limits), not here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fake_sysfs import CaptureError, Tree, load_capture, tarstream, write_capture
from fake_sysfs import capture as cap

sys.path.insert(0, str(Path(__file__).parent))
import archives as a

MiB = 1 << 20


def _write(tmp_path: Path, data: bytes, name: str = "c.tar.gz") -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def _refused(path: Path, match: str, **kw: int) -> CaptureError:
    with pytest.raises(CaptureError, match=match) as e:
        load_capture(path, **kw)
    assert len(str(e.value)) < 600, "an error echoes a short prefix of a name, never all of it"
    return e.value


# ---------------------------------------------------------------- the archive stream


def test_a_good_handmade_archive_loads(tmp_path: Path) -> None:
    t = load_capture(_write(tmp_path, a.gz(a.tar())))
    assert t.read("/proc/meminfo").startswith("MemTotal:")
    assert t.fstype == "tmpfs"


def _flips(data: bytes) -> list[bytes]:
    return [data[:i] + bytes([data[i] ^ 0x55]) + data[i + 1 :] for i in range(len(data))]


def test_every_single_byte_flip_is_refused_or_loads_the_same_files(tmp_path: Path) -> None:
    """Of 1,644 single-byte flips of a capture, 1,619 loaded with other content (the gzip
    CRC and length were never checked). Now a flip is refused, or lands in a gzip header
    field that holds no content (mtime, OS, extra flags) and loads the very same files."""
    arch = tmp_path / "good.tar.gz"
    write_capture(load_capture("builtin:v2-kernel6.18/0-idle"), arch)
    good = arch.read_bytes()
    want = load_capture(arch)
    # the gzip header: magic, method, flags, mtime, extra flags, OS, then the file name
    header_end = good.index(b"\0", 10) + 1 if good[3] & 0x08 else 10
    same, refused = [], 0
    bad = tmp_path / "flip.tar.gz"
    for i, flipped in enumerate(_flips(good)):
        bad.write_bytes(flipped)
        try:
            t = load_capture(bad)
        except CaptureError:
            refused += 1
            continue
        assert t == want, f"byte {i} flipped loaded other content"
        same.append(i)
    assert refused + len(same) == len(good) > 1000
    # only the header's mtime, extra flags, OS byte and stored file name hold no content
    assert all(4 <= i < header_end for i in same), same


def test_bad_crc_wrong_length_and_truncated_trailer_are_refused(tmp_path: Path) -> None:
    good = a.gz(a.tar())
    crc = good[:-8] + bytes([good[-8] ^ 1]) + good[-7:]
    _refused(_write(tmp_path, crc), "corrupt gzip data .*incorrect data check")
    length = good[:-4] + bytes([good[-4] ^ 1]) + good[-3:]
    _refused(_write(tmp_path, length), "corrupt gzip data .*incorrect length check")
    for cut in (1, 4, 8, 20):
        _refused(_write(tmp_path, good[:-cut]), "truncated gzip data")


def test_altered_compressed_data_is_refused(tmp_path: Path) -> None:
    """The reported zlib.error traceback: one flipped byte in the deflate data."""
    good = a.gz(a.tar())
    mid = len(good) // 2
    bad = good[:mid] + bytes([good[mid] ^ 0xFF]) + good[mid + 1 :]
    e = _refused(_write(tmp_path, bad), "gzip|tar|checksum|archive")
    assert e.source.endswith("c.tar.gz")


def test_what_follows_the_archive(tmp_path: Path) -> None:
    body = a.tar()
    # zero padding after the end marker (tar pads to 10 KiB records) and a second gzip
    # member are fine
    assert load_capture(_write(tmp_path, a.gz(body + bytes(10240))))
    assert load_capture(_write(tmp_path, a.gz(body[:1024]) + a.gz(body[1024:])))
    _refused(_write(tmp_path, a.gz(body + b"hidden payload")), "after the end-of-archive")
    _refused(_write(tmp_path, a.gz(body) + b"garbage!"), "after the end of the gzip stream")
    _refused(
        _write(tmp_path, a.gz(body + bytes(tarstream.MAX_TRAILER_BYTES + 2 * a.BLOCK))),
        "bytes after the end-of-archive marker",
    )


def test_not_a_tar_or_another_compressor(tmp_path: Path) -> None:
    _refused(_write(tmp_path, a.gz(b"hello, not a tar\n" * 40)), "not a tar archive")
    _refused(_write(tmp_path, b"notatar\n"), "not a tar archive")
    _refused(_write(tmp_path, b""), "empty file")
    _refused(_write(tmp_path, b"BZh91AY&SY" + bytes(40)), "compressed with bzip2")
    _refused(_write(tmp_path, b"\xfd7zXZ\x00" + bytes(40)), "compressed with xz")
    # a plain (uncompressed) tar is a capture too
    assert load_capture(_write(tmp_path, a.tar(), "c.tar")).fstype == "tmpfs"


def test_a_header_with_a_bad_checksum_is_refused(tmp_path: Path) -> None:
    h = bytearray(a.header("sys/x", 2))
    h[0] ^= 1  # the name changes, the checksum does not
    _refused(_write(tmp_path, a.gz(a.tar(bytes(h) + a.padded(b"1\n")))), "bad checksum")


# ---------------------------------------------------------------- sizes, caps, names


def test_the_cve_2024_6232_pax_header_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    """A 1.2 KB .tar.gz whose pax header holds a 1 MiB run of digits hung tarfile (its
    hdrcharset regex is quadratic on CPython 3.11.7). Its size is over the header cap, so
    it is refused from the header block alone; under the cap, the records are parsed
    without a regex (the records' digits are rejected as a bad length)."""
    digits = b"1" * MiB
    arch = _write(tmp_path, a.gz(a.tar(a.pax(b"1 hdrcharset=" + digits + b"\n"))))
    assert arch.stat().st_size < 4096
    _refused(arch, "pax extended header of 1,048,.* over the 65,536-byte cap")
    small = b"1" * 60000
    arch = _write(tmp_path, a.gz(a.tar(a.pax(small + b" hdrcharset=BINARY\n"))))
    _refused(arch, "corrupt pax header")


def test_a_1_gib_pax_header_is_refused_without_reading_it(tmp_path: Path) -> None:
    size = 1 << 30
    arch = _write(tmp_path, a.gz(a.tar(a.header("PaxHeader", size, b"x"))))
    _refused(arch, "pax extended header of 1,073,741,824 bytes, over the 65,536-byte cap")


def test_a_128_mib_gnu_long_name_is_refused_and_not_echoed(tmp_path: Path) -> None:
    """A 128 MiB GNU long name was echoed whole into the error (134 MB on stderr)."""
    size = 128 * MiB

    def chunks():
        yield a.tar()[: -2 * a.BLOCK]
        yield a.header("././@LongLink", size, b"L")
        for _ in range(size // MiB):
            yield b"n" * MiB
        yield a.header("x", 0) + a.end()

    arch = _write(tmp_path, a.gz_chunks(chunks()))
    e = _refused(arch, "GNU long name header of 134,217,728 bytes, over the 65,536-byte cap")
    assert len(str(e)) < 300
    # under the header cap but over PATH_MAX: refused, and only a prefix is echoed
    arch = _write(
        tmp_path, a.gz(a.tar(a.pax([(b"path", b"sys/" + b"n" * 60000)]) + a.entry("x", b"")))
    )
    e = _refused(arch, "over PATH_MAX")
    assert "60,004 bytes" in str(e) and len(str(e)) < 400


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        (b"sys/" + b"c" * 256 + b"/memory.stat", "over 255 bytes"),
        (b"sys/" + b"/".join([b"d"] * 200) + b"/f", "over the 128-level cap"),
        (b"sys/a\x00b", "NUL in path"),
        (b"/sys/abs", "absolute path refused"),
        (b"sys/../../etc/passwd", "'..' refused"),
    ],
)
def test_names_no_linux_file_can_have_are_refused(tmp_path: Path, name: bytes, reason: str) -> None:
    arch = _write(tmp_path, a.gz(a.tar(a.pax([(b"path", name)]) + a.entry("x", b"1\n"))))
    _refused(arch, reason)


def test_empty_directories_count_against_the_entry_cap(tmp_path: Path) -> None:
    """20,000 empty directories escaped the entry cap (and took 192 s to check)."""
    dirs = b"".join(a.directory(f"sys/fs/cgroup/memory/d{i}") for i in range(30))
    arch = _write(tmp_path, a.gz(a.tar(dirs)))
    assert len(load_capture(arch).empty_dirs) == 30
    _refused(arch, "more than 20 entries", max_entries=20)
    d = tmp_path / "dir"
    write_capture(load_capture(arch), d)
    assert len(load_capture(d).empty_dirs) == 30
    _refused(d, r"more than 20 entries \(files and directories\)", max_entries=20)


def test_twenty_thousand_empty_directories_build_a_tree_in_linear_time() -> None:
    """Tree._check_empty_dirs was quadratic: checking 20,000 empty directories is a set
    lookup each now, so this (2 x 20,000 directories, and one deep chain) is instant."""
    empty = frozenset(f"/sys/fs/cgroup/memory/d{i}/e" for i in range(20000))
    deep = "/sys/" + "/".join(["x"] * 2000)
    t = Tree({"/proc/meminfo": b"MemTotal: 1 kB\n"}, "tmpfs", {}, "", "", empty_dirs=empty | {deep})
    assert len(t.empty_dirs) == 20001
    with pytest.raises(ValueError, match="listed as empty but has entries under it"):
        Tree({}, "tmpfs", {}, "", "", empty_dirs=frozenset({"/a", "/a/b"}))


def test_a_directory_entry_with_data_and_unsupported_entries_are_refused(tmp_path: Path) -> None:
    _refused(
        _write(tmp_path, a.gz(a.tar(a.header("sys/d/", 5, b"5") + a.padded(b"12345")))),
        "directory entry with 5 bytes of data",
    )
    _refused(_write(tmp_path, a.gz(a.tar(a.header("sys/s", 0, b"S")))), "GNU sparse file")
    _refused(
        _write(tmp_path, a.gz(a.tar(a.pax([(b"GNU.sparse.size", b"10")]) + a.entry("x", b"")))),
        "GNU sparse file",
    )
    _refused(
        _write(tmp_path, a.gz(a.tar(a.pax([(b"path", b"sys/a")], typ=b"g")))),
        "pax global header sets path",
    )


# ---------------------------------------------------------------- shapes


@pytest.mark.parametrize("victim", ["proc/meminfo", "sys/fs/cgroup/memory/memory.stat"])
@pytest.mark.parametrize("dir_first", [False, True])
def test_a_file_that_is_also_a_directory_is_refused(
    tmp_path: Path, victim: str, dir_first: bool
) -> None:
    """`memory.stat` or `proc/meminfo` as both a file and a directory was accepted."""
    as_dir = a.directory(victim)
    under = a.entry(victim + "/inner", b"x\n")
    for extra in (as_dir, under):
        body = (extra + a.tar()[: -2 * a.BLOCK]) if dir_first else a.tar()[: -2 * a.BLOCK] + extra
        arch = _write(tmp_path, a.gz(body + a.end()))
        _refused(arch, f"{victim}: both a file and a directory")


def test_duplicate_files_are_refused(tmp_path: Path) -> None:
    _refused(
        _write(tmp_path, a.gz(a.tar(a.entry("proc/meminfo", b"MemTotal: 2 kB\n")))), "duplicate"
    )


def _as_nobody(fn, *args) -> str:
    """fn(*args) in a forked child that gave up root (uid/gid 65534): what it returns."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: no exec, so the venv need not be readable by nobody
        code = 1
        try:
            os.close(r)
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
            os.write(w, str(fn(*args)).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(w)
    with os.fdopen(r) as f:
        out = f.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, out
    return out


def _load_or_refusal(path: Path) -> str:
    try:
        load_capture(path)
    except CaptureError as e:
        return str(e)
    return "LOADED"


def test_a_directory_the_reader_cannot_list_is_refused() -> None:
    """A directory the reader could not list was skipped silently, so a link inside it was
    never refused. Run as an unprivileged user (root reads every directory)."""
    import shutil
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="memsim-unlistable-", dir="/tmp"))
    d = base / "cap"
    write_capture(load_capture("builtin:v1-kernel6.18/0-idle"), d)
    hidden = d / "sys" / "fs" / "cgroup" / "memory" / "secret"
    hidden.mkdir()
    os.symlink("/etc/shadow", hidden / "memory.stat")
    try:
        for p in (base, *base.rglob("*")):
            if not p.is_symlink():
                p.chmod(0o755 if p.is_dir() else 0o644)
        assert "symbolic link refused" in _as_nobody(_load_or_refusal, d)
        hidden.chmod(0o300)  # searchable, not readable: it cannot be listed
        out = _as_nobody(_load_or_refusal, d)
        assert out.endswith(
            "sys/fs/cgroup/memory/secret: cannot list this directory "
            "(permission denied): what it holds cannot be checked"
        ), out
    finally:
        hidden.chmod(0o755)
        shutil.rmtree(base)


def test_a_directory_capture_nested_1500_deep_is_refused_without_recursion(tmp_path: Path) -> None:
    """os.walk raised RecursionError on a 1,500-deep directory capture."""
    d = tmp_path / "deep"
    write_capture(load_capture("builtin:v2-kernel6.18/0-idle"), d)
    fd = os.open(d / "sys", os.O_RDONLY)
    try:
        for _ in range(1500):  # os.makedirs recurses too: one level at a time, by descriptor
            os.mkdir("n", dir_fd=fd)
            nfd = os.open("n", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = nfd
    finally:
        os.close(fd)
    try:
        _refused(d, "over the 128-level cap")
        assert len(cap.find_captures(str(tmp_path))) == 1  # a corpus search does not recurse
    finally:  # shutil.rmtree (and so pytest's clean-up) recurses: remove it bottom up
        for k in range(1500, 0, -1):
            os.rmdir(d / "sys" / "/".join(["n"] * k))


def test_a_manifest_nested_100000_deep_is_refused(tmp_path: Path) -> None:
    d = tmp_path / "m"
    write_capture(
        load_capture("builtin:v2-kernel6.18/0-idle"), d, extra={"manifest.json": b"[" * 100000}
    )
    _refused(d, "manifest.json: not JSON memsim reads .nested too deeply.")


# ---------------------------------------------------------------- refused when valid


SYSTEMD = "system-systemd\\x2dfsck.slice"  # systemd's escape of "-" in a unit name


@pytest.mark.parametrize("kind", ["dir", "tar"])
def test_systemd_escaped_cgroup_names_load(tmp_path: Path, kind: str) -> None:
    """Any backslash was refused, though memsim capture writes such names on systemd hosts."""
    t = load_capture("builtin:v2-kernel6.18/0-idle")
    path = f"/sys/fs/cgroup/system.slice/{SYSTEMD}/memory.current"
    t = t.with_file(path, b"4096\n")
    out = write_capture(t, tmp_path / ("c" if kind == "dir" else "c.tar.gz"))
    back = load_capture(out)
    assert back.files[path] == b"4096\n" and back == t


@pytest.mark.parametrize("kind", ["dir", "tar"])
def test_an_empty_directory_named_with_a_dot_loads(tmp_path: Path, kind: str) -> None:
    t = load_capture("builtin:v2-kernel6.18/0-idle").with_dir("/sys/fs/cgroup/.hidden")
    out = write_capture(t, tmp_path / ("c" if kind == "dir" else "c.tar.gz"))
    assert "/sys/fs/cgroup/.hidden" in load_capture(out).empty_dirs


# ---------------------------------------------------------------- a family: random names


component = st.text(
    alphabet=st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)),
    min_size=1,
    max_size=40,
).filter(lambda s: s not in (".", ".."))


@settings(max_examples=60, deadline=None)
@given(parts=st.lists(component, min_size=1, max_size=6))
def test_any_name_a_linux_file_can_have_round_trips(tmp_path_factory, parts: list[str]) -> None:
    """Every name a Linux file may have (no NUL, no '/', components <= 255 bytes) loads
    back byte for byte, through a directory and through an archive."""
    tmp = tmp_path_factory.mktemp("names")
    path = "/sys/fs/cgroup/" + "/".join(parts) + "/memory.current"
    t = load_capture("builtin:v2-kernel6.18/0-idle").with_file(path, b"1\n")
    for out in (tmp / "d", tmp / "a.tar.gz"):
        assert load_capture(write_capture(t, out)).files[path] == b"1\n"


def test_tarfile_archives_of_every_format_load(tmp_path: Path) -> None:
    """What tar tools write: GNU (long names as 'L' headers), ustar (a name prefix) and pax."""
    long_dir = "sys/fs/cgroup/" + "/".join(["kubepods-burstable-pod" + "f" * 30] * 3)
    for fmt in (tarfile.GNU_FORMAT, tarfile.USTAR_FORMAT, tarfile.PAX_FORMAT):
        p = tmp_path / f"f{fmt}.tar.gz"
        with tarfile.open(p, "w:gz", format=fmt) as tf:
            for name, data in (*a.GOOD.items(), (long_dir + "/memory.stat", b"anon 1\n")):
                ti = tarfile.TarInfo(name)
                ti.size = len(data)
                import io

                tf.addfile(ti, io.BytesIO(data))
        assert load_capture(p).files["/" + long_dir + "/memory.stat"] == b"anon 1\n"


def test_zlib_itself_checks_the_crc() -> None:
    """The check the reader relies on: zlib's gzip wrapper verifies CRC-32 and ISIZE."""
    good = a.gz(b"x" * 100)
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    with pytest.raises(zlib.error, match="incorrect data check"):
        d.decompress(good[:-8] + b"\0\0\0\0" + good[-4:])


@pytest.mark.parametrize("live", ["/proc", "/sys", "/sys/fs/cgroup", "/"])
def test_a_live_kernel_tree_is_not_walked_as_a_capture(live: str) -> None:
    """No fstype file at the top: refused from its listing alone, before anything under it
    is opened (reading a live /sys or /proc as a capture could block or have effects)."""
    _refused(Path(live), "fstype: missing")


@pytest.mark.skipif(
    os.geteuid() != 0 or not shutil.which("unshare"), reason="needs root and unshare(1)"
)
def test_a_filesystem_mounted_inside_a_capture_is_refused(tmp_path: Path) -> None:
    """A capture holds copies of files: a mount inside it (a bind of the live /sys, say) is
    refused, not read. The mount is made in a private mount namespace of its own."""
    d = tmp_path / "c"
    write_capture(load_capture("builtin:v1-kernel6.18/0-idle"), d)
    (d / "sys" / "m").mkdir()
    code = (
        "from fake_sysfs import load_capture, CaptureError\n"
        f"try:\n    load_capture({str(d)!r})\nexcept CaptureError as e:\n    print(e)\n"
    )
    script = (
        f"mount --make-rprivate / && mount -t tmpfs memsim-test {d / 'sys' / 'm'} && "
        f'{sys.executable} -c "$0"'
    )
    out = subprocess.run(
        ["unshare", "-m", "sh", "-c", script, code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == f"{d}: sys/m: another filesystem is mounted here: a capture holds copies"
