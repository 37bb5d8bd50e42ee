"""The capture loader fuzzed over corrupt gzip/tar streams and oversized headers, run by
test_capture_limits.py in a subprocess under resource limits (so a hang or a blow-up is
caught by the kernel, not by a timing assert).

    python tests/fake_sysfs/fuzz_archives.py EXAMPLES

Every input must load as a Tree or be refused with a CaptureError; anything else raised fails
the run. Prints one JSON line: how many inputs, how many refused, the most CPU time one load
took, and the peak RSS.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
import archives as a

from fake_sysfs import CaptureError, load_capture

MiB = 1 << 20
STATS = {"inputs": 0, "refused": 0, "max_load_cpu_s": 0.0}
WORK = Path(tempfile.mkdtemp(prefix="memsim-fuzz-"))
TAR = a.tar(
    a.pax([(b"path", b"sys/fs/cgroup/memory/" + b"p" * 120 + b"/memory.stat")])
    + a.entry("x", b"anon 1\n")
)
GZ = a.gz(TAR)


def load(data: bytes) -> None:
    p = WORK / "in.tar.gz"
    p.write_bytes(data)
    t0 = time.process_time()
    try:
        load_capture(p)
    except CaptureError as e:
        STATS["refused"] += 1
        assert len(str(e)) < 1000, "an error echoes a short prefix only"
    finally:
        STATS["inputs"] += 1
        STATS["max_load_cpu_s"] = max(STATS["max_load_cpu_s"], time.process_time() - t0)


# ---- mutations of the compressed stream: flips, insertions, deletions, truncation

edit = st.tuples(
    st.sampled_from(["flip", "insert", "delete", "cut"]),
    st.integers(0, len(GZ) - 1),
    st.binary(min_size=1, max_size=8),
)


def apply(data: bytes, edits: list[tuple[str, int, bytes]]) -> bytes:
    for op, i, b in edits:
        if not data:
            break
        i %= len(data)
        if op == "flip":
            data = data[:i] + bytes([data[i] ^ (b[0] or 1)]) + data[i + 1 :]
        elif op == "insert":
            data = data[:i] + b + data[i:]
        elif op == "delete":
            data = data[:i] + data[i + len(b) :]
        else:
            data = data[:i]
    return data


# ---- mutations of the tar inside a valid gzip: header fields and extended headers

sizes = st.one_of(
    st.integers(0, 4096), st.integers(0, 2**40), st.sampled_from([2**33, 2**63, 2**88 - 1])
)
typeflags = st.sampled_from(
    [
        b"0",
        b"\0",
        b"1",
        b"2",
        b"3",
        b"4",
        b"5",
        b"6",
        b"7",
        b"x",
        b"g",
        b"L",
        b"K",
        b"S",
        b"D",
        b"V",
        b"Z",
    ]
)
names = st.one_of(
    st.binary(min_size=0, max_size=100),
    st.sampled_from(
        [
            b"sys/fs/cgroup/memory/memory.stat",
            b"proc/meminfo",
            b"proc/meminfo/x",
            b"../x",
            b"/etc/x",
        ]
    ),
)


@st.composite
def header_block(draw: st.DrawFn) -> bytes:
    h = a.header(draw(names), draw(sizes), draw(typeflags))
    if draw(st.booleans()):  # break a field after the checksum was made
        i = draw(st.integers(0, 511))
        h = h[:i] + bytes([draw(st.integers(0, 255))]) + h[i + 1 :]
    return h + draw(st.binary(max_size=1024))


@st.composite
def pax_header(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["records", "digits", "raw"]))
    if kind == "records":
        recs = draw(
            st.lists(
                st.tuples(
                    st.sampled_from(
                        [
                            b"path",
                            b"linkpath",
                            b"size",
                            b"hdrcharset",
                            b"GNU.sparse.map",
                            b"mtime",
                            b"x",
                        ]
                    ),
                    st.binary(max_size=300),
                ),
                max_size=5,
            )
        )
        data = b"".join(a.pax_record(k, v) for k, v in recs)
    elif kind == "digits":  # the CVE-2024-6232 shape: a long run of digits before a key
        data = b"1" * draw(st.integers(1, 200_000)) + b" hdrcharset=BINARY\n"
    else:
        data = draw(st.binary(max_size=2000))
    typ = draw(st.sampled_from([b"x", b"g", b"L", b"K"]))
    return a.header("PaxHeader", len(data), typ) + a.padded(data)


tar_parts = st.lists(st.one_of(header_block(), pax_header()), min_size=1, max_size=4)


def run(examples: int) -> None:
    common = settings(
        max_examples=examples,
        database=None,
        derandomize=True,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )

    @common
    @given(st.lists(edit, min_size=1, max_size=4))
    def stream(edits: list[tuple[str, int, bytes]]) -> None:
        load(apply(GZ, edits))

    @common
    @given(tar_parts, st.integers(0, 7), st.booleans())
    def tar(parts: list[bytes], at: int, compress: bool) -> None:
        good = [a.entry(n, d) for n, d in a.GOOD.items()]
        at = min(at, len(good))
        body = b"".join(good[:at]) + b"".join(parts) + b"".join(good[at:]) + a.end()
        load(a.gz(body) if compress else body)

    stream()
    tar()
    # the probe's own oversized inputs, each small on disk
    load(a.gz(a.tar(a.pax(b"1 hdrcharset=" + b"1" * MiB + b"\n"))))  # CVE-2024-6232: 1 MiB digits
    load(
        a.gz_chunks(
            iter([a.tar()[:-1024], a.header("PaxHeader", 1 << 30, b"x"), *([bytes(MiB)] * 1024)])
        )
    )
    load(
        a.gz_chunks(
            iter(
                [
                    a.header("././@LongLink", 128 * MiB, b"L"),
                    *([b"n" * MiB] * 128),
                    a.header("x", 0),
                    a.end(),
                ]
            )
        )
    )
    load(a.gz(a.tar(b"".join(a.directory(f"sys/fs/cgroup/memory/d{i}") for i in range(20000)))))


if __name__ == "__main__":
    try:
        run(int(sys.argv[1]))
    finally:
        for p in WORK.iterdir():
            p.unlink()
        os.rmdir(WORK)
    STATS["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    STATS["cpu_s"] = round(time.process_time(), 1)
    print(json.dumps(STATS))
