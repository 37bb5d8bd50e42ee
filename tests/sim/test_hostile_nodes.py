"""Issue 16, past the loader: captures that load but on which a stack stops (as the Go does)
or whose values JSON cannot hold. explain, inspect and runc answer with one line or valid
JSON, never a traceback; and a property test over mutated captures holds them to that."""

from __future__ import annotations

import contextlib
import io
import json
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fake_sysfs import Tree, load_capture, write_capture
from sim import cli

V1 = load_capture("builtin:v1-kernel6.18/0-idle")
V2 = load_capture("builtin:v2-kernel6.18/0-idle")
PSI = "/sys/fs/cgroup/memory.pressure"


def _strict(text: str):
    """json.loads that refuses NaN, Infinity and -Infinity (not JSON)."""

    def bad(token: str):
        raise ValueError(f"{token} is not JSON")

    return json.loads(text, parse_constant=bad)


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = cli.main(argv)
        except SystemExit as e:
            rc = int(e.code or 0)
    return rc, out.getvalue(), err.getvalue()


def _cap(tmp_path: Path, tree: Tree, name: str = "c") -> str:
    return str(write_capture(tree, tmp_path / name))


def _only(tree: Tree, keep: tuple[str, ...]) -> Tree:
    files = {k: v for k, v in tree.files.items() if k.startswith(keep)}
    return Tree(files, tree.fstype, {}, tree.uname, tree.kernel)


def test_a_capture_without_sys_is_a_go_panic_in_one_line(tmp_path: Path) -> None:
    """No sys/: runc 1.1's IsCgroup2UnifiedMode panics (the GoPanic matches Go; the
    traceback from sim/pipeline.py was the bug)."""
    c = _cap(tmp_path, _only(V2, ("/proc/",)))
    for argv in (
        ["explain", "--stack", "k8s-1.28.3", "--capture", c],
        ["explain", "--stack", "k8s-1.28.3", "--json", "--capture", c],
    ):
        rc, out, err = run(argv)
        assert (rc, out) == (1, "")
        assert err == (
            "memsim explain: k8s-1.28.3 panics on this node, as its Go code would: panic: "
            "cannot statfs cgroup root: no such file or directory (in runc: "
            "UtilsGo.is_cgroup2_unified_mode, opencontainers/runc@v1.1.7 "
            "libcontainer/cgroups/utils.go:34-50)\n"
        )
    rc, out, err = run(["inspect", "--json", "--capture", c])
    assert rc == 0 and err == ""
    rows = {r["stack"]: r for r in _strict(out)["rows"]}
    assert (
        rows["k8s-1.28.3"]["error"] == "panic: cannot statfs cgroup root: no such file or directory"
    )
    assert rows["k8s-1.28.3"]["working_set_bytes"] is None


def test_a_tmpfs_capture_without_controller_mounts_stops_the_kubelet(tmp_path: Path) -> None:
    """cAdvisor cannot create the root container's handler: a RuntimeError traceback before;
    upstream the kubelet logs "Failed to start cAdvisor" and exits."""
    c = _cap(tmp_path, _only(V1, ("/proc/",)).with_file("/sys/kernel/mm/x", b"1\n"))
    # k8s-1.34.0: from 1.35 the kubelet refuses the (tmpfs, so cgroup v1) node before cAdvisor
    rc, out, err = run(["explain", "--stack", "k8s-1.34.0", "--capture", c])
    assert (rc, out) == (1, "")
    assert err == (
        'memsim explain: k8s-1.34.0 fails on this node, as upstream would: "Failed to start '
        "cAdvisor\": the root container's handler: failed to find cgroup mounts; the kubelet "
        "exits (in cadvisor: manager.Start, kubernetes/kubernetes pkg/kubelet/kubelet.go "
        "initializeRuntimeDependentModules)\n"
    )
    rc, out, _ = run(["inspect", "--json", "--capture", c])
    rows = {r["stack"]: r for r in _strict(out)["rows"]}
    assert rows["k8s-1.34.0"]["error"] == (
        '"Failed to start cAdvisor": the root container\'s handler: failed to find cgroup '
        "mounts; the kubelet exits"
    )
    assert "to not run on a host using cgroup v1" in rows["k8s-latest"]["error"]


