"""sim.oracle without Go: the states it generates (hostile mutations included), the tree and
pack formats the harness reads, the expected harness line, the comparison, JSON decoding into
the ports' structs, and source-tree detection. The runs against the real Go code are in
tests/oracle (marked oracle)."""

from __future__ import annotations

import json
import posixpath
import re
from collections import Counter
from pathlib import Path

import pytest

from fake_sysfs import random_world, render
from ports.go import errors, host, os, syscall
from ports.runc import get
from sim import oracle
from sim.oracle import Outcome


@pytest.fixture(scope="module")
def states() -> list[oracle.State]:
    return [s.build() for s in oracle.synthetic(600, seed=3)]


@pytest.fixture(scope="module")
def many() -> list[oracle.State]:
    return [s.build() for s in oracle.synthetic(1500, seed=11)]


def test_states_replay_from_their_seed(states: list[oracle.State]) -> None:
    for st in states[:40]:
        seed = int(st.replay[st.replay.index("--seed") + 1])
        again = oracle.synthetic_state(seed)
        assert again.tree == st.tree
        assert again.cgroups == st.cgroups and again.notes == st.notes
        assert st.replay[:4] == ("--seed", str(seed), "--states", "1")
    assert [s.name for s in states[:3]] == ["seed 3", "seed 4", "seed 5"]


def test_trees_are_well_formed(many: list[oracle.State]) -> None:
    """Normal absolute paths, and no path both a file and a directory, over many mutations."""
    for st in many:
        files = set(st.tree.files)
        ancestors = set()
        for p in files:
            assert p.startswith("/") and posixpath.normpath(p) == p, p
            d = p.rsplit("/", 1)[0]
            while d and d not in ancestors:
                ancestors.add(d)
                d = d.rsplit("/", 1)[0]
        assert not files & ancestors, (st.name, files & ancestors)


def test_families_and_scopes(states: list[oracle.State]) -> None:
    fam = Counter(s.family for s in states)
    assert set(fam) == {"synthetic", "hostile"}
    assert 0.25 < fam["hostile"] / len(states) < 0.45
    assert all(s.notes for s in states if s.family == "hostile")
    assert not any(s.notes for s in states if s.family == "synthetic")
    # the root always, and a few states with non-root cgroups (scope "all")
    assert all(s.cgroups[0] in (oracle.root_cgroup(s.tree), s.cgroups[0]) for s in states)
    assert any(len(s.cgroups) > 1 for s in states)
    views = Counter(s.tree.fstype for s in states)
    assert views["cgroup2fs"] > 100 and views["tmpfs"] > 100
    plain = [s for s in oracle.synthetic(50, seed=3, hostile=False)]
    assert all(s.build().family == "synthetic" for s in plain)


def test_hostile_mutations_cover_the_catalogue(many: list[oracle.State]) -> None:
    seen: Counter[str] = Counter()
    for st in many:
        for n in st.notes:
            seen[_kind(n)] += 1
    for kind in (
        "negative",
        "max",
        ">= 2^63",
        ">= 2^64",
        "missing",
        "blank",
        "duplicate",
        "truncated",
        "directory",
        "path",
        "added",
        "separator",
        "crlf",
        "long line",
    ):
        assert seen[kind] > 0, (kind, seen)


def _kind(note: str) -> str:
    if "cgroup path" in note:
        return "path"
    if "a 70,002-byte line" in note:
        return "long line"
    if "CRLF" in note:
        return "crlf"
    if "separator" in note:
        return "separator"
    if "duplicate" in note:
        return "duplicate"
    if "blank line" in note:
        return "blank"
    if " cut to" in note:
        return "truncated"
    if note.endswith(": a directory"):
        return "directory"
    if note.endswith(": missing") or "directory missing" in note:
        return "missing"
    if ": added" in note:
        return "added"
    vals = re.findall(r"-?\d{5,}|max|MAX|-\d+", note)
    for v in vals:
        if v in ("max", "MAX"):
            return "max"
        n = int(v)
        if n < 0:
            return "negative"
        if n >= 2**64:
            return ">= 2^64"
        if n >= 2**63:
            return ">= 2^63"
    return "other"


def test_mutation_changes_only_the_named_file() -> None:
    for seed in range(200):
        st = oracle.synthetic_state(seed)
        if st.family != "hostile" or len(st.notes) != 1 or "cgroup path" in st.notes[0]:
            continue
        base = render(random_world(seed), None, scope="all" if len(st.cgroups) > 1 else "node")
        changed = {
            p
            for p in set(base.files) | set(st.tree.files)
            if base.files.get(p) != st.tree.files.get(p)
        }
        assert changed, st.notes
        named = st.notes[0].split(":", 1)[0]
        for p in changed:
            assert named.rstrip("/") in p or p.startswith("/sys/fs/cgroup/" + named), (
                st.notes,
                sorted(changed)[:4],
            )


