"""`memsim oracle --src DIR` (sim.oracle_src): a cAdvisor / kubelet / metrics-server checkout
built with our harness and compared with its port. The real checkouts need their module
cache (or vendor/) offline, so here the mechanism runs on small stand-in checkouts: the
export file goes into the copy, the harness builds in module mode, and a wrong decodeBatch
is caught case by case."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sim import oracle_src

pytestmark = pytest.mark.oracle

STORAGE = """package storage

import "time"

type MetricsPoint struct {
	StartTime         time.Time
	Timestamp         time.Time
	CumulativeCpuUsed uint64
	MemoryUsage       uint64
}

type MetricsBatch struct {
	Nodes map[string]MetricsPoint
}
"""
DECODE = """package resource

import (
	"time"

	"sigs.k8s.io/metrics-server/pkg/storage"
)

// a stand-in that keeps no node at all: right only where the real one drops the node
func decodeBatch(b []byte, defaultTime time.Time, nodeName string) (*storage.MetricsBatch, error) {
	return &storage.MetricsBatch{Nodes: map[string]storage.MetricsPoint{}}, nil
}
"""


def checkout(root: Path, module: str, files: dict[str, str], go: str = "1.19") -> Path:
    root.mkdir()
    (root / "go.mod").write_text(f"module {module}\n\ngo {go}\n")
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def test_detect_project_and_port(tmp_path):
    ms = checkout(tmp_path / "ms", "sigs.k8s.io/metrics-server", {})
    t = oracle_src.detect(ms)
    assert (t.project, t.port, t.go_line) == ("metrics-server", "metrics-server@v0.9.0", (1, 19))
    assert oracle_src.detect(ms, "0.6.4").port == "metrics-server@v0.6.4"
    k = checkout(tmp_path / "k", "k8s.io/kubernetes", {}, go="1.20")
    assert oracle_src.detect(k, "1.28.3").port == "kubelet@v1.28.3"
    c = checkout(tmp_path / "c", "github.com/google/cadvisor", {})
    assert oracle_src.detect(c).project == "cadvisor"
    other = checkout(tmp_path / "o", "github.com/opencontainers/runc", {})
    with pytest.raises(oracle_src.SrcError, match="--runc-src"):
        oracle_src.detect(other)
    with pytest.raises(oracle_src.SrcError, match=r"no go\.mod"):
        oracle_src.detect(tmp_path)
    with pytest.raises(oracle_src.SrcError, match="no port"):
        oracle_src.detect(ms, "9.9.9")


def test_a_wrong_decodeBatch_is_caught(tmp_path):
    ms = checkout(
        tmp_path / "ms",
        "sigs.k8s.io/metrics-server",
        {"pkg/storage/types.go": STORAGE, "pkg/scraper/client/resource/decode.go": DECODE},
    )
    out = tmp_path / "o.json"
    p = subprocess.run(
        [sys.executable, "-m", "sim.cli", "oracle", "--src", str(ms), "--port", "0.6.4",
         "--states", "40", "--json", str(out)],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert p.returncode == 1, p.stderr[-2000:]
    (r,) = json.loads(out.read_text())["layers"].values()
    assert r["port"] == "metrics-server@v0.6.4" and r["states"] == 40
    # the stand-in keeps no node and never fails: the states where the port keeps the node,
    # or fails to parse, differ
    assert 0 < r["mismatches"] < 40
    assert all(
        "nodes.node" in " ".join(m["differences"]) or "failed parsing" in str(m["port_side"])
        for m in r["mismatch_cases"]
    )
    # the checkout itself is untouched (the export file went into the copy)
    assert not (ms / "pkg/scraper/client/resource/zz_memsim_oracle_export.go").exists()


def test_build_failure_says_what_to_do(tmp_path):
    ms = checkout(
        tmp_path / "ms",
        "sigs.k8s.io/metrics-server",
        {
            "pkg/scraper/client/resource/decode.go": 'package resource\n\nimport _ "example.com/missing"\n'
        },
    )
    with pytest.raises(oracle_src.SrcError, match="go mod download"):
        oracle_src.build(oracle_src.detect(ms, "0.6.4"))


# a stand-in cAdvisor machine package, written for this test from the port
# (ports/cadvisor/v0_47_3/machine): right, so the comparison must find nothing
MACHINE = """package machine

import (
	"fmt"
	"regexp"
	"strconv"
)

var memoryCapacityRegexp = regexp.MustCompile(`MemTotal:\\s*([0-9]+) kB`)
var swapCapacityRegexp = regexp.MustCompile(`SwapTotal:\\s*([0-9]+) kB`)

func parseCapacity(b []byte, r *regexp.Regexp) (uint64, error) {
	found := r.FindSubmatch(b)
	if len(found) != 2 {
		return 0, fmt.Errorf("failed to match regexp in output: %q", string(b))
	}
	v, err := strconv.ParseUint(string(found[1]), 10, 64)
	if err != nil {
		return 0, err
	}
	return v * 1024, err
}
"""


def test_a_cadvisor_checkout_agrees(tmp_path):
    c = checkout(tmp_path / "c", "github.com/google/cadvisor", {"machine/machine.go": MACHINE})
    tree = oracle_src.detect(c, "0.47.3")
    r = oracle_src.compare(tree, oracle_src.build(tree), 400, seed=3)
    assert (r["port"], r["states"]) == ("cadvisor@v0.47.3", 400)
    assert r["mismatches"] == 0, r["mismatch_cases"][:2]
    # the cases reach the error paths: unparsable, missing and out-of-range values
    reqs = oracle_src._cadvisor_cases(400, 3)
    assert any(b"MemTotal" not in __import__("base64").b64decode(x["meminfo"]) for x in reqs)
