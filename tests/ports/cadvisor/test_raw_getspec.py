"""google/cadvisor@v0.47.3 container/raw/handler.go GetSpec on "/": it starts from
common.GetSpec (container/common/helpers.go getSpecInternal, the memory block) and replaces
the limit and swap limit with the machine's, each only when /proc/meminfo gives it (issue 13:
the port used to start from 0, so a v1 node without a SwapTotal line lost the cgroup's
memsw limit)."""

from __future__ import annotations

import pytest

from ports import registry
from ports.go import host

CADVISORS = ["cadvisor@v0.47.3", "cadvisor@v0.48.1", "cadvisor@v0.60.5"]
V1 = {"/sys/fs/cgroup": "tmpfs", "/sys/fs/cgroup/memory": "cgroup"}
V2 = {"/sys/fs/cgroup": "cgroup2fs"}
M = "/sys/fs/cgroup/memory/"


def spec(version: str, runc: str, mounts: dict[str, str], files: dict[str, bytes]):
    C = registry.get(version)(registry.get(runc)())
    with host.use(host.FakeHost(mounts, files=files)):
        h, err = C.root_handler()
        assert err is None
        s, err = h.GetSpec()
    assert err is None
    return s


V1_FILES = {
    M + "memory.limit_in_bytes": b"9223372036854771712\n",
    M + "memory.memsw.limit_in_bytes": b"123456789\n",
    M + "memory.soft_limit_in_bytes": b"max\n",
}


@pytest.mark.parametrize("version", CADVISORS)
def test_GetSpec_v1_without_SwapTotal_keeps_common_GetSpec_SwapLimit(version):
    files = {**V1_FILES, "/proc/meminfo": b"MemTotal:       16374584 kB\n"}
    s = spec(version, "runc@v1.1.7", V1, files)
    assert s.HasMemory
    assert s.Memory.Limit == 16374584 * 1024  # the machine's
    assert s.Memory.SwapLimit == 123456789  # memory.memsw.limit_in_bytes, kept
    assert s.Memory.Reservation == (1 << 64) - 1  # readUInt64 "max" -> MaxUint64


@pytest.mark.parametrize("version", CADVISORS)
def test_GetSpec_v1_with_SwapTotal(version):
    files = {**V1_FILES, "/proc/meminfo": b"MemTotal: 1000 kB\nSwapTotal: 2 kB\n"}
    s = spec(version, "runc@v1.1.7", V1, files)
    assert (s.Memory.Limit, s.Memory.SwapLimit) == (1000 * 1024, 2048)


@pytest.mark.parametrize("version", CADVISORS)
def test_GetSpec_v1_without_MemTotal_keeps_the_cgroup_limit(version):
    files = {**V1_FILES, "/proc/meminfo": b"SwapTotal: 2 kB\n"}
    s = spec(version, "runc@v1.1.7", V1, files)
    assert not s.HasMemory
    assert (s.Memory.Limit, s.Memory.SwapLimit) == (9223372036854771712, 2048)


@pytest.mark.parametrize("version", CADVISORS)
def test_GetSpec_v1_unparsable_cgroup_files_read_as_0(version):
    files = {
        M + "memory.limit_in_bytes": b"-1\n",
        M + "memory.memsw.limit_in_bytes": b"12x\n",
        "/proc/meminfo": b"MemTotal: 1 kB\n",
    }
    s = spec(version, "runc@v1.1.7", V1, files)
    assert (s.Memory.Limit, s.Memory.SwapLimit, s.Memory.Reservation) == (1024, 0, 0)


@pytest.mark.parametrize("version", CADVISORS)
def test_GetSpec_v2_root_has_no_memory_max(version):
    # the v2 root has no memory.max: common.GetSpec sets nothing, SwapLimit stays 0
    files = {
        "/sys/fs/cgroup/cgroup.controllers": b"memory\n",
        "/sys/fs/cgroup/memory.swap.max": b"5\n",
        "/proc/meminfo": b"MemTotal: 1 kB\n",
    }
    s = spec(version, "cgroups@v0.1.0", V2, files)
    assert (s.HasMemory, s.Memory.Limit, s.Memory.SwapLimit) == (True, 1024, 0)