def test_write_and_read_tree_round_trip(tmp_path: Path, states: list[oracle.State]) -> None:
    for i, st in enumerate(states[:60]):
        d = oracle.write_tree(st.tree, tmp_path / str(i))
        back = oracle.read_tree(d)
        assert dict(back.files) == dict(st.tree.files)
        assert back.fstype == st.tree.fstype
    # a tree that load_capture would refuse (no /proc/meminfo, a file made a directory)
    t = states[0].tree.without("/proc/meminfo").with_file("/proc/meminfo/x", b"0\n")
    back = oracle.read_tree(oracle.write_tree(t, tmp_path / "odd"))
    assert dict(back.files) == dict(t.files)


def test_pack_format(states: list[oracle.State]) -> None:
    blob = oracle.pack_tree("7", states[0].tree)
    head, rest = blob.split(b"\n", 1)
    assert head == b"T 1 %d" % (len(states[0].tree.files) + 1)
    assert rest.startswith(b"7")
    # each file: "<path length> <data length>\n<path><data>"
    i = 1
    paths = []
    while i < len(rest):
        nl = rest.index(b"\n", i)
        pl, dl = map(int, rest[i:nl].split())
        paths.append(rest[nl + 1 : nl + 1 + pl].decode())
        i = nl + 1 + pl + dl
    assert i == len(rest)
    assert paths[0] == "fstype" and "proc/meminfo" in paths


def _port(spec: str, tree, cg: str, gv=(1, 20)) -> Outcome:  # type: ignore[no-untyped-def]
    return oracle.port_outcome(get(spec)(), oracle.HarnessHost.make(tree), cg, gv)


def test_expected_line_is_the_harness_format(states: list[oracle.State]) -> None:
    st = states[0]
    o = _port("1.1.7", st.tree, st.cgroups[0])
    line = oracle.expected_line("0", st.cgroups[0], o, (1, 19))
    assert line is not None
    d = json.loads(line)
    assert list(d) == ["root", "cgroup", "stats", "error", "is_not_exist", "is_enoent"]
    _, cg, back, _ = oracle.parse_harness_line(line)
    assert cg == st.cgroups[0] and back == o
    # an error with quotes and HTML characters is escaped as Go does
    o2 = Outcome(None, 'strconv.ParseUint: parsing "<1>": invalid syntax', False, False)
    line2 = oracle.expected_line("x", "/a&b", o2, (1, 19))
    assert line2 is not None
    assert '"cgroup":"/a\\u0026b"' in line2 and '\\"\\u003c1\\u003e\\"' in line2
    assert oracle.expected_line("x", "/", Outcome(None, None, panic="boom"), (1, 19)) is None


def test_differences() -> None:
    a = Outcome('{"cache":1,"stats":{"x":2}}', None)
    assert oracle.differences(a, a) == []
    b = Outcome('{"cache":1,"stats":{"x":3}}', None)
    assert oracle.differences(a, b) == [("stats", "stats.x: Go 2, port 3")]
    c = Outcome('{"stats":{"x":2},"cache":1}', None)
    assert [k for k, _ in oracle.differences(a, c)] == ["stats text"]
    e1 = Outcome(None, "open x: no such file or directory", True, True)
    e2 = Outcome(None, "openat2 x: no such file or directory", True, False)
    kinds = [k for k, _ in oracle.differences(e1, e2)]
    assert kinds == ["error text", "error class"]
    assert [k for k, _ in oracle.differences(e1, Outcome(None, None))] == ["error presence"]
    assert [k for k, _ in oracle.differences(a, Outcome(None, None))] == ["stats presence"]
    assert [k for k, _ in oracle.differences(Outcome(None, None, panic="p"), a)] == ["panic"]
    assert [k for k, _ in oracle.differences(Outcome(None, None, failure="f"), a)] == ["failure"]


@pytest.mark.parametrize("spec", ["1.1.7", "1.1.15", "cgroups-0.0.5", "cgroups-0.1.0"])
def test_unmarshal_round_trips_the_ports_json(spec: str, states: list[oracle.State]) -> None:
    R = get(spec)()
    for st in states[:80]:
        with host.use(oracle.HarnessHost.make(st.tree)):
            ms, _ = R.memory_stats(st.cgroups[0])
        text, _ = R.marshal(ms)
        back = oracle.unmarshal(R.cgroups.MemoryStats, json.loads(text))
        assert isinstance(back, R.cgroups.MemoryStats)
        assert (back.usage, back.swap_usage, back.cache) == (ms.usage, ms.swap_usage, ms.cache)
        assert (back.stats or {}) == (ms.stats or {})  # JSON has no empty map vs nil
        assert R.marshal(back)[0] == text


