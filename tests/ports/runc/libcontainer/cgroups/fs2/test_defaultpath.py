"""libcontainer/cgroups/fs2/defaultpath_test.go (every version), ported, with a pyfakefs
/proc/self/cgroup instead of the host's."""

from __future__ import annotations

import pytest

from ports.go import os
from ports.go.os import File
from tests.ports.runc.conftest import VERSIONS, runc, since


def reader(s: str) -> File:
    """strings.NewReader(s), as the *os.File the port's scanner reads."""
    return File("<reader>", s.encode())


@pytest.mark.parametrize("version", VERSIONS)
def test_parse_cgroup_from_reader(version):
    """TestParseCgroupFromReader"""
    R = runc(version)
    cases = {
        "0::/user.slice/user-1001.slice/session-1.scope\n": "/user.slice/user-1001.slice/session-1.scope",
        "2:cpuset:/foo\n1:name=systemd:/\n": "",
        "2:cpuset:/foo\n1:name=systemd:/\n0::/user.slice/user-1001.slice/session-1.scope\n": "/user.slice/user-1001.slice/session-1.scope",
    }
    for s, expected in cases.items():
        g, err = R.fs2.parse_cgroup_from_reader(reader(s))
        if expected != "":
            assert g == expected
            assert err is None
        else:
            assert err is not None, "error is expected"
            assert err.Error() == "cgroup path not found"


@pytest.mark.parametrize(
    ("version", "error"),
    [(v, 'invalid cgroup entry: "junk"') for v in since(VERSIONS[0], "runc@v1.2.0")]
    + [(v, "cgroup path not found") for v in since("cgroups@v0.0.1")],
)
def test_parse_cgroup_from_reader_bad_entry(version, error):
    _, err = runc(version).fs2.parse_cgroup_from_reader(reader("junk\n0::/a\n"))
    if error == "cgroup path not found":
        # cgroups only looks for a "0::" line: it finds the second one
        assert _ is not None and err is None
    else:
        assert err.Error() == error


@pytest.mark.parametrize("version", VERSIONS)
def test_default_dir_path(fs, version):
    """TestDefaultDirPath (runc calls _defaultDirPath, cgroups defaultDirPath)."""
    fs.create_file("/proc/self/cgroup", contents="0::/user.slice/user-1001.slice/session-1.scope\n")
    fs.create_dir("/sys/fs/cgroup")
    R = runc(version)
    assert R.cgroups.is_cgroup2_unified_mode()
    # same code as in defaultDirPath()
    ownCgroup, err = R.fs2.parse_cgroup_file("/proc/self/cgroup")
    assert err is None
    ownCgroup = "/user.slice/user-1001.slice"

    cases = [
        ("/foo/bar", "", "", "/sys/fs/cgroup/foo/bar"),
        ("foo/bar", "", "", f"/sys/fs/cgroup{ownCgroup}/foo/bar"),
    ]
    for cgPath, cgParent, cgName, expected in cases:
        if version in since("cgroups@v0.0.1"):
            cg = R.configs.Cgroup(path=cgPath, parent=cgParent, name=cgName)
            got, err = R.fs2.default_dir_path(cg)
        else:
            got, err = R.fs2._default_dir_path(R.fs2.UnifiedMountpoint, cgPath, cgParent, cgName)
        assert err is None
        assert got == expected


@pytest.mark.parametrize("version", VERSIONS)
def test_new_manager_default_dir_path(fs, version):
    fs.create_file("/proc/self/cgroup", contents="0::/a/b\n")
    R = runc(version)
    m, err = R.fs2.new_manager(R.configs.Cgroup(parent="../../x", name="y"), "")
    assert err is None and m.path("") == "/sys/fs/cgroup/a/x/y"
    _, err = R.fs2.new_manager(R.configs.Cgroup(path="/p", name="n"), "")
    assert err.Error().startswith("cgroup: either Path or Name and Parent should be used")
    fs.remove("/proc/self/cgroup")
    _, err = R.fs2.new_manager(R.configs.Cgroup(path="rel"), "")
    assert err.Error() == "open /proc/self/cgroup: no such file or directory"
    assert os.IsNotExist(err)
