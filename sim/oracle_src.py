"""`memsim oracle --src DIR`: a cAdvisor, kubelet (kubernetes) or metrics-server checkout
against its port - the layers Debian ships no source of, checked the way `--runc-src`
checks a runc tree.

1. **Which project**: go.mod's module: github.com/google/cadvisor, k8s.io/kubernetes,
   sigs.k8s.io/metrics-server.
2. **Which port** (`--port` overrides): the newest port of that project at or below the
   tree's version (`git describe --tags`; without one, the newest port).
3. **Build**: a copy of the tree (without .git; the tree is not touched) under the oracle
   cache, with our export file in the package whose unexported function the harness calls
   and our harness (oracle/src/PROJECT/main.go) as the package `zz_memsim_oracle`; built in
   module mode with the tree's own go.mod, offline (GOPROXY=off): `-mod=vendor` when the tree
   has vendor/modules.txt (kubernetes does), else the module cache the user filled (`go mod
   download` in DIR; GOMODCACHE or ~/go/pkg/mod). The Go (`--go` overrides) is the newest of
   the system's and the oracle cache's toolchains. A tree builds once per content.
4. **Compare**, case by case:
   - metrics-server: decodeBatch (pkg/scraper/client/resource) on `--states` expositions
     (what kubelet writes, sim.oracle_tail.expositions, and the kubelet port's own
     /metrics/resource bodies): the node's point (timestamp, CPU, memory) or the error;
   - cAdvisor: machine's parseCapacity with the MemTotal and SwapTotal expressions on
     meminfo texts (valid, missing lines, huge, malformed);
   - kubelet: pkg/kubelet/cadvisor CapacityFromMachineInfo on memory capacities (the
     int64 conversion) and core counts.
"""

from __future__ import annotations

import argparse
import base64
import calendar
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ports import registry
from sim import oracle

MODULES = {
    "github.com/google/cadvisor": "cadvisor",
    "k8s.io/kubernetes": "kubelet",
    "sigs.k8s.io/metrics-server": "metrics-server",
}
# project -> (package directories to try for the export file, the import path it replaces
# in the harness as MACHINE_PKG, when the package moved between versions)
EXPORT_DIRS = {
    "cadvisor": ["machine", "lib/machine"],
    "metrics-server": ["pkg/scraper/client/resource"],
    "kubelet": [],
}


class SrcError(oracle.OracleError):
    pass


@dataclass(frozen=True)
class SrcTree:
    path: Path
    project: str  # cadvisor | kubelet | metrics-server
    version: str  # "v0.6.4" or "" when unknown
    port: str  # registry name, e.g. metrics-server@v0.6.4
    go_line: tuple[int, int]  # go.mod's go line


def _version_key(v: str) -> tuple[int, ...]:
    m = re.match(r"v?(\d+)\.(\d+)\.(\d+)", v)
    return tuple(int(x) for x in m.groups()) if m else (0, 0, 0)


