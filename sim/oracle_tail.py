"""The oracle's tail: the ports after the kubelet against the real Go, case by case.

scripts/oracle-setup builds, from Debian's Go source packages, our harnesses in oracle/tail/
and keeps the real kubectl binaries (listed in the cache's bin/tail.json):

    layer        Go (Debian)                                  port compared with
    quantity     apimachinery resource (kubectl's deps)       apimachinery@v0.28.3
    kubectl      kubectl metricsutil, RunTopNode's table      kubectl@v0.28.3 (+1.32 header), @v0.36.3
    kubectl-bin  the kubectl binary, against sim.fakeapi      the same ports
    writer       prometheus-common expfmt.MetricFamilyToText  prometheus_common@v0.44.0
    parser       prometheus model/textparse PromParser        prometheus@v2.5.0 textparse

    builds, why = load()                    # the tail builds, or why there are none
    report = run(builds, 10_000, seed=0)    # every layer, 10,000 states each
    report.layers["kubectl-1.36.4"].mismatches

Every state is checked whole (the table text, the written bytes, the entries parsed); what is
masked is listed per layer in `MASKS` and docs/oracle.md ("The tail").
"""

from __future__ import annotations

import base64
import json
import random
import shutil
import struct
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ports import registry
from ports.apimachinery.v0_28_3.pkg.api.resource import (
    BinarySI,
    DecimalExponent,
    DecimalSI,
    NewMilliQuantity,
    NewQuantity,
    NewScaledQuantity,
    ParseQuantity,
    Quantity,
)
from ports.apimachinery.v0_28_3.pkg.api.resource.amount import int64Amount
from ports.go import fmt
from ports.go.builtin import int64, quo
from ports.kubectl.v0_28_3 import Node, NodeMetrics, TopNodeOptions
from sim import oracle

# the scales the kubectl harness answers ScaledValue for (oracle/tail/kubectl/main.go Scales)
SCALES = (-30, -21, -20, -19, -18, -12, -9, -6, -3, -1, 0, 1, 3, 6, 9, 12, 18, 19, 20, 21, 30)

# label -> the port each layer of that build is compared with
PORTS: dict[str, dict[str, str]] = {
    "kubectl-1.32.3": {
        "quantity": "apimachinery@v0.28.3",
        "kubectl": "kubectl@v0.28.3+v0.32.3-header",
        "kubectl-bin": "kubectl@v0.28.3+v0.32.3-header",
    },
    "kubectl-1.36.4": {
        "quantity": "apimachinery@v0.28.3",
        "kubectl": "kubectl@v0.36.3",
        "kubectl-bin": "kubectl@v0.36.3",
    },
    "expfmt-0.39.0": {"writer": "prometheus_common@v0.44.0"},
    "textparse-2.53.3": {"parser": "prometheus@v2.5.0"},
}
LAYERS = ("quantity", "kubectl", "kubectl-bin", "writer", "parser")

# What each layer does not compare, and why (docs/oracle.md "The tail")
MASKS: dict[str, list[str]] = {
    "quantity": [],
    "kubectl": [
        "the order of the <unknown> lines of nodes without metrics (Go ranges over a map)",
    ],
    "kubectl-bin": [
        "the order of the <unknown> lines of nodes without metrics (Go ranges over a map)",
    ],
    "writer": [],
    "parser": [
        "error texts: only where an error stops the parse is compared (prometheus 2.53 "
        "words its errors differently from 2.5.0)",
    ],
}


class TailError(oracle.OracleError):
    pass


@dataclass(frozen=True)
class TailBuild:
    """One tail harness (and, for kubectl, the real binary of the same Debian version)."""

    label: str  # kubectl-1.32.3, kubectl-1.36.4, expfmt-0.39.0, textparse-2.53.3
    harness: str  # kubectl | expfmt | textparse
    package: str
    package_version: str
    suite: str
    go: str
    binary: Path
    kubectl: Path | None = None
    kubectl_version: str = ""

    @property
    def layers(self) -> list[str]:
        return list(PORTS.get(self.label, {}))

    @property
    def source(self) -> str:
        return f"Debian {self.suite} {self.package}"


def load() -> tuple[list[TailBuild], str | None]:
    """The tail builds of scripts/oracle-setup, or ([], one line saying why there are none)."""
    manifest = oracle.cache_dir() / "bin" / "tail.json"
    if not manifest.exists():
        return [], f"oracle tail not built ({manifest} missing): run scripts/oracle-setup"
    out = []
    for e in json.loads(manifest.read_text()):
        binary = Path(e["binary"])
        if not binary.exists():
            return [], f"oracle tail binary {binary} missing: run scripts/oracle-setup"
        kubectl = Path(e["kubectl"]) if e.get("kubectl") else None
        out.append(
            TailBuild(
                e["label"],
                e["layer"],
                e["package"],
                e["package_version"],
                e["suite"],
                e["go"],
                binary,
                kubectl,
                e.get("kubectl_version", ""),
            )
        )
    return out, None


def get(label: str) -> TailBuild:
    builds, why = load()
    if why:
        raise TailError(why)
    for b in builds:
        if b.label == label:
            return b
    raise TailError(f"no tail build {label!r} (built: {', '.join(b.label for b in builds)})")


# --------------------------------------------------------------------------- harness I/O


