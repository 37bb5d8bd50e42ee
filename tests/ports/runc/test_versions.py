"""The version registry and resolver, the version lineage, and memsim's entry points
(Version.memory_stats, Version.marshal)."""

from __future__ import annotations

import itertools

import pytest

import ports.runc
from ports import registry
from ports.go import host, os
from ports.go.math import MaxUint64
from tests.ports.runc.conftest import VERSIONS, runc, write_files

ALL = [
    "runc@v1.1.7",
    "runc@v1.1.9",
    "runc@v1.1.10",
    "runc@v1.1.11",
    "runc@v1.1.12",
    "runc@v1.1.13",
    "runc@v1.1.15",
    "runc@v1.2.0",
    "runc@v1.2.1",
    "cgroups@v0.0.1",
    "cgroups@v0.0.3",
    "cgroups@v0.0.5",
    "cgroups@v0.0.6",
    "cgroups@v0.1.0",
]


def test_versions():
    assert ports.runc.versions() == ALL == VERSIONS
    assert registry.names("runc") == sorted(ALL[:9])
    assert registry.names("cgroups") == sorted(ALL[9:])


@pytest.mark.parametrize(
    ("spec", "name"),
    [
        ("1.1.7", "runc@v1.1.7"),
        ("v1.1.7", "runc@v1.1.7"),
        ("runc@v1.1.9", "runc@v1.1.9"),
        ("runc-1.2.0", "runc@v1.2.0"),
        ("cgroups-0.1.0", "cgroups@v0.1.0"),
        ("cgroups@v0.0.5", "cgroups@v0.0.5"),
        ("cgroups-v0.0.5", "cgroups@v0.0.5"),
    ],
)
def test_resolve(spec, name):
    assert ports.runc.resolve(spec) == name
    assert ports.runc.get(spec) is registry.get(name)


def test_resolve_errors():
    with pytest.raises(KeyError, match="bad version"):
        ports.runc.resolve("latest")
    with pytest.raises(KeyError, match="known runc versions"):
        ports.runc.get("1.1.8")  # no port: its memory code is v1.1.7's


def test_lineage():
    """Each version subclasses the one before."""
    classes = [registry.get(n) for n in ALL]
    for older, newer in itertools.pairwise(classes):
        assert newer.__mro__[1] is older
        assert newer.NAME != older.NAME


def test_packages_are_wired():
    R = runc("cgroups@v0.0.5")
    for pkg in (R.cgroups, R.fscommon, R.fs, R.fs2, R.utils, R.configs, R.internal_path):
        assert (
            pkg.cgroups is R.cgroups and pkg.fs2 is R.fs2 and pkg.internal_path is R.internal_path
        )
    assert not hasattr(runc("runc@v1.2.0"), "internal_path")


STAT = "anon 100\nfile 200\n"


@pytest.mark.parametrize("version", VERSIONS)
def test_memory_stats_v2(fs, version):
    d = "/sys/fs/cgroup/kubepods.slice"
    write_files(fs, d, {"memory.stat": STAT, "memory.current": "300\n", "memory.max": "max\n"})
    fs.create_file("/proc/meminfo", contents="MemTotal: 10 kB\nMemFree: 4 kB\n")
    fs.create_file("/sys/fs/cgroup/memory.stat", contents=STAT)
    R = runc(version, test_mode=False)
    ms, err = R.memory_stats(d)
    assert err is None and ms.usage.usage == 300
    ms, err = R.memory_stats("/sys/fs/cgroup")
    assert err is None
    assert ms.usage.usage == (6144 if version == "runc@v1.1.7" else 300)
    # statMemory's error, with the stats as far as they got
    ms, err = R.memory_stats("/sys/fs/cgroup/nope")
    assert err.Error() == "openat2 /sys/fs/cgroup/nope/memory.stat: no such file or directory"
    assert ms.stats == {}
    # the manager drops not-exist errors
    ms, err = R.memory_stats("/sys/fs/cgroup/nope", manager=True)
    assert err is None and ms.stats == {}
    write_files(fs, d, {"memory.max": "bad"})
    ms, err = R.memory_stats(d, manager=True)
    assert err.Error().startswith("error while statting cgroup v2: [unable to parse ")
    assert ms.stats == {"anon": 100, "file": 200}


@pytest.mark.parametrize("version", VERSIONS)
def test_memory_stats_v1(fs, version):
    d = "/sys/fs/cgroup/memory/kubepods"
    write_files(
        fs,
        d,
        {
            "memory.stat": "cache 5\n",
            "memory.usage_in_bytes": "2048\n",
            "memory.max_usage_in_bytes": "4096\n",
            "memory.failcnt": "0\n",
            "memory.limit_in_bytes": "max\n",
            "memory.use_hierarchy": "1\n",
        },
    )
    mounts = {"/sys/fs/cgroup": "tmpfs", "/sys/fs/cgroup/memory": "cgroup"}
    with host.use(host.FakeHost(mounts)):
        R = runc(version, test_mode=False)
        assert not R.cgroups.is_cgroup2_unified_mode()
        ms, err = R.memory_stats(d)
        assert err is None
        assert (ms.usage.usage, ms.usage.limit, ms.cache) == (2048, MaxUint64, 5)
        ms, err = R.memory_stats(d, manager=True)
        assert err is None and ms.use_hierarchy is True
        write_files(fs, d, {"memory.failcnt": "x"})
        ms, err = R.memory_stats(d)
        assert err is not None and ms.cache == 5  # partial
        ms, err = R.memory_stats(d, manager=True)
        assert ms is None and not os.IsNotExist(err)  # the v1 manager returns no stats
        text, err = R.marshal(R.memory_stats(d)[0])
        assert err is None and text.startswith('{"cache":5,')
