"""metrics-server pkg/scraper/client/resource/decode_test.go TestDecode (all 13 cases, v0.6.4;
the same case names and values exist at v0.9.0), run against both ports."""

from __future__ import annotations

import calendar

import pytest

from ports import registry
from ports.go import time
from ports.metrics_server.v0_6_4 import MetricsBatch, MetricsPoint
from ports.metrics_server.v0_6_4.pkg.storage.types import PodMetricsPoint

VERSIONS = [
    "metrics-server@v0.6.4",
    "metrics-server@v0.7.0",
    "metrics-server@v0.7.1",
    "metrics-server@v0.7.2",
    "metrics-server@v0.8.0",
    "metrics-server@v0.8.1",
    "metrics-server@v0.9.0",
]


def date(y, mo, d, h, mi, s, ns=0):
    return time.Unix(calendar.timegm((y, mo, d, h, mi, s)), ns)


POD = 'container="coredns",namespace="kube-system",pod="coredns-558bd4d5db-4dpjz"'
CPU = f"container_cpu_usage_seconds_total{{{POD}}} 4.710169 1633253812125\n"
MEM = f"container_memory_working_set_bytes{{{POD}}} 1.253376e+07 1633253812125\n"
START = f"container_start_time_seconds{{{POD}}} 1.633252712e+9 1633253812125\n"
NCPU = "node_cpu_usage_seconds_total 357.35491 1633253809720\n"
NMEM = "node_memory_working_set_bytes 1.616273408e+09 1633253809720\n"

NORMAL = (
    "\n# HELP container_cpu_usage_seconds_total [ALPHA] Cumulative cpu time consumed by the container in core-seconds\n"
    "# TYPE container_cpu_usage_seconds_total counter\n"
    + CPU
    + "# HELP container_memory_working_set_bytes [ALPHA] Current working set of the container in bytes\n"
    "# TYPE container_memory_working_set_bytes gauge\n"
    + MEM
    + "# TYPE container_start_time_seconds gauge\n"
    + START
    + "# HELP node_cpu_usage_seconds_total [ALPHA] Cumulative cpu time consumed by the node in core-seconds\n"
    "# TYPE node_cpu_usage_seconds_total counter\n"
    + NCPU
    + "# HELP node_memory_working_set_bytes [ALPHA] Current working set of the node in bytes\n"
    "# TYPE node_memory_working_set_bytes gauge\n"
    + NMEM
    + "# HELP pod_cpu_usage_seconds_total [ALPHA] Cumulative cpu time consumed by the pod in core-seconds\n"
    "# TYPE pod_cpu_usage_seconds_total counter\n"
    'pod_cpu_usage_seconds_total{namespace="kube-system",pod="coredns-558bd4d5db-4dpjz"} 4.67812 1633253803935\n'
    "# HELP pod_memory_working_set_bytes [ALPHA] Current working set of the pod in bytes\n"
    "# TYPE pod_memory_working_set_bytes gauge\n"
    'pod_memory_working_set_bytes{namespace="kube-system",pod="coredns-558bd4d5db-4dpjz"} 1.2627968e+07 1633253803935\n'
    "# HELP scrape_error [ALPHA] 1 if there was an error while getting container metrics, 0 otherwise\n"
    "# TYPE scrape_error gauge\nscrape_error 0\n"
)

NODE1 = MetricsPoint(
    Timestamp=date(2021, 10, 3, 9, 36, 49, 720000000),
    CumulativeCpuUsed=357354910000,
    MemoryUsage=1616273408,
)
COREDNS = {
    ("kube-system", "coredns-558bd4d5db-4dpjz"): PodMetricsPoint(
        {
            "coredns": MetricsPoint(
                Timestamp=date(2021, 10, 3, 9, 36, 52, 125000000),
                CumulativeCpuUsed=4710169000,
                MemoryUsage=12533760,
                StartTime=date(2021, 10, 3, 9, 18, 32),
            )
        }
    )
}
FUTURE = date(2077, 7, 7, 7, 7, 7)
EMPTY = MetricsBatch()