def ask(build: TailBuild, requests: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every request through one harness process, one JSON answer each."""
    data = "".join(json.dumps(r, separators=(",", ":")) + "\n" for r in requests).encode()
    p = subprocess.run([str(build.binary)], input=data, capture_output=True, timeout=600)
    lines = p.stdout.decode().splitlines()
    if p.returncode != 0 or len(lines) != len(requests):
        raise TailError(
            f"{build.binary} answered {len(lines)} of {len(requests)} requests (exit "
            f"{p.returncode}): {p.stderr.decode(errors='replace')[-400:]}"
        )
    return [json.loads(line) for line in lines]


class Session:
    """A harness kept running, asked one request at a time (a side of memsim diff)."""

    def __init__(self, build: TailBuild) -> None:
        self.build = build
        self.proc = subprocess.Popen(
            [str(build.binary)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )

    def ask(self, request: dict[str, Any]) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(request, separators=(",", ":")) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise TailError(f"{self.build.binary} stopped (exit {self.proc.wait()})")
        return dict(json.loads(line))

    def close(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            self.proc.wait(timeout=10)


def b64(s: str | bytes) -> str:
    if isinstance(s, str):
        s = s.encode("utf-8", "surrogateescape")
    return base64.b64encode(s).decode()


def unb64(s: str | None) -> bytes:
    return base64.b64decode(s) if s else b""


def bits(f: float) -> int:
    return int(struct.unpack("<Q", struct.pack("<d", f))[0])


def from_bits(b: int) -> float:
    return float(struct.unpack("<d", struct.pack("<Q", b))[0])


# --------------------------------------------------------------------------- reports


@dataclass
class TailMismatch:
    label: str
    layer: str
    state: int
    differences: list[str]
    request: Any  # what was sent (a harness line, or the kubectl invocation)
    go: Any
    port: Any
    replay: str = ""  # a shell line that asks the Go the same

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.label,
            "layer": self.layer,
            "state": self.state,
            "differences": self.differences,
            "request": self.request,
            "go": self.go,
            "port_side": self.port,
            "go_command": self.replay,
        }


@dataclass
class LayerReport:
    label: str  # e.g. kubectl-1.36.4 (harness), kubectl-bin-1.36.4, quantity-1.32.3
    layer: str
    build: TailBuild
    port: str
    states: int = 0
    comparisons: int = 0
    mismatches: int = 0
    go_seconds: float = 0.0
    port_seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        b = self.build
        go = b.go if self.layer != "kubectl-bin" else f"kubectl {b.kubectl_version}"
        return {
            "layer": self.layer,
            "port": self.port,
            "states": self.states,
            "comparisons": self.comparisons,
            "mismatches": self.mismatches,
            "package_version": b.kubectl_version
            if self.layer == "kubectl-bin"
            else b.package_version,
            "go": go,
            "source": f"Debian {b.suite} kubectl" if self.layer == "kubectl-bin" else b.source,
            "masked": MASKS[self.layer],
            "go_seconds": round(self.go_seconds, 2),
            "port_seconds": round(self.port_seconds, 2),
            **self.extra,
        }


@dataclass
class TailReport:
    layers: dict[str, LayerReport] = field(default_factory=dict)
    mismatches: list[TailMismatch] = field(default_factory=list)
    seconds: float = 0.0
    pipeline_states: int = 0  # sim.states states whose pipeline output fed the layers

    def to_json(self) -> dict[str, Any]:
        return {k: v.to_json() for k, v in self.layers.items()}


def layer_label(build: TailBuild, layer: str) -> str:
    version = build.label.split("-", 1)[1]
    return {
        "quantity": f"quantity-{version}",
        "kubectl": build.label,
        "kubectl-bin": f"kubectl-bin-{version}",
        "writer": build.label,
        "parser": build.label,
    }[layer]


# --------------------------------------------------------------------------- quantity


def _uint64Quantity(val: int, format: str, scale: int) -> Quantity:
    # what metrics-server's storage makes of a uint64 (the metrics-server port's function)
    ms: Any = registry.get("metrics-server@v0.6.4")()
    return ms.storage.uint64Quantity(val, format, scale)


_INT64_EDGES = (0, 1, -1, 1023, 1024, 1025, (1 << 63) - 1, -(1 << 63), (1 << 62), 999, 1000)
_SUFFIXES = ("", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "m", "k", "M", "G", "T", "P", "E")
_EXPONENTS = ("e3", "e-7", "e19", "E-25", "e300", "e+2", "E0", "e-", "e4294967296")


def quantity_cases(n: int, seed: int) -> list[dict[str, Any]]:
    """n requests: Quantities as the pipeline makes them (metrics-server's uint64Quantity of
    working sets and CPU rates, the kubelet's capacities and allocatables, wrapping and
    capped values), as int64Amount of any scale and format, and strings to parse (canonical
    forms, every suffix, fractions, signs, exponents, too many digits, malformed)."""
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    for i in range(n):
        kind = i % 8
        if kind in (0, 1):  # a working set through metrics-server's uint64Quantity
            v = rng.choice(
                [rng.randrange(1 << 40), rng.randrange(1 << 64), 10 << 60, (1 << 63) + 7]
            )
            q = _uint64Quantity(v, BinarySI, 0)
        elif kind == 2:  # a CPU rate in nanocores
            q = _uint64Quantity(
                rng.choice([rng.randrange(10**12), rng.randrange(1 << 64)]), DecimalSI, -9
            )
        elif kind == 3:  # capacity / allocatable: NewQuantity(int64(bytes), BinarySI)
            q = NewQuantity(
                int64(rng.choice([rng.randrange(1 << 45) * 1024, rng.randrange(1 << 64)])), BinarySI
            )
        elif kind == 4:  # cores
            q = rng.choice(
                [
                    NewQuantity(rng.randrange(512), DecimalSI),
                    NewMilliQuantity(rng.randrange(10**6), DecimalSI),
                ]
            )
        elif kind == 5:  # any int64Amount
            v = rng.choice(
                [*_INT64_EDGES, rng.randrange(-(1 << 63), 1 << 63), rng.randrange(-(10**6), 10**6)]
            )
            q = NewScaledQuantity(
                v, rng.choice([-9, -6, -3, 0, 1, 2, 3, 6, 9, 12, 18, rng.randrange(-30, 31)])
            )
            q.Format = rng.choice([BinarySI, DecimalSI, DecimalExponent])
        else:  # a string to parse
            out.append({"p": _quantity_string(rng)})
            continue
        out.append({"q": [q.i.value, q.i.scale, q.Format]})
    return out


def _quantity_string(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.1:
        return rng.choice(
            ["", "0", ".", "-", "+", "1.2.3", "abc", "1e", "1Mii", "+.e-20", "-.5Mi", "1.G",
             "9223372036854775807", "9223372036854775808", "-9223372036854775809Ki", "10Ei",
             "8Ei", "7.99999999999Ei", " 1", "1 ", "0x10", "1_000", "é"]
        )  # fmt: skip
    digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 26)))
    if rng.random() < 0.3:
        k = rng.randint(0, len(digits))
        digits = digits[:k] + "." + digits[k:]
    suffix = rng.choice(_SUFFIXES) if rng.random() < 0.85 else rng.choice(_EXPONENTS)
    return rng.choice(["", "", "-", "+"]) + digits + suffix


def describe(q: Quantity) -> dict[str, Any]:
    """What the kubectl harness answers for a Quantity (oracle/tail/kubectl/main.go)."""
    a: dict[str, Any] = {"s": q.DeepCopy().String(), "v": q.DeepCopy().Value()}
    a["m"] = q.DeepCopy().MilliValue()
    a["sv"] = [q.DeepCopy().ScaledValue(s) for s in SCALES]
    a["fmt"] = q.Format
    a["mi"] = fmt.Sprintf("%vMi", quo(q.DeepCopy().Value(), 1024 * 1024))
    a["cpu"] = fmt.Sprintf("%vm", q.DeepCopy().MilliValue())
    a["err"] = None
    return a


def port_quantity(req: dict[str, Any]) -> dict[str, Any]:
    if "p" in req:
        q, err = ParseQuantity(req["p"])
        return {"err": err.Error()} if err is not None else describe(q)
    v, s, f = req["q"]
    q = Quantity(int64Amount(v, s), f)
    a = describe(q)
    text, _ = q.DeepCopy().MarshalJSON()
    p, err = ParseQuantity(json.loads(text))
    a["rt"] = {"err": err.Error()} if err is not None else describe(p)
    return a


def _normal_quantity_answer(a: dict[str, Any]) -> dict[str, Any]:
    if a.get("err") is not None:  # an error answer carries nothing else that counts
        return {"err": a["err"]}
    if "rt" in a:
        a = {**a, "rt": _normal_quantity_answer(a["rt"])}
    return a


# --------------------------------------------------------------------------- kubectl top


def kubectl_port(label: str) -> Any:
    """The port compared with a kubectl build: v0.36.3 for 1.36; for 1.32, kubectl@v0.32.3
    when the registry has it, else v0.28.3 with v0.32.3's header ("CPU(%)", "MEMORY(%)":
    the one line of metrics_printer.go that differs, `git diff v0.28.3 v0.32.3`)."""
    if label.endswith("1.36.4"):
        return registry.get("kubectl@v0.36.3")()
    if "kubectl@v0.32.3" in registry.names("kubectl"):
        return registry.get("kubectl@v0.32.3")()
    _init_132()
    return _Kubectl132()


def _kubectl_132_class() -> type:
    from ports.kubectl import v0_28_3

    class Metricsutil132(v0_28_3.Metricsutil):
        NodeColumns = ("NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)")

    class Kubectl132(v0_28_3.Kubectl):
        TAG = "v0.28.3+v0.32.3-header"
        Metricsutil = Metricsutil132

    return Kubectl132


_Kubectl132: Any = None


def _init_132() -> None:
    global _Kubectl132
    if _Kubectl132 is None:
        _Kubectl132 = _kubectl_132_class()


def _decode(s: str) -> Quantity:
    """kubectl's decoding of a quantity string of the API (Quantity.UnmarshalJSON)."""
    q = Quantity()
    err = q.UnmarshalJSON(json.dumps(s).encode())
    if err is not None:
        raise ValueError(f"quantity {s!r}: {err.Error()}")
    return q


