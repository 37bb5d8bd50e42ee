"""Version stacks: every pipeline component pinned as a Kubernetes release vendored it.

    stack = parse("k8s-1.28.3,runc=1.1.9")    # a preset with one or more components swapped
    stack.runc.registry                        # "runc@v1.1.9"

Tags and commits were read from the upstream repositories (git rev-parse <tag>^{commit});
the Kubernetes release commits are the `gitCommit` of the release binaries.

Provenance is data here, next to each definition, and `memsim stacks` and `memsim explain`
print it: a Component's `note` says where its port's code comes from when that is not simply
its own tag (a version ported as an older one plus a documented change), and a Stack's
`borrowed` says, for each component that is not the release's own (metrics-server, which is
released on its own; a kubectl or kubelet from another release), why this version.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from typing import Any

COMPONENTS = ("runc", "cadvisor", "kubelet", "metrics-server", "kubectl")


@dataclass(frozen=True)
class Component:
    kind: str  # one of COMPONENTS
    registry: str  # ports.registry name, e.g. "runc@v1.1.7"
    repo: str  # upstream owner/name
    tag: str
    commit: str
    note: str = ""  # where the port's code comes from, when not simply from `tag`

    @property
    def version(self) -> str:
        return self.registry.split("@", 1)[1]


CGROUPS_NOTE = (
    "opencontainers/cgroups is runc's libcontainer/cgroups split out into its own repository "
    "(runc >= 1.3 vendors it): its port derives from runc v1.2.0's, so functions unchanged "
    "since cite runc's tags"
)

# Every pinned version memsim can put in a stack, by registry name.
KNOWN: dict[str, Component] = {
    c.registry: c
    for c in [
        Component(
            "runc",
            "runc@v1.1.7",
            "opencontainers/runc",
            "v1.1.7",
            "860f061b76bb4fc671f0f9e900f7d80ff93d4eb7",
        ),
        Component(
            "runc",
            "runc@v1.1.9",
            "opencontainers/runc",
            "v1.1.9",
            "ccaecfcbc907d70a7aa870a6650887b901b25b82",
        ),
        Component(
            "runc",
            "runc@v1.1.10",
            "opencontainers/runc",
            "v1.1.10",
            "18a0cb0f32bcac2ecc9a10f327d282759c144dab",
        ),
        Component(
            "runc",
            "runc@v1.1.11",
            "opencontainers/runc",
            "v1.1.11",
            "4bccb38cc9cf198d52bebf2b3a90cd14e7af8c06",
        ),
        Component(
            "runc",
            "runc@v1.1.15",
            "opencontainers/runc",
            "v1.1.15",
            "bc20cb4497af9af01bea4a8044f1678ffca2745c",
        ),
        Component(
            "runc",
            "runc@v1.2.0",
            "opencontainers/runc",
            "v1.2.0",
            "0b9fa21be2bcba45f6d9d748b4bcf70cfbffbc19",
        ),
        Component(
            "runc",
            "cgroups@v0.0.5",
            "opencontainers/cgroups",
            "v0.0.5",
            "6a793b6ea778415b3c0f7a3d2efdb70c786fad92",
            note=CGROUPS_NOTE,
        ),
        Component(
            "runc",
            "cgroups@v0.1.0",
            "opencontainers/cgroups",
            "v0.1.0",
            "30a2293c0b0325280ea70a86fe991ec1e87b5d00",
            note=CGROUPS_NOTE,
        ),
        Component(
            "cadvisor",
            "cadvisor@v0.47.3",
            "google/cadvisor",
            "v0.47.3",
            "c5730c5a72b527a724e7333d0e2f5b9a3ce5cf4d",
        ),
        Component(
            "cadvisor",
            "cadvisor@v0.48.1",
            "google/cadvisor",
            "v0.48.1",
            "2129e1c4fae8567551d1ac252c7a1dec27617e21",
        ),
        Component(
            "cadvisor",
            "cadvisor@v0.60.5",
            "google/cadvisor",
            "v0.60.5",
            "44b8e3062d678022939d40b2a2e9b259b07ebab0",
        ),
        Component(
            "kubelet",
            "kubelet@v1.28.3",
            "kubernetes/kubernetes",
            "v1.28.3",
            "a8a1abc25cad87333840cd7d54be2efaf31a3177",
        ),
        Component(
            "kubelet",
            "kubelet@v1.29.0",
            "kubernetes/kubernetes",
            "v1.29.0",
            "3f7a50f38688eb332e2a1b013678c6435d539ae6",
            note="ported as v1.28.3 plus the one CHANGELOG-1.29 change that reaches "
            "/metrics/resource (PR #116897: the resource metrics go STABLE, scrape_error is "
            "deprecated); the v1.29.0 sources could not be read here, so its other functions "
            "cite v1.28.3",
        ),
        Component(
            "kubelet",
            "kubelet@master-95f08499",
            "kubernetes/kubernetes",
            "master (newest readable; release v1.36.3 is 0f29094e5b73085e3802ecc1298ecae13866bfe6)",
            "95f08499d652a6211121d8af35f470609217c730",
            note="helper.go as of master 95f08499 and resource_metrics.go as of 019a71ab (the "
            "newest sources readable here; no release tag could be tied to them); what they do "
            "not change is v1.29.0's port, so those functions cite v1.28.3",
        ),
        Component(
            "metrics-server",
            "metrics-server@v0.6.4",
            "kubernetes-sigs/metrics-server",
            "v0.6.4",
            "6242212f633d50d6066d2fe95f221b052ef4e1ae",
        ),
        Component(
            "metrics-server",
            "metrics-server@v0.9.0",
            "kubernetes-sigs/metrics-server",
            "v0.9.0",
            "2a7c4b2c7d46552ff47f4aeaa3a735c582587ecd",
        ),
        Component(
            "kubectl",
            "kubectl@v0.28.3",
            "kubernetes/kubectl",
            "v0.28.3",
            "c89f79b390cb82f12f81a8e5c5a4dd457419cdb3",
        ),
        Component(
            "kubectl",
            "kubectl@v0.36.3",
            "kubernetes/kubectl",
            "v0.36.3",
            "73fdc7a337b55d4097e8723cb44d09ac7473e1d4",
        ),
    ]
}


@dataclass(frozen=True)
class Stack:
    name: str
    runc: Component
    cadvisor: Component
    kubelet: Component
    metrics_server: Component
    kubectl: Component
    note: str = ""
    # (component kind, why): each component that is not this release's own, and why this one
    borrowed: tuple[tuple[str, str], ...] = ()

    def components(self) -> list[Component]:
        return [self.runc, self.cadvisor, self.kubelet, self.metrics_server, self.kubectl]

    def why(self, kind: str) -> str:
        """Why this stack has its `kind` component ("" when it is the release's own)."""
        return dict(self.borrowed).get(kind, "")

    def to_json(self) -> dict[str, object]:
        comps = []
        for c in self.components():
            d: dict[str, object] = dataclasses.asdict(c)
            d["borrowed"] = self.why(c.kind) or None
            comps.append(d)
        return {"name": self.name, "note": self.note, "components": comps}


def _stack(
    name: str,
    note: str,
    runc: str,
    cadvisor: str,
    kubelet: str,
    ms: str,
    kubectl: str,
    borrowed: dict[str, str] | None = None,
) -> Stack:
    return Stack(
        name,
        KNOWN[runc],
        KNOWN[cadvisor],
        KNOWN[kubelet],
        KNOWN[ms],
        KNOWN[kubectl],
        note=note,
        borrowed=tuple((borrowed or {}).items()),
    )


# metrics-server is released on its own, not with Kubernetes
_MS_064 = (
    "metrics-server ships on its own schedule: v0.6.4 (2023-07-25) was its newest release when "
    "Kubernetes {} came out ({}); v0.7.0 came on 2024-01-18"
)


PRESETS: dict[str, Stack] = {
    s.name: s
    for s in [
        _stack(
            "k8s-1.28.3",
            "go.mod L41/L56: cadvisor v0.47.3, runc v1.1.7; metrics-server v0.6.4 is the release current with 1.28",
            "runc@v1.1.7",
            "cadvisor@v0.47.3",
            "kubelet@v1.28.3",
            "metrics-server@v0.6.4",
            "kubectl@v0.28.3",
            borrowed={"metrics-server": _MS_064.format("1.28.3", "2023-10-18")},
        ),
        _stack(
            "k8s-1.29.0",
            "CHANGELOG-1.29: cadvisor v0.47.3 -> v0.48.1, runc v1.1.7 -> v1.1.10",
            "runc@v1.1.10",
            "cadvisor@v0.48.1",
            "kubelet@v1.29.0",
            "metrics-server@v0.6.4",
            "kubectl@v0.28.3",
            borrowed={
                "metrics-server": _MS_064.format("1.29.0", "2023-12-13"),
                "kubectl": "kubectl v0.29.0 (2a649f08) has v0.28.3's top code: `git diff v0.28.3 "
                "v0.29.0 -- pkg/cmd/top pkg/metricsutil` is empty in kubernetes/kubectl, so the "
                "v0.28.3 port is 1.29.0's kubectl top node",
            },
        ),
        _stack(
            "k8s-latest",
            "opencontainers/cgroups v0.1.0, cAdvisor v0.60.5, the newest readable kubelet, metrics-server v0.9.0, kubectl v0.36.3",
            "cgroups@v0.1.0",
            "cadvisor@v0.60.5",
            "kubelet@master-95f08499",
            "metrics-server@v0.9.0",
            "kubectl@v0.36.3",
            borrowed={
                "kubelet": "the newest kubelet code readable here, not a release (the newest "
                "release is v1.36.3)",
                "metrics-server": "metrics-server ships on its own schedule: v0.9.0 is its newest "
                "release",
            },
        ),
    ]
}

# the NAME of a NAME=VERSION swap -> the Stack field it replaces
_FIELD = {
    "runc": "runc",
    "cgroups": "runc",  # opencontainers/cgroups takes runc's place (runc >= 1.3 vendors it)
    "cadvisor": "cadvisor",
    "kubelet": "kubelet",
    "metrics-server": "metrics_server",
    "kubectl": "kubectl",
}


def spelling(c: Component, kind: str) -> str:
    """How `kind=` spells component `c` on the command line: runc=1.1.9, runc=cgroups-0.1.0,
    cgroups=0.1.0, cadvisor=0.47.3, kubelet=master-95f08499."""
    project, _, tag = c.registry.partition("@")
    bare = tag[1:] if tag.startswith("v") else tag
    if kind == "runc" and project == "cgroups":
        return f"cgroups-{bare}"
    return bare


def choices(kind: str) -> list[str]:
    """The versions `kind=` accepts, as spelled on the command line (each one parses)."""
    field = _FIELD[kind]
    out = []
    for c in KNOWN.values():
        if c.kind != field.replace("_", "-"):
            continue
        if kind == "cgroups" and not c.registry.startswith("cgroups@"):
            continue
        out.append(spelling(c, kind))
    return out


def _resolve(kind: str, version: str) -> Component:
    v = version.strip()
    reg = ""
    if kind == "runc" and v.startswith("go:"):  # real Go as the runc layer (sim.gorunc)
        from sim import gorunc

        return gorunc.component(v[3:])
    if kind == "kubectl" and v.startswith("go:"):  # real Go as the kubectl layer (sim.gokubectl)
        from sim import gokubectl

        try:
            return gokubectl.component(v[3:])
        except gokubectl.GoSideError as e:
            raise ValueError(str(e)) from e
    if kind in ("runc", "cgroups"):
        from ports import runc as runc_ports

        try:
            reg = runc_ports.resolve(("cgroups-" if kind == "cgroups" else "") + v)
        except KeyError:
            reg = ""
        if kind == "cgroups" and not reg.startswith("cgroups@"):
            reg = ""
    else:
        reg = f"{kind}@{v if v.startswith(('v', 'master')) else 'v' + v}"
    if reg in KNOWN:
        return KNOWN[reg]
    raise ValueError(f"unknown {kind} version {version!r}; valid: {', '.join(choices(kind))}")


def parse(spec: str) -> Stack:
    """ "k8s-1.28.3" or "k8s-1.28.3,runc=1.1.9[,cadvisor=0.48.1...]" -> Stack. Errors list the
    valid choices."""
    parts = [p.strip() for p in spec.split(",") if p.strip()]
    if not parts:
        raise ValueError(f"empty stack; valid presets: {', '.join(PRESETS)}")
    base = PRESETS.get(parts[0])
    if base is None:
        raise ValueError(f"unknown stack {parts[0]!r}; valid presets: {', '.join(PRESETS)}")
    stack = base
    for swap in parts[1:]:
        kind, eq, version = swap.partition("=")
        kind = kind.strip()
        if not eq or kind not in _FIELD:
            raise ValueError(
                f"bad component swap {swap!r}: want NAME=VERSION with NAME one of {', '.join(_FIELD)}"
            )
        changes: dict[str, Any] = {_FIELD[kind]: _resolve(kind, version)}
        stack = dataclasses.replace(stack, **changes)
    if len(parts) > 1:
        stack = dataclasses.replace(stack, name=",".join(parts))
    return stack


_RELEASE = re.compile(r"k8s-(\d+)\.(\d+)\.(\d+)(?![\d.])")
_TAG = re.compile(r"v\d+\.\d+\.\d+")


def foreign(stack: Stack) -> list[str]:
    """The kinds of `stack`'s components that are not its Kubernetes release's own, each of
    which its provenance must explain: metrics-server always (it is released on its own); the
    kubelet unless it is vX.Y.Z and kubectl unless it is v0.Y.Z of the release the stack is
    named after (for a stack named after no release, unless they are release tags)."""
    m = _RELEASE.match(stack.name)
    out = ["metrics-server"]
    if m:
        x, y, z = m.groups()
        own = {"kubelet": f"v{x}.{y}.{z}", "kubectl": f"v0.{y}.{z}"}
        out += [k for k in ("kubelet", "kubectl") if _component(stack, k).tag != own[k]]
    else:
        out += [k for k in ("kubelet", "kubectl") if not _TAG.fullmatch(_component(stack, k).tag)]
    return [k for k in COMPONENTS if k in out]


def _component(stack: Stack, kind: str) -> Component:
    return getattr(stack, _FIELD[kind])


def provenance(stack: Stack) -> list[tuple[str, str]]:
    """(component kind, text) for each component whose origin needs a word: why a borrowed
    one is there, where a port's code comes from (its note), or that a swap or a patch put it
    there. What `memsim stacks` and `memsim explain` print under each stack."""
    base = PRESETS.get(re.split(r"[,+]", stack.name, maxsplit=1)[0])  # "k8s-1.28.3+patch"
    out = []
    for c in stack.components():
        words = []
        preset_c = _component(base, c.kind) if base is not None else None
        if base is not None and preset_c is not None and preset_c.registry != c.registry:
            how = "a patch" if c.registry.startswith("patch:") else "a swap"
            words.append(f"{how} replaces {base.name}'s {preset_c.registry}")
        elif stack.why(c.kind):
            words.append(stack.why(c.kind))
        elif base is not None and base.why(c.kind):
            words.append(base.why(c.kind))
        if c.note:
            words.append(c.note)
        if words:
            out.append((c.kind, "; ".join(words)))
    return out


def dumps(stacks: list[Stack]) -> str:
    return json.dumps([s.to_json() for s in stacks], indent=2)
