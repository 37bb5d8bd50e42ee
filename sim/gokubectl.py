"""Real Go as the kubectl layer of a stack: `k8s-1.28.3,kubectl=go:kubectl-1.32.3`.

The label is a kubectl build of scripts/oracle-setup (`kubectl-1.32.3`, `kubectl-1.36.4`; the
bare version `1.36.4` works too): the layer is then the port the oracle pairs with it
(kubectl@v0.28.3 with v0.32.3's header, kubectl@v0.36.3), except that RunTopNode's table
is printed by the real Go (k8s.io/kubectl's metricsutil, oracle/tail/kubectl) from the same
Node and NodeMetrics objects, their quantities as the API carries them (MarshalJSON
strings). One harness process per label serves every state of a run (about 0.1 ms a state).
No root is needed.

    memsim diff --before k8s-1.28.3 --after k8s-1.28.3,kubectl=go:kubectl-1.32.3
"""

from __future__ import annotations

import atexit
from typing import Any

from ports import registry
from ports.go import errors

PREFIX = "go:"
_SESSIONS: dict[str, Any] = {}  # label -> sim.oracle_tail.Session


class GoSideError(ValueError):
    pass


def _q(q: Any) -> str:
    text, _ = q.MarshalJSON()
    return str(text.decode("utf-8", "surrogateescape")[1:-1])


def _session(label: str) -> Any:
    from sim import oracle_tail

    s = _SESSIONS.get(label)
    if s is None:
        s = _SESSIONS[label] = oracle_tail.Session(oracle_tail.get(label))
        if len(_SESSIONS) == 1:
            atexit.register(close)
    return s


def close() -> None:
    for s in _SESSIONS.values():
        s.close()
    _SESSIONS.clear()


def _version(label: str, base: type) -> type:
    class GoKubectl(base):
        """The port, with RunTopNode's table printed by the real Go."""

        GO_LABEL = label

        def top_node(self, o: Any, metrics: list[Any], nodes: list[Any]) -> tuple[str, Any]:
            top = {
                "nodes": [
                    {
                        "name": n.Name,
                        "capacity": {k: _q(v) for k, v in n.Capacity.items()},
                        "allocatable": {k: _q(v) for k, v in n.Allocatable.items()},
                        "swap": n.SwapCapacity,
                    }
                    for n in nodes
                ],
                "metrics": [
                    {"name": m.Name, "usage": {k: _q(v) for k, v in m.Usage.items()}}
                    for m in metrics
                ],
                "show_capacity": o.ShowCapacity,
                "no_headers": o.NoHeaders,
                "sort_by": o.SortBy,
                "show_swap": o.ShowSwap,
            }
            a = _session(label).ask({"top": top})
            if "harness_error" in a:
                raise RuntimeError(f"kubectl=go:{label}: {a['harness_error']}")
            return a["out"], None if a["err"] is None else errors.New(a["err"])

    return GoKubectl


def component(source: str) -> Any:
    """The stacks.Component of `kubectl=go:LABEL`."""
    from sim import oracle_tail, stacks

    label = source.strip()
    if label and not label.startswith("kubectl-"):
        label = "kubectl-" + label
    builds, why = oracle_tail.load()
    if why:
        raise GoSideError(f"kubectl=go:{source}: {why}")
    b = next((x for x in builds if x.label == label and x.harness == "kubectl"), None)
    if b is None:
        known = ", ".join(x.label for x in builds if x.harness == "kubectl")
        raise GoSideError(f"kubectl=go:{source}: no such kubectl build (built: {known})")
    port = oracle_tail.PORTS[label]["kubectl"]
    name = f"{PREFIX}{label}@{port.replace('@', '-')}"
    if name not in registry.names("go:" + label):
        oracle_tail._init_132()
        base = type(oracle_tail.kubectl_port(label))
        registry.register(name)(_version(label, base))
    return stacks.Component(
        "kubectl",
        name,
        "kubernetes/kubectl",
        f"{b.package_version} (real Go, {b.go}) ~ {port}",
        b.source,
    )
