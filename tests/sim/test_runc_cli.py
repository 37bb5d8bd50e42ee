"""`memsim runc`: the oracle harness's line format, case parsing, trees through the fake_sysfs
loader, and (tier `oracle`, when the harness is built) the same lines as the real Go."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import fake_sysfs
from fake_sysfs.capture import corpus_root
from ports import runc as runc_ports
from ports.go import host
from sim.cli import main
from sim.commands import runc as cli

CORPUS = fake_sysfs.builtin_captures()
KEYS = ["root", "cgroup", "stats", "error", "is_not_exist", "is_enoent"]


def write_tree(root: Path, fstype: str, files: dict[str, str], meminfo: bool = True) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "fstype").write_text(fstype + "\n")
    if meminfo:
        (root / "proc").mkdir(exist_ok=True)
        (root / "proc" / "meminfo").write_text(
            "MemTotal: 1000 kB\nMemFree: 400 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n"
        )
    for rel, content in files.items():
        p = root / "sys" / "fs" / "cgroup" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(content)
    return root


@pytest.mark.parametrize("name", CORPUS)
@pytest.mark.parametrize("version", ["1.1.7", "1.1.9", "cgroups-0.1.0"])
def test_line_is_the_harness_shape_and_runc_own_json(name, version):
    R = runc_ports.get(version)()
    line = cli.run_case(R, "builtin:" + name, None, False)
    d = json.loads(line)
    assert list(d) == KEYS
    tree = fake_sysfs.load_capture("builtin:" + name)
    assert d["cgroup"] == ("/sys/fs/cgroup" if tree.is_v2 else "/sys/fs/cgroup/memory")
    # stats are runc's json.Marshal, spliced in byte for byte
    with host.use(host.FakeHost(tree.mounts, files=tree.files)):
        ms, err = R.memory_stats(d["cgroup"])
    assert err is None and d["error"] is None
    assert '"stats":' + R.marshal(ms)[0] + ',"error"' in line
    assert line.startswith('{"root":"builtin:' + name + '","cgroup":')


def test_error_predicates_and_relative_paths():
    R = runc_ports.get("1.1.7")()
    d = json.loads(cli.run_case(R, "builtin:v2-kernel6.18/0-idle", "/sys/fs/cgroup/nope", False))
    assert d["error"] == "openat2 /sys/fs/cgroup/nope/memory.stat: no such file or directory"
    assert (d["is_not_exist"], d["is_enoent"]) == (True, True)
    d = json.loads(cli.run_case(R, "builtin:v2-kernel6.18/0-idle", "rel/a", False))
    assert d["error"] == "open rel/a/memory.stat: no such file or directory"


def test_file_used_as_directory_is_not_not_exist(tmp_path):
    root = write_tree(tmp_path / "t", "cgroup2fs", {"a/memory.stat": "anon 1\n"})
    R = runc_ports.get("1.1.7")()
    d = json.loads(cli.run_case(R, str(root), "/sys/fs/cgroup/a/memory.stat", False))
    assert d["error"] == ("openat2 /sys/fs/cgroup/a/memory.stat/memory.stat: not a directory")
    assert (d["is_not_exist"], d["is_enoent"]) == (False, False)


def test_harness_errors(tmp_path):
    R = runc_ports.get("1.1.7")()
    d = json.loads(cli.run_case(R, str(tmp_path / "missing"), None, False))
    assert d["stats"] is None and d["error"] is None
    assert d["harness_error"].endswith("no such file or directory")
    bad = write_tree(tmp_path / "bad", "ext4", {})
    d = json.loads(cli.run_case(R, str(bad), None, False))
    assert "unknown statfs type 'ext4'" in d["harness_error"]
    assert list(d) == [*KEYS, "harness_error"]


def test_tree_without_cgroup_files_still_has_the_mount(tmp_path):
    """The harness mounts a tmpfs at /sys/fs/cgroup whatever the tree holds, so runc 1.1's
    statfs never fails (it would panic): memsim's host has the mount point too."""
    root = write_tree(tmp_path / "t", "cgroup2fs", {})
    R = runc_ports.get("1.1.7")()
    d = json.loads(cli.run_case(R, str(root), None, False))
    assert d["error"] == "openat2 /sys/fs/cgroup/memory.stat: no such file or directory"


