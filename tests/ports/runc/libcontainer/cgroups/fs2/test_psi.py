"""libcontainer/cgroups/fs2/psi_test.go (runc v1.2.0+, opencontainers/cgroups), ported, and
statPSI's other outcomes."""

from __future__ import annotations

import pytest

from ports.go.builtin import GoPanic
from tests.ports.runc.conftest import runc, since, write_files

PSI = since("runc@v1.2.0")


@pytest.mark.parametrize("version", PSI)
def test_stat_cpu_psi(fs, tempdir, version):
    """TestStatCPUPSI"""
    examplePSIData = """some avg10=1.71 avg60=2.36 avg300=2.57 total=230548833
full avg10=1.00 avg60=1.01 avg300=1.00 total=157622356"""
    R = runc(version)
    write_files(fs, tempdir, {"cpu.pressure": examplePSIData})
    st, err = R.fs2.stat_psi(tempdir, "cpu.pressure")
    assert err is None
    assert st == R.cgroups.PSIStats(
        some=R.cgroups.PSIData(avg10=1.71, avg60=2.36, avg300=2.57, total=230548833),
        full=R.cgroups.PSIData(avg10=1.00, avg60=1.01, avg300=1.00, total=157622356),
    )


@pytest.mark.parametrize("version", PSI)
def test_stat_psi_outcomes(fs, tempdir, version):
    R = runc(version)

    def stat(contents):
        write_files(fs, tempdir, {"memory.pressure": contents})
        st, err = R.fs2.stat_psi(tempdir, "memory.pressure")
        return st, (None if err is None else err.Error())

    # missing file: nil, nil (kernel < 4.20, CONFIG_PSI unset, or cgroup.pressure 0)
    assert R.fs2.stat_psi(tempdir, "io.pressure") == (None, None)
    # unknown lines and keys are ignored; only "some" is zero-filled when "full" is missing
    st, err = stat("some avg10=0.00 avg60=0.00 avg300=0.00 total=5\nother x=1\n")
    assert err is None and st.some.total == 5 and st.full == R.cgroups.PSIData()
    st, err = stat("some foo=1 total=7\n")
    assert err is None and st.some.total == 7
    # errors
    pre = f"unable to parse {tempdir}/memory.pressure: "
    assert stat("some avg10\n") == (None, pre + 'invalid psi data: "avg10"')
    assert stat("some total=-1\n") == (
        None,
        pre + 'invalid total PSI value: strconv.ParseUint: parsing "-1": invalid syntax',
    )
    assert stat("full avg60=x\n") == (
        None,
        pre + 'invalid avg60 PSI value: strconv.ParseFloat: parsing "x": invalid syntax',
    )
    # an empty line indexes parts[0] of nothing: Go panics
    with pytest.raises(GoPanic, match="index out of range"):
        stat("some total=1\n\n")


@pytest.mark.parametrize("version", PSI)
def test_manager_collects_memory_psi(fs, tempdir, version):
    R = runc(version)
    write_files(
        fs,
        tempdir,
        {
            "memory.stat": "anon 1\nfile 2\n",
            "memory.current": "3\n",
            "memory.max": "max\n",
            "memory.pressure": "some avg10=0.50 avg60=0.25 avg300=0.00 total=9\n"
            "full avg10=0.00 avg60=0.00 avg300=0.00 total=4\n",
        },
    )
    m, err = R.fs2.new_manager(R.configs.Cgroup(resources=R.configs.Resources()), tempdir)
    st, err = m.get_stats()
    assert err is None
    assert st.memory_stats.psi.some.avg10 == 0.5 and st.memory_stats.psi.full.total == 4
    assert st.cpu_stats.psi is None and st.blkio_stats.psi is None
    text, err = R.marshal(st.memory_stats.psi)
    assert text == (
        '{"some":{"avg10":0.5,"avg60":0.25,"avg300":0,"total":9},'
        '"full":{"avg10":0,"avg60":0,"avg300":0,"total":4}}'
    )
    # a broken memory.pressure: its error joins the manager's list (no IsNotExist filter)
    write_files(fs, tempdir, {"memory.pressure": "some total=x\n"})
    st, err = m.get_stats()
    assert err.Error() == (
        "error while statting cgroup v2: [unable to parse "
        f"{tempdir}/memory.pressure: invalid total PSI value: strconv.ParseUint: parsing "
        '"x": invalid syntax]'
    )
    assert st.memory_stats.usage.usage == 3 and st.memory_stats.psi is None
