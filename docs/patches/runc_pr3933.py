"""runc PR #3933 ("libct/cg/fs2: use `file` + `anon` + `swap` for usage", backported to 1.1 as
#3977, released in v1.1.9), written as a memsim patch on runc v1.1.7 in the k8s-1.28.3 stack.

Upstream, the change renames statsFromMeminfo to rootStatsFromMeminfo, changes its body and
touches its one call site in statMemory. A name changes no number, so this patch overrides the
one function body and keeps v1.1.7's name and call site: on every state it gives what
`k8s-1.28.3,runc=1.1.9` gives (tests/sim/test_patch.py checks that).

    memsim diff --before k8s-1.28.3 --after docs/patches/runc_pr3933.py

docs/writing-a-patch.md walks through this file.
"""

from __future__ import annotations

from typing import Any

from ports.go import bufio, errors, math, os, strconv, strings
from ports.go.builtin import uint64
from ports.runc import v1_1_7
from ports.runc.v1_1_7.libcontainer.cgroups import fs2
from ports.runc.v1_1_7.libcontainer.cgroups.fs2.fs2 import parseError
from sim.compare import get
from sim.patch import Patch


class Fs2(fs2.Fs2):
    """package fs2 with the patched meminfo emulation of the cgroup v2 root."""

    def stats_from_meminfo(self, stats: Any) -> Any:
        f, err = os.Open("/proc/meminfo")
        if err is not None:
            return err
        # Only swap is still read from /proc/meminfo (was also MemTotal and MemFree).
        mem = {"SwapFree": 0, "SwapTotal": 0}
        found = 0
        sc = bufio.NewScanner(f)
        while sc.Scan():
            parts = strings.SplitN(sc.Text(), ":", 3)
            assert parts is not None
            if len(parts) != 2:
                continue
            k = parts[0]
            if k not in mem:
                continue
            vStr = strings.TrimSpace(strings.TrimSuffix(parts[1], " kB"))
            mem[k], err = strconv.ParseUint(vStr, 10, 64)
            if err is not None:
                return parseError(File="/proc/meminfo", Err=errors.New("bad value for " + k))
            found += 1
            if found == len(mem):
                break
        err = sc.Err()
        if err is not None:
            return parseError(Path="", File="/proc/meminfo", Err=err)

        ms = stats.memory_stats
        # The fix: usage = memory.stat anon + file (v1's rss + cache), not MemTotal - MemFree.
        ms.usage.usage = uint64(ms.stats.get("anon", 0) + ms.stats.get("file", 0))
        ms.usage.limit = math.MaxUint64
        # ... and swap usage reported as mem+swap, as on cgroup v1 and non-root cgroup v2.
        ms.swap_usage.usage = uint64((mem["SwapTotal"] - mem["SwapFree"]) * 1024)
        ms.swap_usage.limit = math.MaxUint64
        ms.swap_usage.usage = uint64(ms.swap_usage.usage + ms.usage.usage)
        return None


class Runc(v1_1_7.Runc):
    NAME = "runc@v1.1.7+pr3933"
    Fs2 = Fs2


def root_usage_is_anon_plus_file(
    layers: dict[str, Any], truth: dict[str, int] | None
) -> str | None:
    """On a cgroup v2 root whose stats runc read without error, usage is exactly anon + file."""
    ms = get(layers, ("runc", "memory_stats"))
    if layers.get("view") != "v2" or get(layers, ("runc", "error")) is not None:
        return None
    if not ms or "anon" not in (ms.get("stats") or {}):
        return None
    want = (ms["stats"]["anon"] + ms["stats"].get("file", 0)) % (1 << 64)
    if ms["usage"]["usage"] != want:
        return f"root usage {ms['usage']['usage']} != anon + file {want}"
    return None


PATCH = Patch(
    stack="k8s-1.28.3",
    component="runc",
    version=Runc,
    description="runc PR #3933: cgroup v2 root usage = memory.stat anon + file",
    invariants={"root_usage==anon+file": root_usage_is_anon_plus_file},
)
