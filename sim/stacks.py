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


# Kubernetes 1.30-1.36 (issue 14): versions each release vendors or ships with
KNOWN |= {
    c.registry: c
    for c in [
        Component(
            "runc",
            "runc@v1.1.12",
            "opencontainers/runc",
            "v1.1.12",
            "51d5e94601ceffbbd85688df1c928ecccbfa4685",
        ),
        Component(
            "runc",
            "runc@v1.1.13",
            "opencontainers/runc",
            "v1.1.13",
            "58aa9203c123022138b22cf96540c284876a7910",
        ),
        Component(
            "runc",
            "runc@v1.2.1",
            "opencontainers/runc",
            "v1.2.1",
            "d7735e388ef5eecbd60d93bfbe5afe0f3fbc8a6b",
        ),
        Component(
            "runc",
            "cgroups@v0.0.1",
            "opencontainers/cgroups",
            "v0.0.1",
            "afa9f8f3e67258a4777ec48e7949f961dfb791da",
        ),
        Component(
            "runc",
            "cgroups@v0.0.3",
            "opencontainers/cgroups",
            "v0.0.3",
            "b970779131d3e4540132ccfb16dc49890491f8d5",
        ),
        Component(
            "runc",
            "cgroups@v0.0.6",
            "opencontainers/cgroups",
            "v0.0.6",
            "e0c56cb31dcb3cb2b3d1554b20dd01ced32e2a2b",
        ),
        Component(
            "cadvisor",
            "cadvisor@v0.49.0",
            "google/cadvisor",
            "v0.49.0",
            "483a3b34afca7af6879928f9b36e53e5f1acd875",
        ),
        Component(
            "cadvisor",
            "cadvisor@v0.51.0",
            "google/cadvisor",
            "v0.51.0",
            "255cff7808a7d23802852e6fd9a12320b1035bf1",
        ),
        Component(
            "cadvisor",
            "cadvisor@v0.52.1",
            "google/cadvisor",
            "v0.52.1",
            "0b675defd46277198f7c15c1053301421a4b733e",
        ),
        Component(
            "cadvisor",
            "cadvisor@v0.53.0",
            "google/cadvisor",
            "v0.53.0",
            "85d18c6139a3f1fd48120c49ae44eac5aa352d86",
        ),
        Component(
            "cadvisor",
            "cadvisor@v0.56.2",
            "google/cadvisor",
            "v0.56.2",
            "7cbdee9260c4292d5d27d00416ce8a7dc1dc12a0",
        ),
        Component(
            "kubelet",
            "kubelet@v1.30.0",
            "kubernetes/kubernetes",
            "v1.30.0",
            "7c48c2bd72b9bf5c44d21d7338cc7bea77d0ad2a",
        ),
        Component(
            "kubelet",
            "kubelet@v1.31.0",
            "kubernetes/kubernetes",
            "v1.31.0",
            "9edcffcde5595e8a5b1a35f88c421764e575afce",
        ),
        Component(
            "kubelet",
            "kubelet@v1.32.0",
            "kubernetes/kubernetes",
            "v1.32.0",
            "70d3cc986aa8221cd1dfb1121852688902d3bf53",
        ),
        Component(
            "kubelet",
            "kubelet@v1.33.0",
            "kubernetes/kubernetes",
            "v1.33.0",
            "60a317eadfcb839692a68eab88b2096f4d708f4f",
        ),
        Component(
            "kubelet",
            "kubelet@v1.34.0",
            "kubernetes/kubernetes",
            "v1.34.0",
            "f28b4c9efbca5c5c0af716d9f2d5702667ee8a45",
        ),
        Component(
            "kubelet",
            "kubelet@v1.35.0",
            "kubernetes/kubernetes",
            "v1.35.0",
            "66452049f3d692768c39c797b21b793dce80314e",
        ),
        Component(
            "kubelet",
            "kubelet@v1.36.0",
            "kubernetes/kubernetes",
            "v1.36.0",
            "ecf6decece6a6de25a57aad9ba90b6ce580f6f78",
        ),
        Component(
            "metrics-server",
            "metrics-server@v0.7.0",
            "kubernetes-sigs/metrics-server",
            "v0.7.0",
            "ec346c63f9c20ad1847e0e85148817e980f140d4",
        ),
        Component(
            "metrics-server",
            "metrics-server@v0.7.1",
            "kubernetes-sigs/metrics-server",
            "v0.7.1",
            "e78ebc4ffc86b2809f8831947562ac55ac3940eb",
        ),
        Component(
            "metrics-server",
            "metrics-server@v0.7.2",
            "kubernetes-sigs/metrics-server",
            "v0.7.2",
            "096960107da4a1b2e2ec83b2ac3424248cfc0ad5",
        ),
        Component(
            "metrics-server",
            "metrics-server@v0.8.0",
            "kubernetes-sigs/metrics-server",
            "v0.8.0",
            "d66279c6426c6581d9656fe3d42bc52db7c29597",
        ),
        Component(
            "metrics-server",
            "metrics-server@v0.8.1",
            "kubernetes-sigs/metrics-server",
            "v0.8.1",
            "9ce65a47f9262e19e482c259ace815f01135a898",
        ),
        Component(
            "kubectl",
            "kubectl@v0.30.0",
            "kubernetes/kubectl",
            "v0.30.0",
            "321896d352dc90d2ccc68c8e3b2ed46a0bc314a0",
        ),
        Component(
            "kubectl",
            "kubectl@v0.31.0",
            "kubernetes/kubectl",
            "v0.31.0",
            "b34a16dee14d4b0741cd198a132863a64bc2756a",
        ),
        Component(
            "kubectl",
            "kubectl@v0.32.0",
            "kubernetes/kubectl",
            "v0.32.0",
            "1166f0c621986ed7aed15cc4f6cb813095ff2ed2",
        ),
        Component(
            "kubectl",
            "kubectl@v0.33.0",
            "kubernetes/kubectl",
            "v0.33.0",
            "ee99ea39d693c4f9b8f0e966b0c837a91d6953af",
        ),
        Component(
            "kubectl",
            "kubectl@v0.34.0",
            "kubernetes/kubectl",
            "v0.34.0",
            "d0412c1e32e99cde17099c2d8734ba7ea6207f21",
        ),
        Component(
            "kubectl",
            "kubectl@v0.35.0",
            "kubernetes/kubectl",
            "v0.35.0",
            "a64ceaeab69eed1f11a9e1bd91cf2c1446de811c",
        ),
        Component(
            "kubectl",
            "kubectl@v0.36.0",
            "kubernetes/kubectl",
            "v0.36.0",
            "1ac35f75d6c90bc82d2c155ed3746a429d9563a2",
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
            "k8s-1.30.0",
            "CHANGELOG-1.30 Dependencies: cadvisor v0.48.1 -> v0.49.0, runc v1.1.10 -> v1.1.12; metrics-server v0.7.1 is the release current at v1.30.0 (the cluster add-on moved to v0.7.0, #123504); kubectl v0.30.0",
            "runc@v1.1.12",
            "cadvisor@v0.49.0",
            "kubelet@v1.30.0",
            "metrics-server@v0.7.1",
            "kubectl@v0.30.0",
            borrowed={
                "metrics-server": "metrics-server ships on its own schedule: v0.7.1 (2024-03-26) was its "
                "newest release when Kubernetes 1.30.0 came out (2024-04-17); v0.7.2 came on 2024-08-27; the cluster add-on of 1.30 is v0.7.0 (#123504)"
            },
        ),
        _stack(
            "k8s-1.31.0",
            "CHANGELOG-1.31 Dependencies: runc v1.1.12 -> v1.1.13, cadvisor unchanged (v0.49.0); metrics-server v0.7.1; kubectl v0.31.0",
            "runc@v1.1.13",
            "cadvisor@v0.49.0",
            "kubelet@v1.31.0",
            "metrics-server@v0.7.1",
            "kubectl@v0.31.0",
            borrowed={
                "metrics-server": "metrics-server ships on its own schedule: v0.7.1 (2024-03-26) was its "
                "newest release when Kubernetes 1.31.0 came out (2024-08-13); v0.7.2 came on 2024-08-27"
            },
        ),
        _stack(
            "k8s-1.32.0",
            "CHANGELOG-1.32 Dependencies: cadvisor v0.49.0 -> v0.51.0, runc v1.1.13 -> v1.2.1; metrics-server v0.7.2; kubectl v0.32.0 (MEMORY(%) header)",
            "runc@v1.2.1",
            "cadvisor@v0.51.0",
            "kubelet@v1.32.0",
            "metrics-server@v0.7.2",
            "kubectl@v0.32.0",
            borrowed={
                "metrics-server": "metrics-server ships on its own schedule: v0.7.2 (2024-08-27) was its "
                "newest release when Kubernetes 1.32.0 came out (2024-12-11); v0.8.0 came on 2025-07-03"
            },
        ),
        _stack(
            "k8s-1.33.0",
            "CHANGELOG-1.33 Dependencies: cadvisor v0.51.0 -> v0.52.1 (which imports opencontainers/cgroups), opencontainers/cgroups v0.0.1 added, runc v1.2.1 -> v1.2.5 (not on cAdvisor's path); metrics-server v0.7.2; kubectl v0.33.0",
            "cgroups@v0.0.1",
            "cadvisor@v0.52.1",
            "kubelet@v1.33.0",
            "metrics-server@v0.7.2",
            "kubectl@v0.33.0",
            borrowed={
                "metrics-server": "metrics-server ships on its own schedule: v0.7.2 (2024-08-27) was its "
                "newest release when Kubernetes 1.33.0 came out (2025-04-23); v0.8.0 came on 2025-07-03"
            },
        ),
        _stack(
            "k8s-1.34.0",
            "CHANGELOG-1.34 Dependencies: cadvisor, opencontainers/cgroups and runc unchanged (v0.52.1, v0.0.1, v1.2.5); metrics-server v0.8.0; kubectl v0.34.0 (--show-swap)",
            "cgroups@v0.0.1",
            "cadvisor@v0.52.1",
            "kubelet@v1.34.0",
            "metrics-server@v0.8.0",
            "kubectl@v0.34.0",
            borrowed={
                "metrics-server": "metrics-server ships on its own schedule: v0.8.0 (2025-07-03) was its "
                "newest release when Kubernetes 1.34.0 came out (2025-08-27); v0.8.1 came on 2026-01-29"
            },
        ),
        _stack(
            "k8s-1.35.0",
            "CHANGELOG-1.35 Dependencies: cadvisor v0.52.1 -> v0.53.0, opencontainers/cgroups v0.0.1 -> v0.0.3, runc v1.2.5 -> v1.3.0; failCgroupV1 defaults to true (the kubelet refuses cgroup v1 hosts); metrics-server v0.8.0; kubectl v0.35.0",
            "cgroups@v0.0.3",
            "cadvisor@v0.53.0",
            "kubelet@v1.35.0",
            "metrics-server@v0.8.0",
            "kubectl@v0.35.0",
            borrowed={
                "metrics-server": "metrics-server ships on its own schedule: v0.8.0 (2025-07-03) was its "
                "newest release when Kubernetes 1.35.0 came out (2025-12-17); v0.8.1 came on 2026-01-29"
            },
        ),
        _stack(
            "k8s-1.36.0",
            "CHANGELOG-1.36 Dependencies: cadvisor v0.53.0 -> v0.56.2, opencontainers/cgroups v0.0.3 -> v0.0.6, runc v1.3.0 -> v1.4.0; metrics-server v0.8.1; kubectl v0.36.0",
            "cgroups@v0.0.6",
            "cadvisor@v0.56.2",
            "kubelet@v1.36.0",
            "metrics-server@v0.8.1",
            "kubectl@v0.36.0",
            borrowed={
                "metrics-server": "metrics-server ships on its own schedule: v0.8.1 (2026-01-29) was its "
                "newest release when Kubernetes 1.36.0 came out (2026-04-22); v0.9.0 came on 2026-07-13"
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
    return sorted(out, key=_version_order)


def _version_order(spelled: str) -> tuple[Any, ...]:
    """Oldest first: runc before cgroups, then by the numbers of the tag (master last)."""
    project, _, tag = (
        spelled.rpartition("-") if spelled.startswith("cgroups-") else ("", "", spelled)
    )
    nums = tuple(int(x) for x in tag.split(".") if x.isdigit())
    return (project != "", not nums, nums, spelled)


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
