"""`memsim world` and `memsim capture`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from fake_sysfs import load_capture, random_world, render
from sim.cli import main


def test_world_writes_a_loadable_capture(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "w"
    assert (
        main(
            [
                "world",
                "--seed",
                "7",
                "--profile",
                "6.1",
                "--view",
                "v2",
                "--out",
                str(out),
                "--json",
            ]
        )
        == 0
    )
    summary = json.loads(capsys.readouterr().out)
    assert summary["profile"] == "6.1" and summary["fstype"] == "cgroup2fs"
    assert load_capture(out) == render(random_world(7, profile="6.1"), "v2")
    assert summary["truth"]["mem_total_b"] == random_world(7, profile="6.1").node.mem_total * 4096
    # refuses to overwrite, says why
    assert main(["world", "--seed", "7", "--out", str(out)]) == 2  # bad input (sim.usage)
    assert "not empty" in capsys.readouterr().err
    arch = tmp_path / "w.tar.gz"
    assert (
        main(["world", "--seed", "7", "--profile", "6.1", "--view", "v1", "--out", str(arch)]) == 0
    )
    assert load_capture(arch).fstype == "tmpfs"


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["world", "--help"])
    assert "--seed" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["capture", "--help"])
    assert "read-only" in capsys.readouterr().out


@pytest.mark.live
@pytest.mark.skipif(
    not os.access("/sys/fs/cgroup/memory/memory.usage_in_bytes", os.R_OK)
    and not os.access("/sys/fs/cgroup/memory.stat", os.R_OK),
    reason="this machine's cgroup memory files are not readable",
)
def test_capture_this_machine(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "live"
    assert main(["capture", str(out), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    t = load_capture(out)
    manifest = json.loads((out / "manifest.json").read_bytes())
    assert {r["path"] for r in manifest["read"]} == set(t.files)
    assert summary["skipped_by_name"] == sum(
        s["reason"].startswith("left out by name") for s in manifest["skipped"]
    )
    assert main(["capture", "--out", str(tmp_path / "again.tar.gz")]) == 0  # the old spelling
    assert main(["capture", str(out)]) == 2  # never over an earlier capture: bad input
    assert "not empty" in capsys.readouterr().err
    assert t.fstype == summary["fstype"] and t.fstype in ("tmpfs", "cgroup2fs")
    assert t.read("/proc/meminfo").startswith("MemTotal:")
    assert t.kernel == os.uname().release
    if t.fstype == "tmpfs":
        assert int(t.read("/sys/fs/cgroup/memory/memory.usage_in_bytes")) > 0
        assert "total_inactive_file" in t.read("/sys/fs/cgroup/memory/memory.stat")
        assert t.mounts["/sys/fs/cgroup/memory"] == "cgroup"
    else:
        assert "/sys/fs/cgroup/memory.current" not in t.files
