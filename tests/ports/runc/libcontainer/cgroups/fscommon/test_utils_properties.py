"""Property tests of the parsers against their documented Go behaviour (runc.md §2.1-§2.3):
fscommon ParseUint, ParseKeyValue (runc's SplitN and cgroups' Cut generations),
GetCgroupParamUint, the /proc/meminfo parser (pre- and post-fix) and memory.numa_stat."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ports.go.math import MaxUint64
from tests.ports.runc.conftest import runc, write_files

OLD = runc("runc@v1.1.7")  # SplitN generation (runc 1.1 .. 1.2)
NEW = runc("cgroups@v0.1.0")  # Cut generation (opencontainers/cgroups)

_INT = re.compile(r"[+-]?[0-9]+")

# numbers near the interesting edges, as decimal text with optional sign and leading zeros
edges = st.sampled_from(
    [0, 1, 2**63 - 1, 2**63, 2**64 - 1, 2**64, 2**65, 10**19, 10**20, 10**25]
) | st.integers(min_value=0, max_value=2**70)
numbers = st.builds(
    lambda sign, zeros, n: sign + "0" * zeros + str(n),
    st.sampled_from(["", "", "-", "+"]),
    st.integers(0, 2),
    edges,
)
garbage = st.text(alphabet="0123456789-+ _xXabmaxe.\t\n\u00a0\udcff", max_size=8)
uint_text = numbers | garbage


def model_parse_uint(s: str) -> tuple[int, str | None]:
    """fscommon.ParseUint as documented: strconv.ParseUint, except that a string ParseInt
    reads as negative (or as a negative out of int64 range) gives 0, nil."""
    if re.fullmatch(r"[0-9]+", s):
        n = int(s)
        return (n, None) if n < 2**64 else (MaxUint64, "value out of range")
    if _INT.fullmatch(s) and int(s) < 0:
        return 0, None
    return 0, "invalid syntax"


@given(uint_text)
def test_parse_uint_model(s):
    for R in (OLD, NEW):
        v, err = R.fscommon.parse_uint(s, 10, 64)
        want_v, want_err = model_parse_uint(s)
        assert v == want_v
        if want_err is None:
            assert err is None
        else:
            assert err.Error().endswith(": " + want_err)
            assert err.Error().startswith("strconv.ParseUint: parsing ")


keys = st.text(alphabet="abc_ \t", max_size=4)
lines = st.builds(
    lambda k, sep, v: k + sep + v, keys, st.sampled_from(["", " ", "  ", "\t"]), uint_text
)


@given(lines)
def test_parse_key_value_generations(line):
    # runc: SplitN(line, " ", 3) must give exactly 2 parts
    parts = line.split(" ", 2)
    k, v, err = OLD.fscommon.parse_key_value(line)
    if len(parts) != 2:
        assert err.Error() == f"line {quote(line)} is not in key value format"
    else:
        want_v, want_err = model_parse_uint(parts[1])
        assert (k, v, err is None) == (
            (parts[0], want_v, True) if want_err is None else ("", 0, False)
        )

    # cgroups: Cut(line, " "); no space, an empty key or an empty value is a format error
    key, sep, val = line.partition(" ")
    k2, v2, err2 = NEW.fscommon.parse_key_value(line)
    if not sep or key == "" or val == "":
        assert err2.Error() == f'line {quote(line)} is not in "key value" format'
    else:
        want_v, want_err = model_parse_uint(val)
        assert (k2, v2, err2 is None) == (
            (key, want_v, True) if want_err is None else ("", 0, False)
        )

    # the only line the new parser accepts that the old one did not: none; the only line the
    # old one accepts that the new one rejects: an empty key
    if err2 is None:
        assert err is None and (k, v) == (k2, v2)
    if err is None and err2 is not None:
        assert k == ""


def quote(s: str) -> str:
    from ports.go import strconv

    return strconv.Quote(s)


file_text = st.builds(
    lambda pre, body, post: pre + body + post,
    st.sampled_from(["", " ", "\n", "\t ", "\u00a0"]),
    uint_text | st.just("max") | st.just("Max"),
    st.sampled_from(["", "\n", " \n", "\n\n"]),
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
@given(contents=file_text)
def test_get_cgroup_param_uint_model(fs, contents):
    d = "/tmp/p"
    if not fs.exists(d):
        fs.create_dir(d)
    write_files(fs, d, {"f": contents})
    # Go's TrimSpace (Unicode white space), then "max", then fscommon.ParseUint
    t = contents.strip("\t\n\v\f\r \u0085\u00a0")
    for R in (OLD, NEW):
        v, err = R.fscommon.get_cgroup_param_uint(d, "f")
        if t == "max":
            assert (v, err) == (MaxUint64, None)
            continue
        want_v, want_err = model_parse_uint(t)
        assert v == want_v
        if want_err is None:
            assert err is None
        else:
            assert err.Error().startswith(f"unable to parse {d}/f: strconv.ParseUint: parsing ")


meminfo_keys = st.sampled_from(
    ["MemTotal", "MemFree", "SwapTotal", "SwapFree", "Cached", " MemFree"]
)
meminfo_values = st.integers(0, 2**64 - 1).map(str) | st.sampled_from(["-1", "x", "", "1.5"])
meminfo_lines = st.builds(
    lambda k, colon, v, unit: k + colon + " " * 3 + v + unit,
    meminfo_keys,
    st.sampled_from([":", ":", "::", ""]),
    meminfo_values,
    st.sampled_from([" kB", " kB", "", "kB", " kB "]),
)


def model_meminfo(text: str, wanted: tuple[str, ...]) -> dict[str, int] | str:
    """The meminfo loop: SplitN(":", 3) must give 2 parts; the key is not trimmed; the value is
    TrimSpace(TrimSuffix(v, " kB")) through strconv.ParseUint; stop once len(wanted) values
    were read (duplicates count)."""
    got = dict.fromkeys(wanted, 0)
    found = 0
    for line in text.split("\n"):
        parts = line.split(":", 2)
        if len(parts) != 2 or parts[0] not in got:
            continue
        v = parts[1][:-3] if parts[1].endswith(" kB") else parts[1]
        v = v.strip("\t\n\v\f\r \u0085\u00a0")
        if not re.fullmatch(r"[0-9]+", v) or int(v) >= 2**64:
            return "unable to parse /proc/meminfo: bad value for " + parts[0]
        got[parts[0]] = int(v)
        found += 1
        if found == len(wanted):
            break
    return got


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=80)
@given(st.lists(meminfo_lines, max_size=7))
def test_meminfo_parser_model(fs, lines):
    text = "\n".join(lines) + "\n"
    if fs.exists("/proc/meminfo"):
        fs.remove("/proc/meminfo")
    fs.create_file("/proc/meminfo", contents=text)
    anon, file = 100, 200
    for version, wanted in (
        ("runc@v1.1.7", ("SwapFree", "SwapTotal", "MemTotal", "MemFree")),
        ("runc@v1.1.9", ("SwapFree", "SwapTotal")),
    ):
        R = runc(version)
        stats = R.cgroups.Stats(
            memory_stats=R.cgroups.MemoryStats(stats={"anon": anon, "file": file})
        )
        fn = R.fs2.stats_from_meminfo if version == "runc@v1.1.7" else R.fs2.root_stats_from_meminfo
        err = fn(stats)
        want = model_meminfo(text, wanted)
        if isinstance(want, str):
            assert err is not None and err.Error() == want
            continue
        assert err is None
        ms = stats.memory_stats
        swap = ((want["SwapTotal"] - want["SwapFree"]) * 1024) % 2**64
        if version == "runc@v1.1.7":
            assert ms.usage.usage == ((want["MemTotal"] - want["MemFree"]) * 1024) % 2**64
            assert ms.swap_usage.usage == swap
        else:
            assert ms.usage.usage == anon + file
            assert ms.swap_usage.usage == (swap + anon + file) % 2**64
        assert ms.usage.limit == ms.swap_usage.limit == MaxUint64


numa_names = st.sampled_from(
    ["total", "file", "anon", "unevictable", "hierarchical_total", "hierarchical_anon", "other"]
)
numa_lines = st.builds(
    lambda name, total, nodes: (
        name + "=" + str(total) + "".join(f" N{n}={v}" for n, v in nodes.items())
    ),
    numa_names,
    st.integers(0, 2**64 - 1),
    st.dictionaries(st.integers(0, 255), st.integers(0, 2**64 - 1), max_size=5),
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
@given(st.lists(numa_lines, max_size=6))
def test_numa_stat_model(fs, lines):
    """Well-formed numa_stat lines round-trip: the last line of each known name wins (its
    Nodes map replaced), unknown names are skipped; both SplitN (runc 1.1) and Cut
    (runc 1.2+) columns give the same stats."""
    d = "/tmp/numa"
    if not fs.exists(d):
        fs.create_dir(d)
    write_files(fs, d, {"memory.numa_stat": "\n".join(lines) + "\n"})
    want: dict[str, tuple[int, dict[int, int]]] = {}
    for line in lines:
        cols = line.split(" ")
        name, total = cols[0].split("=")
        if name == "other":
            continue
        want[name] = (
            int(total),
            {int(c.split("=")[0][1:]): int(c.split("=")[1]) for c in cols[1:]},
        )
    results = []
    for version in ("runc@v1.1.7", "runc@v1.2.0", "cgroups@v0.1.0"):
        st_, err = runc(version).fs.get_page_usage_by_numa(d)
        assert err is None
        got = {}
        for name, ps in (
            ("total", st_.total),
            ("file", st_.file),
            ("anon", st_.anon),
            ("unevictable", st_.unevictable),
            ("hierarchical_total", st_.hierarchical.total),
            ("hierarchical_anon", st_.hierarchical.anon),
        ):
            if ps.nodes is not None:
                got[name] = (ps.total, ps.nodes)
        assert got == want
        results.append(got)
