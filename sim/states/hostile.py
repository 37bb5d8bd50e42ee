"""Hostile states: a synthetic state whose node-level files are malformed on purpose, to drive
every error path of the ports that read them (runc fs/fs2 memory, fscommon's parsers, cAdvisor's
/proc/meminfo regexp, cgroups' PSI and memory.events readers).

A mutation is named "FILE:KIND" (the catalogue entry) and applied as "FILE:KIND[:KEY]" (the key
of a keyed file the seed picked): "memory.stat:2^64:total_inactive_file",
"meminfo:missing-key:MemFree", "memory.memsw.usage_in_bytes:dir". FILE is relative to the view's
memory root (/sys/fs/cgroup/memory on v1, /sys/fs/cgroup on v2), or "meminfo" for /proc/meminfo.
Each mutation changes that one file and nothing else (for keyed kinds: that one line, or the
lines it inserts next to it); tests/sim/test_states_hostile.py checks each says what it does.

Targets are what the node-level pipeline reads: /proc/meminfo, and the root's memory.stat,
usage/limit/max_usage/failcnt, memsw.*, kmem.*, kmem.tcp.*, use_hierarchy, numa_stat on v1;
memory.stat, memory.pressure, and the NOT_ON_ROOT memory.current/memory.events (absent at a real
root: runc and cgroups probe them) on v2.

Which mutations a state gets is a function of its seed and view alone (`choose`), so
`--scenario hostile --seed N --cgroup v1` rebuilds it. sim.states.plan picks hostile seeds whose
residues walk the catalogue, so a plan with as many hostile states as catalogue entries covers
every entry that applies to its kernel.
"""

from __future__ import annotations

import random
import zlib
from typing import NamedTuple

from fake_sysfs import KernelProfile, Tree

MEMINFO = "/proc/meminfo"
ROOTS = {"v1": "/sys/fs/cgroup/memory", "hybrid": "/sys/fs/cgroup/memory", "v2": "/sys/fs/cgroup"}

# value kinds: what replaces a number ({v}: the original value)
VALUES: dict[str, str] = {
    "negative": "-4096",  # fscommon.ParseUint maps negatives to 0; strconv.ParseUint refuses
    "below-minint64": "-99999999999999999999",  # ParseInt's ErrRange, still negative -> 0
    "max": "max",  # GetCgroupParamUint's MaxUint64; invalid syntax anywhere else
    "2^63": "9223372036854775808",  # fits uint64, not int64
    "wrapped": "18446744073709547520",  # 2^64 - 4096: an underflowed counter as unsigned
    "2^64": "18446744073709551616",  # out of range for uint64
    "-0": "-0",  # ParseUint: invalid syntax; ParseInt: 0 (not negative, so no clamp)
    "hex": "0x{v:x}",  # base 10 refuses it; numa_stat's base-0 total accepts it
    "plus": "+{v}",  # ParseUint refuses a sign; ParseInt accepts it
}
# changes to a keyed file's lines around the picked key
LINE_KINDS = (
    "blank-line",  # an empty line before the key's line
    "duplicate",  # the key again, after its line, with value 1
    "truncated",  # the file ends in the middle of the key's name (no newline)
    "missing-key",  # the key's line removed
    "crlf",  # every line ends in \r\n (bufio.ScanLines drops the \r)
    "long-line",  # a 70,000-byte line before the key's (bufio.Scanner: token too long)
    "trailing-space",  # a space after the key's value
    "tab",  # a tab instead of the space between key and value
    "no-newline",  # the last line without its newline (valid)
)
WHOLE_KINDS = ("empty", "missing", "dir")  # the file empty, gone, or a directory
SINGLE_KINDS = ("trailing-space", "blank-line")  # a single-value file: "v \n", "\nv\n"
MEMINFO_KINDS = ("no-unit",)  # "MemFree:  1234" without " kB" (cAdvisor's regexp wants it)
NUMA_KINDS = (
    "bad-node",  # "X0=" where "N0=" belongs: malformed line
    "node-256",  # "N256=": ParseUint(key[1:], 10, 8) out of range
    "no-equals",  # a node column without "=": malformed line
    "unknown-field",  # a first line "numa_locality 0 0" (skipped, as upstream does)
)
PRESSURE_KINDS = ("bad-avg", "missing-full")  # "avg10=x"; the "full" line removed
PRESENT = "present"  # a file the kernel does not show at the root, with a plausible value