def test_an_empty_line_in_the_root_memory_pressure_is_runc_1_2s_panic(tmp_path: Path) -> None:
    psi = b"some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
    c = _cap(tmp_path, V2.with_file(PSI, psi))
    rc, out, err = run(["explain", "--stack", "k8s-latest", "--capture", c])
    assert (rc, out) == (1, "")
    assert err.startswith("memsim explain: k8s-latest panics on this node, as its Go code")
    assert (
        "panic: runtime error: index out of range [0] with length 0 (in runc: PsiGo.stat_psi" in err
    )
    rc, out, err = run(["runc", "--version", "1.2.0", "--manager", "--json", "--root", c])
    assert rc == 1 and err == ""
    assert (
        _strict(out)["harness_error"]
        == "panic: runtime error: index out of range [0] with length 0"
    )


@pytest.mark.parametrize(
    ("token", "go"), [("nan", "NaN"), ("inf", "+Inf"), ("-Infinity", "-Inf"), ("+INF", "+Inf")]
)
def test_a_non_finite_psi_average_never_gives_invalid_json(
    tmp_path: Path, token: str, go: str
) -> None:
    """PSI avg10=nan|inf|-Infinity: explain --json printed NaN/Infinity tokens, runc --manager
    --json printed `"stats":,` (where Go's json.Marshal fails), and plain runc crashed."""
    psi = f"some avg10={token} avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
    c = _cap(tmp_path, V2.with_file(PSI, psi.encode()))
    rc, out, err = run(["explain", "--stack", "k8s-latest", "--json", "--capture", c])
    assert rc == 0 and err == ""
    doc = _strict(out)
    assert doc["runc"] is None
    assert doc["runc_json_error"] == f"json: unsupported value: {go}"
    assert doc["cadvisor"]["memory"]["PSI"]["Some"]["Avg10"] == go  # the float, as a string
    # the manager's GetStats reads memory.pressure (runc 1.2): the harness's json.Marshal
    # of its stats fails, and the harness reports the panic it turns that into
    rc, out, err = run(["runc", "--version", "1.2.0", "--manager", "--json", "--root", c])
    assert rc == 1 and err == ""
    line = _strict(out)
    assert line["stats"] is None and line["error"] is None
    assert line["harness_error"] == f"panic: json: unsupported value: {go}"
    rc, out, err = run(["runc", "--version", "1.2.0", "--manager", "--root", c])
    assert rc == 1 and f"could not run: panic: json: unsupported value: {go}" in out
    # statMemory alone reads no PSI, nor does runc 1.1: an ordinary node there
    for argv in (["1.2.0"], ["1.1.9", "--manager"]):
        rc, out, _ = run(["runc", "--version", *argv, "--json", "--root", c])
        assert rc == 0 and _strict(out)["stats"] is not None


# ---------------------------------------------------------------- the property


HOSTILE_VALUES = [
    b"",
    b"\n",
    b"\n\n",
    b"nan\n",
    b"-1\n",
    b"18446744073709551616\n",
    b"max\n",
    b"\x00\xff\xfe",
    b"some avg10=nan avg60=inf avg300=-inf total=1\nfull avg10=1e309 avg60=0 avg300=0 total=x\n",
    b"some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n\n",
    b"anon 1\nfile\ninactive_file -5\n",
    b"MemTotal: 1e3 kB\nMemFree:\n",
    b"MemTotal: 99999999999999999999999 kB\nMemFree: 1 kB\n",
    b"a" * 5000,
]


@st.composite
def mutated(draw: st.DrawFn) -> Tree:
    t = draw(st.sampled_from([V1, V2]))
    paths = sorted(t.files)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["value", "value", "drop", "dir", "prune"]))
        if op == "value":
            t = t.with_file(draw(st.sampled_from(paths)), draw(st.sampled_from(HOSTILE_VALUES)))
        elif op == "drop" and len(t.files) > 1:
            victim = draw(st.sampled_from(sorted(t.files)))
            if victim != "/proc/meminfo":
                t = t.without(victim)
        elif op == "dir":
            victim = draw(st.sampled_from(sorted(t.files)))
            if victim != "/proc/meminfo":
                t = t.with_dir(victim)
        elif op == "prune":
            for top in draw(
                st.sampled_from(
                    [("/sys",), ("/sys/fs/cgroup/memory",), ("/sys/fs/cgroup/unified",)]
                )
            ):
                with contextlib.suppress(KeyError):
                    t = t.without(top)
    return t