def test_manager_v1_abort_gives_null_stats(tmp_path):
    root = write_tree(tmp_path / "t", "tmpfs", {"memory/memory.stat": "cache 1\nrss 2\n"})
    R = runc_ports.get("1.1.7")()
    d = json.loads(cli.run_case(R, str(root), None, True))
    assert d["stats"] is None
    assert d["error"].endswith("memory.usage_in_bytes: no such file or directory")


def test_cases_parsing():
    lines = ["a\n", "\n", "b\t/sys/fs/cgroup/x\r\n", "c\t\n"]
    assert list(cli.cases(lines)) == [("a", None), ("b", "/sys/fs/cgroup/x"), ("c", "")]


def test_cli_batch_and_single(capsys, monkeypatch, tmp_path):
    import io

    data = "builtin:v1-kernel6.18/0-idle\nbuiltin:v2-kernel6.18/0-idle\t/sys/fs/cgroup/x\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode())))
    assert main(["runc", "--version", "v1.1.9", "--batch"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [json.loads(x)["cgroup"] for x in out] == ["/sys/fs/cgroup/memory", "/sys/fs/cgroup/x"]
    assert (
        main(["runc", "--version", "1.1.9", "--root", "builtin:v1-kernel6.18/0-idle", "--json"])
        == 0
    )
    assert json.loads(capsys.readouterr().out)["root"] == "builtin:v1-kernel6.18/0-idle"
    assert main(["runc", "--version", "1.1.9", "--root", "builtin:v1-kernel6.18/0-idle"]) == 0
    assert "runc@v1.1.9" in capsys.readouterr().out
    assert main(["runc", "--version", "1.1.8", "--root", "x"]) == 2
    err = capsys.readouterr().err
    assert (
        "1.1.7, 1.1.9, 1.1.10, 1.1.11, 1.1.12, 1.1.13, 1.1.15, 1.2.0, 1.2.1, cgroups-0.0.1, "
        "cgroups-0.0.3, cgroups-0.0.5, cgroups-0.0.6, cgroups-0.1.0" in err
    )


# ---- against the real Go (oracle tier)

RECORDED = corpus_root()  # the recorded corpus as shipped with memsim
PAIRS = [("runc-1.1.5", "1.1.7"), ("runc-1.1.15", "1.1.15"), ("cgroups-0.0.5", "cgroups-0.0.5")]


def _harnesses():
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "oracle"))
    try:
        from oracle_harness import load_harnesses  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    hs, why = load_harnesses()
    return {h.label: h for h in hs}, why


def _oracle_cases() -> list[str]:
    out = []
    for state in sorted(p for p in RECORDED.glob("*/*") if (p / "fstype").exists()):
        out.append(str(state))
        for d in sorted((state / "sys" / "fs" / "cgroup").rglob("*")):
            if d.is_dir() and any(f.name.startswith("memory.") for f in d.iterdir()):
                out.append(f"{state}\t/{d.relative_to(state)}")
        out.append(f"{state}\t/sys/fs/cgroup/nonexistent")
    return out


@pytest.mark.oracle
@pytest.mark.parametrize(("label", "version"), PAIRS)
def test_batch_lines_equal_the_harness(label, version):
    """`memsim runc --batch` and the harness over the recorded corpus (root, every cgroup with
    memory files, a missing cgroup): the same bytes, line by line."""
    hs, why = _harnesses()
    if why or label not in hs:
        pytest.skip(why or f"{label} not built")
    if not RECORDED.is_dir():
        pytest.skip(f"{RECORDED} not found")
    lines = "".join(c + "\n" for c in _oracle_cases())
    go = subprocess.run(
        [str(hs[label].binary)], input=lines, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    R = runc_ports.get(version)()
    ours = [cli.run_case(R, root, cg, False) for root, cg in cli.cases(lines.splitlines())]
    assert len(go) == len(ours) > 30
    for a, b in zip(go, ours, strict=True):
        assert b == a
