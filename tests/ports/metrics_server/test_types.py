"""metrics-server pkg/storage/types_test.go (v0.9.0): TestUint64Quantity and Test_resourceUsage.
The startTime case holds only from v0.7.0 on (v0.6.4 has no StartTime check): side by side."""

from __future__ import annotations

import pytest

from ports import registry
from ports.apimachinery.v0_28_3.pkg.api.resource import BinarySI, DecimalSI, NewScaledQuantity
from ports.go import time
from ports.go.math import MaxInt64
from ports.metrics_server.v0_6_4 import MetricsPoint, TimeInfo

BOTH = [
    "metrics-server@v0.6.4",
    "metrics-server@v0.7.0",
    "metrics-server@v0.7.1",
    "metrics-server@v0.7.2",
    "metrics-server@v0.8.0",
    "metrics-server@v0.8.1",
    "metrics-server@v0.9.0",
]


@pytest.mark.parametrize("version", BOTH)
@pytest.mark.parametrize(
    ("name", "input", "expect"),
    [
        ("math.MaxInt64 + 10", MaxInt64 + 10, NewScaledQuantity(MaxInt64 // 10 + 1, 1)),
        ("math.MaxInt64 + 20", MaxInt64 + 20, NewScaledQuantity(MaxInt64 // 10 + 2, 1)),
        ("math.MaxInt64 - 10", MaxInt64 - 10, NewScaledQuantity(MaxInt64 - 10, 0)),
        ("math.MaxInt64 - 100", MaxInt64 - 100, NewScaledQuantity(MaxInt64 - 100, 0)),
    ],
)
def test_uint64_quantity(version, name, input, expect):
    ms = registry.get(version)()
    assert ms.storage.uint64Quantity(input, DecimalSI, 0) == expect


def point(start, ts, cpu, mem):
    return MetricsPoint(StartTime=start, Timestamp=ts, CumulativeCpuUsed=cpu, MemoryUsage=mem)


START = time.Unix(1700000000, 0)
MS = time.Millisecond


def uq(ms, val, fmt, scale):
    return ms.storage.uint64Quantity(val, fmt, scale)


@pytest.mark.parametrize("version", BOTH)
def test_resource_usage_get_resource_usage_successfully(version):
    ms = registry.get(version)()
    rl, ti, err = ms.storage.resourceUsage(
        point(START, START + 20 * MS, 500, 600), point(START, START + 10 * MS, 300, 400)
    )
    assert err is None
    assert rl == {"cpu": uq(ms, 20000, DecimalSI, -9), "memory": uq(ms, 600, BinarySI, 0)}
    assert ti == TimeInfo(Timestamp=START + 20 * MS, Window=10 * MS)


@pytest.mark.parametrize(
    ("version", "want_error"), [(BOTH[0], False)] + [(v, True) for v in BOTH[1:]]
)
def test_resource_usage_unexpected_decrease_in_start_time(version, want_error):
    ms = registry.get(version)()
    rl, ti, err = ms.storage.resourceUsage(
        point(START, START + 20 * MS, 500, 600), point(START + 20 * MS, START + 10 * MS, 300, 400)
    )
    assert (err is not None) == want_error
    if want_error:
        assert err.Error() == "unexpected decrease in startTime of node/container"
        assert (rl, ti) == ({}, TimeInfo())


@pytest.mark.parametrize("version", BOTH)
def test_resource_usage_unexpected_decrease_in_cumulative_cpu(version):
    ms = registry.get(version)()
    rl, ti, err = ms.storage.resourceUsage(
        point(START, START + 20 * MS, 100, 600), point(START, START + 10 * MS, 300, 400)
    )
    assert err.Error() == "unexpected decrease in cumulative CPU usage value"
    assert (rl, ti) == ({}, TimeInfo())
