"""Builders, reprs that rebuild, validation, profiles."""

from __future__ import annotations

import pytest

import fake_sysfs
from fake_sysfs import (
    PROFILES,
    Limits,
    cgroup,
    get_profile,
    gib,
    mib,
    node,
    random_world,
    world,
)


def test_repr_rebuilds_worlds() -> None:
    ns = vars(fake_sysfs)
    for seed in range(30):
        w = random_world(seed)
        assert eval(repr(w), ns) == w
    p = get_profile("5.4").with_(swap_accounting=True)
    assert repr(p) == "get_profile('5.4').with_(swap_accounting=True)"
    assert eval(repr(p), ns) == p
    assert repr(get_profile("6.1")) == "get_profile('6.1')"


def test_builders_compose() -> None:
    w = world(
        "6.1",
        "v2",
        node(gib(4), nr_cpus=2),
        cgroup(
            "",
            cgroup("system.slice", anon_active=mib(10), slab_reclaimable_b=8192),
            cgroup(
                "kubepods.slice",
                cgroup("besteffort", file_inactive=mib(5)),
                limits=Limits(max_b=1 << 30),
            ),
            file_inactive=mib(1),
        ),
    )
    assert w.root.find("kubepods.slice/besteffort").memory.file_inactive == 1280
    assert [p for p, _ in w.root.walk()] == [
        "",
        "system.slice",
        "kubepods.slice",
        "kubepods.slice/besteffort",
    ]
    assert eval(repr(w), vars(fake_sysfs)) == w


def test_validation_names_each_problem() -> None:
    bad_root = cgroup("", slab_reclaimable_b=4096, stock=3)
    with pytest.raises(ValueError) as e:
        world("6.1", "v2", node(gib(1)), bad_root)
    assert "root.slab_reclaimable_b" in str(e.value) and "root.stock" in str(e.value)
    with pytest.raises(ValueError, match="anon_thp not a multiple of 512"):
        world("6.1", "v1", node(gib(1)), cgroup("", cgroup("a", anon_active=1000, anon_thp=100)))
    with pytest.raises(ValueError, match=r"slab must be whole pages before 5\.9"):
        world("5.4", "v1", node(gib(1)), cgroup("", cgroup("a", slab_reclaimable_b=100)))
    with pytest.raises(ValueError, match="swap in use"):
        world("6.1", "v1", node(gib(1)), cgroup("", cgroup("a", swap_out=10)))
    with pytest.raises(ValueError, match="MemFree would be"):
        world("6.1", "v1", node(mib(1)), cgroup("", cgroup("a", anon_active=mib(2))))
    with pytest.raises(ValueError, match="memsw limit below memory limit"):
        world(
            "6.1",
            "v1",
            node(gib(1)),
            cgroup("", cgroup("a", limits=Limits(max_b=8192, memsw_limit_b=4096))),
        )
    with pytest.raises(ValueError, match="unknown kernel profile"):
        get_profile("3.10")


def test_profiles_are_feature_sets_in_a_lineage() -> None:
    assert list(PROFILES) == ["4.18-rhel8", "5.4", "5.10", "5.15", "6.1", "6.6", "6.18"]
    rules = {n: p.root_usage_rule for n, p in PROFILES.items()}
    assert rules == {
        "4.18-rhel8": "tree_local",
        "5.4": "hier_charged",
        "5.10": "memcg_file_anon",
        "5.15": "memcg_file_anon",
        "6.1": "memcg_file_anon",
        "6.6": "node",
        "6.18": "node",
    }
    assert PROFILES["4.18-rhel8"].meminfo_kreclaimable  # a backport, not a version number
    assert not PROFILES["5.4"].swap_accounting and PROFILES["6.1"].swap_accounting
    assert PROFILES["6.1"].memcg_charge_batch == 64 and PROFILES["5.15"].memcg_charge_batch == 32


def test_fake_sysfs_imports_neither_ports_nor_sim() -> None:
    import ast
    from pathlib import Path

    for path in Path(fake_sysfs.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node_ in ast.walk(tree):
            names = []
            if isinstance(node_, ast.Import):
                names = [a.name for a in node_.names]
            elif isinstance(node_, ast.ImportFrom) and node_.module:
                names = [node_.module]
            for n in names:
                assert n.split(".")[0] not in ("ports", "sim"), f"{path}: imports {n}"


def test_feature_flags_gate_files() -> None:
    from fake_sysfs import render

    w = random_world(2, profile="6.1")
    no_kmem_limit = world(w.profile.with_(v1_kmem_limit_file=False), "v1", w.node, w.root)
    assert "/sys/fs/cgroup/memory/memory.kmem.limit_in_bytes" in render(w, "v1").files
    assert (
        "/sys/fs/cgroup/memory/memory.kmem.limit_in_bytes" not in render(no_kmem_limit, "v1").files
    )
    no_psi = world(w.profile.with_(psi=False), "v2", w.node, w.root)
    assert "/sys/fs/cgroup/memory.pressure" in render(w, "v2").files
    assert not any(p.endswith("memory.pressure") for p in render(no_psi, "v2").files)
