"""errno as Go sees it for a name that cannot be opened (issue 16): a NUL in it is EINVAL
from Go itself; PATH_MAX bytes or more is ENAMETOOLONG from the kernel; a component over
NAME_MAX is ENAMETOOLONG where the directory's filesystem checks it (tmpfs, ext4) and ENOENT
where it does not (kernfs: cgroup, cgroup2, sysfs; procfs). The port said ENOENT everywhere,
so on v1 (which ignores not-exist errors) a bad cgroup path reported no error at all.

The kernel facts are checked against this machine's own kernel where it has the filesystem
(the live tests), and against the real Go in the oracle tier (test_oracle_errno)."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ports.go import host, syscall, unix
from ports.go import os as goos
from sim import hosts

LONG = "a" * 256
FILES = {
    "/proc/meminfo": b"MemTotal: 1 kB\n",
    "/sys/fs/cgroup/memory/memory.stat": b"cache 0\n",
    "/sys/fs/cgroup/memory/pod/memory.stat": b"cache 0\n",
}
V1_MOUNTS = {"/sys/fs/cgroup": "tmpfs", "/sys/fs/cgroup/memory": "cgroup"}


def _open_err(h: host.Host, path: str):
    with host.use(h):
        _, err = goos.Open(path)
    return err


def test_a_nul_is_einval_before_any_syscall() -> None:
    h = host.FakeHost(V1_MOUNTS, files=FILES)
    err = _open_err(h, "/sys/fs/cgroup/memory/a\x00b/memory.stat")
    assert err.Err is syscall.EINVAL
    assert err.Error() == "open /sys/fs/cgroup/memory/a\x00b/memory.stat: invalid argument"
    # Python's own open() raises ValueError on a NUL: PyHost never gets that far
    assert _open_err(host.PyHost(), "/proc/self/a\x00b").Err is syscall.EINVAL
    # unix.Openat2 refuses it before it knows whether the kernel has openat2 (x/sys/unix
    # converts the string first)
    no_openat2 = host.FakeHost(V1_MOUNTS, openat2=False, files=FILES)
    with host.use(no_openat2):
        fd, err = unix.Openat2(-1, "/sys/fs/cgroup/a\x00b", unix.OpenHow(Flags=unix.O_PATH))
        assert fd is None and err is syscall.EINVAL
        fd, err = unix.Openat2(-1, "/sys/fs/cgroup/ab", unix.OpenHow(Flags=unix.O_PATH))
        assert err is syscall.ENOSYS
        assert unix.Statfs("/sys/a\x00")[1] is syscall.EINVAL


def test_path_max() -> None:
    h = host.FakeHost(V1_MOUNTS, files=FILES)
    base = "/sys/fs/cgroup/memory/"
    at_4095 = (
        base + "/".join(["b"] * ((4095 - len(base)) // 2)) + "x" * ((4095 - len(base)) % 2 + 1)
    )
    at_4095 = at_4095[:4095]
    assert len(at_4095) == 4095 and _open_err(h, at_4095).Err is syscall.ENOENT
    at_4096 = at_4095 + "c"
    assert _open_err(h, at_4096).Err is syscall.ENAMETOOLONG
    assert _open_err(h, at_4096).Error().endswith(": file name too long")
    # bytes, not characters: 2,048 two-byte characters are 4,096 bytes
    assert _open_err(h, "/" + "é" * 2048).Err is syscall.ENAMETOOLONG
    # openat2's limit is on the name it is given: a relative name under PATH_MAX is walked
    with host.use(h):
        root, _ = unix.Openat2(-1, "/sys/fs/cgroup", unix.OpenHow(Flags=unix.O_PATH))
        rel = at_4095[len("/sys/fs/cgroup/") :] + "cccc"
        assert len(rel) < 4096 <= len("/sys/fs/cgroup/" + rel)
        _, err = unix.Openat2(root, rel, unix.OpenHow(Resolve=unix.RESOLVE_BENEATH))
        assert err is syscall.ENOENT


@pytest.mark.parametrize(
    ("path", "node", "harness"),
    [
        # under the v1 tmpfs at /sys/fs/cgroup: tmpfs checks NAME_MAX
        (f"/sys/fs/cgroup/{LONG}/memory.stat", errno.ENAMETOOLONG, errno.ENAMETOOLONG),
        # in cgroupfs (kernfs): no check, no such node; the harness's tmpfs checks
        (f"/sys/fs/cgroup/memory/{LONG}/memory.stat", errno.ENOENT, errno.ENAMETOOLONG),
        (f"/sys/fs/cgroup/memory/pod/{LONG}", errno.ENOENT, errno.ENAMETOOLONG),
        # a missing directory before the long name: ENOENT there first
        (f"/sys/fs/cgroup/memory/nope/{LONG}", errno.ENOENT, errno.ENOENT),
        # a file used as a directory before it: ENOTDIR first
        (f"/sys/fs/cgroup/memory/memory.stat/{LONG}", errno.ENOTDIR, errno.ENOTDIR),
        # procfs does not check either
        (f"/proc/{LONG}", errno.ENOENT, errno.ENOENT),
        # 255 bytes is a name like any other
        ("/sys/fs/cgroup/memory/" + "a" * 255, errno.ENOENT, errno.ENOENT),
    ],
)
def test_a_component_over_name_max(path: str, node: int, harness: int) -> None:
    from fake_sysfs import Tree

    tree = Tree(FILES, "tmpfs", V1_MOUNTS, "", "6.1.0")
    assert _open_err(hosts.for_tree(tree), path).Err.n == node
    assert _open_err(hosts.for_tree(tree, harness=True), path).Err.n == harness


def test_v2_cgroupfs_gives_enoent_for_a_long_name() -> None:
    from fake_sysfs import Tree

    tree = Tree(
        {"/proc/meminfo": b"", "/sys/fs/cgroup/memory.stat": b""},
        "cgroup2fs",
        {"/sys/fs/cgroup": "cgroup2fs"},
        "",
        "6.1.0",
    )
    path = f"/sys/fs/cgroup/{LONG}/memory.stat"
    assert _open_err(hosts.for_tree(tree), path).Err is syscall.ENOENT
    assert _open_err(hosts.for_tree(tree, harness=True), path).Err is syscall.ENAMETOOLONG
    with host.use(hosts.for_tree(tree)):
        fd, err = unix.Openat2(
            -1, f"/sys/fs/cgroup/{LONG}", unix.OpenHow(Flags=unix.O_PATH | unix.O_DIRECTORY)
        )
        assert fd is None and err is syscall.ENOENT


# ---------------------------------------------------------------- against this machine's kernel


@pytest.mark.live
def test_the_kernel_rules_hold_on_this_machine() -> None:
    """The facts the shim encodes, read off this machine's kernel: /tmp's filesystem and
    procfs (every Linux has both); cgroupfs when this host has it mounted."""
    real = host.PyHost()
    with tempfile.TemporaryDirectory() as d:
        assert _open_err(real, f"{d}/{LONG}").Err is syscall.ENAMETOOLONG
        assert _open_err(real, f"{d}/{'a' * 255}").Err is syscall.ENOENT
        assert _open_err(real, d + "/" * (4095 - len(d) - 1) + "x").Err is syscall.ENOENT
        assert _open_err(real, d + "/" * (4096 - len(d) - 1) + "x").Err is syscall.ENAMETOOLONG
    assert _open_err(real, f"/proc/{LONG}").Err is syscall.ENOENT
    for d in ("/sys/fs/cgroup/memory", "/sys/fs/cgroup/unified", "/sys/fs/cgroup"):
        if os.path.isdir(d) and host.PyHost().statfs_type(d) in host.NAME_MAX_UNCHECKED:
            assert _open_err(real, f"{d}/{LONG}").Err is syscall.ENOENT, d


component = st.one_of(
    st.text(alphabet="abé-", min_size=1, max_size=300),
    st.sampled_from(["x" * 255, "x" * 256, "é" * 127, "é" * 128]),
)


@settings(max_examples=150, deadline=None)
@given(parts=st.lists(component, min_size=1, max_size=4), existing=st.integers(0, 2))
def test_fakehost_answers_as_the_kernel_does_on_tmp(parts: list[str], existing: int) -> None:
    """The same tree on this machine's /tmp (PyHost, the real kernel) and in memory
    (FakeHost on its default disk filesystem): the same errno for every name."""
    with tempfile.TemporaryDirectory() as d:
        if existing:
            with contextlib.suppress(OSError):  # a name the kernel refuses is not made
                os.makedirs(os.path.join(d, *parts[:existing]), exist_ok=True)
        with open(os.path.join(d, "file"), "w"):
            pass
        dirs = [p for p, _, _ in os.walk(d)]  # what is on disk now
        fake = host.FakeHost({}, files={f"{d}/file": b""}, dirs=dirs, lookup_mounts={})
        rel = dirs
        for p in (os.path.join(d, *parts), os.path.join(d, "file", *parts)):
            want = _open_err(host.PyHost(), p)
            got = _open_err(fake, p)
            assert (got.Err.n if got else None) == (want.Err.n if want else None), (p, rel)
