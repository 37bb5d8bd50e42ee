"""metrics-server pkg/storage/node_test.go ("Node storage" Ginkgo specs), node half."""

from __future__ import annotations

import pytest

from ports import registry
from ports.apimachinery.v0_28_3.pkg.api.resource import BinarySI, NewQuantity, NewScaledQuantity
from ports.go import time
from ports.metrics_server.v0_6_4 import MetricsBatch, MetricsPoint, nodeStorage

MiByte = 1024 * 1024
CoreSecond = 1000 * 1000 * 1000
S = time.Second
NODE_START = time.Unix(1700000000, 0)
VERSIONS = [
    "metrics-server@v0.6.4",
    "metrics-server@v0.7.0",
    "metrics-server@v0.7.1",
    "metrics-server@v0.7.2",
    "metrics-server@v0.8.0",
    "metrics-server@v0.8.1",
    "metrics-server@v0.9.0",
]


def batch(start, ts, cpu, mem):
    return MetricsBatch({"node1": MetricsPoint(start, ts, cpu, mem)}, {})


def run(version, *batches):
    ms = registry.get(version)()
    s = nodeStorage()
    for b in batches:
        ms.storage.Store(s, b)
    return ms, s


@pytest.mark.parametrize("version", VERSIONS)
def test_provides_node_metrics_from_stored_batches(version):
    ms, s = run(version, batch(NODE_START, NODE_START + 10 * S, 10 * CoreSecond, 2 * MiByte))
    assert not ms.storage.Ready(s)
    assert ms.storage.GetMetrics(s, "node1")[0] == []
    ms.storage.Store(s, batch(NODE_START, NODE_START + 20 * S, 20 * CoreSecond, 3 * MiByte))
    assert ms.storage.Ready(s)
    res, err = ms.storage.GetMetrics(s, "node1", "node2")
    assert err is None and len(res) == 1
    assert res[0].Timestamp == NODE_START + 20 * S and res[0].Window == 10 * S
    assert res[0].Usage == {
        "cpu": NewScaledQuantity(CoreSecond, -9),
        "memory": NewQuantity(3 * MiByte, BinarySI),
    }
    ms.storage.Store(s, MetricsBatch())
    assert ms.storage.GetMetrics(s, "node1")[0] == []


@pytest.mark.parametrize("version", VERSIONS)
def test_handle_repeated_node_metric_point(version):
    b = batch(NODE_START, NODE_START + 10 * S, 10 * CoreSecond, 2 * MiByte)
    ms, s = run(version, b, b)
    assert ms.storage.GetMetrics(s, "node1")[0] == [] and not ms.storage.Ready(s)


@pytest.mark.parametrize("version", VERSIONS)
def test_exposes_correct_node_metrics(version):
    ms, s = run(version, batch(NODE_START, NODE_START + 10 * S, 10 * CoreSecond, 2 * MiByte))
    assert s.points_stored == 0
    ms.storage.Store(s, batch(NODE_START, NODE_START + 20 * S, 21 * CoreSecond, 3 * MiByte))
    assert s.points_stored == 1


@pytest.mark.parametrize("version", VERSIONS)
def test_should_detect_node_restart_and_skip_metric(version):
    ms, s = run(
        version,
        batch(NODE_START, NODE_START + 10 * S, 10 * CoreSecond, 2 * MiByte),
        batch(NODE_START + 15 * S, NODE_START + 20 * S, 5 * CoreSecond, 3 * MiByte),
    )
    assert ms.storage.GetMetrics(s, "node1")[0] == []


@pytest.mark.parametrize("version", VERSIONS)
def test_should_return_empty_node_metrics_if_decreased_data_point_reported(version):
    ms, s = run(
        version,
        batch(NODE_START, NODE_START + 15 * S, 50 * CoreSecond, 3 * MiByte),
        batch(NODE_START, NODE_START + 25 * S, 10 * CoreSecond, 5 * MiByte),
    )
    assert ms.storage.GetMetrics(s, "node1")[0] == []


@pytest.mark.parametrize("version", VERSIONS)
def test_should_handle_metrics_older_than_prev(version):
    ms, s = run(
        version,
        batch(NODE_START, NODE_START + 15 * S, 10 * CoreSecond, 3 * MiByte),
        batch(NODE_START, NODE_START + 35 * S, 50 * CoreSecond, 5 * MiByte),
        batch(NODE_START, NODE_START + 5 * S, 6 * CoreSecond, 2 * MiByte),
    )
    assert ms.storage.GetMetrics(s, "node1")[0] == []


@pytest.mark.parametrize("version", VERSIONS)
def test_should_handle_metrics_prev_ts_lt_new_ts_lt_last_ts(version):
    ms, s = run(
        version,
        batch(NODE_START, NODE_START + 15 * S, 10 * CoreSecond, 1 * MiByte),
        batch(NODE_START, NODE_START + 35 * S, 50 * CoreSecond, 4 * MiByte),
        batch(NODE_START, NODE_START + 25 * S, 35 * CoreSecond, 2 * MiByte),
    )
    res, _ = ms.storage.GetMetrics(s, "node1")
    assert len(res) == 1
    assert res[0].Timestamp == NODE_START + 25 * S and res[0].Window == 10 * S
    assert res[0].Usage == {
        "cpu": NewScaledQuantity(int(2.5 * CoreSecond), -9),
        "memory": NewQuantity(2 * MiByte, BinarySI),
    }


@pytest.mark.parametrize("version", VERSIONS)
def test_provides_node_metrics_from_stored_batches_when_start_time_is_zero(version):
    ms, s = run(
        version,
        batch(time.ZERO, NODE_START + 10 * S, 10 * CoreSecond, 2 * MiByte),
        batch(time.ZERO, NODE_START + 20 * S, 20 * CoreSecond, 3 * MiByte),
    )
    res, _ = ms.storage.GetMetrics(s, "node1")
    assert len(res) == 1 and res[0].Window == 10 * S
    assert res[0].Usage == {
        "cpu": NewScaledQuantity(CoreSecond, -9),
        "memory": NewQuantity(3 * MiByte, BinarySI),
    }
