"""libcontainer/cgroups/fs2/memory.go at runc v1.1.7: the cgroup v2 memory statistics
(statMemory and its helpers; setMemory is outside memsim). Pre-fix: the root cgroup's usage is
emulated as MemTotal - MemFree from /proc/meminfo."""

from __future__ import annotations

from typing import Any

from ports.go import bufio, errors, math, os, strconv, strings, unix
from ports.go.builtin import uint64
from ports.provenance import formula, upstream
from ports.runc.api import Package
from ports.runc.v1_1_7.libcontainer.cgroups.fs2.defaultpath import UnifiedMountpoint
from ports.runc.v1_1_7.libcontainer.cgroups.fs2.fs2 import parseError

_F = "opencontainers/runc@v1.1.7 libcontainer/cgroups/fs2/memory.go"


class MemoryGo(Package):
    @upstream(f"{_F}:76-124")
    @formula("Stats[inactive_file]", "{dir}/memory.stat inactive_file{absent}")
    @formula(
        "Usage.Usage",
        "no memory.stat: statMemory returns at its first open, before any usage (Usage 0; "
        "cAdvisor ignores the root's error, kubernetes#111291)",
    )
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
                # so emulate those using data from /proc/meminfo.
                return self.stats_from_meminfo(stats)
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

    @upstream(f"{_F}:126-155")
    @formula("Usage.Usage", "memory.current = {current}")
    def get_memory_data_v2(self, path: str, name: str) -> tuple[Any, Any]:
        memoryData = self.cgroups.MemoryData()

        moduleName = "memory"
        if name != "":
            moduleName = "memory." + name
        usage = moduleName + ".current"
        limit = moduleName + ".max"

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

        return memoryData, None

    @upstream(f"{_F}:157-216")
    @formula(
        "Usage.Usage",
        "root has no memory.current: (MemTotal - MemFree) x 1024 = ({MemTotal} - {MemFree}) x 1024",
    )
    def stats_from_meminfo(self, stats: Any) -> Any:
        file = "/proc/meminfo"
        f, err = os.Open(file)
        if err is not None:
            return err

        # Fields we are interested in.
        mem = {
            "SwapFree": 0,
            "SwapTotal": 0,
            "MemTotal": 0,
            "MemFree": 0,
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

        stats.memory_stats.swap_usage.usage = uint64((mem["SwapTotal"] - mem["SwapFree"]) * 1024)
        stats.memory_stats.swap_usage.limit = math.MaxUint64

        stats.memory_stats.usage.usage = uint64((mem["MemTotal"] - mem["MemFree"]) * 1024)
        stats.memory_stats.usage.limit = math.MaxUint64

        return None
