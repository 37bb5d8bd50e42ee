"""cAdvisor's machine.Info (manager.New calls it once, before any container handler): its
MemTotal, SwapTotal and hugepage steps in order, and the kubelet's exit when one fails."""

from __future__ import annotations

import pytest

from ports.cadvisor.v0_47_3.machine import (
    Machine,
    memoryCapacityRegexp,
    swapCapacityRegexp,
)
from ports.go import host
from sim import pipeline, stacks

MEMINFO = (
    b"MemTotal:       16374584 kB\nMemFree:         9505980 kB\n"
    b"SwapTotal:       2097148 kB\nSwapFree:        2097148 kB\n"
)
STAT = b"anon 733749248\nfile 5622517760\ninactive_file 4000000000\n"


def _host(meminfo: bytes) -> host.FakeHost:
    files = {"/proc/meminfo": meminfo, "/sys/fs/cgroup/memory.stat": STAT}
    return host.FakeHost({"/sys/fs/cgroup": "cgroup2fs"}, files=files)


def test_info_takes_memtotal_and_swaptotal():
    with host.use(_host(MEMINFO)):
        from ports import registry

        R = registry.get("runc@v1.1.7")()
        C = registry.get("cadvisor@v0.47.3")(R)
        info, err = C.machine.Info()
    assert err is None and info is not None
    assert info.MemoryCapacity == 16374584 * 1024
    assert info.SwapCapacity == 2097148 * 1024
    assert info.HugePages == []


@pytest.mark.parametrize(
    ("line", "regexp"),
    [
        (b"MemTotal:       16374584 kB\n", memoryCapacityRegexp),
        (b"SwapTotal:       2097148 kB\n", swapCapacityRegexp),
    ],
    ids=["no MemTotal", "no SwapTotal"],
)
@pytest.mark.parametrize("stack", ["k8s-1.28.3", "k8s-1.29.0", "k8s-1.34.0"])
def test_a_meminfo_info_cannot_take_stops_the_kubelet(line, regexp, stack):
    data = MEMINFO.replace(line, b"")
    assert data != MEMINFO
    _, want = Machine(None).parseCapacity(data, regexp)
    assert want is not None
    with host.use(_host(data)), pytest.raises(pipeline.StackFailed) as ei:
        pipeline.run(stacks.parse(stack))
    f = ei.value
    assert (f.cls, f.component, f.function) == (
        "fatal",
        "cadvisor",
        "machine.Info (in manager.New)",
    )
    # Go's %q of the whole file, as parseCapacity formats it
    assert f.message == f"failed to run Kubelet: {want.Error()}"
    assert f.message.startswith('failed to run Kubelet: failed to match regexp in output: "Mem')
