"""The cgroup v2 manager's GetStats (fs2/fs2.go) for memory: not-exist errors dropped, other
errors collected into one, partial stats returned with it, all swallowed when rootless;
cgroups v0.1.0's Stats(opts) controller filter."""

from __future__ import annotations

import pytest

from ports.go import errors, fmt, os
from tests.ports.runc.conftest import VERSIONS, runc, since, write_files


def manager(R, path, rootless=False):
    cg = R.configs.Cgroup(resources=R.configs.Resources(), rootless=rootless)
    m, err = R.fs2.new_manager(cg, path)
    assert err is None
    return m


@pytest.mark.parametrize("version", VERSIONS)
def test_get_stats_ignores_not_exist(fs, tempdir, version):
    R = runc(version)
    write_files(fs, tempdir, {"memory.stat": "anon 1\n"})  # memory.current missing
    st, err = manager(R, tempdir).get_stats()
    assert err is None
    assert st.memory_stats.stats == {"anon": 1} and st.memory_stats.use_hierarchy is True
    assert manager(R, tempdir).path("memory") == tempdir


@pytest.mark.parametrize("version", VERSIONS)
def test_get_stats_collects_other_errors(fs, tempdir, version):
    R = runc(version)
    write_files(
        fs, tempdir, {"memory.stat": "anon 1\n", "memory.current": "5\n", "memory.max": "x\n"}
    )
    st, err = manager(R, tempdir).get_stats()
    assert err.Error() == (
        f"error while statting cgroup v2: [unable to parse {tempdir}/memory.max: "
        'strconv.ParseUint: parsing "x": invalid syntax]'
    )
    # fmt.Errorf with %+v (not %w): a plain error, nothing to unwrap
    assert errors.Unwrap(err) is None and not os.IsNotExist(err)
    assert st is not None and st.memory_stats.stats == {"anon": 1}  # partial stats
    st, err = manager(R, tempdir, rootless=True).get_stats()
    assert err is None and st.memory_stats.stats == {"anon": 1}


@pytest.mark.parametrize("version", VERSIONS)
def test_get_stats_keeps_a_read_error(fs, tempdir, version):
    """os.IsNotExist does not see through ParseError: a memory.stat that cannot be read is
    kept by the manager, a missing one is dropped."""
    R = runc(version)
    fs.create_dir(tempdir + "/memory.stat")
    _st, err = manager(R, tempdir).get_stats()
    assert err.Error() == (
        f"error while statting cgroup v2: [unable to parse {tempdir}/memory.stat: "
        f"read {tempdir}/memory.stat: is a directory]"
    )
    wrapped = fmt.Errorf("x: %w", os.PathError("open", "/a", os.ErrNotExist))
    assert not os.IsNotExist(wrapped) and errors.Is(wrapped, os.ErrNotExist)


@pytest.mark.parametrize("version", since("cgroups@v0.1.0"))
def test_stats_controller_filter(fs, tempdir, version):
    R = runc(version)
    write_files(
        fs, tempdir, {"memory.stat": "anon 1\n", "memory.current": "5\n", "memory.max": "x\n"}
    )
    m = manager(R, tempdir)
    st, err = m.stats(R.cgroups.StatsOptions(Controllers=R.cgroups.CPU))
    assert err is None and st.memory_stats.stats == {}
    st, err = m.stats(R.cgroups.StatsOptions(Controllers=R.cgroups.Memory | R.cgroups.Pids))
    assert err is not None and st.memory_stats.stats == {"anon": 1}
    _st2, err2 = m.stats(R.cgroups.StatsOptions())  # 0: all controllers
    assert err2.Error() == err.Error()