def detect(src: str | Path, port: str | None = None) -> SrcTree:
    path = Path(src).expanduser().resolve()
    gomod = path / "go.mod"
    if not gomod.is_file():
        raise SrcError(
            f"{path}: no go.mod (give the root of a cAdvisor, kubernetes or metrics-server checkout)"
        )
    text = gomod.read_text(errors="replace")
    m = re.search(r"^module\s+(\S+)", text, re.M)
    module = m.group(1) if m else ""
    project = MODULES.get(module)
    if project is None:
        known = ", ".join(MODULES)
        raise SrcError(
            f"{path}: go.mod's module is {module!r}; --src takes {known} (runc: --runc-src)"
        )
    g = re.search(r"^go\s+(\d+)\.(\d+)", text, re.M)
    go_line = (int(g.group(1)), int(g.group(2))) if g else (1, 0)
    version = ""
    try:
        version = subprocess.run(
            ["git", "-C", str(path), "describe", "--tags", "--abbrev=0"],
            capture_output=True, text=True, timeout=20,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        version = ""
    ports = registry.names(project)
    if port:
        name = port if "@" in port else f"{project}@{port if port.startswith('v') else 'v' + port}"
        if name not in ports:
            raise SrcError(f"--port {port}: no port {name} (known: {', '.join(ports)})")
    else:
        tagged = sorted(
            (p for p in ports if re.match(r".*@v\d", p)),
            key=lambda p: _version_key(p.split("@")[1]),
        )
        below = [
            p for p in tagged if version and _version_key(p.split("@")[1]) <= _version_key(version)
        ]
        name = (below or tagged)[-1] if (below or not version) else tagged[0]
    return SrcTree(path, project, version, name, go_line)


def _toolchains() -> list[tuple[tuple[int, int], str]]:
    out = []
    for go in [
        shutil.which("go") or "",
        *map(str, sorted(oracle.cache_dir().glob("toolchain/*/usr/lib/go-*/bin/go"))),
    ]:
        if not go or not os.access(go, os.X_OK):
            continue
        v = subprocess.run([go, "env", "GOVERSION"], capture_output=True, text=True,
                           env={**os.environ, "GOTOOLCHAIN": "local", "GOENV": "off"}).stdout.strip()  # fmt: skip
        try:
            out.append((oracle.go_version_tuple(v), go))
        except ValueError:
            continue
    return sorted(out)


def build(tree: SrcTree, go: str | None = None, log: Any = None) -> Path:
    """The harness binary for `tree` (built once per content of the tree and our files)."""
    here = oracle.REPO / "oracle" / "src" / tree.project
    ours = [p.read_bytes() for p in sorted(here.iterdir())]
    h = hashlib.sha256(b"".join(ours))
    for f in sorted(tree.path.rglob("*.go")):
        if ".git" in f.parts:
            continue
        h.update(str(f.relative_to(tree.path)).encode() + b"\0" + f.read_bytes())
    digest = h.hexdigest()[:16]
    dest = oracle.cache_dir() / "src-tail" / digest
    binary = dest / f"harness-{tree.project}"
    if binary.exists():
        return binary
    if go is None:
        chains = [g for v, g in _toolchains() if v >= tree.go_line]
        if not chains:
            raise SrcError(
                f"{tree.path}: go.mod wants Go {tree.go_line[0]}.{tree.go_line[1]}; no such Go here (--go GO)"
            )
        go = chains[-1]
    if log:
        log(f"building {tree.project} {tree.version or '(no tag)'} from {tree.path} with {go}")
    work = dest / "tree"
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(tree.path, work, ignore=shutil.ignore_patterns(".git"), symlinks=True)
    main = (here / "main.go").read_text()
    export = here / "export.go.in"
    if export.exists():
        pkg = next((d for d in EXPORT_DIRS[tree.project] if (work / d).is_dir()), None)
        if pkg is None:
            raise SrcError(f"{tree.path}: none of {', '.join(EXPORT_DIRS[tree.project])} found")
        shutil.copy(export, work / pkg / "zz_memsim_oracle_export.go")
        main = main.replace(
            "github.com/google/cadvisor/MACHINE_PKG", f"github.com/google/cadvisor/{pkg}"
        )
    (work / "zz_memsim_oracle").mkdir()
    (work / "zz_memsim_oracle" / "main.go").write_text(main)
    mod = "vendor" if (work / "vendor" / "modules.txt").is_file() else "mod"
    env = {
        **os.environ,
        "GOPROXY": "off",
        "GOFLAGS": f"-mod={mod}",
        "GOTOOLCHAIN": "local",
        "GOWORK": "off",
        "CGO_ENABLED": "0",
        "GOCACHE": str(oracle.gocache_dir()),
    }
    p = subprocess.run([go, "build", "-o", str(binary), "./zz_memsim_oracle"], cwd=work,
                       env=env, capture_output=True, text=True, timeout=1800)  # fmt: skip
    if p.returncode != 0:
        hint = (
            ""
            if mod == "vendor"
            else " (no vendor/: run `go mod download` in the checkout first; the build is offline)"
        )
        raise SrcError(f"building the harness in {work} failed{hint}:\n{p.stderr[-3000:]}")
    return binary


# --------------------------------------------------------------------------- cases


def _rfc3339_ns(s: str) -> int:
    """Go's time.Time JSON (RFC 3339, nanoseconds) -> unix nanoseconds (UTC or offset)."""
    m = re.match(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$", s)
    if not m:
        raise ValueError(f"not a Go time: {s!r}")
    y, mo, d, hh, mm, ss = (int(x) for x in m.groups()[:6])
    frac = (m.group(7) or "").ljust(9, "0")[:9]
    sec = calendar.timegm((y, mo, d, hh, mm, ss)) if y >= 1 else 0
    if y == 1 and (mo, d, hh, mm, ss) == (1, 1, 0, 0, 0):
        sec = -62135596800
    off = m.group(8)
    if off != "Z":
        sign = 1 if off[0] == "+" else -1
        sec -= sign * (int(off[1:3]) * 3600 + int(off[4:6]) * 60)
    return sec * 10**9 + int(frac)


def _ms_cases(n: int, seed: int) -> list[dict[str, Any]]:
    from sim import oracle_tail

    texts = oracle_tail.expositions(n // 2, seed)
    K = registry.get("kubelet@v1.28.3")()
    from ports.go import time as gotime
    from ports.kubelet.v1_28_3.pkg.apis.stats.v1alpha1 import CPUStats, MemoryStats, NodeStats

    rng = random.Random(seed)
    while len(texts) < n:
        t = gotime.Unix(1700000000 + rng.randrange(10**6), rng.randrange(10**9))
        s = NodeStats(
            CPU=CPUStats(Time=t, UsageCoreNanoSeconds=rng.choice([0, rng.randrange(1 << 64)])),
            Memory=MemoryStats(
                Time=t, WorkingSetBytes=rng.choice([0, rng.randrange(1 << 64), 10 << 60])
            ),
        )
        texts.append(K.metrics_resource(s, None).encode())
    return [
        {"text": base64.b64encode(x).decode(), "time": 1700000000 * 10**9, "node": "node"}
        for x in texts
    ]


def _ms_port(port: Any, req: dict[str, Any]) -> dict[str, Any]:
    from ports.go import time as gotime

    batch, err = port.resource.decodeBatch(base64.b64decode(req["text"]), req["time"], req["node"])
    if err is not None:
        return {"err": err.Error(), "nodes": {}}
    nodes = {
        k: (gotime.UnixNano(p.Timestamp), p.CumulativeCpuUsed, p.MemoryUsage)
        for k, p in batch.Nodes.items()
    }
    return {"err": None, "nodes": nodes}


def _ms_go(a: dict[str, Any]) -> dict[str, Any]:
    nodes = {}
    for k, p in (a.get("nodes") or {}).items():
        cpu = p.get("CumulativeCpuUsed", p.get("CumulativeCPUUsed"))
        nodes[k] = (_rfc3339_ns(p["Timestamp"]), cpu, p["MemoryUsage"])
    return {"err": a.get("err"), "nodes": nodes}


def _cadvisor_cases(n: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        lines = []
        if rng.random() < 0.9:
            lines.append(
                f"MemTotal:{' ' * rng.randint(0, 9)}{rng.choice([rng.randrange(1 << 40), rng.randrange(1 << 64), (1 << 64) // 1024, 'x', ''])} kB"
            )
        lines.append(f"MemFree: {rng.randrange(1 << 30)} kB")
        if rng.random() < 0.8:
            lines.append(
                f"SwapTotal:\t{rng.choice([0, rng.randrange(1 << 36), rng.randrange(10**25), '-1'])} kB"
            )
        rng.shuffle(lines)
        out.append({"meminfo": base64.b64encode("\n".join(lines).encode() + b"\n").decode()})
    return out


def _cadvisor_port(C: Any, req: dict[str, Any]) -> dict[str, Any]:
    from ports.cadvisor.v0_47_3.machine import memoryCapacityRegexp, swapCapacityRegexp

    b = base64.b64decode(req["meminfo"])
    m, merr = C.machine.parseCapacity(b, memoryCapacityRegexp)
    s, serr = C.machine.parseCapacity(b, swapCapacityRegexp)
    return {
        "memory": m,
        "memory_err": merr and merr.Error(),
        "swap": s,
        "swap_err": serr and serr.Error(),
    }


def _kubelet_cases(n: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [
        {"memory_capacity": rng.choice([rng.randrange(1 << 45) * 1024, 1 << 63, rng.randrange(1 << 64), 0]),
         "cores": rng.randrange(1, 512)}
        for _ in range(n)
    ]  # fmt: skip


def _kubelet_port(K: Any, req: dict[str, Any]) -> dict[str, Any]:
    from ports.apimachinery.v0_28_3.pkg.api.resource import (
        BinarySI,
        DecimalSI,
        NewMilliQuantity,
        NewQuantity,
    )
    from ports.cadvisor.v0_47_3.info.v1.machine import MachineInfo

    capacity = K.CapacityFromMachineInfo(MachineInfo(MemoryCapacity=req["memory_capacity"]))
    mem = NewQuantity(capacity["memory"], BinarySI)
    cpu = NewMilliQuantity(req["cores"] * 1000, DecimalSI)
    return {"memory": mem.String(), "memory_value": mem.Value(), "cpu": cpu.String()}


def compare(tree: SrcTree, binary: Path, n: int, seed: int) -> dict[str, Any]:
    from sim import oracle_tail

    build = oracle_tail.TailBuild(
        f"src-{tree.project}", tree.project, "", tree.version, "", "", binary
    )
    if tree.project == "metrics-server":
        MS = registry.get(tree.port)()
        reqs = _ms_cases(n, seed)
        port_of, go_of = (lambda r: _ms_port(MS, r)), _ms_go
    elif tree.project == "cadvisor":
        C = registry.get(tree.port)(registry.get("runc@v1.1.7")())
        reqs = _cadvisor_cases(n, seed)
        port_of, go_of = (lambda r: _cadvisor_port(C, r)), (lambda a: a)
    else:
        K = registry.get(tree.port)()
        reqs = _kubelet_cases(n, seed)
        port_of, go_of = (lambda r: _kubelet_port(K, r)), (lambda a: a)
    answers = oracle_tail.ask(build, reqs)
    mismatches = []
    for i, (r, a) in enumerate(zip(reqs, answers, strict=True)):
        g, p = go_of(a), port_of(r)
        if g != p:
            mismatches.append({"state": i, "request": r, "go": g, "port_side": p,
                               "differences": oracle_tail._diff(g, p)})  # fmt: skip
    return {
        "layer": tree.project,
        "port": tree.port,
        "source": str(tree.path),
        "version": tree.version,
        "states": len(reqs),
        "mismatches": len(mismatches),
        "mismatch_cases": mismatches[:50],
        "go_command": f"... | {binary}",
    }


def main(args: argparse.Namespace, err: Any) -> int:
    """memsim oracle --src DIR [...]: build, compare, print, --json; exit 0/1/2."""
    results = {}
    try:
        for d in args.src:
            tree = detect(d, args.port)
            binary = build(tree, args.go, log=lambda m: err.print(f"[dim]{m}[/]"))
            results[f"src-{tree.project}@{tree.path.name}"] = compare(
                tree, binary, max(args.states, 1), args.seed
            )
    except oracle.OracleError as e:
        print(f"memsim oracle: {e}", file=__import__("sys").stderr)
        return 2
    for label, r in results.items():
        print(f"{label} ~ {r['port']}: {r['states']} states, {r['mismatches']} mismatches")
        for m in r["mismatch_cases"][: args.show]:
            print(f"  MISMATCH state {m['state']}: {'; '.join(m['differences'])}")
    if args.json:
        text = json.dumps({"versions": {}, "layers": results}, indent=2) + "\n"
        if args.json == "-":
            print(text, end="")
        else:
            Path(args.json).write_text(text)
    return 1 if any(r["mismatches"] for r in results.values()) else 0