COMMANDS = [
    ["explain", "--stack", "k8s-1.28.3", "--json", "--capture"],
    ["explain", "--stack", "k8s-latest", "--json", "--capture"],
    ["explain", "--stack", "k8s-1.29.0", "--capture"],
    ["inspect", "--json", "--capture"],
    ["runc", "--version", "1.2.0", "--manager", "--json", "--root"],
    ["runc", "--version", "cgroups-0.1.0", "--json", "--root"],
]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(tree=mutated())
def test_no_capture_gives_a_traceback_or_invalid_json(tmp_path_factory, tree: Tree) -> None:
    """Whatever a capture holds, each command exits 0 or 1; its JSON is JSON (no NaN tokens);
    what it says on stderr is one line; no traceback, no exit 4 (a memsim bug)."""
    c = _cap(tmp_path_factory.mktemp("m"), tree)
    for argv in COMMANDS:
        rc, out, err = run([*argv, c])
        assert "Traceback" not in err and rc in (0, 1), (argv, rc, err)
        if err:
            assert len(err.strip().splitlines()) == 1, err
        if "--json" in argv and out:
            doc = _strict(out)
            assert not any(isinstance(v, float) and not math.isfinite(v) for v in _leaves(doc))


def _leaves(d):
    if isinstance(d, dict):
        for v in d.values():
            yield from _leaves(v)
    elif isinstance(d, list):
        for v in d:
            yield from _leaves(v)
    else:
        yield d


def test_diff_jsonl_of_non_finite_psi_is_json_and_replays_unchanged(tmp_path: Path) -> None:
    """The canonical layers held float nan: --jsonl wrote NaN tokens, and nan != nan made a
    run differ from itself. Now the layers hold Go's spelling, a string."""
    rest = "avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
    caps = [
        _cap(tmp_path, V2.with_file(PSI, f"some avg10={tok} {rest}".encode()), tok)
        for tok in ("nan", "-inf")
    ]
    jl = tmp_path / "run.jsonl"
    corpus = [x for c in caps for x in ("--corpus", c)]
    argv = ["diff", "--before", "k8s-latest", "--after", "k8s-latest", "--states", "0", *corpus]
    rc, out, _ = run([*argv, "--jsonl", str(jl), "--json", "-", "--no-progress"])
    assert rc == 0 and _strict(out)["states_changed"] == 0
    lines = [_strict(x) for x in jl.read_text().splitlines()]
    assert [r["after"]["cadvisor"]["memory"]["PSI"]["Some"]["Avg10"] for r in lines[1:]] == [
        "NaN",
        "-Inf",
    ]
    rc, out, _ = run(
        ["diff", "--before", str(jl), "--after", "k8s-latest", "--json", "-", "--no-progress"]
    )
    assert rc == 0 and _strict(out)["states_changed"] == 0


def test_diff_counts_a_stopped_stack_as_upstream_behaviour_not_a_memsim_bug(tmp_path: Path) -> None:
    """In a diff, the cAdvisor handler failure was a memsim-bug (a RuntimeError); it is the
    kubelet exiting, counted by class and component, and a Go panic stays runc's go-panic."""
    nomounts = _cap(tmp_path, _only(V1, ("/proc/",)).with_file("/sys/kernel/mm/x", b"1\n"), "a")
    nosys = _cap(tmp_path, _only(V2, ("/proc/",)), "b")
    rc, out, _ = run(
        ["diff", "--before", "k8s-1.28.3", "--after", "k8s-1.34.0", "--states", "0",
         "--corpus", nomounts, "--corpus", nosys, "--json", "-", "--no-progress"]
    )  # fmt: skip
    s = _strict(out)
    assert rc == 0 and s["memsim_bug_count"] == 0
    assert s["errors"]["before"] == {"runc:go-panic": 2}
    assert s["errors"]["after"] == {"cadvisor:fatal": 2}
