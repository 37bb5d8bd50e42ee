"""libcontainer/cgroups/fs/memory.go at runc v1.1.10: a missing memory.kmem.limit_in_bytes is
tolerated (removed from Linux 6.1+; runc PR #4018, backported as #4028)."""

from __future__ import annotations

from typing import Any

from ports.go import os
from ports.provenance import keeps_formulas, upstream
from ports.runc.v1_1_7.libcontainer.cgroups.fs import memory as v1_1_7

_F = "opencontainers/runc@v1.1.10 libcontainer/cgroups/fs/memory.go"


class MemoryGo(v1_1_7.MemoryGo):
    @upstream(f"{_F}:201-248")
    @keeps_formulas
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
            if name == "kmem" and os.IsNotExist(err):
                # Ignore ENOENT as kmem.limit_in_bytes has
                # been removed in newer kernels.
                return memoryData, None

            return self.cgroups.MemoryData(), err
        memoryData.limit = value

        return memoryData, None