def _resources(m: dict[str, str] | None) -> dict[str, Quantity]:
    return {k: _decode(v) for k, v in (m or {}).items()}


def port_top(kc: Any, top: dict[str, Any]) -> dict[str, Any]:
    """RunTopNode of the port on the objects of a `top` request: (table, error)."""
    metrics = [NodeMetrics(m["name"], _resources(m["usage"])) for m in top["metrics"]]
    nodes = [
        Node(
            n["name"],
            _resources(n.get("capacity")),
            _resources(n.get("allocatable")),
            n.get("swap"),
        )
        for n in top["nodes"]
    ]
    o = TopNodeOptions(
        ShowCapacity=top.get("show_capacity", False),
        NoHeaders=top.get("no_headers", False),
        SortBy=top.get("sort_by", ""),
        ShowSwap=top.get("show_swap", False),
    )
    table, err = kc.top_node(o, metrics, nodes)
    return {"out": table, "err": None if err is None else err.Error()}


def canonical_table(text: str, top: dict[str, Any]) -> str:
    """The table with the one order Go leaves open made canonical (MASKS["kubectl"]): the
    <unknown> lines of nodes without metrics, which Go prints ranging over a map. They come
    last and have the same cells, so their order changes no column width."""
    lines = text.splitlines(keepends=True)
    head: list[str] = []
    if not top.get("no_headers") and lines:
        head, lines = lines[:1], lines[1:]
    n = len(top["metrics"])
    return "".join(head + lines[:n] + sorted(lines[n:]))


_NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"


def top_cases(rows: int, seed: int, label: str) -> list[dict[str, Any]]:
    """`top` requests whose tables hold `rows` node rows in all: 1 to 40 nodes each, the
    quantities as the pipeline makes them (and hostile ones), some nodes without metrics and
    metrics without a node, every option (--show-capacity, --no-headers, --sort-by, and
    --show-swap with and without swap capacities on 1.36)."""
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    total = 0
    while total < rows:
        n = rng.choice([1, 1, 2, 3, 5, 8, 12, 13, 20, 40])
        top = _one_top(rng, n, label.endswith("1.36.4"))
        out.append(top)
        total += max(len(top["metrics"]), 1)
    return out


def _q(q: Quantity) -> str:
    text, _ = q.MarshalJSON()
    return str(json.loads(text))


def _usage(rng: random.Random, same: dict[str, str] | None) -> dict[str, str]:
    if same is not None and rng.random() < 0.3:
        return dict(same)  # a tie
    ws = rng.choice(
        [rng.randrange(1 << 34), rng.randrange(1 << 40), 10 << 60, rng.randrange(1 << 64), 0]
    )
    cpu = rng.choice([rng.randrange(10**11), rng.randrange(1 << 64), 0])
    u = {
        "cpu": _q(_uint64Quantity(cpu, DecimalSI, -9)),
        "memory": _q(_uint64Quantity(ws, BinarySI, 0)),
    }
    if rng.random() < 0.3:
        u["swap"] = _q(_uint64Quantity(rng.randrange(1 << 33), BinarySI, 0))
    if rng.random() < 0.03:
        u["memory"] = _quantity_string(rng)
        if ParseQuantity(u["memory"])[1] is not None:
            u["memory"] = "1Gi"
    return u


def _capacity(rng: random.Random) -> dict[str, str]:
    mem = rng.choice([rng.randrange(1 << 24, 1 << 36) * 1024, 1 << 63, 0, rng.randrange(1 << 64)])
    cores = rng.choice([1, 2, 4, 64, 0, rng.randrange(1000)])
    return {
        "cpu": _q(NewQuantity(cores, DecimalSI)),
        "memory": _q(NewQuantity(int64(mem), BinarySI)),
        "pods": "110",
    }


def _one_top(rng: random.Random, n: int, k136: bool) -> dict[str, Any]:
    names: set[str] = set()
    while len(names) < n:
        names.add("node-" + "".join(rng.choice(_NAME_CHARS) for _ in range(rng.randint(1, 12))))
    metrics, nodes = [], []
    last: dict[str, str] | None = None
    for name in sorted(names, key=lambda _: rng.random()):
        has_metrics, has_node = rng.random() > 0.05, rng.random() > 0.05
        if has_metrics or not has_node:
            last = _usage(rng, last)
            metrics.append({"name": name, "usage": last})
        if has_node:
            cap = _capacity(rng)
            alloc = {k: v for k, v in cap.items()}
            if rng.random() < 0.8:
                q = _decode(cap["memory"])
                alloc["memory"] = _q(
                    NewQuantity(max(q.Value() - rng.randrange(1 << 30), 0), BinarySI)
                )
            swap = rng.choice([None, None, 0, rng.randrange(1 << 35)]) if k136 else None
            nodes.append({"name": name, "capacity": cap, "allocatable": alloc, "swap": swap})
    if rng.random() < 0.01:
        metrics = []  # "metrics not available yet"
    return {
        "nodes": nodes,
        "metrics": metrics,
        "show_capacity": rng.random() < 0.3,
        "no_headers": rng.random() < 0.2,
        "sort_by": rng.choice(["", "", "cpu", "memory"]),
        "show_swap": k136 and rng.random() < 0.5,
    }


# --------------------------------------------------------------------------- the binary


