"""libcontainer/cgroups/fs2/memory.go at runc v1.1.11: memory.peak and memory.swap.peak become
MaxUsage; the swap-only numbers are kept as SwapOnlyUsage, and the combined mem+swap MaxUsage
is 0 (runc PR #4010 / issue #4000, backported as #4131)."""

from __future__ import annotations

import copy
from typing import Any

from ports.go import bufio, errors, math, os, unix
from ports.go.builtin import uint64
from ports.provenance import keeps_formulas, upstream
from ports.runc.v1_1_7.libcontainer.cgroups.fs2.defaultpath import UnifiedMountpoint
from ports.runc.v1_1_7.libcontainer.cgroups.fs2.fs2 import parseError
from ports.runc.v1_1_9.libcontainer.cgroups.fs2 import memory as v1_1_9

_F = "opencontainers/runc@v1.1.11 libcontainer/cgroups/fs2/memory.go"


class MemoryGo(v1_1_9.MemoryGo):
    @upstream(f"{_F}:76-130")
    @keeps_formulas
    def stat_memory(self, dirPath: str, stats: Any) -> Any:
        file = "memory.stat"
        statsFile, err = self.cgroups.open_file(dirPath, file, os.O_RDONLY)
        if err is not None:
            return err

        assert statsFile is not None
        sc = bufio.NewScanner(statsFile)
        while sc.Scan():
            t, v, err = self.fscommon.parse_key_value(sc.Text())
            if err is not None:
                return parseError(Path=dirPath, File=file, Err=err)
            stats.memory_stats.stats[t] = v
        err = sc.Err()
        if err is not None:
            return parseError(Path=dirPath, File=file, Err=err)
        stats.memory_stats.cache = stats.memory_stats.stats.get("file", 0)
        # Unlike cgroup v1 which has memory.use_hierarchy binary knob,
        # cgroup v2 is always hierarchical.
        stats.memory_stats.use_hierarchy = True

        memoryUsage, err = self.get_memory_data_v2(dirPath, "")
        if err is not None:
            if errors.Is(err, unix.ENOENT) and dirPath == UnifiedMountpoint:
                # The root cgroup does not have memory.{current,max,peak}
                # so emulate those using data from /proc/meminfo and
                # /sys/fs/cgroup/memory.stat
                return self.root_stats_from_meminfo(stats)
            return err
        stats.memory_stats.usage = memoryUsage
        swapOnlyUsage, err = self.get_memory_data_v2(dirPath, "swap")
        if err is not None:
            return err
        stats.memory_stats.swap_only_usage = swapOnlyUsage
        swapUsage = copy.copy(swapOnlyUsage)  # Go struct assignment copies
        # As cgroup v1 reports SwapUsage values as mem+swap combined,
        # while in cgroup v2 swap values do not include memory,
        # report combined mem+swap for v1 compatibility.
        swapUsage.usage = uint64(swapUsage.usage + memoryUsage.usage)
        if swapUsage.limit != math.MaxUint64:
            swapUsage.limit = uint64(swapUsage.limit + memoryUsage.limit)
        # The `MaxUsage` of mem+swap cannot simply combine mem with
        # swap. So set it to 0 for v1 compatibility.
        swapUsage.max_usage = 0
        stats.memory_stats.swap_usage = swapUsage

        return None

    @upstream(f"{_F}:132-170")
    @keeps_formulas
    def get_memory_data_v2(self, path: str, name: str) -> tuple[Any, Any]:
        memoryData = self.cgroups.MemoryData()

        moduleName = "memory"
        if name != "":
            moduleName = "memory." + name
        usage = moduleName + ".current"
        limit = moduleName + ".max"
        maxUsage = moduleName + ".peak"

        value, err = self.fscommon.get_cgroup_param_uint(path, usage)
        if err is not None:
            if name != "" and os.IsNotExist(err):
                # Ignore EEXIST as there's no swap accounting
                # if kernel CONFIG_MEMCG_SWAP is not set or
                # swapaccount=0 kernel boot parameter is given.
                return self.cgroups.MemoryData(), None
            return self.cgroups.MemoryData(), err
        memoryData.usage = value

        value, err = self.fscommon.get_cgroup_param_uint(path, limit)
        if err is not None:
            return self.cgroups.MemoryData(), err
        memoryData.limit = value

        # `memory.peak` since kernel 5.19
        # `memory.swap.peak` since kernel 6.5
        value, err = self.fscommon.get_cgroup_param_uint(path, maxUsage)
        if err is not None and not os.IsNotExist(err):
            return self.cgroups.MemoryData(), err
        memoryData.max_usage = value

        return memoryData, None
