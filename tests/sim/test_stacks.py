"""Stacks: presets, component swaps, and the choice lists a bad swap prints."""

from __future__ import annotations

import re

import pytest

from ports import registry
from ports import runc as runc_ports
from sim import stacks
from sim.cli import main


@pytest.mark.parametrize("kind", list(stacks._FIELD))
def test_every_listed_choice_parses(kind):
    with pytest.raises(ValueError) as e:
        stacks.parse(f"k8s-1.28.3,{kind}=9.9.9")
    listed = re.search(r"valid: (.*)$", str(e.value))
    assert listed is not None
    for spelling in listed.group(1).split(", "):
        s = stacks.parse(f"k8s-1.28.3,{kind}={spelling}")
        assert s.name == f"k8s-1.28.3,{kind}={spelling}"


def test_runc_spellings():
    assert stacks.parse("k8s-1.28.3,runc=1.1.9").runc.registry == "runc@v1.1.9"
    assert stacks.parse("k8s-1.28.3,runc=v1.1.9").runc.registry == "runc@v1.1.9"
    assert stacks.parse("k8s-1.28.3,runc=cgroups-0.1.0").runc.registry == "cgroups@v0.1.0"
    assert stacks.parse("k8s-1.28.3,cgroups=0.1.0").runc.registry == "cgroups@v0.1.0"
    with pytest.raises(ValueError, match=r"valid: 0\.0\.1, 0\.0\.3, 0\.0\.5, 0\.0\.6, 0\.1\.0$"):
        stacks.parse("k8s-1.28.3,cgroups=1.1.9")
    with pytest.raises(ValueError, match=r"cgroups-0\.1\.0$"):
        stacks.parse("k8s-1.28.3,runc=0.1.0")


def test_known_runc_versions_are_the_ported_ones():
    known = {c.registry for c in stacks.KNOWN.values() if c.kind == "runc"}
    assert known == set(runc_ports.versions())


def test_every_known_component_is_registered():
    for name in stacks.KNOWN:
        assert registry.get(name) is not None


def test_presets():
    s = stacks.parse("k8s-latest")
    assert [c.registry for c in s.components()] == [
        "cgroups@v0.1.0",
        "cadvisor@v0.60.5",
        "kubelet@master-95f08499",
        "metrics-server@v0.9.0",
        "kubectl@v0.36.3",
    ]
    assert stacks.parse("k8s-1.28.3").runc.registry == "runc@v1.1.7"
    assert stacks.parse("k8s-1.29.0").runc.registry == "runc@v1.1.10"
    with pytest.raises(
        ValueError,
        match=re.escape(
            "valid presets: k8s-1.28.3, k8s-1.29.0, k8s-1.30.0, k8s-1.31.0, k8s-1.32.0, "
            "k8s-1.33.0, k8s-1.34.0, k8s-1.35.0, k8s-1.36.0, k8s-latest"
        ),
    ):
        stacks.parse("k8s-1.27")


def test_memsim_stacks_lists_tags_and_commits(capsys):
    assert main(["stacks"]) == 0
    out = capsys.readouterr().out
    assert "runc@v1.1.7" in out and "860f061b76bb4fc671f0f9e900f7d80ff93d4eb7" in out
    assert main(["stacks", "--json"]) == 0
    assert '"cgroups@v0.1.0"' in capsys.readouterr().out


# What each Kubernetes release vendors (the Dependencies of CHANGELOG-1.3x's vX.Y.0, generated
# from go.mod; cAdvisor >= v0.52.1 imports opencontainers/cgroups, so that is the cgroup layer)
# and the metrics-server release current at its date, the kubectl it ships.
RELEASES = {
    "k8s-1.30.0": ("runc@v1.1.12", "cadvisor@v0.49.0", "metrics-server@v0.7.1", "kubectl@v0.30.0"),
    "k8s-1.31.0": ("runc@v1.1.13", "cadvisor@v0.49.0", "metrics-server@v0.7.1", "kubectl@v0.31.0"),
    "k8s-1.32.0": ("runc@v1.2.1", "cadvisor@v0.51.0", "metrics-server@v0.7.2", "kubectl@v0.32.0"),
    "k8s-1.33.0": (
        "cgroups@v0.0.1",
        "cadvisor@v0.52.1",
        "metrics-server@v0.7.2",
        "kubectl@v0.33.0",
    ),
    "k8s-1.34.0": (
        "cgroups@v0.0.1",
        "cadvisor@v0.52.1",
        "metrics-server@v0.8.0",
        "kubectl@v0.34.0",
    ),
    "k8s-1.35.0": (
        "cgroups@v0.0.3",
        "cadvisor@v0.53.0",
        "metrics-server@v0.8.0",
        "kubectl@v0.35.0",
    ),
    "k8s-1.36.0": (
        "cgroups@v0.0.6",
        "cadvisor@v0.56.2",
        "metrics-server@v0.8.1",
        "kubectl@v0.36.0",
    ),
}


@pytest.mark.parametrize("name", sorted(RELEASES))
def test_release_presets(name):
    s = stacks.parse(name)
    runc, cadvisor, ms, kubectl = RELEASES[name]
    minor = name.removeprefix("k8s-")
    assert [c.registry for c in s.components()] == [
        runc,
        cadvisor,
        f"kubelet@v{minor}",
        ms,
        kubectl,
    ]
    k = s.kubelet
    assert (k.repo, k.tag, len(k.commit)) == ("kubernetes/kubernetes", f"v{minor}", 40)
    assert all(len(c.commit) == 40 and c.tag == c.version for c in s.components())
