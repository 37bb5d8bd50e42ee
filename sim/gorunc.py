"""Real Go as the runc layer of a stack: `k8s-1.28.3,runc=go:SOURCE`.

SOURCE is a harness the oracle built (`runc-1.1.5`, `runc-1.1.15`, `cgroups-0.0.5`: see
`scripts/oracle-setup`) or a runc / opencontainers/cgroups source tree (a reviewer's patched
checkout, built on first use: docs/oracle.md). The stack's runc layer is then the port the
oracle pairs with that Go (e.g. runc@v1.1.15), except for its memory-statistics function - fs
`MemoryGroup.GetStats` on v1, fs2 `statMemory` on v2, for the root cgroup - whose MemoryStats
and error come from the real Go code run on the same tree (sim.oracle.GoRunc). Everything above
it (the manager's error handling, cAdvisor, kubelet, metrics-server, kubectl) is the stack's
ports, so `memsim diff --before k8s-1.28.3,runc=1.1.15 --after k8s-1.28.3,runc=go:runc-1.1.15`
shows whatever the port and the Go disagree on, through to the kubectl row.

The Go code runs in the oracle's sandbox, on this machine's kernel (openat2 present): a diff
with a Go side runs both sides on that host (sim.hosts.for_tree(harness=True)), so the other
side's error texts name the same open path. Needs root (a private mount namespace), like the
oracle; about 12 ms a state per Go side.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from typing import Any

from ports import registry

PREFIX = "go:"
_GO: dict[str, Any] = {}  # registry name -> sim.oracle.GoRunc
_RESULT: list[tuple[str, Any, Any] | None] = [None]  # (root path, MemoryStats, err) of this state


class GoSideError(ValueError):
    pass


def is_go(stack: Any) -> bool:
    return stack is not None and stack.runc.registry.startswith(PREFIX)


def component(source: str) -> Any:
    """The stacks.Component of `go:SOURCE` (building the harness of a source tree if needed)."""
    from sim import oracle, stacks

    src = source.strip()
    if src.startswith("~"):
        import os.path

        src = os.path.expanduser(src)
    if not src:
        raise GoSideError("runc=go:SOURCE needs a SOURCE: a built label or a source directory")
    try:
        go = oracle.GoRunc(src, log=_say)  # a checkout is built on first use: say so
    except oracle.OracleError as e:
        raise GoSideError(f"runc=go:{src}: {e}") from e
    b = go.build
    name = f"{PREFIX}{b.label}@{b.port.replace('@', '-')}"
    if name not in _GO:
        registry.register(name)(_version(b.port, name))
        _GO[name] = go
    port = stacks.KNOWN.get(b.port)
    repo = port.repo if port is not None else "opencontainers/runc"
    return stacks.Component(
        "runc", name, repo, f"{b.package_version} (real Go, {b.go}) ~ {b.port}", b.source or src
    )


def _say(msg: str) -> None:
    import sys

    print(f"memsim: {msg}", file=sys.stderr, flush=True)


def _version(port: str, name: str) -> type:
    """The port `port` with its memory-statistics functions answered by this state's Go run."""
    base: Any = registry.get(port)
    fs2_base: Any = base.Fs2
    fs_base: Any = base.Fs
    memory_group_base: Any = base.Fs.MemoryGroup

    class GoFs2(fs2_base):
        def stat_memory(self, dirPath: str, stats: Any) -> Any:
            return _fill(dirPath, stats, super().stat_memory)

    class GoMemoryGroup(memory_group_base):
        def get_stats(self, path: str, stats: Any) -> Any:
            return _fill(path, stats, super().get_stats)

    class GoFs(fs_base):
        MemoryGroup = GoMemoryGroup

    return type(
        "GoRunc_" + name.replace(":", "_").replace("@", "_").replace(".", "_").replace("-", "_"),
        (base,),
        {"NAME": name, "Fs": GoFs, "Fs2": GoFs2},
    )


def _fill(path: str, stats: Any, port: Any) -> Any:
    """This state's Go result for the root (its MemoryStats into `stats`, its error returned);
    any other cgroup goes to the port's own function."""
    r = _answer(path)
    if r is None:
        return port(path, stats)
    stats.memory_stats = r[1]
    return r[2]


def _answer(path: str) -> tuple[str, Any, Any] | None:
    r = _RESULT[0]
    if r is None:
        raise GoSideError(
            "a runc=go: stack runs through sim.gorunc.state(stack, tree) (memsim diff, explain)"
        )
    return r if path == r[0] else None


@contextlib.contextmanager
def state(stack: Any, tree: Any) -> Iterator[None]:
    """Run the Go of `stack`'s runc layer on `tree` first (a no-op for port-only stacks); its
    MemoryStats and error answer the port's root memory-statistics call inside the block."""
    if not is_go(stack):
        yield
        return
    from sim.oracle import OracleError

    go = _GO[stack.runc.registry]
    r = go.batch([tree])[0]
    if r.panic is not None:
        from ports.go.builtin import GoPanic

        raise GoPanic(r.panic)
    if r.failure is not None:
        raise OracleError(f"{go.build.label}: the harness could not run this state: {r.failure}")
    root = "/sys/fs/cgroup" if tree.is_v2 else "/sys/fs/cgroup/memory"
    fresh = go.port.cgroups.new_stats().memory_stats  # what the Go filled: NewStats()'s
    stats = r.stats if r.stats is not None else fresh
    if stats.stats is None:  # omitempty dropped the map NewStats made: json.Unmarshal keeps it
        stats.stats = fresh.stats
    _RESULT[0] = (root, stats, _classed(r.err))
    try:
        yield
    finally:
        _RESULT[0] = None


class ParseError:
    """A Go error whose text says it is runc's parse error (fscommon.ParseError, "unable to
    parse ...") or a strconv.NumError ("strconv.Parse..."): the harness reports an error's text
    and its not-exist classes, not its type, so a diff's error class "parse" is read off the
    text here (sim.compare.error_class goes by type name)."""

    def __init__(self, err: Any) -> None:
        self.err = err

    def Error(self) -> str:
        return str(self.err.Error())

    def Unwrap(self) -> Any:
        return None

    def Is(self, target: Any) -> bool:
        return bool(getattr(self.err, "Is", lambda t: False)(target))


def _classed(err: Any) -> Any:
    if err is None:
        return None
    text = err.Error()
    if text.startswith("unable to parse ") or "strconv.Parse" in text:
        return ParseError(err)
    return err


def describe(stack: Any) -> dict[str, Any]:
    b = _GO[stack.runc.registry].build
    return {k: str(v) for k, v in dataclasses.asdict(b).items()}
