"""Driving the oracle harness (oracle/harness, built by scripts/oracle-setup) from Python.

The harness runs the real upstream Go code of one Debian version over trees in the recorded
layout (DIR/fstype, DIR/proc/meminfo, DIR/sys/fs/cgroup/...), one case per input line
(`DIR` or `DIR<TAB>CGROUP_PATH`), and prints one JSON line per case:
{"root", "cgroup", "stats", "error", "is_not_exist", "is_enoent"} (+ "harness_error").
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
U64 = 2**64 - 1


def cache_dir() -> Path:
    return Path(os.environ.get("MEMSIM_ORACLE_CACHE", REPO / ".cache" / "oracle"))


@dataclass(frozen=True)
class Harness:
    label: str  # runc-1.1.5, runc-1.1.15, cgroups-0.0.5
    flavor: str  # runc | cgroups
    package_version: str
    go: str
    binary: Path

    def run(
        self,
        cases: Iterable[tuple[Path | str, str | None]],
        manager: bool = False,
        timeout: float = 120,
    ) -> list[dict]:
        """Run (tree, cgroup path or None for the default) cases in one batch."""
        lines = []
        for root, cg in cases:
            lines.append(f"{root}\t{cg}" if cg is not None else str(root))
        args = [str(self.binary)] + (["-manager"] if manager else [])
        proc = subprocess.run(
            args,
            input="".join(line + "\n" for line in lines),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"{self.label} harness failed ({proc.returncode}): {proc.stderr}")
        out = [json.loads(line) for line in proc.stdout.splitlines()]
        if len(out) != len(lines):
            raise RuntimeError(f"{self.label}: {len(lines)} cases in, {len(out)} results out")
        return out

    def one(self, root: Path | str, cg: str | None = None, manager: bool = False) -> dict:
        return self.run([(root, cg)], manager=manager)[0]


def load_harnesses() -> tuple[list[Harness], str | None]:
    """The built harnesses, or ([], one-line reason why the oracle cannot run here)."""
    manifest = cache_dir() / "bin" / "manifest.json"
    if not manifest.exists():
        return [], f"oracle not built ({manifest} missing): run scripts/oracle-setup"
    if os.geteuid() != 0:
        return [], "oracle harness needs root (private mount namespace)"
    entries = json.loads(manifest.read_text())
    out = []
    for e in entries:
        binary = Path(e["binary"])
        if not binary.exists():
            return [], f"oracle binary {binary} missing: run scripts/oracle-setup"
        out.append(Harness(e["label"], e["flavor"], e["package_version"], e["go"], binary))
    return out, None


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