# kinds that create the file when the kernel does not show it (the rest need its content)
CREATING = (*VALUES, "empty", "dir", PRESENT)


class Target(NamedTuple):
    file: str  # relative to the memory root, or "meminfo"
    form: str  # single | kv | meminfo | numa | pressure
    keys: tuple[str, ...] = ()  # keys worth breaking, in order of interest
    absent_at_root: bool = False  # NOT_ON_ROOT: probed, never there on a real root


_V1_SINGLE = (
    *(
        f"memory.{mod}{name}"
        for mod in ("", "memsw.", "kmem.", "kmem.tcp.")
        for name in ("usage_in_bytes", "max_usage_in_bytes", "failcnt", "limit_in_bytes")
    ),
    "memory.use_hierarchy",
)
_MEMINFO = Target(
    "meminfo",
    "meminfo",
    ("MemTotal", "MemFree", "SwapTotal", "SwapFree", "MemAvailable", "Cached", "Buffers"),
)
TARGETS: dict[str, tuple[Target, ...]] = {
    "v1": (
        _MEMINFO,
        Target(
            "memory.stat",
            "kv",
            (
                "total_inactive_file",
                "total_rss",
                "total_cache",
                "total_swap",
                "total_active_file",
                "hierarchical_memory_limit",
                "cache",
                "rss",
                "inactive_file",
                "total_mapped_file",
            ),
        ),
        *(Target(f, "single") for f in _V1_SINGLE),
        Target(
            "memory.numa_stat",
            "numa",
            ("total", "file", "anon", "unevictable", "hierarchical_total", "hierarchical_file"),
        ),
    ),
    "v2": (
        _MEMINFO,
        Target(
            "memory.stat",
            "kv",
            ("anon", "file", "inactive_file", "active_file", "kernel", "slab", "shmem", "sock"),
        ),
        Target("memory.pressure", "pressure", ("some", "full")),
        Target("memory.current", "single", absent_at_root=True),
        Target("memory.events", "kv", ("oom_kill", "oom", "max"), absent_at_root=True),
    ),
}
TARGETS["hybrid"] = TARGETS["v1"]


def _kinds(t: Target) -> tuple[str, ...]:
    if t.form == "single":
        kinds: tuple[str, ...] = (*VALUES, *SINGLE_KINDS, *WHOLE_KINDS)
    elif t.form == "kv":
        kinds = (*VALUES, *LINE_KINDS, *WHOLE_KINDS)
    elif t.form == "meminfo":
        kinds = (*VALUES, *LINE_KINDS, *MEMINFO_KINDS, *WHOLE_KINDS)
    elif t.form == "numa":
        kinds = (*VALUES, *LINE_KINDS, *NUMA_KINDS, *WHOLE_KINDS)
    else:  # pressure
        kinds = (*VALUES, *PRESSURE_KINDS, "truncated", "crlf", *WHOLE_KINDS)
    if t.absent_at_root:
        kinds = tuple(k for k in kinds if k in CREATING)
        if PRESENT not in kinds:
            kinds = (PRESENT, *kinds)
    return kinds


CATALOGUE: dict[str, tuple[str, ...]] = {
    view: tuple(f"{t.file}:{k}" for t in targets for k in _kinds(t))
    for view, targets in TARGETS.items()
}
_BY_FILE = {view: {t.file: t for t in targets} for view, targets in TARGETS.items()}
# hostile seeds are chosen congruent to their ordinal modulo this (sim.states.plan)
PERIOD = len(CATALOGUE["v1"]) * len(CATALOGUE["v2"])


def path_of(view: str, file: str) -> str:
    return MEMINFO if file == "meminfo" else f"{ROOTS[view]}/{file}"


