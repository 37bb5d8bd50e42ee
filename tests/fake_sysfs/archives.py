"""Archives built byte by byte for the hostile-capture tests: tar header blocks with any
size, type and name (what tarfile's writer will not produce), pax and GNU extended headers,
and gzip streams to flip bytes in."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterable, Iterator

BLOCK = 512

GOOD: dict[str, bytes] = {
    "fstype": b"tmpfs\n",
    "uname": b"Linux n 6.1.0 #1 SMP x86_64 GNU/Linux\n",
    "proc/meminfo": b"MemTotal:       1000 kB\nMemFree:         400 kB\n",
    "sys/fs/cgroup/memory/memory.usage_in_bytes": b"4096\n",
    "sys/fs/cgroup/memory/memory.stat": b"total_inactive_file 0\n",
}


def _octal(n: int, width: int) -> bytes:
    return f"{n:0{width - 1}o}".encode() + b"\0"


def header(name: bytes | str, size: int = 0, typ: bytes = b"0", linkname: bytes = b"") -> bytes:
    """One ustar header block (checksum right). A size that does not fit in 11 octal digits
    is written in GNU base-256."""
    if isinstance(name, str):
        name = name.encode()
    b = bytearray(BLOCK)
    b[0:100] = name[:100].ljust(100, b"\0")
    b[100:108] = _octal(0o644 if typ != b"5" else 0o755, 8)
    b[108:116] = _octal(0, 8)
    b[116:124] = _octal(0, 8)
    if size < 8**11:
        b[124:136] = _octal(size, 12)
    else:
        b[124:136] = b"\x80" + size.to_bytes(11, "big")
    b[136:148] = _octal(0, 12)
    b[156:157] = typ
    b[157:257] = linkname[:100].ljust(100, b"\0")
    b[257:263] = b"ustar\0"
    b[263:265] = b"00"
    b[148:156] = b" " * 8
    b[148:156] = f"{sum(b):06o}".encode() + b"\0 "
    return bytes(b)


def padded(data: bytes) -> bytes:
    return data + bytes(-len(data) % BLOCK)


def entry(name: str, data: bytes) -> bytes:
    return header(name, len(data)) + padded(data)


def directory(name: str) -> bytes:
    return header(name.rstrip("/") + "/", 0, b"5")


def pax_record(key: bytes, value: bytes) -> bytes:
    """ "LENGTH KEY=VALUE\n", LENGTH counting its own digits."""
    body = b" " + key + b"=" + value + b"\n"
    for digits in range(1, 21):
        total = len(body) + digits
        if len(str(total)) == digits:
            return str(total).encode() + body
    raise ValueError("record too long")


def pax(records: Iterable[tuple[bytes, bytes]] | bytes, typ: bytes = b"x") -> bytes:
    data = records if isinstance(records, bytes) else b"".join(pax_record(k, v) for k, v in records)
    return header("PaxHeader", len(data), typ) + padded(data)


def end() -> bytes:
    return bytes(2 * BLOCK)


def tar(*parts: bytes, good: bool = True) -> bytes:
    """An archive: the GOOD files (unless good=False), then `parts`, then the end marker."""
    head = b"".join(entry(n, d) for n, d in GOOD.items()) if good else b""
    return head + b"".join(parts) + end()


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def gz_chunks(chunks: Iterator[bytes]) -> bytes:
    """gzip of a stream too big to hold (a 128 MiB name), compressed as it comes."""
    c = zlib.compressobj(1, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    out = [c.compress(ch) for ch in chunks]
    out.append(c.flush())
    return b"".join(out)
