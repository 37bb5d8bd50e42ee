"""stats.go at opencontainers/cgroups v0.0.6: BlkioStats gains the io_cost_* entries (cgroups
PR #43), so BlkioStats and Stats are redefined. JSON tags are still omitempty."""

from __future__ import annotations

from dataclasses import dataclass

from ports.cgroups.v0_0_3 import stats as v0_0_3
from ports.go.json import field
from ports.provenance import upstream
from ports.runc.v1_1_7.libcontainer.cgroups.stats import BlkioStatEntry
from ports.runc.v1_2_0.libcontainer.cgroups import stats as runc_v1_2_0

_F = "opencontainers/cgroups@v0.0.6 stats.go"


@upstream(f"{_F}:151-166")
@dataclass(slots=True)
class BlkioStats(runc_v1_2_0.BlkioStats):
    # the fields before these are runc v1.2.0's, in the same order
    io_cost_usage: list[BlkioStatEntry] | None = field("io_cost_usage,omitempty", default=None)
    io_cost_wait: list[BlkioStatEntry] | None = field("io_cost_wait,omitempty", default=None)
    io_cost_indebt: list[BlkioStatEntry] | None = field("io_cost_indebt,omitempty", default=None)
    io_cost_indelay: list[BlkioStatEntry] | None = field("io_cost_indelay,omitempty", default=None)


@upstream(f"{_F}:195-206")
@dataclass(slots=True)
class Stats(v0_0_3.Stats):
    # a redefined dataclass field keeps its place: only blkio_stats' type changes
    blkio_stats: BlkioStats = field("blkio_stats,omitempty", default_factory=BlkioStats)


class StatsGo(v0_0_3.StatsGo):
    BlkioStats = BlkioStats  # type: ignore[assignment]
    Stats = Stats  # type: ignore[assignment]
