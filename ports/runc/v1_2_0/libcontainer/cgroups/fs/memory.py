"""libcontainer/cgroups/fs/memory.go at runc v1.2.0: getPageUsageByNUMA splits each column
with strings.Cut instead of SplitN (same results)."""

from __future__ import annotations

from typing import Any

from ports.go import bufio, math, os, strconv, strings
from ports.go.builtin import uint8
from ports.provenance import upstream
from ports.runc.v1_1_7.libcontainer.cgroups.fs.error import parseError
from ports.runc.v1_1_11.libcontainer.cgroups.fs import memory as v1_1_11

_F = "opencontainers/runc@v1.2.0 libcontainer/cgroups/fs/memory.go"


class MemoryGo(v1_1_11.MemoryGo):
    @upstream(f"{_F}:254-335")
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
                key, val, ok = strings.Cut(column, "=")
                # Some custom kernels have non-standard fields, like
                #   numa_locality 0 0 0 0 0 0 0 0 0 0
                #   numa_exectime 0
                if not ok:
                    if i == 0:
                        # Ignore/skip those.
                        break
                    else:
                        # The first column was already validated,
                        # so be strict to the rest.
                        return stats, self.malformed_line(path, file, line)
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
