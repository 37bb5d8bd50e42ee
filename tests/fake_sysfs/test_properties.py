"""kernel.md §5.3 invariants over many seeds, every profile and every view of the same state."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from fake_sysfs import CGROUP_MODES, KNOWN, PROFILES, Mix, random_world, render
from fake_sysfs.account import problems
from fake_sysfs.strategies import quirky, seeded_worlds, worlds

from .invariants import check, kv, meminfo

SEEDS = range(40)


@pytest.mark.parametrize("profile", list(PROFILES))
def test_random_worlds_are_valid_and_keep_the_invariants_in_every_view(profile: str) -> None:
    for seed in SEEDS:
        w = random_world(seed, profile=profile)
        assert problems(w) == [], f"seed {seed}"
        for view in CGROUP_MODES:
            bad = check(render(w, view), w)
            assert bad == [], f"memsim world --seed {seed} --profile {profile} --view {view}: {bad}"


# the mglru, zram, 1 GiB hugetlb and THP knobs, pushed further than their families push them (sim.states.families)
_NEWER_MIXES = {
    "lru_gen": Mix(budget=(0.2, 0.4), lru_gen=True),
    "zram": Mix(
        budget=(0.2, 0.4), swap_p=1.0, cgroup_swap_p=1.0, swap_out=(0.0, 0.6), zram=(1.5, 3.0)
    ),
    "huge_1g": Mix(budget=(0.03, 0.22), huge_p=1.0, huge=(0.25, 0.35), huge_1g_p=0.5),
    "thp": Mix(budget=(0.2, 0.4), anon=(0.5, 0.5), thp=(0.0, 1.0), thp_tails=(0.0, 0.2)),
}


@pytest.mark.parametrize("knob", list(_NEWER_MIXES))
@pytest.mark.parametrize("profile", list(KNOWN))
def test_lru_gen_zram_huge_1g_thp_mixes_are_valid_on_every_known_kernel(
    knob: str, profile: str
) -> None:
    mix = _NEWER_MIXES[knob]
    for seed in range(150):
        w = random_world(seed, profile=profile, mix=mix)
        assert problems(w) == [], f"knob {knob} seed {seed}"
        if seed < 6:  # (without CONFIG_MEMCG_V1 there is only v2 to check)
            for view in CGROUP_MODES if w.profile.memcg_v1 else ("v2",):
                bad = check(render(w, view), w)
                assert bad == [], f"knob {knob} seed {seed} --view {view}: {bad}"


@pytest.mark.parametrize("profile", list(PROFILES))
def test_both_views_of_one_state_agree(profile: str) -> None:
    """Same ground truth: identical meminfo; the memcg totals that both views show are equal."""
    for seed in SEEDS:
        w = random_world(seed, profile=profile)
        v1, v2 = render(w, "v1"), render(w, "v2")
        assert v1.files["/proc/meminfo"] == v2.files["/proc/meminfo"]
        if "/sys/fs/cgroup/memory.stat" not in v2.files:
            assert not w.profile.v2_root_stat
            continue
        s1 = kv(v1.read("/sys/fs/cgroup/memory/memory.stat"))
        s2 = kv(v2.read("/sys/fs/cgroup/memory.stat"))
        for k in ("inactive_file", "active_file", "inactive_anon", "active_anon", "unevictable"):
            assert s1[f"total_{k}"] == s2[k], (seed, k)
        assert s1["total_cache"] == s2["file"]
        assert s1["total_rss"] == s2["anon"]
        # non-root: v2 current = v1 usage + socket memory (+ hugetlb when accounted)
        tr = w.tree
        for v in tr.visible()[1:]:
            cur = int(v2.read(f"/sys/fs/cgroup/{v.path}/memory.current"))
            use = int(v1.read(f"/sys/fs/cgroup/memory/{v.path}/memory.usage_in_bytes"))
            extra = v.total.sock + (v.total.hugetlb if w.profile.memory_hugetlb_accounting else 0)
            if w.profile.v1_use_hierarchy:
                assert cur == use + extra * 4096, (seed, v.path)


def test_node_scope_is_the_full_render_restricted_to_the_root() -> None:
    for seed in range(60):
        w = random_world(seed)
        for view in CGROUP_MODES:
            full, node = render(w, view), render(w, view, scope="node")
            assert set(node.files) <= set(full.files)
            for path, data in node.files.items():
                assert full.files[path] == data, path
            root = "/sys/fs/cgroup/memory/" if view != "v2" else "/sys/fs/cgroup/"
            at_root = {p for p in full.files if p.startswith(root) and "/" not in p[len(root) :]}
            assert at_root <= set(node.files)


def test_same_seed_same_world_and_files() -> None:
    for seed in (0, 1, 12345, 2**31):
        a, b = random_world(seed), random_world(seed)
        assert a == b
        assert render(a, "v2") == render(b, "v2")
    assert random_world(1) != random_world(2)
    for seed in range(20):
        w = random_world(seed)
        assert random_world(seed, profile=w.profile.name, mode=w.mode) == w


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seeded_worlds())
def test_seeded_worlds_hypothesis(w) -> None:  # type: ignore[no-untyped-def]
    assert problems(w) == []
    for view in CGROUP_MODES:
        assert check(render(w, view), w) == []


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(worlds())
def test_drawn_worlds_hypothesis(w) -> None:  # type: ignore[no-untyped-def]
    assert problems(w) == []
    for view in CGROUP_MODES:
        assert check(render(w, view), w) == []


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(quirky(seeded_worlds() | worlds()))
def test_stale_and_drifting_worlds_hypothesis(w) -> None:  # type: ignore[no-untyped-def]
    """Stale statistics and drift keep every invariant except the ones they relax, by exactly
    the world's own amounts (invariants.py says which)."""
    assert problems(w) == []
    for view in CGROUP_MODES:
        assert check(render(w, view), w) == []


