"""The tar archives captures come in (.tar.gz, or plain .tar), read with every size, count and
length bounded before it is read, and the gzip stream checked end to end.

Why not the standard library's tarfile for reading: CPython 3.11.7's pax header parser is
quadratic in a crafted header (CVE-2024-6232: a 1.2 KB .tar.gz with 160k digits took 46.6 s),
it reads an extended header or a GNU long name of any size into memory before looking at
it (a 1 GiB pax header cost 1 GB of RSS), and in its streaming mode it never checks gzip's
CRC-32 and length, so a flipped byte or a cut-off trailer loads other content. This reader
takes the subset of tar that a capture needs and refuses the rest:

- headers: ustar (with its name prefix), GNU (long names and link names, base-256 sizes) and
  pax (extended and global headers); each header's checksum is checked;
- compression: gzip (one or more members; zlib checks each member's CRC-32 and length, and a
  stream that ends before its trailer is refused) or none; bzip2, xz, zstd and zip are named
  and refused;
- bounds (Limits): an extended header's size, a name's length, a file's size, the entries'
  count and the files' total are checked when their header is read, before any data; what
  follows the end-of-archive marker may only be zeros, up to MAX_TRAILER_BYTES; the archive
  file itself is at most MAX_ARCHIVE_BYTES.

members() yields the entries in archive order; the caller decides what it accepts (links,
devices and fifos come out as such, with no data read).
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

BLOCK = 512
CHUNK = 1 << 16  # compressed bytes read at a time
MAX_HEADER_BYTES = 64 << 10  # a pax extended header, a GNU long name or link name
MAX_TRAILER_BYTES = 1 << 20  # zero padding after the end-of-archive marker (tar pads to 10 KiB)
MAX_ARCHIVE_BYTES = 512 << 20  # the archive file itself, compressed or not
PATH_MAX = 4096  # linux/limits.h: a path, its terminating NUL included
NAME_MAX = 255  # linux/limits.h: one path component

_ZERO_BLOCK = bytes(BLOCK)
_KINDS = {
    b"0": "file",
    b"\0": "file",
    b"7": "file",  # contiguous file: a regular file everywhere but a few old systems
    b"1": "hardlink",
    b"2": "symlink",
    b"3": "chr",
    b"4": "blk",
    b"5": "dir",
    b"6": "fifo",
}
_EXTENDED = (b"x", b"g", b"L", b"K")
_UNSUPPORTED = {
    b"S": "GNU sparse file",
    b"D": "GNU dump directory",
    b"M": "GNU multi-volume continuation",
    b"N": "old GNU long name",
    b"V": "GNU volume label",
}
_COMPRESSED = (
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"PK\x03\x04", "zip"),
)


class ArchiveError(Exception):
    """The archive cannot be read: `member` names the entry ("" for the archive itself)."""

    def __init__(self, member: str, reason: str) -> None:
        super().__init__(member, reason)
        self.member = member
        self.reason = reason


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int
    max_files: int  # regular files
    max_entries: int  # every entry: files, directories, links, devices
    max_total_bytes: int  # the files' bytes in all
    max_header_bytes: int = MAX_HEADER_BYTES
    max_name_bytes: int = PATH_MAX - 1


@dataclass(frozen=True)
class Member:
    name: str  # as the archive spells it (UTF-8; other bytes kept by surrogateescape)
    kind: str  # "file", "dir", "symlink", "hardlink", "chr", "blk", "fifo"
    size: int
    linkname: str = ""
    data: bytes | None = None  # a file's bytes


ECHO_CHARS = 120  # what an error echoes of a name it refuses (a 128 MiB name is not echoed whole)


def short(text: str | bytes, limit: int = ECHO_CHARS) -> str:
    """`text` as an error may echo it: printable, at most `limit` characters, then how long
    it was."""
    if isinstance(text, bytes):
        n, unit = len(text), "bytes"
        head = text[:limit].decode("utf-8", "backslashreplace")
    else:
        n, unit = len(text), "characters"
        head = text[:limit]
    s = head if head.isprintable() else repr(head)[1:-1]
    return s if n <= limit else f"{s}... ({n:,} {unit})"


_short = short


def _decode(b: bytes) -> str:
    return b.decode("utf-8", "surrogateescape")


# ---------------------------------------------------------------- the byte stream


class _Stream:
    """The archive's uncompressed bytes, read as asked and never more than CHUNK ahead."""

    def __init__(self, f: BinaryIO) -> None:
        self.f = f
        self.buf = bytearray()
        self.consumed = 0  # compressed bytes taken from the file
        head = f.read(6)
        self.consumed += len(head)
        self.gzip = head[:2] == b"\x1f\x8b"
        for magic, name in _COMPRESSED:
            if head.startswith(magic):
                raise ArchiveError("", f"compressed with {name}: a capture is a .tar.gz or a .tar")
        self.d: zlib._Decompress | None = None
        self.ended = False  # no more uncompressed bytes
        if self.gzip:
            self._member(head)
        else:
            self.buf += head

    def _input(self) -> bytes:
        data = self.f.read(CHUNK)
        self.consumed += len(data)
        if self.consumed > MAX_ARCHIVE_BYTES:
            raise ArchiveError("", f"archive over {MAX_ARCHIVE_BYTES:,} bytes")
        return data

    def _member(self, data: bytes) -> None:
        """Start a gzip member whose first bytes are `data`."""
        self.d = zlib.decompressobj(16 + zlib.MAX_WBITS)  # gzip wrapper: CRC-32, ISIZE checked
        self._inflate(data, CHUNK)

    def _inflate(self, data: bytes, want: int) -> None:
        assert self.d is not None
        try:
            self.buf += self.d.decompress(data, max(want, CHUNK))
        except zlib.error as e:
            raise ArchiveError("", f"corrupt gzip data ({e})") from None

    def _more(self, want: int) -> None:
        if self.ended:
            return
        if not self.gzip:
            data = self._input()
            if data:
                self.buf += data
            else:
                self.ended = True
            return
        d = self.d
        assert d is not None
        if d.unconsumed_tail:
            self._inflate(d.unconsumed_tail, want)
            return
        if not d.eof:
            data = self._input()
            if not data:
                raise ArchiveError(
                    "", "truncated gzip data: the stream ends before its end and its CRC trailer"
                )
            self._inflate(data, want)
            return
        # a member ended (its CRC-32 and length checked): another member, padding, or the end
        rest = d.unused_data
        while len(rest) < 2:
            data = self._input()
            if not data:
                break
            rest += data
        if rest[:2] == b"\x1f\x8b":
            self._member(rest)
            return
        while rest:
            if rest.strip(b"\0"):
                raise ArchiveError("", "data after the end of the gzip stream")
            rest = self._input()
        self.ended = True

    def read(self, n: int) -> bytes:
        """Exactly n bytes, or fewer at the end of the stream."""
        while len(self.buf) < n and not self.ended:
            self._more(n - len(self.buf))
        out = bytes(self.buf[:n])
        del self.buf[:n]
        return out

    def finish(self) -> None:
        """After the end-of-archive marker: only zeros may follow, a bounded amount; a gzip
        stream is read to its end so its CRC and length are checked."""
        seen = 0
        while True:
            chunk = self.read(CHUNK)
            if not chunk:
                return
            seen += len(chunk)
            if chunk.strip(b"\0"):
                raise ArchiveError("", "data after the end-of-archive marker")
            if seen > MAX_TRAILER_BYTES:
                raise ArchiveError(
                    "", f"over {MAX_TRAILER_BYTES:,} bytes after the end-of-archive marker"
                )


