"""libcontainer/cgroups/fs/memory.go at runc v1.1.7: the cgroup v1 memory statistics
(MemoryGroup.GetStats and its helpers; Set and Apply are outside memsim)."""

from __future__ import annotations

from typing import Any

from ports.go import bufio, math, os, strconv, strings
from ports.go.builtin import uint8
from ports.provenance import formula, upstream
from ports.runc.api import Package
from ports.runc.v1_1_7.libcontainer.cgroups.fs.error import parseError

_F = "opencontainers/runc@v1.1.7 libcontainer/cgroups/fs/memory.go"

cgroupMemorySwapLimit = "memory.memsw.limit_in_bytes"
cgroupMemoryLimit = "memory.limit_in_bytes"
cgroupMemoryUsage = "memory.usage_in_bytes"
cgroupMemoryMaxUsage = "memory.max_usage_in_bytes"


@upstream(f"{_F}:27-27")
class MemoryGroup:
    """type MemoryGroup struct{}; `pkg` is the fs package its methods call into."""

    __slots__ = ("pkg",)

    def __init__(self, pkg: Any) -> None:
        self.pkg = pkg

    @upstream(f"{_F}:29-31")
    def name(self) -> str:
        return "memory"

    @upstream(f"{_F}:142-199")
    @formula("Stats[total_inactive_file]", "{dir}/memory.stat total_inactive_file{absent}")
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


class MemoryGo(Package):
    MemoryGroup = MemoryGroup

    @upstream(f"{_F}:201-242")
    @formula(
        "Usage.Usage", "memory.usage_in_bytes = {usage_in_bytes} (the kernel's own root usage)"
    )
    def get_memory_data(self, path: str, name: str) -> tuple[Any, Any]:
        memoryData = self.cgroups.MemoryData()

        moduleName = "memory"
        if name != "":
            moduleName = "memory." + name
        usage = moduleName + ".usage_in_bytes"
        maxUsage = moduleName + ".max_usage_in_bytes"
        failcnt = moduleName + ".failcnt"
        limit = moduleName + ".limit_in_bytes"

        value, err = self.fscommon.get_cgroup_param_uint(path, usage)
        if err is not None:
            if name != "" and os.IsNotExist(err):
                # Ignore ENOENT as swap and kmem controllers
                # are optional in the kernel.
                return self.cgroups.MemoryData(), None
            return self.cgroups.MemoryData(), err
        memoryData.usage = value
        value, err = self.fscommon.get_cgroup_param_uint(path, maxUsage)
        if err is not None:
            return self.cgroups.MemoryData(), err
        memoryData.max_usage = value
        value, err = self.fscommon.get_cgroup_param_uint(path, failcnt)
        if err is not None:
            return self.cgroups.MemoryData(), err
        memoryData.failcnt = value
        value, err = self.fscommon.get_cgroup_param_uint(path, limit)
        if err is not None:
            return self.cgroups.MemoryData(), err
        memoryData.limit = value

        return memoryData, None

    @upstream(f"{_F}:244-326")
    def get_page_usage_by_numa(self, path: str) -> tuple[Any, Any]:
        maxColumns = math.MaxUint8 + 1
        file = "memory.numa_stat"
        stats = self.cgroups.PageUsageByNUMA()

        fd, err = self.cgroups.open_file(path, file, os.O_RDONLY)
        if os.IsNotExist(err):
            return stats, None
        elif err is not None:
            return stats, err

        # File format is documented in linux/Documentation/cgroup-v1/memory.txt
        # and it looks like this:
        #
        # total=<total pages> N0=<node 0 pages> N1=<node 1 pages> ...
        # file=<total file pages> N0=<node 0 pages> N1=<node 1 pages> ...
        # anon=<total anon pages> N0=<node 0 pages> N1=<node 1 pages> ...
        # unevictable=<total anon pages> N0=<node 0 pages> N1=<node 1 pages> ...
        # hierarchical_<counter>=<counter pages> N0=<node 0 pages> N1=<node 1 pages> ...

        assert fd is not None
        scanner = bufio.NewScanner(fd)
        while scanner.Scan():
            field: Any = None

            line = scanner.Text()
            columns = strings.SplitN(line, " ", maxColumns)
            assert columns is not None
            for i, column in enumerate(columns):
                byNode = strings.SplitN(column, "=", 2)
                assert byNode is not None
                # Some custom kernels have non-standard fields, like
                #   numa_locality 0 0 0 0 0 0 0 0 0 0
                #   numa_exectime 0
                if len(byNode) < 2:
                    if i == 0:
                        # Ignore/skip those.
                        break
                    else:
                        # The first column was already validated,
                        # so be strict to the rest.
                        return stats, self.malformed_line(path, file, line)
                key, val = byNode[0], byNode[1]
                if i == 0:  # First column: key is name, val is total.
                    field = self.get_numa_field(stats, key)
                    if field is None:  # unknown field (new kernel?)
                        break
                    field.total, err = strconv.ParseUint(val, 0, 64)
                    if err is not None:
                        return stats, parseError(Path=path, File=file, Err=err)
                    field.nodes = {}
                else:  # Subsequent columns: key is N<id>, val is usage.
                    if len(key) < 2 or key[0] != "N":
                        # This is definitely an error.
                        return stats, self.malformed_line(path, file, line)

                    n, err = strconv.ParseUint(key[1:], 10, 8)
                    if err is not None:
                        return stats, parseError(Path=path, File=file, Err=err)

                    usage, err = strconv.ParseUint(val, 10, 64)
                    if err is not None:
                        return stats, parseError(Path=path, File=file, Err=err)

                    field.nodes[uint8(n)] = usage

        err = scanner.Err()
        if err is not None:
            return self.cgroups.PageUsageByNUMA(), parseError(Path=path, File=file, Err=err)

        return stats, None

    @upstream(f"{_F}:328-348")
    def get_numa_field(self, stats: Any, name: str) -> Any:
        """getNUMAField: the PageStats of `stats` that the name selects (Go returns a
        pointer into stats; here the PageStats object itself), or None."""
        if name == "total":  # noqa: SIM116 - the Go switch
            return stats.total
        elif name == "file":
            return stats.file
        elif name == "anon":
            return stats.anon
        elif name == "unevictable":
            return stats.unevictable
        elif name == "hierarchical_total":
            return stats.hierarchical.total
        elif name == "hierarchical_file":
            return stats.hierarchical.file
        elif name == "hierarchical_anon":
            return stats.hierarchical.anon
        elif name == "hierarchical_unevictable":
            return stats.hierarchical.unevictable
        return None
