"""libcontainer/cgroups/file_test.go TestOpenat2 (every version), ported onto a fake cgroup2
/sys/fs/cgroup, and the open behaviour memsim depends on: openat2 under /sys/fs/cgroup vs the
openAndCheck fallback and their error op names, the cgroupfs check, name cleaning (v1.1.10+),
and IsCgroup2UnifiedMode (utils.go)."""

from __future__ import annotations

import pytest

from ports.go import errors, host, os
from ports.go.builtin import GoPanic
from tests.ports.runc.conftest import VERSIONS, before, runc, since

OPENAT2_CASES = [
    ("/sys/fs/cgroup", "cgroup.controllers"),
    ("/sys/fs/cgroup", "/cgroup.controllers"),
    ("/sys/fs/cgroup/", "cgroup.controllers"),
    ("/sys/fs/cgroup/", "/cgroup.controllers"),
    ("/sys/fs/cgroup/user.slice", "cgroup.controllers"),  # v1.1.7 only (dropped in v1.1.9)
    ("/sys/fs/cgroup/user.slice/", "/cgroup.controllers"),  # v1.1.7 only
    ("/", "/sys/fs/cgroup/cgroup.controllers"),
    ("/", "sys/fs/cgroup/cgroup.controllers"),
    ("/sys/fs/cgroup/cgroup.controllers", ""),
]


@pytest.mark.parametrize("version", VERSIONS)
def test_openat2(fs, version):
    """TestOpenat2: every case opens through openat2 (the fallback is replaced by one that
    fails)."""
    fs.create_file("/sys/fs/cgroup/cgroup.controllers", contents="cpu memory\n")
    fs.create_file("/sys/fs/cgroup/user.slice/cgroup.controllers", contents="memory\n")
    R = runc(version, test_mode=False)
    assert R.cgroups.is_cgroup2_unified_mode()

    # Make sure we test openat2, not its fallback.
    R.cgroups.openFallback = lambda _p, _f, _m: (None, errors.New("fallback"))
    cases = (
        OPENAT2_CASES
        if version == "runc@v1.1.7"
        else [c for c in OPENAT2_CASES if "user.slice" not in c[0]]
    )
    for dir, file in cases:
        fd, err = R.cgroups.open_file(dir, file, os.O_RDONLY)
        assert err is None, f"case {(dir, file)}: {err.Error()}"
        assert fd is not None


@pytest.mark.parametrize("version", VERSIONS)
def test_open_error_op_names(fs, fake_host, version):
    """A missing file under /sys/fs/cgroup: "openat2 ..." on kernels with openat2, "open ..."
    through the fallback (no openat2, or a path outside /sys/fs/cgroup)."""
    fs.create_file("/sys/fs/cgroup/a/memory.stat", contents="")
    fs.create_file("/elsewhere/memory.stat", contents="")
    for openat2, op in ((True, "openat2"), (False, "open")):
        with host.use(host.FakeHost(fake_host.mounts, openat2=openat2)):
            R = runc(version, test_mode=False)
            _, err = R.cgroups.read_file("/sys/fs/cgroup/a", "memory.current")
            assert err.Error() == f"{op} /sys/fs/cgroup/a/memory.current: no such file or directory"
            assert os.IsNotExist(err)
            _, err = R.cgroups.read_file("/elsewhere", "memory.current")
            assert err.Error() == "open /elsewhere/memory.current: no such file or directory"


@pytest.mark.parametrize("version", VERSIONS)
def test_open_and_check_not_a_cgroup_file(fs, version):
    """Outside TestMode the fallback checks the filesystem type: a file on ext4 is refused."""
    fs.create_file("/elsewhere/memory.stat", contents="anon 1\n")
    R = runc(version, test_mode=False)
    _, err = R.cgroups.read_file("/elsewhere", "memory.stat")
    assert err.Error() == "open /elsewhere/memory.stat: not a cgroup file"
    assert not os.IsNotExist(err)
    R = runc(version, test_mode=True)
    data, err = R.cgroups.read_file("/elsewhere", "memory.stat")
    assert (data, err) == ("anon 1\n", None)


