"""Hostile states: every catalogue entry changes exactly what its name says, on the files the
node-level pipeline reads; mutations are a function of (seed, view); a plan walks the whole
catalogue; and every hostile tree runs through the pipeline as a result or an upstream error,
never a Python exception."""

from __future__ import annotations

import pytest

from fake_sysfs import Tree, get_profile, render
from ports.go import host
from sim import pipeline, stacks, states
from sim.states import HOSTILE, hostile, plan
from sim.states.families import HOSTILE_BASES, build
from sim.states.hostile import CATALOGUE, VALUES, apply, choose, path_of

# a kernel that shows every node-level file (memsw: swap accounting; v2: root memory.stat, PSI)
P61 = get_profile("6.1")
BRIEF_KINDS = {
    "negative",
    "max",
    "2^63",
    "wrapped",
    "2^64",
    "missing",
    "blank-line",
    "duplicate",
    "truncated",
    "-0",
    "hex",
    "trailing-space",
    "dir",
}
V1_FILES = {
    "meminfo",
    "memory.stat",
    "memory.usage_in_bytes",
    "memory.limit_in_bytes",
    "memory.max_usage_in_bytes",
    "memory.failcnt",
    "memory.memsw.usage_in_bytes",
    "memory.memsw.limit_in_bytes",
    "memory.memsw.max_usage_in_bytes",
    "memory.memsw.failcnt",
    "memory.kmem.usage_in_bytes",
    "memory.kmem.limit_in_bytes",
    "memory.kmem.max_usage_in_bytes",
    "memory.kmem.failcnt",
    "memory.kmem.tcp.usage_in_bytes",
    "memory.kmem.tcp.limit_in_bytes",
    "memory.kmem.tcp.max_usage_in_bytes",
    "memory.kmem.tcp.failcnt",
    "memory.use_hierarchy",
    "memory.numa_stat",
}


def _base(view: str) -> Tree:
    w = build("swap", 3)
    w = type(w)(P61, w.mode, w.node, w.root, seed=w.seed)
    return render(w, view, scope="node")


def test_catalogue_covers_the_brief() -> None:
    for view in ("v1", "v2"):
        kinds = {e.split(":", 1)[1] for e in CATALOGUE[view]}
        assert kinds >= BRIEF_KINDS, BRIEF_KINDS - kinds
        assert len(set(CATALOGUE[view])) == len(CATALOGUE[view])
    assert {e.split(":", 1)[0] for e in CATALOGUE["v1"]} == V1_FILES
    assert {e.split(":", 1)[0] for e in CATALOGUE["v2"]} == {
        "meminfo",
        "memory.stat",
        "memory.pressure",
        "memory.current",
        "memory.events",
    }
    # every single-value v1 file gets every value kind, a missing file and a directory
    for f in V1_FILES - {"meminfo", "memory.stat", "memory.numa_stat"}:
        for k in (*VALUES, "missing", "dir", "empty"):
            assert f"{f}:{k}" in CATALOGUE["v1"]


def _lines(b: bytes | None) -> list[str]:
    return [] if b is None else b.decode().replace("\r\n", "\n").split("\n")


@pytest.mark.parametrize("view", ["v1", "v2"])
def test_each_mutation_changes_exactly_what_it_says(view: str) -> None:
    base = _base(view)
    for entry in CATALOGUE[view]:
        file, kind = entry.split(":", 1)
        path = path_of(view, file)
        t, name = apply(base, view, entry, seed=7)
        assert name.startswith(entry)
        # nothing but the named file changed
        others = {p: d for p, d in t.files.items() if p != path}
        assert others == {p: d for p, d in base.files.items() if p != path}, name
        assert t.empty_dirs == (frozenset({path}) if kind == "dir" else frozenset()), name
        before, after = base.files.get(path), t.files.get(path)
        assert before != after or kind in ("present", "dir"), name
        key = name.split(":", 2)[2] if name.count(":") == 2 else None
        if before is None and key is not None:  # created: compare with what it was made from
            made = hostile._synthesized(hostile._BY_FILE[view][file], key, base)
            old, new = _lines(made.encode()), _lines(after)
        else:
            old, new = _lines(before), _lines(after)
        if kind in ("missing", "dir"):
            assert path not in t.files
        elif kind == "empty":
            assert after == b""
        elif kind == "present":
            assert before is None and after
        elif kind in VALUES and key is None:  # a single-value file
            assert after is not None
            got = after.decode().strip()
            if before is not None:
                assert got == VALUES[kind].format(v=int(before.decode())), name
            else:  # created from a plausible value
                assert got.startswith(VALUES[kind].split("{")[0]), name
        elif kind in VALUES:
            changed = [x for x in new if x not in old]
            assert len(changed) == 1, name
            want = VALUES[kind]
            if "{v}" in want or "{v:x}" in want:
                want = want.split("{")[0]
            assert changed[0].startswith(key) or changed[0].startswith(f"{key}:"), name
            assert want in changed[0], name
        elif kind == "blank-line":
            if key is None:
                assert after is not None and after.startswith(b"\n")
            else:
                assert new.count("") == old.count("") + 1
        elif kind == "duplicate":
            assert sum(_key_of(x, file) == key for x in new) == 2, name
        elif kind == "truncated":
            assert after is not None and not after.endswith(b"\n")
            assert key is not None and key.startswith(new[-1]) and len(new[-1]) < len(key)
        elif kind == "missing-key":
            assert key not in {_key_of(x, file) for x in new}
        elif kind == "crlf":
            assert after is not None and after.count(b"\r\n") == after.count(b"\n")
        elif kind == "long-line":
            assert max(map(len, new)) >= 70000
        elif kind == "trailing-space":
            assert after is not None and (b" \n" in after)
        elif kind == "tab":
            assert after is not None and b"\t" in after and b"\t" not in before
        elif kind == "no-newline":
            assert before is not None and after == before.rstrip(b"\n")
        elif kind == "no-unit":
            line = next(x for x in new if _key_of(x, file) == key)
            assert not line.endswith("kB")
        elif kind == "bad-node":
            assert any(" X0=" in x for x in new)
        elif kind == "node-256":
            assert any(" N256=" in x for x in new)
        elif kind == "no-equals":
            assert any(x.endswith(" N1") for x in new)
        elif kind == "unknown-field":
            assert new[0] == "numa_locality 0 0 0"
        elif kind == "bad-avg":
            assert any("avg10=x" in x for x in new)
        elif kind == "missing-full":
            assert not any(x.startswith("full ") for x in new)
        else:
            raise AssertionError(f"untested kind {kind}")