def run_kubectl(
    kubectl: Path, top: dict[str, Any], name: str | None, workdir: Path
) -> dict[str, Any]:
    """The real `kubectl top node [NAME]` with the request's options against sim.fakeapi
    serving its objects: {"out": stdout, "err": the error kubectl printed, or None}."""
    from sim import fakeapi

    metrics = [fakeapi.node_metrics(m["name"], m["usage"]) for m in top["metrics"]]
    nodes = [
        fakeapi.node(n["name"], n["capacity"], n["allocatable"], n.get("swap"))
        for n in top["nodes"]
    ]
    args = [str(kubectl), "top", "node"]
    if name is not None:
        args.append(name)
    if top.get("show_capacity"):
        args.append("--show-capacity")
    if top.get("no_headers"):
        args.append("--no-headers")
    if top.get("sort_by"):
        args.append(f"--sort-by={top['sort_by']}")
    if top.get("show_swap"):
        args.append("--show-swap")
    home = workdir / "home"
    home.mkdir(parents=True, exist_ok=True)
    with fakeapi.FakeAPI(metrics, nodes, lifetime=60, max_requests=50) as api:
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(home),
            "KUBECONFIG": str(api.kubeconfig(workdir)),
            "NO_PROXY": "127.0.0.1",
        }
        p = subprocess.run(
            [*args, f"--cache-dir={home}/cache", "--request-timeout=20s"],
            env=env,
            capture_output=True,
            timeout=60,
        )
    err = None
    if p.returncode != 0:
        text = p.stderr.decode(errors="replace").strip()
        err = text.removeprefix("error: ")
    return {"out": p.stdout.decode(errors="replace"), "err": err, "args": args[1:]}


def binary_cases(rows: int, seed: int, label: str) -> list[tuple[dict[str, Any], str | None]]:
    """(top request, NAME or None) for the binary: big tables (up to 1,500 nodes) with each
    combination of options, then single nodes by name (found, and one without a node)."""
    rng = random.Random(seed)
    k136 = label.endswith("1.36.4")
    combos = [(sc, nh, sb, sw) for sc in (False, True) for nh in (False, True)
              for sb in ("", "cpu", "memory") for sw in ((False, True) if k136 else (False,))]  # fmt: skip
    out: list[tuple[dict[str, Any], str | None]] = []
    total = 0
    i = 0
    while total < rows:
        sc, nh, sb, sw = combos[i % len(combos)]
        n = min(1500, max(rows - total, 1))
        top = _one_top(rng, n, k136)
        if not top["metrics"]:
            top = _one_top(rng, n, k136)
        top.update(show_capacity=sc, no_headers=nh, sort_by=sb, show_swap=sw)
        out.append((top, None))
        total += len(top["metrics"])
        i += 1
    for j in range(6):  # kubectl top node NAME
        top = _one_top(rng, 3, k136)
        if not top["metrics"]:
            continue
        name = top["metrics"][0]["name"]
        top["metrics"] = top["metrics"][:1]
        top.update(show_capacity=j % 2 == 1, show_swap=k136 and j % 3 == 0)
        out.append((top, name))
    return out


def _api_error(top: dict[str, Any], name: str | None) -> dict[str, Any] | None:
    """What kubectl prints when `top node NAME` asks the fake API for an object it does not
    have (the API's NotFound, as kubectl's CheckErr words it): the ports take the API's
    results, so this part of RunTopNode is the oracle's, not a port's."""
    if name is None:
        return None
    if not top["metrics"]:
        return {
            "out": "",
            "err": f'Error from server (NotFound): nodemetrics.metrics.k8s.io "{name}" not found',
        }
    if not top["nodes"]:
        return {"out": "", "err": f'Error from server (NotFound): nodes "{name}" not found'}
    return None


def _named(top: dict[str, Any], name: str) -> dict[str, Any]:
    """The request as RunTopNode sees it for `top node NAME`: that node's metrics and node
    (Get), or the API's NotFound when there is none."""
    t = dict(top)
    t["metrics"] = [m for m in top["metrics"] if m["name"] == name]
    t["nodes"] = [n for n in top["nodes"] if n["name"] == name]
    return t


# --------------------------------------------------------------------------- writer, parser


_METRIC_NAMES = (
    "node_cpu_usage_seconds_total", "node_memory_working_set_bytes", "node_swap_usage_bytes",
    "scrape_error", "resource_scrape_error", "container_memory_working_set_bytes",
)  # fmt: skip
_LABEL_NAMES = ("container", "pod", "namespace", "a", "_b", "le", "quantile")
_HELP_CHARS = (
    "a",
    " ",
    "\\",
    "\n",
    '"',
    "é",
    "[ALPHA]",
    "(Deprecated since 1.29.0)",
    "\t",
    "{",
    "=",
)
_VALUE_CHARS = ("a", "\\", "\n", '"', "é", "日", " ", "{", "}", "=", ",", "\t", "\x01")


def _float(rng: random.Random) -> float:
    r = rng.random()
    if r < 0.15:
        return from_bits(rng.choice([0x7FF8000000000001, 0x7FF8000000000000, 0x7FF0000000000002,
                                     0x7FF0000000000000, 0xFFF0000000000000, 0x8000000000000000,
                                     0x0000000000000001, 0x7FEFFFFFFFFFFFFF, rng.getrandbits(64)]))  # fmt: skip
    if r < 0.5:
        return float(rng.randrange(1 << rng.choice([10, 34, 53, 64])))
    if r < 0.6:
        return rng.choice([0.0, 1.0, -1.0, -0.0])
    return rng.random() * 10.0 ** rng.randint(-30, 30) * rng.choice([1, -1])