# ---------------------------------------------------------------- headers


def _number(field: bytes, what: str, where: str) -> int:
    """A numeric header field: octal digits (space or NUL terminated), or GNU base-256."""
    if field[:1] == b"\x80":
        return int.from_bytes(field[1:], "big")
    if field[:1] == b"\xff":
        raise ArchiveError(where, f"negative {what} in the header")
    s = field.split(b"\0", 1)[0].strip(b" ")
    if not s:
        return 0
    if not all(48 <= c <= 55 for c in s):
        raise ArchiveError(where, f"corrupt header ({what} is not an octal number)")
    return int(s, 8)


def _checksum_ok(block: bytes) -> bool:
    stored_field = block[148:156].split(b"\0", 1)[0].strip(b" ")
    if not stored_field or not all(48 <= c <= 55 for c in stored_field):
        return False
    stored = int(stored_field, 8)
    unsigned = sum(block[:148]) + 8 * 32 + sum(block[156:])
    if stored == unsigned:
        return True
    signed = unsigned - 256 * (
        sum(1 for c in block[:148] if c > 127) + sum(1 for c in block[156:] if c > 127)
    )
    return stored == signed


def _pax(data: bytes, where: str) -> dict[bytes, bytes]:
    """The records of a pax extended header: "LENGTH KEY=VALUE\\n", LENGTH counting itself."""
    out: dict[bytes, bytes] = {}
    pos, n = 0, len(data)
    while pos < n:
        if data[pos:].strip(b"\0") == b"":
            break  # NUL padding some writers leave
        sp = data.find(b" ", pos, pos + 21)
        digits = data[pos:sp] if sp > pos else b""
        if not digits.isdigit():
            raise ArchiveError(where, "corrupt pax header (bad record length)")
        end = pos + int(digits)
        if end > n or end <= sp + 1 or data[end - 1 : end] != b"\n":
            raise ArchiveError(where, "corrupt pax header (record length does not match)")
        key, eq, value = data[sp + 1 : end - 1].partition(b"=")
        if not eq or not key:
            raise ArchiveError(where, "corrupt pax header (a record without KEY=VALUE)")
        out[key] = value
        pos = end
    return out


def _pax_size(value: bytes, where: str) -> int:
    if not value.isdigit() or len(value) > 20:
        raise ArchiveError(where, "corrupt pax header (size is not a decimal number)")
    return int(value)


