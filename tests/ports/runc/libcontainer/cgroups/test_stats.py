"""libcontainer/cgroups/stats.go: the structs as each version's encoding/json writes them
(omitempty through cgroups v0.0.5, omitzero in v0.1.0; SwapOnlyUsage from v1.1.11; PSI from
v1.2.0), asserted side by side on the same states."""

from __future__ import annotations

import pytest

from tests.ports.runc.conftest import VERSIONS, before, runc, since, write_files

MAX = "18446744073709551615"
NUMA_EMPTY = (
    '"page_usage_by_numa":{"total":{},"file":{},"anon":{},"unevictable":{},'
    '"hierarchical":{"total":{},"file":{},"anon":{},"unevictable":{}}}'
)
ZERO = '{"failcnt":0,"limit":0}'
USAGE = '{"usage":300,"failcnt":0,"limit":' + MAX + "}"

# statMemory on a v2 pod cgroup: stat "anon 100 / file 200", current 300, max "max", no swap
POD_JSON = {
    "runc@v1.1.7": '{"cache":200,"usage":'
    + USAGE
    + ',"swap_usage":'
    + USAGE
    + ',"kernel_usage":'
    + ZERO
    + ',"kernel_tcp_usage":'
    + ZERO
    + ","
    + NUMA_EMPTY
    + ',"use_hierarchy":true,"stats":{"anon":100,"file":200}}',
    "runc@v1.1.11": '{"cache":200,"usage":'
    + USAGE
    + ',"swap_usage":'
    + USAGE
    + ',"swap_only_usage":'
    + ZERO
    + ',"kernel_usage":'
    + ZERO
    + ',"kernel_tcp_usage":'
    + ZERO
    + ","
    + NUMA_EMPTY
    + ',"use_hierarchy":true,"stats":{"anon":100,"file":200}}',
    "cgroups@v0.1.0": '{"cache":200,"usage":'
    + USAGE
    + ',"swap_usage":'
    + USAGE
    + ',"use_hierarchy":true,"stats":{"anon":100,"file":200}}',
}
POD_JSON |= {v: POD_JSON["runc@v1.1.7"] for v in ("runc@v1.1.9", "runc@v1.1.10")}
POD_JSON |= {
    v: POD_JSON["runc@v1.1.11"]
    for v in (
        "runc@v1.1.12",
        "runc@v1.1.13",
        "runc@v1.1.15",
        "runc@v1.2.0",
        "runc@v1.2.1",
        "cgroups@v0.0.1",
        "cgroups@v0.0.3",
        "cgroups@v0.0.5",
        "cgroups@v0.0.6",
    )  # psi nil: omitted
}


@pytest.mark.parametrize("version", VERSIONS)
def test_memory_stats_json(fs, tempdir, version):
    R = runc(version)
    write_files(fs, tempdir, {"memory.stat": "anon 100\nfile 200\n", "memory.current": "300\n"})
    write_files(fs, tempdir, {"memory.max": "max\n"})
    st = R.cgroups.new_stats()
    assert R.fs2.stat_memory(tempdir, st) is None
    text, err = R.marshal(st.memory_stats)
    assert err is None
    assert text == POD_JSON[version]


@pytest.mark.parametrize("version", VERSIONS)
def test_new_stats_memory_json(version):
    R = runc(version)
    text, _err = R.marshal(R.cgroups.new_stats().memory_stats)
    if version == "cgroups@v0.1.0":
        assert text == '{"use_hierarchy":false,"stats":{}}'
        return
    only = (
        ',"swap_only_usage":' + ZERO
        if "swap_only_usage" in R.cgroups.MemoryStats.__dataclass_fields__
        else ""
    )
    assert text == (
        '{"usage":'
        + ZERO
        + ',"swap_usage":'
        + ZERO
        + only
        + ',"kernel_usage":'
        + ZERO
        + ',"kernel_tcp_usage":'
        + ZERO
        + ","
        + NUMA_EMPTY
        + ',"use_hierarchy":false}'
    )


@pytest.mark.parametrize("version", VERSIONS)
def test_numa_json_and_map_key_order(fs, tempdir, version):
    """map[uint8]uint64 keys are written as strings in byte order ("10" before "2"); a
    PageStats whose Nodes map is allocated but empty shows under omitzero only."""
    R = runc(version)
    write_files(fs, tempdir, {"memory.numa_stat": "total=7 N0=1 N2=3 N10=5\nanon=0\n"})
    p, err = R.fs.get_page_usage_by_numa(tempdir)
    assert err is None
    text, _ = R.marshal(p)
    if version == "cgroups@v0.1.0":
        assert text == '{"total":{"total":7,"nodes":{"0":1,"10":5,"2":3}},"anon":{"nodes":{}}}'
    else:
        assert text == (
            '{"total":{"total":7,"nodes":{"0":1,"10":5,"2":3}},"file":{},"anon":{},'
            '"unevictable":{},"hierarchical":{"total":{},"file":{},"anon":{},"unevictable":{}}}'
        )


@pytest.mark.parametrize(
    ("version", "key"),
    # built with Go < 1.22 (runc 1.1.5 in Debian bookworm: go1.19) / >= 1.22 (runc 1.1.15
    # in Debian trixie and opencontainers/cgroups in sid: go1.23), as the oracle shows
    [(v, '"a\\u0008b"') for v in before("runc@v1.1.15")]
    + [(v, '"a\\bb"') for v in since("runc@v1.1.15")],
)
def test_stats_key_escaping_follows_the_go_toolchain(fs, tempdir, version, key):
    R = runc(version)
    write_files(fs, tempdir, {"memory.stat": "a\bb 1\n<&> 2\n"})
    st = R.cgroups.new_stats()
    R.fs2.stat_memory(tempdir, st)
    text, _ = R.marshal(st.memory_stats.stats)
    assert text == '{"\\u003c\\u0026\\u003e":2,' + key + ":1}"


@pytest.mark.parametrize("version", VERSIONS)
def test_new_stats_allocates_the_maps(version):
    st = runc(version).cgroups.new_stats()
    assert st.memory_stats.stats == {} and st.hugetlb_stats == {}
    if version in since("runc@v1.2.0"):
        assert st.misc_stats == {}
    assert st.memory_stats.page_usage_by_numa.total.nodes is None
