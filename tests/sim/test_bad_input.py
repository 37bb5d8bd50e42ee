"""Every bad input gets one line naming the flag or file and the reason, a non-zero exit, and
no traceback (issue 11's list, each case found on main), through sim.cli's one handler."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from fake_sysfs import load_capture, write_capture
from sim import cli, usage

sys.path.insert(0, str(Path(__file__).parents[1] / "fake_sysfs"))
import archives as a


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        rc = cli.main(argv)
    except SystemExit as e:  # argparse
        rc = int(e.code or 0)
    out, err = capsys.readouterr()
    return rc, out, err


def one_line(err: str, prog: str) -> str:
    assert "Traceback" not in err
    lines = err.strip("\n").splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"memsim {prog}: "), err
    return lines[0]


@pytest.fixture(scope="module")
def captures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("bad")
    (d / "empty").mkdir()
    nomem = d / "nomem"
    (nomem / "proc").mkdir(parents=True)
    (nomem / "fstype").write_text("tmpfs\n")
    (d / "notatar.tar.gz").write_bytes(b"this is not a tar\n")
    both = a.tar(a.directory("proc/meminfo"))
    (d / "both.tar.gz").write_bytes(a.gz(both))
    return {
        "empty": d / "empty",
        "nomem": nomem,
        "notatar": d / "notatar.tar.gz",
        "both": d / "both.tar.gz",
    }


@pytest.mark.parametrize(
    ("which", "reason"),
    [
        ("/nonexistent", "/nonexistent: no such file or directory"),
        ("empty", "empty: no capture in it"),
        ("nomem", "nomem: proc/meminfo: missing (every capture has one)"),
        ("notatar", "notatar.tar.gz: not a tar archive"),
        ("builtin:nope", "builtin:nope: no such built-in capture (known: v1-kernel6.18/0-idle"),
        ("both", "both.tar.gz: proc/meminfo: both a file and a directory"),
    ],
)
def test_diff_corpus_that_cannot_be_loaded(captures, capsys, which: str, reason: str) -> None:
    src = str(captures.get(which, which))
    rc, out, err = run(["diff", "--states", "2", "--corpus", src, "--no-progress"], capsys)
    assert rc == usage.EXIT_USAGE and out == ""
    line = one_line(err, "diff")
    assert line.startswith("memsim diff: --corpus: ") and reason in line


@pytest.mark.parametrize("flag", ["--report", "--json", "--jsonl"])
def test_outputs_into_a_missing_directory_are_refused_before_the_run(
    tmp_path: Path, capsys, monkeypatch, flag: str
) -> None:
    from sim import diff

    monkeypatch.setattr(diff, "run", lambda cfg: pytest.fail("the run started"))
    target = tmp_path / "no" / "such" / "out.file"
    rc, out, err = run(["diff", flag, str(target), "--no-progress"], capsys)
    assert rc == 2 and out == ""
    assert one_line(err, "diff") == (
        f"memsim diff: {flag}: {target}: directory {target.parent} does not exist "
        "(see memsim diff --help)"
    )
    rc, _, err = run(["diff", flag, str(tmp_path), "--no-progress"], capsys)
    assert rc == 2 and "is a directory; name a file in it" in one_line(err, "diff")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["diff", "--states", "-5"], "memsim diff: --states: must be >= 0, got -5"),
        (["diff", "--states", "many"], "memsim diff: --states: want an integer, got 'many'"),
        (["diff", "--jobs", "1000"], "memsim diff: --jobs: 1000 workers on "),
        (["diff", "--jobs", "0"], "memsim diff: --jobs: must be >= 1, got 0"),
        (["diff", "--v1v2-tolerance-mib", "nan"], "--v1v2-tolerance-mib: must be a finite number"),
        (["diff", "--v1v2-tolerance-mib", "inf"], "--v1v2-tolerance-mib: must be a finite number"),
        (["diff", "--v1v2-tolerance-mib", "-1"], "--v1v2-tolerance-mib: must be >= 0, got -1"),
        (["diff", "--after", "k8s-1.29.0@v3"], "memsim diff: --after: k8s-1.29.0@v3: bad view @v3"),
        (
            ["diff", "--before", "k8s-1.28.3,runc=1.1.9@2"],
            "--before: k8s-1.28.3,runc=1.1.9@2: bad view @2",
        ),
        (["diff", "--scenario", "nope"], "memsim diff: --scenario: unknown scenario nope"),
        (["bench", "--states", "-1"], "memsim bench: --states: must be >= 1, got -1"),
        (["bench", "--jobs", "1000"], "memsim bench: --jobs: 1000 workers on "),
        (["bench", "--before", "k8s-0"], "memsim bench: --before: unknown stack 'k8s-0'"),
        (["oracle", "--states", "-2"], "memsim oracle: --states: must be >= 0, got -2"),
        (
            ["runc", "--version", "1.1.9", "--root", "/nonexistent"],
            "memsim runc: --root: /nonexistent: no such file or directory",
        ),
        (
            ["explain", "--stack", "k8s-1.28.3", "--scenario", "idle", "--seed", "x"],
            "memsim explain: --seed: want an integer",
        ),
    ],
)
def test_a_bad_flag_is_one_line_naming_it(capsys, argv: list[str], expected: str) -> None:
    rc, out, err = run([*argv, *(["--no-progress"] if argv[0] == "diff" else [])], capsys)
    assert rc == 2 and out == ""
    assert expected in one_line(err, argv[0])


@pytest.fixture(scope="module")
def saved_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    p = tmp_path_factory.mktemp("saved") / "run.jsonl"
    assert (
        cli.main(
            [
                "diff",
                "--states",
                "4",
                "--corpus",
                "none",
                "--jsonl",
                str(p),
                "--no-progress",
                "--json",
                str(p.with_suffix(".json")),
            ]
        )
        == 0
    )
    return p


@pytest.mark.parametrize(
    "flag",
    [
        ["--states", "100"],
        ["--seed", "3"],
        ["--scenario", "idle"],
        ["--corpus", "none"],
        ["--no-hostile"],
    ],
)
def test_a_saved_run_with_state_flags_is_refused(saved_run: Path, capsys, flag: list[str]) -> None:
    """--before run.jsonl --states 100 silently ignored --states (a saved run replays its own
    states)."""
    rc, out, err = run(["diff", "--before", str(saved_run), *flag, "--no-progress"], capsys)
    assert rc == 2 and out == ""
    line = one_line(err, "diff")
    assert line.startswith(f"memsim diff: {flag[0]}: --before {saved_run} is a saved run")
    assert line.endswith("drop it")
    # without the flag, the saved run replays
    rc, out, _ = run(["diff", "--before", str(saved_run), "--json", "-", "--no-progress"], capsys)
    assert rc == 0 and json.loads(out)["states_compared"] == 4


def test_the_same_file_for_two_outputs_is_refused(tmp_path: Path, capsys) -> None:
    f = tmp_path / "x"
    rc, _, err = run(["diff", "--json", str(f), "--report", str(f), "--no-progress"], capsys)
    assert rc == 2 and one_line(err, "diff") == f"memsim diff: --report: {f} is also --json's file"


def test_runc_root_that_cannot_be_loaded_exits_2(tmp_path: Path, capsys) -> None:
    """memsim runc --root /nonexistent exited 0 (with a harness_error line)."""
    for extra in ([], ["--json"], ["--manager", "--json"]):
        rc, out, err = run(
            ["runc", "--version", "1.1.9", "--root", str(tmp_path / "x"), *extra], capsys
        )
        assert rc == 2 and out == ""
        assert one_line(err, "runc").endswith(
            f"--root: {tmp_path / 'x'}: no such file or directory"
        )
    # --batch keeps the harness's protocol: a line per case, exit 0
    import io

    sys_stdin = sys.stdin
    try:
        sys.stdin = io.TextIOWrapper(io.BytesIO(f"{tmp_path / 'x'}\n".encode()))
        rc, out, _ = run(["runc", "--version", "1.1.9", "--batch"], capsys)
    finally:
        sys.stdin = sys_stdin
    assert rc == 0 and "no such file or directory" in json.loads(out)["harness_error"]


def test_write_destinations_are_checked_first(tmp_path: Path, capsys) -> None:
    rc, _, err = run(["world", "--seed", "1", "--out", "/proc/memsim-x"], capsys)
    assert rc == 2 and "a capture is never written there" in one_line(err, "world")
    rc, _, err = run(["capture", "/sys/fs/cgroup/memsim-x"], capsys)
    assert rc == 2 and "a capture is never written there" in one_line(err, "capture")
    assert not Path("/sys/fs/cgroup/memsim-x").exists()
    rc, _, err = run(["capture", str(tmp_path / "no" / "x.tar.gz")], capsys)
    assert rc == 2 and "does not exist" in one_line(err, "capture")


def test_an_unexpected_exception_is_one_line_and_exit_4(capsys) -> None:
    def boom(args):
        raise KeyError("surprise")

    parser = cli.build_parser()
    args = parser.parse_args(["stacks"])
    args.func = boom
    rc = cli.run(args)
    err = capsys.readouterr().err
    assert rc == usage.EXIT_BUG
    line = one_line(err, "stacks")
    assert (
        "internal error (a memsim bug; MEMSIM_TRACEBACK=1 shows the traceback): KeyError: 'surprise'"
        in line
    )


def test_a_real_process_prints_no_traceback(tmp_path: Path) -> None:
    """The console script itself: exit code and stderr as a shell sees them."""
    for argv, code in (
        (["diff", "--corpus", "/nonexistent", "--states", "2", "--no-progress"], 2),
        (["diff", "--states", "-5"], 2),
        (["runc", "--version", "1.1.9", "--root", "/nonexistent"], 2),
    ):
        p = subprocess.run(
            [sys.executable, "-m", "sim.cli", *argv], capture_output=True, text=True, check=False
        )
        assert p.returncode == code, p.stderr
        assert "Traceback" not in p.stderr and len(p.stderr.strip().splitlines()) == 1


def test_a_capture_written_by_memsim_always_loads(tmp_path: Path) -> None:
    write_capture(load_capture("builtin:v1-kernel6.18/0-idle"), tmp_path / "c")
    assert cli.main(["runc", "--version", "1.1.9", "--root", str(tmp_path / "c"), "--json"]) == 0


def test_explain_of_a_patch_that_raises_exits_3(tmp_path: Path, capsys) -> None:
    p = tmp_path / "bad.py"
    p.write_text(
        "from ports.runc import v1_1_7\n"
        "from ports.runc.v1_1_7.libcontainer.cgroups import fs2\n"
        "from sim.patch import Patch\n"
        "class Fs2(fs2.Fs2):\n"
        "    def stats_from_meminfo(self, stats):\n"
        "        return 1 // 0\n"
        "class Runc(v1_1_7.Runc):\n"
        "    Fs2 = Fs2\n"
        "PATCH = Patch(stack='k8s-1.28.3', component='runc', version=Runc)\n"
    )
    argv = ["explain", "--stack", str(p), "--capture", "builtin:v2-kernel6.18/0-idle"]
    rc, out, err = run(argv, capsys)
    assert rc == usage.EXIT_PATCH and out == ""
    assert one_line(err, "explain") == (
        f"memsim explain: {p}:PATCH: Fs2.stats_from_meminfo raised ZeroDivisionError: "
        f"integer division or modulo by zero ({p}:6)"
    )