def test_go_error_values() -> None:
    e = oracle._go_error(
        "openat2 /sys/fs/cgroup/a/memory.stat: no such file or directory", True, True
    )
    assert isinstance(e, os.PathError)
    assert os.IsNotExist(e) and errors.Is(e, syscall.ENOENT)
    e = oracle._go_error("openat2 /sys/fs/cgroup/a/memory.stat/x: not a directory", False, False)
    assert isinstance(e, os.PathError) and not os.IsNotExist(e)
    # wrapped: the text is not a PathError's, the class is kept
    w = oracle._go_error(
        "unable to parse /sys/fs/cgroup/memory.stat: openat2 x: no such file or directory",
        False,
        True,
    )
    assert isinstance(w, oracle.GoError) and errors.Is(w, syscall.ENOENT) and not os.IsNotExist(w)


def _fake_runc(root: Path, version: str | None, **files: str) -> Path:
    (root / "libcontainer/cgroups/fs2").mkdir(parents=True)
    (root / "libcontainer/cgroups/fs").mkdir(parents=True)
    (root / "go.mod").write_text("module github.com/opencontainers/runc\n\ngo 1.17\n")
    if version:
        (root / "VERSION").write_text(version + "\n")
    (root / "libcontainer/cgroups/fs2/memory.go").write_text(files.get("fs2", "package fs2\n"))
    (root / "libcontainer/cgroups/fs/memory.go").write_text(files.get("fs", "package fs\n"))
    (root / "libcontainer/cgroups/file.go").write_text(files.get("file", "package cgroups\n"))
    return root


def test_detect_source(tmp_path: Path) -> None:
    st = oracle.detect_source(_fake_runc(tmp_path / "a", "1.1.8"))
    assert (st.flavor, st.port, st.version, st.go_directive) == (
        "runc",
        "runc@v1.1.7",
        "1.1.8",
        "1.17",
    )
    assert oracle.detect_source(_fake_runc(tmp_path / "b", "1.1.13")).port == "runc@v1.1.15"
    assert oracle.detect_source(_fake_runc(tmp_path / "c", "1.2.4")).port == "runc@v1.2.1"
    assert oracle.detect_source(_fake_runc(tmp_path / "d", "1.1.3")).port == "runc@v1.1.7"
    # no VERSION: the memory code's fingerprint (Debian's trees)
    fp = _fake_runc(
        tmp_path / "e",
        None,
        fs2='x := "anon"; y := "memory.peak"',
        file="unix.O_CLOEXEC",
    )
    st = oracle.detect_source(fp)
    assert st.port == "runc@v1.1.15" and st.how.startswith("fingerprint")
    assert oracle.detect_source(fp, port="1.1.9").port == "runc@v1.1.9"
    with pytest.raises(oracle.OracleError, match="is a runc tree"):
        oracle.detect_source(fp, port="cgroups-0.0.5")
    cg = tmp_path / "cg"
    (cg / "fs2").mkdir(parents=True)
    (cg / "fs2/memory.go").write_text("package fs2\n")
    (cg / "stats.go").write_text("package cgroups\n")
    (cg / "go.mod").write_text("module github.com/opencontainers/cgroups\n\ngo 1.23.0\n")
    assert oracle.detect_source(cg).port == "cgroups@v0.0.5"
    (cg / "stats.go").write_text('X int `json:"x,omitzero"`\n')
    assert oracle.detect_source(cg).port == "cgroups@v0.1.0"
    r13 = tmp_path / "r13"
    (r13 / "libcontainer").mkdir(parents=True)
    with pytest.raises(oracle.OracleError, match="opencontainers/cgroups"):
        oracle.detect_source(r13)
    with pytest.raises(oracle.OracleError, match="neither"):
        oracle.detect_source(tmp_path)


def test_corpus_specs(tmp_path: Path) -> None:
    assert [s.key for s in oracle.recorded()][:1] == ["v1-kernel6.18/0-idle"]
    t = render(random_world(1), "v2", scope="all")
    oracle.write_tree(t, tmp_path / "caps" / "one")
    specs = oracle.corpus([tmp_path / "caps", "builtin:v2-kernel6.18/0-idle"], ["/sys/fs/cgroup"])
    assert [(s.family, s.cgroups) for s in specs] == [
        ("corpus", ("/sys/fs/cgroup",)),
        ("recorded", ("/sys/fs/cgroup",)),
    ]
    st = oracle.StateSpec("corpus", str(tmp_path / "caps" / "one")).build()
    assert st.cgroups[0] == "/sys/fs/cgroup" and len(st.cgroups) > 5
    assert st.replay[-2:] == ("--corpus", str(tmp_path / "caps" / "one"))
