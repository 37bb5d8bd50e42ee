"""PyPy as a runtime (sim/runtime.py): finding it, running `memsim diff` under it, and the same
output on both runtimes for the same seed. The cross-runtime tests need a PyPy (scripts/pypy-
setup, pypy3 on PATH or $MEMSIM_PYPY) and skip with one line without it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sim import runtime
from sim.commands.bench import pypy_targets


def _pypy() -> str:
    if runtime.name() == "pypy":
        pytest.skip("the suite runs under PyPy: the cross-runtime tests run under CPython")
    try:
        return runtime.find_pypy()[0]
    except runtime.RuntimeNotFound as e:
        pytest.skip(f"no PyPy: {e}")


cpython_only = pytest.mark.skipif(
    runtime.name() == "pypy", reason="finding PyPy from CPython: the suite runs under PyPy"
)


def _memsim(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sim.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_strip_flag_takes_the_flag_and_its_value_in_either_spelling():
    argv = ["diff", "--runtime", "pypy", "--states", "5", "--runtime=pypy", "--json", "-"]
    assert runtime.strip_flag(argv, "--runtime") == ["diff", "--states", "5", "--json", "-"]


def test_wanted_reads_the_flag_then_the_environment(monkeypatch):
    monkeypatch.setenv(runtime.ENV, "pypy")
    assert runtime.wanted(None) == "pypy"
    assert runtime.wanted("cpython") == "cpython"
    monkeypatch.setenv(runtime.ENV, "python")
    assert runtime.wanted(None) == "cpython"
    monkeypatch.delenv(runtime.ENV)
    assert runtime.wanted(None) == runtime.name()
    with pytest.raises(ValueError, match="unknown runtime 'jython'"):
        runtime.wanted("jython")


def test_import_path_of_an_installed_memsim_links_its_three_packages_only(tmp_path, monkeypatch):
    site = tmp_path / "site-packages"
    for pkg in (*runtime.PACKAGES, "cachebox"):
        (site / pkg).mkdir(parents=True)
    monkeypatch.setattr(runtime, "checkout", lambda: site)
    with runtime.import_path() as d:
        assert sorted(os.listdir(d)) == sorted(runtime.PACKAGES)
        assert (Path(d) / "sim").resolve() == site / "sim"
    assert not Path(d).exists()
    monkeypatch.setattr(runtime, "checkout", lambda: tmp_path)
    with runtime.import_path() as d:
        assert d == str(tmp_path)


@cpython_only
def test_a_cpython_is_not_taken_for_pypy(monkeypatch, tmp_path):
    monkeypatch.setenv("MEMSIM_PYPY", sys.executable)
    monkeypatch.setenv("MEMSIM_PYPY_CACHE", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path))
    runtime._probe.cache_clear()
    try:
        with pytest.raises(runtime.RuntimeNotFound) as e:
            runtime.find_pypy()
    finally:
        runtime._probe.cache_clear()
    msg = str(e.value)
    assert f"$MEMSIM_PYPY ({sys.executable}): AssertionError" in msg
    assert f"scripts/pypy-setup's ({tmp_path}/bin/pypy3): not there" in msg


@cpython_only
def test_diff_without_pypy_says_how_to_get_one(tmp_path):
    env = {"MEMSIM_PYPY": "", "MEMSIM_PYPY_CACHE": str(tmp_path), "PATH": str(tmp_path)}
    p = _memsim("diff", "--states", "2", "--runtime", "pypy", env=env)
    assert p.returncode == 2
    assert p.stderr.startswith("memsim diff: no usable PyPy 3.11 (tried scripts/pypy-setup's")
    assert "scripts/pypy-setup sets one up" in p.stderr


def test_pypy_targets_read_the_jobs_1_rates():
    fig = {"jobs_1": {"states_per_second": 500.0}, "pypy": {"jobs_1": {"states_per_second": 1600}}}
    speedup, per_core = pypy_targets(fig)
    assert speedup["measured"] == "3.20x (1,600 vs 500 states/s)" and speedup["met"] is True
    assert per_core["met"] is True
    fig["pypy"]["jobs_1"]["states_per_second"] = 990
    assert [r["met"] for r in pypy_targets(fig)] == [False, False]
    none = pypy_targets({"jobs_1": {"states_per_second": 500.0}, "pypy": {"why": "no PyPy"}})
    assert [(r["met"], r["measured"]) for r in none] == [(None, "no PyPy"), (None, "no PyPy")]


def _summary(path: Path) -> dict:
    d = json.loads(path.read_text())
    timing = d.pop("timing")
    return d | {"_interpreter": timing["machine"].split(", ", 1)[1]}


def test_same_seed_same_json_on_cpython_and_pypy(tmp_path):
    """The whole summary (every field, the bundled captures included) is the same under
    both runtimes (PyPy with two workers); only `timing` differs."""
    _pypy()
    runs = {}
    for rt, jobs in (("cpython", "1"), ("pypy", "2")):
        out = tmp_path / f"{rt}-{jobs}.json"
        p = _memsim(
            "diff", "--states", "100", "--seed", "11", "--jobs", jobs, "--runtime", rt,
            "--json", str(out), "--no-progress",
        )  # fmt: skip
        assert p.returncode == 0, p.stderr
        runs[rt, jobs] = _summary(out)
    cp = runs["cpython", "1"]
    assert cp.pop("_interpreter").startswith("Python 3.")
    assert cp["states_compared"] > 100  # the bundled captures come on top
    py = runs["pypy", "2"]
    assert py.pop("_interpreter").startswith("PyPy ")
    assert py == cp


def test_diff_jsonl_is_byte_identical_on_both_runtimes(tmp_path):
    """--jsonl (every state's outputs on both sides): the same bytes under both runtimes."""
    _pypy()
    files = {}
    for rt in ("cpython", "pypy"):
        files[rt] = tmp_path / f"{rt}.jsonl"
        p = _memsim(
            "diff", "--states", "60", "--seed", "3", "--jobs", "1", "--corpus", "none",
            "--runtime", rt, "--jsonl", str(files[rt]), "--no-progress",
        )  # fmt: skip
        assert p.returncode == 0, p.stderr
    a, b = (files[rt].read_bytes() for rt in ("cpython", "pypy"))
    assert len(a.splitlines()) > 60
    assert a == b
