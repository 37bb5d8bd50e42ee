"""kubectl top node: MEMORY(bytes) = Value()/2^20 truncated, MEMORY% = int64(milli/milli*100),
the table as liggitt/tabwriter lays it out, side by side for v0.28.3 and v0.36.3."""

from __future__ import annotations

import pytest

from ports import registry
from ports.apimachinery.v0_28_3.pkg.api.resource import BinarySI, NewQuantity, NewScaledQuantity
from ports.kubectl.v0_28_3 import Node, NodeMetrics, TopNodeOptions

GIB = 1 << 30


def node_metrics(ws: int, cpu_nano: int = 120_000_000) -> list[NodeMetrics]:
    return [
        NodeMetrics(
            "node1", {"cpu": NewScaledQuantity(cpu_nano, -9), "memory": NewQuantity(ws, BinarySI)}
        )
    ]


def nodes(capacity: int, allocatable: int) -> list[Node]:
    return [
        Node(
            "node1",
            Capacity={"cpu": NewScaledQuantity(2, 0), "memory": NewQuantity(capacity, BinarySI)},
            Allocatable={
                "cpu": NewScaledQuantity(1930, -3),
                "memory": NewQuantity(allocatable, BinarySI),
            },
        )
    ]


@pytest.mark.parametrize(
    ("ws", "mib"), [(928534528, "885Mi"), (1588740096, "1515Mi"), (2314858496, "2207Mi")]
)
def test_memory_bytes_truncated_mi(ws, mib):
    out, err = registry.get("kubectl@v0.28.3")().top_node(
        TopNodeOptions(), node_metrics(ws), nodes(16 * GIB, 15 * GIB)
    )
    assert err is None
    assert out.splitlines()[1].split()[3] == mib


def test_table_side_by_side():
    m, n = node_metrics(2314858496), nodes(16767574016, 16767574016 - 100 * 2**20)
    old, _ = registry.get("kubectl@v0.28.3")().top_node(TopNodeOptions(), m, n)
    new, _ = registry.get("kubectl@v0.36.3")().top_node(TopNodeOptions(), m, n)
    assert old == (
        "NAME    CPU(cores)   CPU%   MEMORY(bytes)   MEMORY%   \n"
        "node1   120m         6%     2207Mi          13%       \n"
    )
    assert new == (
        "NAME    CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   \n"
        "node1   120m         6%       2207Mi          13%         \n"
    )


def test_show_capacity_uses_capacity():
    m = node_metrics(8 * GIB)
    out, _ = registry.get("kubectl@v0.28.3")().top_node(
        TopNodeOptions(ShowCapacity=True), m, nodes(16 * GIB, 10 * GIB)
    )
    assert out.splitlines()[1].split()[4] == "50%"
    out, _ = registry.get("kubectl@v0.28.3")().top_node(
        TopNodeOptions(), m, nodes(16 * GIB, 10 * GIB)
    )
    assert out.splitlines()[1].split()[4] == "80%"


def test_no_metrics_is_an_error():
    _out, err = registry.get("kubectl@v0.28.3")().top_node(TopNodeOptions(), [], nodes(1, 1))
    assert err.Error() == "metrics not available yet"


OLD_HEADER = "NAME    CPU(cores)   CPU%   MEMORY(bytes)   MEMORY%   "
NEW_HEADER = "NAME    CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   "


@pytest.mark.parametrize(
    ("version", "header"),
    [
        ("kubectl@v0.28.3", OLD_HEADER),
        ("kubectl@v0.30.0", OLD_HEADER),
        ("kubectl@v0.31.0", OLD_HEADER),
        ("kubectl@v0.32.0", NEW_HEADER),  # the header rename (metrics_printer.go:35)
        ("kubectl@v0.33.0", NEW_HEADER),
        ("kubectl@v0.34.0", NEW_HEADER),
        ("kubectl@v0.35.0", NEW_HEADER),
        ("kubectl@v0.36.0", NEW_HEADER),
        ("kubectl@v0.36.3", NEW_HEADER),
    ],
)
def test_header_by_version(version, header):
    m, n = node_metrics(2314858496), nodes(16767574016, 16767574016 - 100 * 2**20)
    out, err = registry.get(version)().top_node(TopNodeOptions(), m, n)
    assert err is None
    assert out.splitlines()[0] == header


@pytest.mark.parametrize(
    ("version", "swap"),
    [("kubectl@v0.33.0", False), ("kubectl@v0.34.0", True), ("kubectl@v0.36.3", True)],
)
def test_show_swap_from_v0_34(version, swap):
    """--show-swap (v0.34.0): the SWAP columns; a node without NodeInfo.Swap prints <unknown>.
    Before v0.34.0 the option does not exist and the table has no swap columns."""
    m, n = node_metrics(2314858496), nodes(16767574016, 16767574016 - 100 * 2**20)
    out, err = registry.get(version)().top_node(TopNodeOptions(ShowSwap=True), m, n)
    assert err is None
    head, row = out.splitlines()
    assert ("SWAP(bytes)" in head and "SWAP(%)" in head) is swap
    assert row.split()[5:] == (["<unknown>", "<unknown>"] if swap else [])
