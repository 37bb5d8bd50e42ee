"""`memsim explain` says what the ports did, never what a second reading would guess:

- "values used" are the values the ported parsers took (sim.watch), checked case by case
  against the ported function itself on the same bytes;
- formulas are stated at the functions that compute them (ports.provenance.formula), so a
  patch that overrides a function replaces its formula, or explain says it cannot know it;
- the output reads at 80 columns, the kubectl CPU is said to be synthetic, and every stack's
  borrowed versions and older citations are explained.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import textwrap
from pathlib import Path

import pytest

import fake_sysfs
from ports import provenance, registry
from ports.cadvisor.v0_47_3.machine import Machine, memoryCapacityRegexp
from ports.go import host
from sim import pipeline, stacks
from sim.cli import main
from sim.commands import explain as cmd
from sim.watch import Failed

MEMINFO = b"MemTotal:       16374584 kB\nMemFree:         9505980 kB\nSwapTotal:             0 kB\nSwapFree:              0 kB\n"
V1_ROOT = {
    "memory.stat": b"total_cache 5622517760\ntotal_rss 733749248\ntotal_inactive_file 4648124416\n",
    "memory.usage_in_bytes": b"6236864512\n",
    "memory.max_usage_in_bytes": b"6236864512\n",
    "memory.failcnt": b"0\n",
    "memory.limit_in_bytes": b"9223372036854771712\n",
    "memory.use_hierarchy": b"1\n",
}
V2_STAT = b"anon 733749248\nfile 5622517760\ninactive_file 4718592000\n"


def v2_tree(meminfo: bytes = MEMINFO, stat: bytes = V2_STAT) -> fake_sysfs.Tree:
    return fake_sysfs.Tree(
        {"/proc/meminfo": meminfo, "/sys/fs/cgroup/memory.stat": stat},
        fstype="cgroup2fs",
        mounts={"/sys/fs/cgroup": "cgroup2fs"},
        uname="",
        kernel="",
    )


def v1_tree(**files: bytes) -> fake_sysfs.Tree:
    root = {**V1_ROOT, **{k.replace("__", "."): v for k, v in files.items()}}
    return fake_sysfs.Tree(
        {"/proc/meminfo": MEMINFO, **{"/sys/fs/cgroup/memory/" + k: v for k, v in root.items()}},
        fstype="tmpfs",
        mounts={"/sys/fs/cgroup": "tmpfs", "/sys/fs/cgroup/memory": "cgroup"},
        uname="",
        kernel="",
    )


def reads(res: pipeline.Result, layer: str, name: str) -> list[pipeline.Read]:
    return [r for r in res.reads or () if r.layer == layer and r.path.endswith("/" + name)]


def on_one_file(path: str, data: bytes):
    return host.use(host.FakeHost({"/sys/fs/cgroup": "cgroup2fs"}, files={path: data}))


# ---------------------------------------------------------------- values the ports took

# (meminfo MemTotal line, what a plain int() re-parse would have shown)
MEMTOTAL_LINES = {
    "KB": (b"MemTotal:       1000 KB", 1000),
    "space-before-colon": (b"MemTotal :      1000 kB", 1000),
    "plus": (b"MemTotal:      +1000 kB", 1000),
    "underscore": (b"MemTotal:      1_000 kB", 1000),
    "arabic-indic": ("MemTotal:      \u0661\u0660\u0660\u0660 kB".encode(), 1000),
    "2^64": (b"MemTotal:       18446744073709551616 kB", 1 << 64),
    "duplicate": (b"MemTotal:       1000 kB\nMemTotal:       2000 kB", 2000),
}


def _meminfo(line: bytes) -> bytes:
    return line + b"\n" + b"\n".join(MEMINFO.splitlines()[1:]) + b"\n"


@pytest.mark.parametrize("case", sorted(MEMTOTAL_LINES))
def test_cadvisor_memtotal_is_what_parsecapacity_took(case):
    line, naive = MEMTOTAL_LINES[case]
    data = _meminfo(line)
    capacity, err = Machine(None).parseCapacity(data, memoryCapacityRegexp)
    if err is not None:
        # machine.Info (in cAdvisor's manager.New) fails on it before any handler: the
        # kubelet exits with its error, whatever a re-parse would have shown
        with pytest.raises(pipeline.StackFailed) as ei:
            cmd.explain(stacks.parse("k8s-1.28.3"), v2_tree(data))
        f = ei.value
        assert (f.cls, f.component) == ("fatal", "cadvisor")
        assert f.message == f"failed to run Kubelet: {err.Error()}"
        assert f.function == "machine.Info (in manager.New)"
        return
    res, _ = cmd.explain(stacks.parse("k8s-1.28.3"), v2_tree(data))
    first = reads(res, "cadvisor", "meminfo")[0]
    shown = pipeline.file_values(first)["MemTotal"]
    assert (shown * 1024) % (1 << 64) == capacity == res.cadvisor_spec.Memory.Limit
    if case == "duplicate":
        assert shown == 1000  # the regexp takes the first line; a re-parse kept the last
    assert shown != naive or case == "KB-never"


@pytest.mark.parametrize("case", sorted(MEMTOTAL_LINES))
def test_runc_meminfo_values_are_what_statsfrommeminfo_took(case):
    """runc v1.1.7 on a v2 root: (MemTotal - MemFree) x 1024 of the map its loop filled."""
    line, naive = MEMTOTAL_LINES[case]
    data = _meminfo(line)
    R = registry.get("runc@v1.1.7")()
    with on_one_file("/proc/meminfo", data):
        st = R.cgroups.new_stats()
        err = R.fs2.stats_from_meminfo(st)
    try:
        res, steps = cmd.explain(stacks.parse("k8s-1.28.3"), v2_tree(data))
    except pipeline.StackFailed as f:
        # a MemTotal cAdvisor's machine.Info cannot take: the kubelet exits before runc's
        # stats are asked for (test above); what runc's own loop takes from the file is still
        # what the watch records on it
        assert f.function == "machine.Info (in manager.New)"
        from sim.watch import Watch

        got = [pipeline.Read("runc", "/proc/meminfo", data, None)]
        with on_one_file("/proc/meminfo", data), Watch(got):
            st2 = R.cgroups.new_stats()
            R.fs2.stats_from_meminfo(st2)
        shown = pipeline.file_values(got[0])
        if err is None:
            want = ((shown["MemTotal"] - shown["MemFree"]) * 1024) % (1 << 64)
            assert want == st.memory_stats.usage.usage == st2.memory_stats.usage.usage
        else:
            assert shown["error"] == err.Error()
        if case == "space-before-colon":
            assert shown["MemTotal"] == 0
        assert shown.get("MemTotal") != naive
        return
    (r,) = reads(res, "runc", "meminfo")
    shown = pipeline.file_values(r)
    if err is not None:
        assert shown["error"] == err.Error()
        assert res.runc_error is not None
    else:
        want = ((shown["MemTotal"] - shown["MemFree"]) * 1024) % (1 << 64)
        assert want == st.memory_stats.usage.usage == res.runc_memory_stats.usage.usage
        usage = next(s for s in steps if s.name == "Usage.Usage")
        assert f"({shown['MemTotal']} - {shown['MemFree']}) x 1024" in usage.formula
        assert "but the port gave" not in usage.formula
    if case == "space-before-colon":
        assert shown["MemTotal"] == 0  # "MemTotal " is not a key runc looks for
    if case == "duplicate":
        assert shown["MemTotal"] == 2000  # the loop overwrites
    assert shown.get("MemTotal") != naive or case == "duplicate"


# (usage_in_bytes content, what a plain int() re-parse would have shown)
ONE_VALUE = {
    "negative": (b"-4096\n", -4096),
    "2^64": (b"18446744073709551616\n", 1 << 64),
    "plus": (b"+4096\n", 4096),
    "underscore": (b"4_096\n", 4096),
    "arabic-indic": ("\u0664\u0660\u0669\u0666\n".encode(), 4096),
}


@pytest.mark.parametrize("case", sorted(ONE_VALUE))
def test_v1_usage_in_bytes_is_what_getcgroupparamuint_took(case):
    data, naive = ONE_VALUE[case]
    res, steps = cmd.explain(stacks.parse("k8s-1.28.3"), v1_tree(memory__usage_in_bytes=data))
    (r,) = reads(res, "runc", "memory.usage_in_bytes")
    shown = pipeline.file_values(r)["memory.usage_in_bytes"]
    R = registry.get("runc@v1.1.7")()
    with on_one_file("/sys/fs/cgroup/memory/memory.usage_in_bytes", data):
        value, err = R.fscommon.get_cgroup_param_uint(
            "/sys/fs/cgroup/memory", "memory.usage_in_bytes"
        )
    if err is not None:
        assert shown == Failed(err.Error()) and res.runc_error is not None
    else:
        assert shown == value == res.runc_memory_stats.usage.usage
        usage = next(s for s in steps if s.name == "Usage.Usage")
        assert f"memory.usage_in_bytes = {value} " in usage.formula
    if case == "negative":
        assert shown == 0  # runc's ParseUint makes a negative count 0
    assert shown != naive


# (memory.stat inactive_file line of a v2 root, what a re-parse would have shown)
STAT_LINES = {
    "negative": (b"inactive_file -4096", -4096),
    "plus": (b"inactive_file +4096", 4096),
    "2^64": (b"inactive_file 18446744073709551616", 1 << 64),
    "duplicate": (b"inactive_file 4096\ninactive_file 8192", 4096),
    "arabic-indic": ("inactive_file \u0664\u0660\u0669\u0666".encode(), 4096),
}


@pytest.mark.parametrize("case", sorted(STAT_LINES))
def test_memory_stat_values_are_what_parsekeyvalue_took(case):
    line, naive = STAT_LINES[case]
    stat = b"anon 733749248\nfile 5622517760\n" + line + b"\n"
    res, _ = cmd.explain(stacks.parse("k8s-1.28.3"), v2_tree(stat=stat))
    (r,) = reads(res, "runc", "memory.stat")
    shown = pipeline.file_values(r)
    R = registry.get("runc@v1.1.7")()
    took: dict = {}
    for ln in stat.decode("utf-8", "replace").splitlines():  # stat_memory's own loop
        k, v, err = R.fscommon.parse_key_value(ln)
        if err is not None:
            took["error"] = err.Error()
            break
        took[k] = v
    assert shown == took
    if "error" not in took:
        assert shown["inactive_file"] == res.runc_memory_stats.stats["inactive_file"]
    assert shown.get("inactive_file") != naive


def test_a_value_not_taken_is_shown_as_such():
    # (a MemTotal cAdvisor cannot take stops the kubelet in machine.Info: tested above; a
    # SwapFree in "KB" is read by runc only, and refused there)
    data = MEMINFO.replace(b"SwapFree:              0 kB", b"SwapFree:              0 KB")
    assert data != MEMINFO
    res, steps = cmd.explain(stacks.parse("k8s-1.28.3"), v2_tree(data))
    out = io.StringIO()
    from rich.console import Console

    cmd.render(res, steps, v2_tree(), Console(file=out, width=200))
    text = out.getvalue()
    assert "error: unable to parse /proc/meminfo: bad value for SwapFree" in text
    assert res.runc_error == (
        "error while statting cgroup v2: [unable to parse /proc/meminfo: bad value for SwapFree]"
    )


# ---------------------------------------------------------------- formulas and patches


def test_every_preset_states_every_formula_and_inherits_nothing_unsaid():
    """No step of a preset lacks its formula, or cites a tag that is neither its component's
    own nor marked as inherited (with the component's note when the port is not the tag)."""
    for s in stacks.PRESETS.values():
        for tree in (v1_tree(), v2_tree()):
            try:
                _, steps = cmd.explain(s, tree)
            except pipeline.KubeletRefusesToStart:  # 1.35+ on the v1 tree: no steps at all
                assert tree.fstype != "cgroup2fs", s.name
                continue
            for st in steps:
                assert st.formula and "no formula is stated" not in st.formula, (s.name, st)
                assert "?" not in re.sub(r"\(.*?\)", "", st.formula), (s.name, st)
                assert not st.patched
                repo_tag = st.upstream.split(" ", 1)[0]
                comp = {c.registry: c for c in s.components()}
                own = {f"{c.repo}@{x}" for c in s.components() for x in (c.tag, c.commit)}
                if repo_tag not in own:
                    assert st.inherited_by in comp, (s.name, st)


PATCH_HEAD = """\
from ports.cadvisor import v0_47_3
from ports.cadvisor.v0_47_3.container.libcontainer import Libcontainer
from ports.provenance import formula
from sim.patch import Patch
"""


def _write_patch(tmp_path: Path, name: str, body: str) -> Path:
    p = tmp_path / f"{name}.py"
    p.write_text(
        PATCH_HEAD
        + textwrap.dedent(body)
        + textwrap.dedent("""
        class CAdvisor(v0_47_3.CAdvisor):
            Libcontainer = Lc

        PATCH = Patch(stack="k8s-1.28.3", component="cadvisor", version=CAdvisor)
        """)
    )
    return p


def _steps(capsys, stack: str) -> dict:
    assert main(["explain", "--stack", stack, "--capture", "builtin:v1-kernel6.18/2-exited",
                 "--json"]) == 0  # fmt: skip
    d = json.loads(capsys.readouterr().out)
    return {s["name"]: s for s in d["steps"]} | {"": d}


def test_a_cadvisor_patch_does_not_print_the_stock_working_set_formula(tmp_path, capsys):
    p = _write_patch(tmp_path, "ws_is_usage", """
        class Lc(Libcontainer):
            def setMemoryStats(self, s, ret):
                super().setMemoryStats(s, ret)
                ret.Memory.WorkingSet = ret.Memory.Usage  # no inactive_file subtracted
        """)  # fmt: skip
    steps = _steps(capsys, str(p))
    ws = steps["Memory.WorkingSet"]
    assert ws["value"] == steps["Memory.Usage"]["value"]
    assert "Usage - total_inactive_file" not in ws["formula"]
    assert ws["formula"] == ""
    assert "ws_is_usage.py overrides Lc.setMemoryStats" in ws["patched"]
    assert "cannot know the patched formula" in ws["patched"]
    assert steps[""]["stack"]["patched"] == [
        {"component": "cadvisor", "file": ws["patched"].split(" ")[0], "overrides": "Lc.setMemoryStats"}
    ]  # fmt: skip
    # the unpatched layers keep their formulas
    assert steps["Spec.Memory.Limit"]["formula"].startswith("/proc/meminfo MemTotal x 1024")
    assert steps["Usage.Usage"]["patched"] is None


def test_a_patch_can_state_its_formula(tmp_path, capsys):
    p = _write_patch(tmp_path, "ws_stated", """
        class Lc(Libcontainer):
            @formula("Memory.WorkingSet", "the whole Usage = {Usage}")
            def setMemoryStats(self, s, ret):
                super().setMemoryStats(s, ret)
                ret.Memory.WorkingSet = ret.Memory.Usage
        """)  # fmt: skip
    ws = _steps(capsys, str(p))["Memory.WorkingSet"]
    assert ws["formula"] == f"the whole Usage = {ws['value']}"
    assert "states this formula" in ws["patched"]


def test_patched_code_inside_a_stock_function_is_said(tmp_path, capsys):
    p = _write_patch(tmp_path, "hook", """
        class Lc(Libcontainer):
            def setMemoryStatsInactive(self, v, mem):
                mem.Usage = mem.Usage + v  # the stock formula no longer holds
        """)  # fmt: skip
    ws = _steps(capsys, str(p))["Memory.WorkingSet"]
    assert ws["formula"].startswith("Usage - total_inactive_file")
    assert "calls the patch's Lc.setMemoryStatsInactive" in ws["patched"]


def test_the_runc_pr3933_patch_says_what_it_overrides(capsys):
    steps = _steps(capsys, "docs/patches/runc_pr3933.py")
    assert steps[""]["stack"]["patched"][0]["overrides"] == "Fs2.stats_from_meminfo"


def test_formula_of_follows_the_mro():
    class A:
        @provenance.formula("x", "a")
        def f(self) -> None: ...

    class Keeps(A):
        @provenance.keeps_formulas
        def f(self) -> None: ...

    class Own(A):
        @provenance.formula("x", "own")
        def f(self) -> None: ...

    class Silent(A):
        def f(self) -> None: ...

    class NoOverride(A):
        pass

    assert provenance.formula_of(Keeps, "f", "x").text == "a"
    assert provenance.formula_of(Keeps, "f", "x").function is Keeps.__dict__["f"]
    assert provenance.formula_of(Own, "f", "x").text == "own"
    assert provenance.formula_of(Silent, "f", "x").text is None
    assert provenance.formula_of(NoOverride, "f", "x").text == "a"
    assert provenance.formula_of(A, "f", "y").text is None
    assert provenance.formula_of(A, "g", "x").function is None


# ---------------------------------------------------------------- inspect takes patches


def test_inspect_takes_a_patch_file(capsys):
    args = ["inspect", "--capture", "builtin:v2-kernel6.18/2-exited", "--json"]
    assert main([*args, "--stack", "docs/patches/runc_pr3933.py", "--stack",
                 "k8s-1.28.3,runc=1.1.9", "--stack", "k8s-1.28.3"]) == 0  # fmt: skip
    rows = json.loads(capsys.readouterr().out)["rows"]
    patched, fixed, old = rows
    assert patched["stack"] == "k8s-1.28.3+runc_pr3933"
    assert patched["runc"].startswith("patch:runc_pr3933")
    assert patched["working_set_bytes"] == fixed["working_set_bytes"] != old["working_set_bytes"]


@pytest.mark.parametrize(
    "stack, msg",
    [
        ("k8s-1.28.3@v2", "own cgroup view"),
        ("nope.py", "no such patch file"),
        ("k8s-1.27", "unknown stack"),
    ],
)
def test_inspect_bad_stack(stack, msg, capsys):
    rc = main(["inspect", "--capture", "builtin:v2-kernel6.18/2-exited", "--stack", stack])
    assert rc == 2
    err = capsys.readouterr().err
    assert msg in err and err.count("\n") == 1


# ---------------------------------------------------------------- 80 columns, CPU


def test_explain_of_a_v1_node_reads_at_80_columns(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["explain", "--stack", "k8s-1.28.3", "--capture",
                 "builtin:v1-kernel6.18/2-exited"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert max(len(ln) for ln in lines) <= 80
    # it was ~250, one value folded over ~20 lines; ~130 before the eviction steps (~16 lines)
    assert len(lines) < 150
    # every value of every file stands whole on one line
    res, _ = cmd.explain(stacks.parse("k8s-1.28.3"), fake_sysfs.load_capture(
        "builtin:v1-kernel6.18/2-exited"))  # fmt: skip
    for r in res.reads or ():
        for k, v in pipeline.file_values(r).items():
            name = r.path.rsplit("/", 1)[-1]
            want = f"{name} = {v}" if k == name else f"{k}={v}"
            assert any(want in ln for ln in lines), want
    # and the trailing padding is kubectl's own tabwriter's, nowhere else
    table = lines[lines.index("kubectl top node") + 1 :][:2]
    assert [ln for ln in lines if ln != ln.rstrip()] == [ln for ln in table if ln != ln.rstrip()]


def test_the_kubectl_cpu_is_said_to_be_synthetic(capsys):
    steps = _steps(capsys, "k8s-1.28.3")
    cpu = steps["CPU(cores)"]
    assert cpu["value"] == "67m" and "synthetic" in cpu["formula"]
    assert "SyntheticCPU" in cpu["formula"]
    assert "synthetic" in steps[""]["kubectl"]["cpu_note"]
    assert main(["explain", "--stack", "k8s-1.28.3", "--capture",
                 "builtin:v1-kernel6.18/2-exited"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    table_at = out.index("kubectl top node\nNAME")
    assert "CPU(cores) and CPU% are synthetic" in out[table_at:]


# ---------------------------------------------------------------- provenance


@pytest.mark.parametrize("name", sorted(stacks.PRESETS))
def test_every_borrowed_component_is_explained(name):
    s = stacks.PRESETS[name]
    why = dict(stacks.provenance(s))
    for kind in stacks.foreign(s):
        assert s.why(kind), (name, kind)
        assert s.why(kind) in why[kind]


def test_foreign_knows_the_release_own_versions():
    assert stacks.foreign(stacks.PRESETS["k8s-1.28.3"]) == ["metrics-server"]
    assert stacks.foreign(stacks.PRESETS["k8s-1.29.0"]) == ["metrics-server", "kubectl"]
    assert stacks.foreign(stacks.PRESETS["k8s-latest"]) == ["kubelet", "metrics-server"]
    swapped = stacks.parse("k8s-1.28.3,kubectl=0.36.3")
    assert "kubectl" in stacks.foreign(swapped)
    assert dict(stacks.provenance(swapped))["kubectl"] == (
        "a swap replaces k8s-1.28.3's kubectl@v0.28.3"
    )


def test_memsim_stacks_and_explain_say_why_129_borrows(capsys):
    assert main(["stacks"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "kubectl v0.29.0 (2a649f08) has v0.28.3's top code" in out
    assert "the v1.29.0 sources could not be read here" in out
    assert "cite runc's tags" in out
    steps = _steps(capsys, "k8s-1.29.0")
    prov = {p["component"]: p["note"] for p in steps[""]["stack"]["provenance"]}
    assert "v0.28.3's top code" in prov["kubectl"]
    assert "cite v1.28.3" in prov["kubelet"]
    assert steps["node.memory.workingSetBytes"]["inherited_by"] == "kubelet@v1.29.0"
    assert steps["node.memory.workingSetBytes"]["upstream"].startswith(
        "kubernetes/kubernetes@v1.28.3 "
    )
    assert steps["MEMORY(bytes)"]["inherited_by"] is None  # kubectl@v0.28.3's own
    assert main(["explain", "--stack", "k8s-1.29.0", "--capture",
                 "builtin:v1-kernel6.18/2-exited"]) == 0  # fmt: skip
    text = " ".join(capsys.readouterr().out.split())
    assert "(inherited by kubelet@v1.29.0)" in text
    assert "kubectl: kubectl v0.29.0 (2a649f08) has v0.28.3's top code" in text
    assert "(inherited by X): X runs the port of this function made for an older version" in text


# ---------------------------------------------------------------- a Go panic on the node


def _panicking_capture(tmp_path: Path) -> str:
    """cgroups v0.1.0 (k8s-latest) indexes the fields of memory.pressure's first line: a
    blank first line is an index out of range, in the Go as in the port."""
    t = v2_tree().with_file("/sys/fs/cgroup/memory.pressure", "\nsome avg10=0.00 total=0\n")
    t = dataclasses.replace(t, uname="Linux node 6.18.0 x86_64", kernel="6.18.0")
    fake_sysfs.write_capture(t, tmp_path / "c")
    return str(tmp_path / "c")


def test_explain_says_the_stack_panics_in_one_line(tmp_path, capsys):
    cap = _panicking_capture(tmp_path)
    assert main(["explain", "--stack", "k8s-latest", "--capture", cap]) == 1
    err = capsys.readouterr().err
    assert err == (
        "memsim explain: k8s-latest panics on this node, as its Go code would: panic: "
        "runtime error: index out of range [0] with length 0 (in runc: PsiGo.stat_psi, "
        "opencontainers/runc@v1.2.0 libcontainer/cgroups/fs2/psi.go:16-56)\n"
    )
    assert main(["explain", "--stack", "k8s-1.28.3", "--capture", cap]) == 0  # 1.1.7 reads no PSI


def test_inspect_shows_a_panicking_stack_as_its_row(tmp_path, capsys):
    cap = _panicking_capture(tmp_path)
    assert main(["inspect", "--capture", cap, "--json"]) == 0
    rows = {r["stack"]: r for r in json.loads(capsys.readouterr().out)["rows"]}
    assert rows["k8s-latest"]["error"].startswith("panic: runtime error: index out of range")
    assert rows["k8s-latest"]["working_set_bytes"] is None
    assert rows["k8s-1.28.3"]["error"] is None and rows["k8s-1.28.3"]["working_set_bytes"]


def test_a_formula_runc_never_reached_is_said_so():
    """runc 1.1.10 stops at a bad SwapFree before it sums anon + file: the formula is shown,
    and that runc did not get there, instead of a value that contradicts it. (A bad SwapTotal
    stops cAdvisor's machine.Info first: the kubelet exits.)"""
    mi = MEMINFO.replace(b"SwapFree:              0 kB", b"SwapFree:              x kB")
    assert mi != MEMINFO
    res, steps = cmd.explain(stacks.parse("k8s-1.29.0"), v2_tree(mi))
    usage = next(s for s in steps if s.name == "Usage.Usage")
    assert res.runc_error and usage.value == 0
    assert usage.formula.endswith("not reached: runc returned its error first (below)")
    assert "but the port gave" not in usage.formula