def members(path: str | os.PathLike[str], limits: Limits) -> Iterator[Member]:
    """The entries of the archive at `path`, in order (see the module docstring)."""
    size = os.stat(path).st_size
    if size > MAX_ARCHIVE_BYTES:
        raise ArchiveError("", f"{size:,} bytes, over the {MAX_ARCHIVE_BYTES:,}-byte archive cap")
    with open(path, "rb") as f:
        yield from _members(_Stream(f), limits)


def _members(s: _Stream, limits: Limits) -> Iterator[Member]:
    entries = files = total = 0
    ext: dict[bytes, bytes] = {}  # the next entry's pax / GNU long name, link, size
    seen: set[bytes] = set()  # which extended header types it has had
    headers = 0
    while True:
        block = s.read(BLOCK)
        where = f"entry {entries + 1}"
        if not block:
            if not headers:
                raise ArchiveError("", "empty file: not a tar archive")
            if ext:
                raise ArchiveError(where, "truncated archive: an extended header with no entry")
            return  # no end-of-archive marker: tar itself reads this as the end
        if len(block) < BLOCK:
            if not headers:
                raise ArchiveError("", "not a tar archive (shorter than one header)")
            raise ArchiveError(where, "truncated archive (a partial header block)")
        if block == _ZERO_BLOCK:
            if ext:
                raise ArchiveError(where, "an extended header with no entry after it")
            if not headers:
                raise ArchiveError("", "not a tar archive (starts with an empty block)")
            s.finish()
            return
        if not _checksum_ok(block):
            if not headers:
                raise ArchiveError("", "not a tar archive (no valid tar header at its start)")
            raise ArchiveError(where, "corrupt tar header (bad checksum)")
        headers += 1
        typ = block[156:157]
        size = _number(block[124:136], "size", where)
        if typ in _EXTENDED:
            kind = {
                b"x": "pax extended",
                b"g": "pax global",
                b"L": "GNU long name",
                b"K": "GNU long link",
            }[typ]
            if size > limits.max_header_bytes:
                raise ArchiveError(
                    where,
                    f"{kind} header of {size:,} bytes, over the {limits.max_header_bytes:,}-byte cap",
                )
            if typ != b"g" and typ in seen:
                raise ArchiveError(where, f"two {kind} headers for one entry")
            seen.add(typ)
            data = s.read(-(-size // BLOCK) * BLOCK)
            if len(data) < size:
                raise ArchiveError(where, "truncated archive (inside an extended header)")
            data = data[:size]
            if typ == b"L":
                ext[b"path"] = data.split(b"\0", 1)[0]
            elif typ == b"K":
                ext[b"linkpath"] = data.split(b"\0", 1)[0]
            else:
                rec = _pax(data, where)
                if any(k.startswith(b"GNU.sparse.") for k in rec):
                    raise ArchiveError(where, "GNU sparse file (not a file a capture holds)")
                if typ == b"g":
                    bad = {b"path", b"linkpath", b"size"} & set(rec)
                    if bad:
                        raise ArchiveError(where, f"pax global header sets {_decode(min(bad))}")
                    continue
                for key in (b"path", b"linkpath", b"size"):
                    if key in rec:
                        ext[key] = rec[key]
            continue
        entries += 1
        if entries > limits.max_entries:
            raise ArchiveError(where, f"archive has more than {limits.max_entries:,} entries")
        raw = ext.get(b"path")
        if raw is None:
            raw = block[0:100].split(b"\0", 1)[0]
            if block[257:263] == b"ustar\0":  # POSIX ustar: a name prefix
                prefix = block[345:500].split(b"\0", 1)[0]
                if prefix:
                    raw = prefix + b"/" + raw
        if len(raw) > limits.max_name_bytes:
            raise ArchiveError(
                _short(_decode(raw)), f"name of {len(raw):,} bytes, over PATH_MAX ({PATH_MAX})"
            )
        name = _decode(raw)
        link_raw = ext.get(b"linkpath", block[157:257].split(b"\0", 1)[0])
        if b"size" in ext:
            size = _pax_size(ext[b"size"], name)
        ext, seen = {}, set()
        if typ in _UNSUPPORTED:
            raise ArchiveError(_short(name), f"unsupported entry type: {_UNSUPPORTED[typ]}")
        found = _KINDS.get(typ)
        if found is None:
            raise ArchiveError(_short(name), f"unsupported entry type {_decode(typ)!r}")
        kind = found
        if kind != "file":
            if size and kind == "dir":
                raise ArchiveError(_short(name), f"directory entry with {size:,} bytes of data")
            yield Member(name, kind, 0, _short(_decode(link_raw), 200))
            continue
        files += 1
        if files > limits.max_files:
            raise ArchiveError(_short(name), f"archive has more than {limits.max_files:,} files")
        if size > limits.max_file_bytes:
            raise ArchiveError(
                _short(name), f"{size:,} bytes, over the {limits.max_file_bytes:,}-byte cap"
            )
        total += size
        if total > limits.max_total_bytes:
            raise ArchiveError(
                _short(name), f"archive over {limits.max_total_bytes:,} bytes in all"
            )
        data = s.read(-(-size // BLOCK) * BLOCK)
        if len(data) < size:
            raise ArchiveError(_short(name), "truncated archive (inside this file's data)")
        yield Member(name, "file", size, data=data[:size])