CASES = [
    ("Normal", NORMAL, time.ZERO, MetricsBatch({"node1": NODE1}, COREDNS), False),
    (
        "Without timestamp uses defaultTime",
        "\n" + "".join(line.rsplit(" ", 1)[0] + "\n" for line in (CPU, MEM, START, NCPU, NMEM)),
        FUTURE,
        MetricsBatch(
            {
                "node1": MetricsPoint(
                    Timestamp=FUTURE, CumulativeCpuUsed=357354910000, MemoryUsage=1616273408
                )
            },
            {
                k: PodMetricsPoint(
                    {
                        "coredns": MetricsPoint(
                            FUTURE and v.Containers["coredns"].StartTime,
                            FUTURE,
                            4710169000,
                            12533760,
                        )
                    }  # type: ignore[index]
                )
                for k, v in COREDNS.items()
            },
        ),
        False,
    ),
    ("Single node", "\n" + CPU + MEM + START, time.ZERO, MetricsBatch({}, COREDNS), False),
    ("No container CPU drops container metrics", "\n" + MEM, time.ZERO, EMPTY, False),
    (
        "Empty container CPU drops container metrics",
        f"\ncontainer_cpu_usage_seconds_total{{{POD}}} 0 1633253812125\n" + MEM,
        time.ZERO,
        EMPTY,
        False,
    ),
    ("No container Memory drops container metrics", "\n" + CPU, time.ZERO, EMPTY, False),
    (
        "Empty container Memory drops container metrics",
        "\n" + CPU + f"container_memory_working_set_bytes{{{POD}}} 0 1633253812125\n",
        time.ZERO,
        EMPTY,
        False,
    ),
    ("Single node #2", "\n" + NCPU + NMEM, time.ZERO, MetricsBatch({"node1": NODE1}, {}), False),
    ("No node CPU drops metric", "\n" + NMEM, time.ZERO, EMPTY, False),
    (
        "Empty node CPU drops metric",
        "\nnode_cpu_usage_seconds_total 0 1633253809720\n" + NMEM,
        time.ZERO,
        EMPTY,
        False,
    ),
    ("No node Memory drops metrics", "\n" + NCPU, time.ZERO, EMPTY, False),
    (
        "Empty node Memory drops metric",
        "\n" + NCPU + "node_memory_working_set_bytes 0 1633253809720\n",
        time.ZERO,
        EMPTY,
        False,
    ),
    (
        "Containing an incorrect timestamp",
        "\n# HELP container_start_time_seconds [ALPHA] Start time of the container since unix epoch in seconds\n"
        "# TYPE container_start_time_seconds gauge\n"
        'container_start_time_seconds{container="metrics-server",namespace="kubernetes-dashboard",pod="kubernetes-dashboard-metrics-server-77db45cdf4-fppzx"} -6.7953645788713455e+09 -62135596800000\n'
        'container_start_time_seconds{container="metrics-server",namespace="kubernetes-dashboard",pod="kubernetes-dashboard-metrics-server-77db45cdf4-tpx4v"} 1.6509742024191372e+09 1650974202419\n',
        time.ZERO,
        None,
        True,
    ),
]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    ("name", "text", "default", "expect", "want_error"), CASES, ids=[c[0] for c in CASES]
)
def test_decode(version, name, text, default, expect, want_error):
    ms = registry.get(version)()
    batch, err = ms.resource.decodeBatch(text.encode(), default, "node1")
    assert (err is not None) == want_error
    assert batch == expect


def test_decode_incorrect_timestamp_error_text():
    ms = registry.get("metrics-server@v0.6.4")()
    _, err = ms.resource.decodeBatch(CASES[-1][1].encode(), time.ZERO, "node1")
    assert err.Error() == 'failed parsing metrics: expected timestamp or new record, got "MNAME"'