def shown(view: str, file: str, p: KernelProfile) -> bool:
    """Whether a kernel of profile p shows this root file (fake_sysfs.render's rules)."""
    t = _BY_FILE[view][file]
    if t.absent_at_root:
        return False
    if view == "v2":
        if file == "memory.stat":
            return p.v2_root_stat
        if file == "memory.pressure":
            return p.psi
        return True
    if file.startswith("memory.memsw."):
        return p.swap_accounting
    if file == "memory.kmem.limit_in_bytes":
        return p.v1_kmem_limit_file
    return True


def applies(entry: str, view: str, p: KernelProfile) -> bool:
    """Whether the catalogue entry changes a state of profile p (an absent file can be created
    with a value, emptied or replaced by a directory, but not truncated or removed)."""
    file, kind = entry.split(":", 1)
    return kind in CREATING or shown(view, file, p)


def choose(seed: int, view: str, p: KernelProfile) -> tuple[str, ...]:
    """The mutations (catalogue entries) of hostile state `seed` seen in `view`: the entry the
    seed's residue points at (or the next one that applies to its kernel), and for a third of
    the seeds a second one in another file."""
    cat = CATALOGUE[view]
    n = len(cat)
    first = _next_applicable(cat, seed % n, view, p, None)
    high = seed // PERIOD
    if (high // 16) % 3:
        return (first,)
    second = _next_applicable(cat, (high // 48) % n, view, p, first.split(":", 1)[0])
    return (first, second)


def _next_applicable(
    cat: tuple[str, ...], i: int, view: str, p: KernelProfile, other_than: str | None
) -> str:
    n = len(cat)
    for j in range(n):
        e = cat[(i + j) % n]
        if applies(e, view, p) and e.split(":", 1)[0] != other_than:
            return e
    raise AssertionError("no applicable mutation")  # meminfo always applies


def base_index(seed: int, families: int) -> int:
    """Which family a hostile state starts from (the seed's bits above its residue)."""
    return (seed // PERIOD) % families


# ---------------------------------------------------------------------------- applying


def _rng(seed: int, entry: str) -> random.Random:
    return random.Random((seed * 1_000_003) ^ zlib.crc32(entry.encode()))


def _split_lines(text: str) -> list[str]:
    return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")


def _line_key(line: str, form: str) -> str:
    if form == "meminfo":
        return line.split(":", 1)[0]
    if form == "numa":
        return line.split("=", 1)[0]
    return line.split(" ", 1)[0]


def _with_value(line: str, form: str, new: str | None, kind: str = "") -> str:
    """The line with its (first) value replaced: by `new`, or by the value kind's."""

    def repl(num: str) -> str:
        return new if new is not None else _value(kind, num)

    if form == "meminfo":
        key, rest = line.split(":", 1)
        num = rest.split()[0]
        return f"{key}:{rest.replace(num, repl(num), 1)}"
    if form == "numa":
        first, _, tail = line.partition(" ")
        key, _, num = first.partition("=")
        return f"{key}={repl(num)}" + (f" {tail}" if tail else "")
    if form == "pressure":
        head, _, num = line.rpartition("total=")
        return f"{head}total={repl(num)}"
    key, _, num = line.partition(" ")
    return f"{key} {repl(num)}"


def _value(kind: str, original: str) -> str:
    try:
        v = int(original)
    except ValueError:
        v = 4096
    return VALUES[kind].format(v=v)


def _synthesized(t: Target, key: str, tree: Tree) -> str:
    """Content for a file the kernel does not show, with a plausible value to break."""
    if t.form == "single":
        return f"{_plausible_current(tree)}\n"
    if t.file == "memory.events":
        return "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n"
    if t.form == "pressure":
        return (
            "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
            "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
        )
    return f"{key} 0\n"  # memory.stat on a v2 root older than 5.8


def _plausible_current(tree: Tree) -> int:
    stat = tree.files.get("/sys/fs/cgroup/memory.stat", b"").decode()
    vals = dict(line.split(" ", 1) for line in stat.splitlines() if line.count(" ") == 1)
    try:
        return int(vals.get("anon", "0")) + int(vals.get("file", "0"))
    except ValueError:
        return 0


def apply(tree: Tree, view: str, entry: str, seed: int) -> tuple[Tree, str]:
    """`tree` with catalogue entry `entry` applied, and the applied mutation's name
    ("FILE:KIND" or "FILE:KIND:KEY")."""
    file, kind = entry.split(":", 1)
    t = _BY_FILE[view][file]
    path = path_of(view, file)
    if kind == "missing":
        return (tree.without(path) if path in tree.files else tree), entry
    if kind == "dir":
        return tree.with_dir(path), entry
    if kind == "empty":
        return tree.with_file(path, b""), entry
    data = tree.files.get(path)
    text = data.decode() if data is not None else None
    if t.form == "single":
        text = text if text is not None else _synthesized(t, "", tree)
        v = text.strip()
        if kind in VALUES:
            new = f"{_value(kind, v)}\n"
        elif kind == "trailing-space":
            new = f"{v} \n"
        elif kind == "blank-line":
            new = f"\n{v}\n"
        else:  # present
            new = text
        return tree.with_file(path, new.encode()), entry
    # keyed files: pick the key
    lines = _split_lines(text) if text is not None else []
    present_keys = [_line_key(x, t.form) for x in lines]
    wanted = [k for k in t.keys if k in present_keys]
    rng = _rng(seed, entry)
    if wanted:
        key = wanted[int(rng.random() * min(len(wanted), 4))]  # the most read ones
    elif t.keys:
        key = t.keys[0]
    else:
        key = present_keys[0]
    if text is None:  # the kernel does not show it here: make one to break
        text = _synthesized(t, key, tree)
        lines = _split_lines(text)
        present_keys = [_line_key(x, t.form) for x in lines]
        if key not in present_keys:
            key = present_keys[0]
    if kind == PRESENT:
        return tree.with_file(path, text.encode()), entry
    i = present_keys.index(key)
    line = lines[i]
    sep = {"meminfo": ":", "numa": "="}.get(t.form, " ")
    out = list(lines)
    end = "\n"
    if kind in VALUES:
        out[i] = _with_value(line, t.form, None, kind)
    elif kind == "blank-line":
        out.insert(i, "")
    elif kind == "duplicate":
        out.insert(i + 1, _with_value(line, t.form, "1"))
    elif kind == "truncated":  # the file ends inside the key's name
        return tree.with_file(path, "\n".join([*out[:i], key[: max(1, len(key) // 2)]]).encode()), (
            f"{entry}:{key}"
        )
    elif kind == "missing-key":
        del out[i]
    elif kind == "long-line":
        out.insert(i, "x" * 70000 + sep + "1")
    elif kind == "trailing-space":
        out[i] = line + " "
    elif kind == "tab":
        if t.form == "meminfo":
            k, rest = line.split(":", 1)
            out[i] = f"{k}:\t{rest.strip()}"
        else:  # kv: key<TAB>value; numa: total=1<TAB>N0=1
            out[i] = line.replace(" ", "\t", 1)
    elif kind == "no-unit":
        out[i] = line.removesuffix(" kB")
    elif kind == "bad-node":
        out[i] = line.replace(" N0=", " X0=", 1)
    elif kind == "node-256":
        out[i] = line.replace(" N0=", " N256=", 1)
    elif kind == "no-equals":
        out[i] = line + " N1"
    elif kind == "bad-avg":
        out[i] = line.replace("avg10=", "avg10=x", 1)
    # the file-wide kinds: no key
    elif kind == "crlf":
        return tree.with_file(path, "".join(x + "\r\n" for x in out).encode()), entry
    elif kind == "no-newline":
        return tree.with_file(path, "\n".join(out).encode()), entry
    elif kind == "unknown-field":
        return tree.with_file(
            path, "".join(x + "\n" for x in ["numa_locality 0 0 0", *out]).encode()
        ), entry
    elif kind == "missing-full":
        kept = [x for x in out if not x.startswith("full ")]
        return tree.with_file(path, "".join(x + "\n" for x in kept).encode()), entry
    else:  # pragma: no cover - the catalogue holds no other kind
        raise ValueError(f"unknown mutation kind {kind!r}")
    return tree.with_file(path, "".join(x + end for x in out).encode()), f"{entry}:{key}"


def apply_all(tree: Tree, view: str, entries: tuple[str, ...], seed: int) -> tuple[Tree, list[str]]:
    names = []
    for e in entries:
        tree, name = apply(tree, view, e, seed)
        names.append(name)
    return tree, names
