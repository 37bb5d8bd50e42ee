"""FakeHost(files=..., dirs=...): directories that hold no file (a fake_sysfs Tree's empty_dirs,
e.g. a hostile state whose memory.stat is a directory) read as they do on pyfakefs and Linux."""

from ports.go import host
from ports.go import os as goos

_FILES = {
    "/proc/meminfo": b"MemTotal: 1 kB\n",
    "/sys/fs/cgroup/memory/memory.usage_in_bytes": b"4096\n",
}
_DIRS = ("/sys/fs/cgroup/memory/memory.stat", "/sys/fs/cgroup/unified/")
_MOUNTS = {"/sys/fs/cgroup": "tmpfs", "/sys/fs/cgroup/memory": "cgroup"}
_PROBES = [
    "/sys/fs/cgroup/memory/memory.stat",  # the empty directory
    "/sys/fs/cgroup/memory/memory.stat/x",  # under it: nothing
    "/sys/fs/cgroup/memory/memory.usage_in_bytes",
    "/sys/fs/cgroup/unified",  # an empty directory given with a trailing slash
    "/sys/fs/cgroup/unified/cgroup.procs",
    "/sys/fs/cgroup",
    "/sys/fs/cgroup/memory/memory.numa_stat",
]


def _observe(path):
    data, err = goos.ReadFile(path)
    return data, None if err is None else err.Error()


def test_empty_directories_read_as_on_pyfakefs(fs):
    for p, d in _FILES.items():
        fs.create_file(p, contents=d)
    for d in _DIRS:
        fs.create_dir(d)
    with host.use(host.FakeHost(_MOUNTS)):
        via_pyfakefs = [_observe(p) for p in _PROBES]
        lstat_pyfakefs = [host.current().lstat(p.rstrip("/")) for p in (*_PROBES, *_DIRS)]
    with host.use(host.FakeHost(_MOUNTS, files=_FILES, dirs=_DIRS)):
        via_memory = [_observe(p) for p in _PROBES]
        lstat_memory = [host.current().lstat(p.rstrip("/")) for p in (*_PROBES, *_DIRS)]
    assert via_memory == via_pyfakefs
    assert lstat_memory == lstat_pyfakefs
    assert via_memory[0] == (b"", "read /sys/fs/cgroup/memory/memory.stat: is a directory")
    assert via_memory[1] == (
        b"",
        "open /sys/fs/cgroup/memory/memory.stat/x: no such file or directory",
    )


def test_without_dirs_the_path_is_missing():
    with host.use(host.FakeHost(_MOUNTS, files=_FILES)):
        assert _observe("/sys/fs/cgroup/memory/memory.stat") == (
            b"",
            "open /sys/fs/cgroup/memory/memory.stat: no such file or directory",
        )
        assert _observe("/sys/fs/cgroup/unified") == (
            b"",
            "open /sys/fs/cgroup/unified: no such file or directory",
        )


def test_dirs_alone_imply_their_parents():
    fake = host.FakeHost({}, files={}, dirs=["/a/b/c"])
    assert fake.lstat("/a") == (True, True, False)
    assert fake.lstat("/a/b") == (True, True, False)
    assert fake.lstat("/a/b/c") == (True, True, False)
    assert fake.lstat("/a/b/c/d") == (False, False, False)
    # a file below a directory that is also listed: both the file and every parent are there
    fake = host.FakeHost({}, files={"/a/b/f": b""}, dirs=["/a/b", "/a/e"])
    assert fake.lstat("/a") == (True, True, False)
    assert fake.lstat("/a/e") == (True, True, False)
    assert fake.lstat("/a/b/f") == (True, False, False)
