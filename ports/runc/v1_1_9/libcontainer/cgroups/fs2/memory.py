"""libcontainer/cgroups/fs2/memory.go at runc v1.1.9: the root-usage fix (runc PR #3933,
backported to 1.1 as #3977). statsFromMeminfo becomes rootStatsFromMeminfo: the root's usage
is memory.stat anon + file, and its swap usage is swap + usage (mem+swap, as on cgroup v1)."""

from __future__ import annotations

from typing import Any

from ports.go import bufio, errors, math, os, strconv, strings, unix
from ports.go.builtin import uint64
from ports.provenance import formula, keeps_formulas, upstream
from ports.runc.api import removed
from ports.runc.v1_1_7.libcontainer.cgroups.fs2 import memory as v1_1_7
from ports.runc.v1_1_7.libcontainer.cgroups.fs2.defaultpath import UnifiedMountpoint
from ports.runc.v1_1_7.libcontainer.cgroups.fs2.fs2 import parseError

_F = "opencontainers/runc@v1.1.9 libcontainer/cgroups/fs2/memory.go"


class MemoryGo(v1_1_7.MemoryGo):
    # Only the root-emulation call site changes: rootStatsFromMeminfo instead of
    # statsFromMeminfo.
    @upstream(f"{_F}:76-125")
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
                # The root cgroup does not have memory.{current,max}
                # so emulate those using data from /proc/meminfo and
                # /sys/fs/cgroup/memory.stat
                return self.root_stats_from_meminfo(stats)
            return err
        stats.memory_stats.usage = memoryUsage
        swapUsage, err = self.get_memory_data_v2(dirPath, "swap")
        if err is not None:
            return err
        # As cgroup v1 reports SwapUsage values as mem+swap combined,
        # while in cgroup v2 swap values do not include memory,
        # report combined mem+swap for v1 compatibility.
        swapUsage.usage = uint64(swapUsage.usage + memoryUsage.usage)
        if swapUsage.limit != math.MaxUint64:
            swapUsage.limit = uint64(swapUsage.limit + memoryUsage.limit)
        stats.memory_stats.swap_usage = swapUsage

        return None

    stats_from_meminfo = removed("statsFromMeminfo", "renamed rootStatsFromMeminfo in v1.1.9")

    @upstream(f"{_F}:158-220")
    @formula("Usage.Usage", "root has no memory.current: memory.stat anon + file = {anon} + {file}")
    def root_stats_from_meminfo(self, stats: Any) -> Any:
        file = "/proc/meminfo"
        f, err = os.Open(file)
        if err is not None:
            return err

        # Fields we are interested in.
        mem = {
            "SwapFree": 0,
            "SwapTotal": 0,
        }

        found = 0
        assert f is not None
        sc = bufio.NewScanner(f)
        while sc.Scan():
            parts = strings.SplitN(sc.Text(), ":", 3)
            assert parts is not None
            if len(parts) != 2:
                # Should not happen.
                continue
            k = parts[0]
            if k not in mem:
                # Unknown field -- not interested.
                continue
            vStr = strings.TrimSpace(strings.TrimSuffix(parts[1], " kB"))
            mem[k], err = strconv.ParseUint(vStr, 10, 64)
            if err is not None:
                return parseError(File=file, Err=errors.New("bad value for " + k))

            found += 1
            if found == len(mem):
                # Got everything we need -- skip the rest.
                break
        err = sc.Err()
        if err is not None:
            return parseError(Path="", File=file, Err=err)

        # cgroup v1 `usage_in_bytes` reports memory usage as the sum of
        # - rss (NR_ANON_MAPPED)
        # - cache (NR_FILE_PAGES)
        # cgroup v1 reports SwapUsage values as mem+swap combined
        # cgroup v2 reports rss and cache as anon and file.
        # sum `anon` + `file` to report the same value as `usage_in_bytes` in v1.
        # sum swap usage as combined mem+swap usage for consistency as well.
        stats.memory_stats.usage.usage = uint64(
            stats.memory_stats.stats.get("anon", 0) + stats.memory_stats.stats.get("file", 0)
        )
        stats.memory_stats.usage.limit = math.MaxUint64
        stats.memory_stats.swap_usage.usage = uint64((mem["SwapTotal"] - mem["SwapFree"]) * 1024)
        stats.memory_stats.swap_usage.limit = math.MaxUint64
        stats.memory_stats.swap_usage.usage = uint64(
            stats.memory_stats.swap_usage.usage + stats.memory_stats.usage.usage
        )

        return None
