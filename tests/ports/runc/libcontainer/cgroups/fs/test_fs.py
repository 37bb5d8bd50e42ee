"""The cgroup v1 manager (fs/fs.go): NewManager's checks, GetStats aborting on the first
error with no stats, and cgroups v0.1.0's Stats(opts) controller filter."""

from __future__ import annotations

import pytest

from tests.ports.runc.conftest import VERSIONS, runc, since, write_files

GOOD = {
    "memory.stat": "cache 1\n",
    "memory.usage_in_bytes": "2\n",
    "memory.max_usage_in_bytes": "3\n",
    "memory.failcnt": "0\n",
    "memory.limit_in_bytes": "4\n",
    "memory.use_hierarchy": "1\n",
}


def cfg(R, resources=True, unified=None):
    return R.configs.Cgroup(resources=R.configs.Resources(unified=unified) if resources else None)


@pytest.mark.parametrize(
    ("version", "name"),
    [(v, "configs") for v in since(VERSIONS[0], "runc@v1.2.0")]
    + [(v, "cgroups") for v in since("cgroups@v0.0.1")],
)
def test_new_manager_checks(version, name):
    R = runc(version)
    m, err = R.fs.new_manager(cfg(R, resources=False), {"memory": "/x"})
    assert m is None
    assert err.Error() == (
        f"cgroup v1 manager needs {name}.Resources to be set during manager creation"
    )
    m, err = R.fs.new_manager(cfg(R, unified={"memory.max": "1"}), {"memory": "/x"})
    assert m is None and err is R.cgroups.ErrV1NoUnified
    assert err.Error() == "invalid configuration: cannot use unified on cgroup v1"
    with pytest.raises(NotImplementedError):
        R.fs.new_manager(cfg(R), None)


@pytest.mark.parametrize("version", VERSIONS)
def test_get_stats(fs, tempdir, version):
    R = runc(version)
    write_files(fs, tempdir, GOOD)
    m, err = R.fs.new_manager(cfg(R), {"memory": tempdir, "cpu": "/nowhere"})
    assert m.path("memory") == tempdir and m.path("pids") == ""
    st, err = m.get_stats()
    assert err is None and st.memory_stats.usage.usage == 2 and st.memory_stats.cache == 1
    # no memory path: the subsystem is skipped
    m, _ = R.fs.new_manager(cfg(R), {"cpu": tempdir})
    st, err = m.get_stats()
    assert err is None and st.memory_stats.stats == {}
    # the first error aborts, with no stats at all
    write_files(fs, tempdir, {"memory.failcnt": "x"})
    m, _ = R.fs.new_manager(cfg(R), {"memory": tempdir})
    st, err = m.get_stats()
    assert st is None
    assert err.Error() == (
        f'unable to parse {tempdir}/memory.failcnt: strconv.ParseUint: parsing "x": invalid syntax'
    )
    # rootless changes nothing at this level
    m, _ = R.fs.new_manager(
        R.configs.Cgroup(resources=R.configs.Resources(), rootless=True), {"memory": tempdir}
    )
    assert m.get_stats()[0] is None


@pytest.mark.parametrize("version", since("cgroups@v0.1.0"))
def test_stats_controller_filter(fs, tempdir, version):
    R = runc(version)
    write_files(fs, tempdir, {**GOOD, "memory.failcnt": "x"})
    m, _ = R.fs.new_manager(cfg(R), {"memory": tempdir})
    st, err = m.stats(R.cgroups.StatsOptions(Controllers=R.cgroups.CPU | R.cgroups.IO))
    assert err is None and st.memory_stats.stats == {}
    st, err = m.stats(R.cgroups.StatsOptions(Controllers=R.cgroups.Memory))
    assert st is None and err is not None
    assert m.get_stats()[1].Error() == err.Error()
