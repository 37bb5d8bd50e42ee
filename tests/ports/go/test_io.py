"""ports.go.os / bufio / unix over pyfakefs: the same calls the ports make on a node."""

import pytest

from ports.go import bufio, errors, host, syscall, unix
from ports.go import os as goos


def _lines(fs, data: bytes):
    if fs.exists("/t/f"):
        fs.remove("/t/f")
    fs.create_file("/t/f", contents=data)
    f, err = goos.Open("/t/f")
    assert err is None
    sc = bufio.NewScanner(f)
    out = []
    while sc.Scan():
        out.append(sc.Text())
    e = sc.Err()
    return out, (None if e is None else e.Error())


@pytest.mark.parametrize(
    ("data", "want"),
    [
        (b"", []),
        (b"\n", [""]),
        (b"a", ["a"]),
        (b"a\n", ["a"]),
        (b"a\n\nb", ["a", "", "b"]),
        (b"a\r\nb\r", ["a", "b"]),
        (b"a\r\r\n", ["a\r"]),
    ],
)
def test_scanner_lines(fs, data, want):
    assert _lines(fs, data) == (want, None)


def test_scanner_token_too_long(fs):
    ok = b"x" * 65535
    assert _lines(fs, ok + b"\n")[0] == [ok.decode()]
    out, err = _lines(fs, b"first\n" + b"y" * 65536 + b"\nlast\n")
    assert out == ["first"] and err == "bufio.Scanner: token too long"


def test_open_missing_and_directory(fs):
    f, err = goos.Open("/sys/fs/cgroup/x/memory.current")
    assert f is None
    assert err.Error() == "open /sys/fs/cgroup/x/memory.current: no such file or directory"
    assert goos.IsNotExist(err)
    fs.create_dir("/sys/fs/cgroup/memory.stat")
    f, err = goos.Open("/sys/fs/cgroup/memory.stat")
    assert err is None  # Go opens a directory read-only; the read fails
    sc = bufio.NewScanner(f)
    assert not sc.Scan()
    assert sc.Err().Error() == "read /sys/fs/cgroup/memory.stat: is a directory"
    _data, err = goos.ReadFile("/sys/fs/cgroup/memory.stat")
    assert err.Error() == "read /sys/fs/cgroup/memory.stat: is a directory"


def test_invalid_utf8_survives(fs):
    out, _ = _lines(fs, b"k\xff 1\n")
    assert goos.encode(out[0]) == b"k\xff 1"


def test_unix_statfs_and_openat2_on_fake_host(fs):
    fs.create_file("/sys/fs/cgroup/memory/memory.stat", contents=b"cache 1\n")
    fake = host.FakeHost(
        {"/sys/fs/cgroup": "tmpfs", "/sys/fs/cgroup/memory": "cgroup"}, openat2=True
    )
    with host.use(fake):
        st, err = unix.Statfs("/sys/fs/cgroup")
        assert err is None and st.Type == unix.TMPFS_MAGIC
        st, err = unix.Statfs("/sys/fs/cgroup/memory/memory.stat")
        assert st.Type == unix.CGROUP_SUPER_MAGIC
        _, err = unix.Statfs("/nope")
        assert err == syscall.ENOENT
        d, err = unix.Openat2(
            -1, "/sys/fs/cgroup", unix.OpenHow(Flags=unix.O_DIRECTORY | unix.O_PATH)
        )
        assert err is None
        how = unix.OpenHow(Flags=unix.O_RDONLY, Resolve=unix.RESOLVE_BENEATH)
        fd, err = unix.Openat2(d, "memory/memory.stat", how)
        assert (
            err is None
            and unix.NewFile(fd, "/sys/fs/cgroup/memory/memory.stat").read_all()[0] == b"cache 1\n"
        )
        _, err = unix.Openat2(d, "memory/memory.current", how)
        assert err == syscall.ENOENT
        _, err = unix.Openat2(d, "../../etc/passwd", how)
        assert err == syscall.EXDEV
    with host.use(host.FakeHost({"/sys/fs/cgroup": "cgroup2fs"}, openat2=False)):
        _, err = unix.Openat2(-1, "/sys/fs/cgroup", unix.OpenHow(Flags=unix.O_PATH))
        assert err == syscall.ENOSYS
        assert errors.Is(goos.PathError("openat2", "/sys/fs/cgroup", err), syscall.ENOSYS)


def test_host_generation_scopes_once():
    from ports.go.sync import Once

    calls = []
    once = Once()
    with host.use(host.FakeHost({})):
        once.Do(lambda: calls.append(1))
        once.Do(lambda: calls.append(2))
    with host.use(host.FakeHost({})):
        once.Do(lambda: calls.append(3))
    assert calls == [1, 3]


def test_fstatfs_on_os_file(fs):
    # openAndCheck's `unix.Fstatfs(int(fd.Fd()), &st)` on a file from os.OpenFile
    fs.create_file("/sys/fs/cgroup/memory/memory.stat", contents=b"cache 1\n")
    fs.create_file("/tmp/x/memory.stat", contents=b"cache 1\n")
    fake = host.FakeHost({"/sys/fs/cgroup": "tmpfs", "/sys/fs/cgroup/memory": "cgroup"})
    with host.use(fake):
        f, err = goos.Open("/sys/fs/cgroup/memory/memory.stat")
        st, err = unix.Fstatfs(f)
        assert err is None and st.Type == unix.CGROUP_SUPER_MAGIC
        f, _ = goos.Open("/tmp/x/memory.stat")
        st, _ = unix.Fstatfs(f)
        assert st.Type == host.EXT4_SUPER_MAGIC


_TREE = {
    "/proc/meminfo": b"MemTotal: 1 kB\n",
    "/sys/fs/cgroup/memory/memory.stat": b"cache 1\n",
}
_PROBES = [
    "/proc/meminfo",
    "/sys/fs/cgroup/memory/memory.stat",
    "/sys/fs/cgroup/memory",
    "/sys/fs/cgroup/memory/memory.current",
    "/nope/x",
    "/sys/fs/cgroup/memory//memory.stat",
    "/sys/fs/cgroup/memory/./memory.stat",
]


def _observe(path):
    data, err = goos.ReadFile(path)
    return data, None if err is None else err.Error()


def test_in_memory_host_matches_python_io_on_pyfakefs(fs):
    for p, d in _TREE.items():
        fs.create_file(p, contents=d)
    mounts = {"/sys/fs/cgroup": "tmpfs", "/sys/fs/cgroup/memory": "cgroup"}
    with host.use(host.FakeHost(mounts)):
        via_pyfakefs = [_observe(p) for p in _PROBES]
    with host.use(host.FakeHost(mounts, files=_TREE)):
        via_memory = [_observe(p) for p in _PROBES]
    assert via_memory == via_pyfakefs
    assert via_memory[2] == (b"", "read /sys/fs/cgroup/memory: is a directory")
    assert via_memory[3] == (
        b"",
        "open /sys/fs/cgroup/memory/memory.current: no such file or directory",
    )


def test_in_memory_host_file_as_directory_is_enotdir_like_the_kernel(tmp_path):
    # pyfakefs answers ENOENT here; Linux (and the in-memory host) answer ENOTDIR.
    real = tmp_path / "meminfo"
    real.write_bytes(b"x")
    _, err = goos.ReadFile(str(real) + "/x")
    assert err.Error() == f"open {real}/x: not a directory"
    with host.use(host.FakeHost({}, files=_TREE)):
        assert _observe("/proc/meminfo/x") == (b"", "open /proc/meminfo/x: not a directory")
