"""Driving the oracle harness (oracle/harness, built by scripts/oracle-setup) from the tests.

The harness runs the real upstream Go code of one Debian version over trees in the recorded
layout (DIR/fstype, DIR/proc/meminfo, DIR/sys/fs/cgroup/...), one case per input line
(`DIR` or `DIR<TAB>CGROUP_PATH`), and prints one JSON line per case:
{"root", "cgroup", "stats", "error", "is_not_exist", "is_enoent"} (+ "harness_error").
The builds and the process handling are sim.oracle's; this adds the decoded-dict view the
hand-written tests use.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from sim import oracle, oracle_tail

U64 = 2**64 - 1


@dataclass(frozen=True)
class Harness:
    build: oracle.Build

    @property
    def label(self) -> str:
        return self.build.label

    @property
    def binary(self) -> Path:
        return self.build.binary

    @property
    def flavor(self) -> str:
        return self.build.flavor

    @property
    def go(self) -> str:
        return self.build.go

    def run(
        self,
        cases: Iterable[tuple[Path | str, str | None]],
        manager: bool = False,
        timeout: float = 120,
    ) -> list[dict]:
        """Run (tree, cgroup path or None for the default) cases in one batch."""
        lines = oracle.run_harness(self.build, list(cases), manager=manager, timeout=timeout)
        return [json.loads(line) for line in lines]

    def one(self, root: Path | str, cg: str | None = None, manager: bool = False) -> dict:
        return self.run([(root, cg)], manager=manager)[0]


def load_harnesses() -> tuple[list[Harness], str | None]:
    """The built harnesses, or ([], one-line reason why the oracle cannot run here)."""
    builds, why = oracle.load_builds()
    if why is None:
        # the tier is one unit: a cache from an older scripts/oracle-setup (runc harnesses
        # but no tail) is skipped with the reason, not half run
        _, why = oracle_tail.load()
    return ([Harness(b) for b in builds] if why is None else []), why


def write_tree(
    root: Path,
    fstype: str,
    files: Mapping[str, str | bytes],
    meminfo: str | None = "MemTotal: 1000 kB\nMemFree: 400 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n",
) -> Path:
    """A tree in the recorded layout; files are relative to sys/fs/cgroup."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "fstype").write_text(fstype + "\n")
    cg = root / "sys" / "fs" / "cgroup"
    cg.mkdir(parents=True, exist_ok=True)
    if meminfo is not None:
        (root / "proc").mkdir(exist_ok=True)
        (root / "proc" / "meminfo").write_text(meminfo)
    for rel, content in files.items():
        p = cg / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content)
    return root


def debian_src(label: str, tmp_path: Path) -> Path:
    """A copy of Debian's source of build `label`, as if it were a reviewer's checkout."""
    sub = "runc" if label.startswith("runc") else "cgroups"
    src = (
        oracle.cache_dir()
        / "gopath"
        / label
        / "usr/share/gocode/src/github.com/opencontainers"
        / sub
    )
    dest = tmp_path / f"{label}-checkout"
    shutil.copytree(src, dest, symlinks=True)
    return dest


USAGE_LINE = 'stats.MemoryStats.Usage.Usage = stats.MemoryStats.Stats["anon"] + stats.MemoryStats.Stats["file"]'


def patch_v2_root_usage_with_kernel(src: Path) -> None:
    """A real Go patch to a runc 1.1.15 checkout: the v2 root's usage also counts memory.stat
    `kernel` (what a reviewer might propose; memsim's port does not have it)."""
    mem = src / "libcontainer/cgroups/fs2/memory.go"
    code = mem.read_text()
    assert USAGE_LINE in code
    mem.write_text(code.replace(USAGE_LINE, USAGE_LINE + ' + stats.MemoryStats.Stats["kernel"]'))


def n_states(config: pytest.Config, full: int, sample: int) -> int:
    """How many states a run of the tier checks: MEMSIM_ORACLE_STATES, else `full` under
    `pytest -m oracle`, else `sample` (the tier inside a plain `pytest`)."""
    import os

    if env := os.environ.get("MEMSIM_ORACLE_STATES"):
        return int(env)
    markexpr = str(config.getoption("markexpr") or "")
    selected = "oracle" in markexpr and "not oracle" not in markexpr
    return full if selected else sample