def families(n: int, seed: int, *, kubelet_like: bool = False) -> list[Any]:
    """n dto MetricFamilies (the writer port's MetricFamily): kubelet's names, help texts
    and types, and hostile ones (empty families, no name, escapes, invalid UTF-8, every
    float: NaN payloads, infinities, -0, subnormals; any int64 timestamp). `kubelet_like`
    keeps to what kubelet writes: valid names, a metric each, valid UTF-8 label values."""
    from ports.prometheus_common.v0_44_0.expfmt import Metric, MetricFamily

    rng = random.Random(seed)
    out = []
    for _ in range(n):
        typ = rng.choice(
            ["counter", "gauge", "untyped"] if not kubelet_like else ["counter", "gauge"]
        )
        name: str | None = rng.choice(_METRIC_NAMES)
        if not kubelet_like and rng.random() < 0.05:
            name = rng.choice([None, "", "a b", "x{", "é"])
        help_: str | None = None
        if rng.random() < 0.9:
            help_ = "".join(rng.choice(_HELP_CHARS) for _ in range(rng.randint(0, 8)))
            if not kubelet_like and rng.random() < 0.05:
                help_ += "\udcff"
        ms = []
        count = rng.choice([1, 1, 1, 2, 3]) if kubelet_like else rng.choice([0, 1, 1, 2, 3])
        for _ in range(count):
            labels = []
            for k in sorted(rng.sample(_LABEL_NAMES, rng.randint(0, 3))):
                v = "".join(rng.choice(_VALUE_CHARS) for _ in range(rng.randint(0, 6)))
                if rng.random() < 0.03:
                    v += "\udcfe"
                labels.append((k, v))
            ts = rng.choice([None, None, 1700000000123, rng.randrange(-(1 << 63), 1 << 63), 0])
            ms.append(Metric(_float(rng), labels, ts))
        out.append(MetricFamily(name, help_, typ, ms))
    return out


def family_request(mf: Any) -> dict[str, Any]:
    return {
        "name": None if mf.name is None else b64(mf.name),
        "help": None if mf.help is None else b64(mf.help),
        "type": mf.type.upper(),
        "metrics": [
            {
                "labels": [[b64(k), b64(v)] for k, v in m.labels],
                "bits": bits(m.value),
                "ts": m.timestamp_ms,
            }
            for m in mf.metrics
        ],
    }


def port_write(mf: Any) -> dict[str, Any]:
    from ports.prometheus_common.v0_44_0.expfmt import MetricFamilyToText

    text, n, err = MetricFamilyToText(mf)
    return {
        "out": text.encode("utf-8", "surrogateescape"),
        "n": n,
        "err": None if err is None else err.Error(),
    }


def expositions(n: int, seed: int) -> list[bytes]:
    """n /metrics/resource-like texts, written by the writer port from kubelet-like
    families (what metrics-server parses): one to five families each, HELP and TYPE, the
    samples with and without timestamps; a few with invalid UTF-8 label values or help."""
    from ports.prometheus_common.v0_44_0.expfmt import MetricFamilyToText

    rng = random.Random(seed)
    fams = families(n * 3, seed + 1, kubelet_like=True)
    out = []
    k = 0
    for _ in range(n):
        text = ""
        for _ in range(rng.randint(1, 5)):
            mf = fams[k % len(fams)]
            k += 1
            t, _, err = MetricFamilyToText(mf)
            if err is None:
                text += t
        out.append(text.encode("utf-8", "surrogateescape"))
    return out


def port_parse(text: bytes) -> dict[str, Any]:
    """The entries the parser port reads, in the textparse harness's shape."""
    from ports.go import io
    from ports.prometheus.v2_5_0.pkg import textparse

    p = textparse.New(text, "")
    entries: list[dict[str, Any]] = []
    while True:
        et, err = p.Next()
        if err is not None:
            return {"entries": entries, "err": None if err is io.EOF else err.Error()}
        e: dict[str, Any] = {"e": et}
        if et == textparse.EntrySeries:
            series, ts, v = p.Series()
            _, labels = p.Metric()
            e.update(series=series, ts=ts, bits=bits(v),
                     labels=[(k.encode("utf-8", "surrogateescape"), x.encode("utf-8", "surrogateescape")) for k, x in labels])  # fmt: skip
        elif et == textparse.EntryHelp:
            m, h = p.Help()
            e.update(m=m, help=h)
        elif et == textparse.EntryType:
            m, t = p.Type()
            e.update(m=m, type=t)
        elif et == textparse.EntryComment:
            e.update(comment=p.Comment())
        entries.append(e)


def _go_entries(a: dict[str, Any]) -> dict[str, Any]:
    out = []
    for g in a["entries"]:
        e: dict[str, Any] = {"e": g["e"]}
        if g["e"] == 2:
            e.update(series=unb64(g.get("series")), ts=g.get("ts"), bits=g["bits"],
                     labels=[(unb64(k), unb64(v)) for k, v in g.get("labels") or []])  # fmt: skip
        elif g["e"] == 1:
            e.update(m=unb64(g.get("m")), help=unb64(g.get("help")))
        elif g["e"] == 0:
            e.update(m=unb64(g.get("m")), type=g.get("type"))
        elif g["e"] == 3:
            e.update(comment=unb64(g.get("comment")))
        out.append(e)
    return {"entries": out, "err": a["err"]}