def test_meminfo_field_sets_by_profile() -> None:
    """kernel.md §1.1 field-set evolution, as rendered."""
    fields = {name: list(meminfo(render(random_world(3, profile=name), "v2"))) for name in PROFILES}
    assert "KReclaimable" in fields["4.18-rhel8"]  # RHEL 8 backport
    assert "SecPageTables" not in fields["5.15"] and "SecPageTables" in fields["6.1"]
    assert (
        "Zswap" not in fields["5.15"]
        and fields["6.1"].index("Zswap") == fields["6.1"].index("SwapFree") + 1
    )
    assert "Balloon" not in fields["6.6"] and "Balloon" in fields["6.18"]
    assert "HardwareCorrupted" in fields["6.6"] and "HardwareCorrupted" not in fields["6.18"]
    assert fields["6.18"][:6] == [
        "MemTotal",
        "MemFree",
        "MemAvailable",
        "Buffers",
        "Cached",
        "SwapCached",
    ]


def test_the_checker_catches_broken_files() -> None:
    """The invariant checker is not vacuous: hostile edits of a valid render are caught."""
    w = random_world(11, profile="6.1")
    t = render(w, "v2")
    assert check(t, w) == []
    mi = t.read("/proc/meminfo").replace("Slab:", "Slab:   1").encode()  # Slab grows 10x+
    assert any("Slab" in b for b in check(t.with_file("/proc/meminfo", mi)))
    child = next(v for v in w.tree.visible()[1:] if v.cgroup.children)
    grandchild = f"/sys/fs/cgroup/{child.path}/{child.cgroup.children[0].name}/memory.current"
    if grandchild in t.files:
        bad = check(t.with_file(grandchild, b"999999999999999\n"))
        assert any("Σ children" in b for b in bad)
    v1 = render(w, "v1")
    stat = v1.read("/sys/fs/cgroup/memory/memory.stat").replace(
        "total_inactive_file ", "total_inactive_file 9"
    )
    assert any(
        "total_inactive_file" in b
        for b in check(v1.with_file("/sys/fs/cgroup/memory/memory.stat", stat))
    )
