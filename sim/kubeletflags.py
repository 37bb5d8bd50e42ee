"""The kubelet flags memsim takes (diff, explain, inspect): --system-reserved, --kube-reserved
and --eviction-hard, written as the kubelet takes them and parsed with the ported kubelet code.

    --system-reserved memory=1Gi     (the kubelet's MapStringString; a bare quantity, 1Gi,
    --kube-reserved   memory=500Mi    is short for memory=1Gi; other resources are ignored)
    --eviction-hard   memory.available<500Mi,nodefs.available<10%   (or <5%: memory.available)

Reserved quantities go through resource.ParseQuantity and the kubelet's parseResourceList
checks (cmd/kubelet/app/server.go); --eviction-hard goes through the flag's
LangleSeparatedMapStringString.Set (k8s.io/component-base cli/flag: a given flag replaces the
whole default map, as the kubelet's does) and eviction.ParseThresholdConfig. The same
thresholds make the allocatable reservation (hardEvictionReservation) and the eviction
manager's memory.available threshold. The kubelet's default --eviction-hard is
DefaultEvictionHard (memory.available<100Mi, nodefs.available<10%, nodefs.inodesFree<5%,
imagefs.available<15%). Parsing is kubelet v1.28.3's on every stack.
"""

from __future__ import annotations

import argparse
from typing import Any

from ports.apimachinery.v0_28_3.pkg.api.resource import BinarySI, NewQuantity, ParseQuantity
from ports.kubelet.v1_28_3 import AllocatableConfig
from ports.kubelet.v1_28_3.pkg.kubelet.cm import DEFAULT_HARD_THRESHOLDS
from ports.kubelet.v1_28_3.pkg.kubelet.eviction import DefaultEvictionHard, ParseThresholdConfig
from ports.kubelet.v1_28_3.pkg.kubelet.eviction.api import SignalMemoryAvailable, Threshold
from sim import usage

# the resources cmd/kubelet/app/server.go parseResourceList accepts
_RESERVABLE = ("cpu", "memory", "ephemeral-storage", "pid")

HELP_RESERVED = (
    "kubelet --{flag}: memory=QUANTITY[,cpu=...] (the kubelet's syntax; a bare quantity such "
    "as 1Gi means memory=1Gi); default none"
)
HELP_EVICTION = (
    "kubelet --eviction-hard: SIGNAL<VALUE[,...], e.g. memory.available<500Mi or "
    "memory.available<5%% (<5%% alone means memory.available<5%%); replaces the default "
    "memory.available<100Mi,nodefs.available<10%%,nodefs.inodesFree<5%%,imagefs.available<15%%"
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The three flags, on one command's parser."""
    p.add_argument(
        "--system-reserved", metavar="LIST", help=HELP_RESERVED.format(flag="system-reserved")
    )
    p.add_argument(
        "--kube-reserved", metavar="LIST", help=HELP_RESERVED.format(flag="kube-reserved")
    )
    p.add_argument("--eviction-hard", metavar="LIST", help=HELP_EVICTION)


def _map_string_string(flag: str, value: str, sep: str) -> dict[str, str]:
    """MapStringString.Set / LangleSeparatedMapStringString.Set on a fresh flag: split on ",",
    each pair on the first `sep`, trimmed; an empty pair is skipped."""
    out: dict[str, str] = {}
    for s in value.split(","):
        if len(s) == 0:
            continue
        k, found, v = s.partition(sep)
        if not found:
            raise usage.BadInput(
                f"--{flag}", f"{value!r}: malformed pair, expect string{sep}string"
            )
        out[k.strip()] = v.strip()
    return out


def reserved(flag: str, value: str | None) -> int:
    """The memory bytes one --*-reserved flag reserves (0 when not given)."""
    if value is None:
        return 0
    v = value.strip()
    m = _map_string_string(flag, v, "=") if "=" in v else {"memory": v}
    memory = 0
    for k, s in m.items():  # parseResourceList
        if k not in _RESERVABLE:
            raise usage.BadInput(f"--{flag}", f'cannot reserve "{k}" resource')
        q, err = ParseQuantity(s)
        if err is not None and "=" not in v:
            raise usage.BadInput(
                f"--{flag}", f"{value!r}: want memory=QUANTITY or a quantity such as 1Gi"
            )
        if err is not None:
            raise usage.BadInput(
                f"--{flag}", f'failed to parse quantity "{s}" for "{k}" resource: {err.Error()}'
            )
        if q.Sign() == -1:
            raise usage.BadInput(
                f"--{flag}", f'resource quantity for "{k}" cannot be negative: {s}'
            )
        if k == "memory":
            memory = q.Value()
    return memory


def eviction_hard(value: str | None) -> tuple[Threshold, ...]:
    """The hard thresholds of --eviction-hard (DefaultEvictionHard when not given)."""
    if value is None:
        m = dict(DefaultEvictionHard)
    else:
        v = value.strip()
        if v.startswith("<"):
            v = SignalMemoryAvailable + v
        if v and "<" not in v:
            raise usage.BadInput(
                "--eviction-hard",
                f"{value!r}: want SIGNAL<VALUE, e.g. memory.available<{v} (the kubelet's syntax)",
            )
        m = _map_string_string("eviction-hard", v, "<")
    thresholds, err = ParseThresholdConfig([], m, None, None, None)
    if err is not None:
        raise usage.BadInput("--eviction-hard", f"{value!r}: {err.Error()}")
    return tuple(thresholds or ())


def config(args: Any) -> AllocatableConfig:
    """The AllocatableConfig of a parsed command line (usage.BadInput naming the flag)."""
    return AllocatableConfig(
        system_reserved=reserved("system-reserved", getattr(args, "system_reserved", None)),
        kube_reserved=reserved("kube-reserved", getattr(args, "kube_reserved", None)),
        eviction_hard=eviction_hard(getattr(args, "eviction_hard", None)),
    )


def threshold_value(t: Threshold) -> str:
    """A threshold's value as the flag writes it: a quantity (100Mi) or a percentage (5%)."""
    v = t.Value
    if v.Quantity is not None:
        return v.Quantity.String()
    return f"{round(v.Percentage * 100, 4):g}%"


def args_of(cfg: AllocatableConfig) -> list[str]:
    """The flags that give `cfg` back (none for the kubelet's defaults), for the explain
    commands memsim prints."""
    out = []
    for flag, n in (
        ("--system-reserved", cfg.system_reserved),
        ("--kube-reserved", cfg.kube_reserved),
    ):
        if n:
            out += [flag, "memory=" + NewQuantity(n, BinarySI).String()]
    if cfg.eviction_hard != DEFAULT_HARD_THRESHOLDS:
        out += [
            "--eviction-hard",
            ",".join(f"{t.Signal}<{threshold_value(t)}" for t in cfg.eviction_hard),
        ]
    return out