def _key_of(line: str, file: str) -> str:
    if file == "meminfo":
        return line.split(":", 1)[0]
    if file == "memory.numa_stat":
        return line.split("=", 1)[0]
    return line.split(" ", 1)[0]


def test_absent_files_are_created_only_by_creating_kinds() -> None:
    p = get_profile("5.4")  # no v2 root memory.stat, no memsw (swapaccount off)
    assert p.swap_accounting is False and p.v2_root_stat is False
    for view, entry in (
        ("v2", "memory.stat:2^64"),
        ("v1", "memory.memsw.usage_in_bytes:max"),
        ("v2", "memory.current:negative"),
    ):
        assert hostile.applies(entry, view, p)
    for view, entry in (
        ("v2", "memory.stat:missing"),
        ("v2", "memory.stat:duplicate"),
        ("v1", "memory.memsw.failcnt:missing"),
        ("v1", "memory.memsw.failcnt:trailing-space"),
    ):
        assert not hostile.applies(entry, view, p)
    w = build("mixed", 5)
    w = type(w)(p, w.mode, w.node, w.root, seed=w.seed)
    t = render(w, "v2", scope="node")
    got, name = apply(t, "v2", "memory.stat:2^64", 5)
    assert name == "memory.stat:2^64:anon"
    assert got.files["/sys/fs/cgroup/memory.stat"] == b"anon 18446744073709551616\n"
    got, _ = apply(t, "v2", "memory.current:present", 5)
    assert got.files["/sys/fs/cgroup/memory.current"] == b"0\n"


def test_mutations_are_a_function_of_seed_and_view() -> None:
    for ref in plan(80, 2, scenarios=[HOSTILE]):
        w = states.ground_truth(ref)
        assert w is not None and ref.view is not None
        assert ref.mutations == choose(ref.seed, ref.view, w.profile)
        assert all(hostile.applies(m, ref.view, w.profile) for m in ref.mutations)
        files = [m.split(":", 1)[0] for m in ref.mutations]
        assert len(set(files)) == len(files)
        # the tree is its base plus exactly the mutated files
        t = states.tree(ref)
        base = render(w, ref.view, scope="node")  # type: ignore[arg-type]
        changed = {p for p in set(t.files) | set(base.files) if t.files.get(p) != base.files.get(p)}
        changed |= t.empty_dirs
        assert changed <= {path_of(ref.view, f) for f in files}
        assert states.mutations(ref) and len(states.mutations(ref)) == len(ref.mutations)
    counts = [len(r.mutations) for r in plan(300, 2, scenarios=[HOSTILE])]
    assert set(counts) == {1, 2} and 0.2 < counts.count(2) / len(counts) < 0.5


def test_a_plan_walks_the_whole_catalogue() -> None:
    n1 = len(CATALOGUE["v1"])
    refs = plan(2 * 3 * n1, 5, scenarios=[HOSTILE])
    for view in ("v1", "v2"):
        seen = {r.mutations[0] for r in refs if r.view == view}
        assert seen == set(CATALOGUE[view]), set(CATALOGUE[view]) - seen
    # and the hostile states start from every base family (HOSTILE_BASES: saved ones replay)
    assert {states.hostile_base(r.seed) for r in refs} == set(HOSTILE_BASES)


@pytest.mark.parametrize("view", ["v1", "v2"])
def test_every_mutation_runs_through_the_pipeline(view: str) -> None:
    """A hostile state yields a port's upstream error, the stop upstream would make (a
    StackFailed: cAdvisor's machine.Info refusing /proc/meminfo stops the kubelet) or a
    result, never another exception."""
    base = _base(view)
    stack = stacks.parse("k8s-latest" if view == "v2" else "k8s-1.28.3")
    errors = 0
    for entry in CATALOGUE[view]:
        t, _ = apply(base, view, entry, seed=3)
        with host.use(host.FakeHost(t.mounts, files=t.files, dirs=t.empty_dirs)):
            try:
                res = pipeline.run(stack)
            except pipeline.StackFailed as f:
                assert f.cls in ("fatal", "go-panic"), entry
                errors += 1
                continue
        errors += res.runc_error is not None
    assert errors > len(CATALOGUE[view]) // 4  # the mutations reach the parsers