def _mask_parse(a: dict[str, Any]) -> dict[str, Any]:
    return {"entries": a["entries"], "err": a["err"] is not None}


# --------------------------------------------------------------------------- pipeline states


@dataclass
class PipelineOut:
    """What the tail received for one sim.states state through one stack: the kubelet's
    /metrics/resource body, metrics-server's usage quantities, the node's capacity and
    allocatable (None where the pipeline stopped before)."""

    state: int
    stack: str
    exposition: bytes
    usage: dict[str, str] | None  # NodeMetrics usage as the API carries it
    capacity: int
    allocatable: int


def pipeline_outputs(n: int, seed: int) -> list[PipelineOut]:
    """`n` states of sim.states.plan(n, seed) (the states diff and the runc oracle use),
    each through k8s-1.28.3 and k8s-latest: what reaches the tail."""
    from ports.go import host
    from sim import hosts, pipeline, stacks, states

    out = []
    for i, ref in enumerate(states.plan(n, seed)):
        tree = states.tree(ref)
        for name in ("k8s-1.28.3", "k8s-latest"):
            try:
                with host.use(hosts.for_tree(tree)):
                    res = pipeline.run(stacks.parse(name))
            except Exception:
                continue
            usage = None
            down = getattr(res._cache.get("make_kubectl"), "__self__", None)
            if down is not None and down.nms:
                usage = {k: _q(q) for k, q in down.nms[0].Usage.items()}
            out.append(
                PipelineOut(i, name, res.exposition.encode("utf-8", "surrogateescape"), usage,
                            res.node_capacity, res.node_allocatable)
            )  # fmt: skip
    return out


def _pipeline_quantities(outs: Sequence[PipelineOut]) -> list[dict[str, Any]]:
    reqs: list[dict[str, Any]] = []
    for o in outs:
        for text in (o.usage or {}).values():
            reqs.append({"p": text})
        for v in (o.capacity, o.allocatable):
            q = NewQuantity(v, BinarySI)
            reqs.append({"q": [q.i.value, q.i.scale, q.Format]})
    return reqs


def _pipeline_tops(outs: Sequence[PipelineOut], k136: bool, seed: int) -> list[dict[str, Any]]:
    """The pipeline's nodes as clusters of 1 to 12 nodes (each option in turn)."""
    rng = random.Random(seed)
    tops, i = [], 0
    while i < len(outs):
        group = outs[i : i + rng.randint(1, 12)]
        i += len(group)
        nodes, metrics = [], []
        for j, o in enumerate(group):
            name = f"node-{o.state}-{j}"
            cap = {"cpu": "4", "memory": _q(NewQuantity(o.capacity, BinarySI))}
            alloc = {"cpu": "4", "memory": _q(NewQuantity(o.allocatable, BinarySI))}
            nodes.append({"name": name, "capacity": cap, "allocatable": alloc,
                          "swap": rng.choice([None, 1 << 30]) if k136 else None})  # fmt: skip
            if o.usage is not None:
                metrics.append({"name": name, "usage": o.usage})
        tops.append({
            "nodes": nodes, "metrics": metrics, "show_capacity": rng.random() < 0.3,
            "no_headers": rng.random() < 0.2, "sort_by": rng.choice(["", "cpu", "memory"]),
            "show_swap": k136 and rng.random() < 0.5,
        })  # fmt: skip
    return tops


# --------------------------------------------------------------------------- the run


def _diff(go: Any, port: Any, limit: int = 6) -> list[str]:
    out: list[str] = []
    oracle._json_diff(_jsonable(go), _jsonable(port), "", out, limit)
    return out or [f"Go {str(go)[:200]}, port {str(port)[:200]}"]


def _jsonable(v: Any) -> Any:
    if isinstance(v, bytes):
        return v.decode("utf-8", "backslashreplace")
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    return v


Progress = Callable[[str, int, int], None]  # (layer label, done, total)


