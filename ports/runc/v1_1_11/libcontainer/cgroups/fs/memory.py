"""libcontainer/cgroups/fs/memory.go at runc v1.1.11: GetStats fills SwapOnlyUsage = memsw -
mem (uint64: it wraps when the memsw files are missing, i.e. without swap accounting)."""

from __future__ import annotations

from typing import Any

from ports.go import bufio, os
from ports.go.builtin import uint64
from ports.provenance import keeps_formulas, upstream
from ports.runc.v1_1_7.libcontainer.cgroups.fs import memory as v1_1_7
from ports.runc.v1_1_7.libcontainer.cgroups.fs.error import parseError
from ports.runc.v1_1_10.libcontainer.cgroups.fs import memory as v1_1_10

_F = "opencontainers/runc@v1.1.11 libcontainer/cgroups/fs/memory.go"


@upstream(f"{_F}:27-27")
class MemoryGroup(v1_1_7.MemoryGroup):
    __slots__ = ()

    @upstream(f"{_F}:142-203")
    @keeps_formulas
    def get_stats(self, path: str, stats: Any) -> Any:
        """(*MemoryGroup).GetStats"""
        pkg = self.pkg
        file = "memory.stat"
        statsFile, err = pkg.cgroups.open_file(path, file, os.O_RDONLY)
        if err is not None:
            if os.IsNotExist(err):
                return None
            return err

        assert statsFile is not None
        sc = bufio.NewScanner(statsFile)
        while sc.Scan():
            t, v, err = pkg.fscommon.parse_key_value(sc.Text())
            if err is not None:
                return parseError(Path=path, File=file, Err=err)
            stats.memory_stats.stats[t] = v
        stats.memory_stats.cache = stats.memory_stats.stats.get("cache", 0)

        memoryUsage, err = pkg.get_memory_data(path, "")
        if err is not None:
            return err
        stats.memory_stats.usage = memoryUsage
        swapUsage, err = pkg.get_memory_data(path, "memsw")
        if err is not None:
            return err
        stats.memory_stats.swap_usage = swapUsage
        stats.memory_stats.swap_only_usage = pkg.cgroups.MemoryData(
            usage=uint64(swapUsage.usage - memoryUsage.usage),
            failcnt=uint64(swapUsage.failcnt - memoryUsage.failcnt),
        )
        kernelUsage, err = pkg.get_memory_data(path, "kmem")
        if err is not None:
            return err
        stats.memory_stats.kernel_usage = kernelUsage
        kernelTCPUsage, err = pkg.get_memory_data(path, "kmem.tcp")
        if err is not None:
            return err
        stats.memory_stats.kernel_tcp_usage = kernelTCPUsage

        value, err = pkg.fscommon.get_cgroup_param_uint(path, "memory.use_hierarchy")
        if err is not None:
            return err
        if value == 1:
            stats.memory_stats.use_hierarchy = True

        pagesByNUMA, err = pkg.get_page_usage_by_numa(path)
        if err is not None:
            return err
        stats.memory_stats.page_usage_by_numa = pagesByNUMA

        return None


class MemoryGo(v1_1_10.MemoryGo):
    MemoryGroup = MemoryGroup