@pytest.mark.parametrize("version", VERSIONS)
def test_fallback_on_a_cgroup_mount_elsewhere(fs, version):
    """A cgroupfs mounted elsewhere passes the fallback's statfs check."""
    fs.create_file("/rootfs/sys/fs/cgroup/memory.stat", contents="anon 1\n")
    with host.use(host.FakeHost({"/rootfs/sys/fs/cgroup": "cgroup2"})):
        R = runc(version, test_mode=False)
        data, err = R.cgroups.read_file("/rootfs/sys/fs/cgroup", "memory.stat")
    assert (data, err) == ("anon 1\n", None)


@pytest.mark.parametrize("version", VERSIONS)
def test_open_file_without_dir(version):
    _, err = runc(version).cgroups.open_file("", "memory.stat", os.O_RDONLY)
    assert err.Error() == "no directory specified for memory.stat"


@pytest.mark.parametrize(
    ("version", "escapes"),
    [(v, True) for v in before("runc@v1.1.10")] + [(v, False) for v in since("runc@v1.1.10")],
)
def test_open_file_cleans_the_name(fs, version, escapes):
    """v1.1.10 (issue #4103): ".." in the file name no longer leaves dir."""
    fs.create_file("/tmp/c/x", contents="outside")
    fs.create_file("/tmp/c/d/x", contents="inside")
    data, err = runc(version).cgroups.read_file("/tmp/c/d/e", "../../x")
    if escapes:
        assert (data, err) == ("outside", None)
    else:
        assert err.Error() == "open /tmp/c/d/e/x: no such file or directory"
    data, err = runc(version).cgroups.read_file("/tmp/c/d", "/../x")
    assert data == ("outside" if escapes else "inside")


@pytest.mark.parametrize("version", VERSIONS)
def test_openat2_refuses_symlinks_on_cgroup2(fs, version):
    """On cgroup2 the resolve flags add RESOLVE_NO_SYMLINKS: a symlinked directory fails."""
    fs.create_file("/sys/fs/cgroup/real/memory.current", contents="1\n")
    fs.create_symlink("/sys/fs/cgroup/link", "/sys/fs/cgroup/real")
    R = runc(version, test_mode=False)
    _, err = R.cgroups.read_file("/sys/fs/cgroup/link", "memory.current")
    assert err.Error() == (
        "openat2 /sys/fs/cgroup/link/memory.current: too many levels of symbolic links"
    )


@pytest.mark.parametrize("version", VERSIONS)
def test_prepare_openat2_once_per_host(fs, fake_host, version):
    """prepareOpenat2 runs once per process; each host is a new process."""
    R = runc(version, test_mode=False)
    assert R.cgroups.prepare_openat2().Error() == (
        "openat2 /sys/fs/cgroup: no such file or directory"
    )
    fs.create_dir("/sys/fs/cgroup")
    assert R.cgroups.prepare_openat2() is not None  # still the first answer
    with host.use(host.FakeHost(fake_host.mounts)):
        assert R.cgroups.prepare_openat2() is None
    with host.use(host.FakeHost(fake_host.mounts, openat2=False)):
        assert (
            R.cgroups.prepare_openat2().Error()
            == "openat2 /sys/fs/cgroup: function not implemented"
        )


@pytest.mark.parametrize(("mount", "unified"), [("cgroup2", True), ("tmpfs", False)])
@pytest.mark.parametrize("version", VERSIONS)
def test_is_cgroup2_unified_mode(fs, version, mount, unified):
    fs.create_dir("/sys/fs/cgroup")
    with host.use(host.FakeHost({"/sys/fs/cgroup": mount})):
        assert runc(version).cgroups.is_cgroup2_unified_mode() is unified


@pytest.mark.parametrize(
    ("version", "panics"),
    [(v, True) for v in before("runc@v1.2.0")] + [(v, False) for v in since("runc@v1.2.0")],
)
def test_is_cgroup2_unified_mode_without_sys_fs_cgroup(fs, version, panics):
    """runc 1.1 panics when statfs("/sys/fs/cgroup") fails (outside a user namespace);
    runc 1.2 logs and assumes cgroup v1."""
    R = runc(version)
    if panics:
        with pytest.raises(GoPanic, match="cannot statfs cgroup root: no such file or directory"):
            R.cgroups.is_cgroup2_unified_mode()
    else:
        assert R.cgroups.is_cgroup2_unified_mode() is False