def run(
    builds: Sequence[TailBuild],
    n: int = 10_000,
    seed: int = 0,
    *,
    layers: Iterable[str] = LAYERS,
    progress: Progress | None = None,
    max_kept: int = 50,
) -> TailReport:
    """Every layer of every build over `n` states (per layer), each compared whole. A
    quarter of each layer's states (except the binary's) is what the pipeline handed the
    tail on sim.states states (`pipeline_outputs`), the rest generated (corners included)."""
    t0 = time.monotonic()
    _init_132()
    want = set(layers)
    report = TailReport()
    outs = pipeline_outputs(max(n // 8, 1), seed) if want - {"kubectl-bin"} else []
    report.pipeline_states = len({o.state for o in outs})

    def tick(label: str, done: int, total: int) -> None:
        if progress:
            progress(label, done, total)

    def mismatch(lr: LayerReport, i: int, req: Any, go: Any, port: Any, replay: str) -> None:
        lr.mismatches += 1
        if len(report.mismatches) < max_kept:
            report.mismatches.append(
                TailMismatch(
                    lr.label,
                    lr.layer,
                    i,
                    _diff(go, port),
                    _jsonable(req),
                    _jsonable(go),
                    _jsonable(port),
                    replay,
                )
            )

    def replay_line(b: TailBuild, req: dict[str, Any]) -> str:
        import shlex

        return f"printf '%s\\n' {shlex.quote(json.dumps(req, separators=(',', ':')))} | {b.binary}"

    for b in builds:
        for layer in b.layers:
            if layer not in want:
                continue
            lr = LayerReport(layer_label(b, layer), layer, b, PORTS[b.label][layer])
            report.layers[lr.label] = lr
            tick(lr.label, 0, n)
            if layer == "quantity":
                reqs = _pipeline_quantities(outs)[: n // 4]
                lr.extra["from_pipeline"] = len(reqs)
                reqs += quantity_cases(n - len(reqs), seed)
                t = time.monotonic()
                goa = ask(b, reqs)
                lr.go_seconds = time.monotonic() - t
                t = time.monotonic()
                for i, (req, g) in enumerate(zip(reqs, goa, strict=True)):
                    p = port_quantity(req)
                    g = _normal_quantity_answer(g)
                    lr.comparisons += 1 + len(SCALES) + 5 + (len(SCALES) + 6 if "rt" in p else 0)
                    if g != p:
                        mismatch(lr, i, req, g, p, replay_line(b, req))
                    if i % 500 == 499:
                        tick(lr.label, i + 1, n)
                lr.port_seconds = time.monotonic() - t
                lr.states = len(reqs)
            elif layer == "kubectl":
                kc = kubectl_port(b.label)
                tops = _pipeline_tops(outs, b.label.endswith("1.36.4"), seed)
                lr.extra["from_pipeline"] = sum(max(len(t["metrics"]), 1) for t in tops)
                tops += top_cases(n - sum(max(len(t["metrics"]), 1) for t in tops), seed, b.label)
                t = time.monotonic()
                goa = ask(b, [{"top": x} for x in tops])
                lr.go_seconds = time.monotonic() - t
                t = time.monotonic()
                done = 0
                for i, (top, g) in enumerate(zip(tops, goa, strict=True)):
                    p = port_top(kc, top)
                    if g.get("out") is not None and p["out"] is not None:
                        g = {**g, "out": canonical_table(g["out"], top)}
                        p = {**p, "out": canonical_table(p["out"], top)}
                    rows = max(len(top["metrics"]), 1)
                    done += rows
                    lr.comparisons += rows
                    if g != p:
                        mismatch(lr, i, {"top": top}, g, p, replay_line(b, {"top": top}))
                    if i % 50 == 49:
                        tick(lr.label, done, n)
                lr.port_seconds = time.monotonic() - t
                lr.states = done
                lr.extra["tables"] = len(tops)
            elif layer == "kubectl-bin":
                if b.kubectl is None:
                    continue
                kc = kubectl_port(b.label)
                cases = binary_cases(n, seed, b.label)
                work = Path(tempfile.mkdtemp(prefix="memsim-kubectl-", dir=oracle.scratch_base()))
                try:
                    done = 0
                    for i, (top, name) in enumerate(cases):
                        t = time.monotonic()
                        g = run_kubectl(b.kubectl, top, name, work / str(i))
                        lr.go_seconds += time.monotonic() - t
                        args = g.pop("args")
                        t = time.monotonic()
                        seen = _named(top, name) if name is not None else top
                        p = _api_error(seen, name) or port_top(kc, seen)
                        g["out"] = canonical_table(g["out"], seen)
                        p["out"] = canonical_table(p["out"], seen)
                        lr.port_seconds += time.monotonic() - t
                        rows = max(len(seen["metrics"]), 1)
                        done += rows
                        lr.comparisons += rows
                        if g != p:
                            mismatch(lr, i, {"kubectl": args, "objects": top}, g, p, " ".join(args))
                        tick(lr.label, done, n)
                finally:
                    shutil.rmtree(work, ignore_errors=True)
                lr.states = done
                lr.extra["invocations"] = len(cases)
            elif layer == "writer":
                fams = families(n, seed)
                t = time.monotonic()
                goa = ask(b, [family_request(mf) for mf in fams])
                lr.go_seconds = time.monotonic() - t
                t = time.monotonic()
                for i, (mf, g) in enumerate(zip(fams, goa, strict=True)):
                    p = port_write(mf)
                    g = {"out": unb64(g.get("out")), "n": g.get("n"), "err": g.get("err")}
                    lr.comparisons += 3
                    if g != p:
                        mismatch(
                            lr, i, family_request(mf), g, p, replay_line(b, family_request(mf))
                        )
                lr.port_seconds = time.monotonic() - t
                lr.states = len(fams)
            elif layer == "parser":
                texts = [o.exposition for o in outs][: n // 4]
                lr.extra["from_pipeline"] = len(texts)
                texts += expositions(n - len(texts), seed)
                t = time.monotonic()
                goa = ask(b, [{"text": b64(x)} for x in texts])
                lr.go_seconds = time.monotonic() - t
                t = time.monotonic()
                for i, (text, g) in enumerate(zip(texts, goa, strict=True)):
                    gp = _mask_parse(_go_entries(g))
                    pp = _mask_parse(port_parse(text))
                    lr.comparisons += len(gp["entries"]) + 1
                    if gp != pp:
                        mismatch(lr, i, {"text": text}, gp, pp, replay_line(b, {"text": b64(text)}))
                lr.port_seconds = time.monotonic() - t
                lr.states = len(texts)
            tick(lr.label, lr.states, n)
    report.seconds = time.monotonic() - t0
    return report
