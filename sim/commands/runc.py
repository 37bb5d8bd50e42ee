"""`memsim runc`: one runc (or opencontainers/cgroups) version's memory statistics for a cgroup
of a capture, printed like the oracle harness prints the real Go's (oracle/harness/main.go), so
the two can be diffed line by line.

    memsim runc --version 1.1.7 --root DIR [--cgroup PATH] [--manager] [--json]
    memsim runc --version cgroups-0.1.0 --batch [--manager] < cases

A case is a tree in the recorded layout (a directory, a .tar.gz, or builtin:NAME), read through
fake_sysfs.load_capture, and a cgroup path (default: /sys/fs/cgroup/memory on fstype tmpfs,
/sys/fs/cgroup on cgroup2fs, as the harness picks). Batch input lines are `DIR` or
`DIR<TAB>CGROUP_PATH`; each prints one line

    {"root":DIR,"cgroup":PATH,"stats":<MemoryStats as that version's json.Marshal writes it>,
     "error":<Go error text or null>,"is_not_exist":os.IsNotExist(err),
     "is_enoent":errors.Is(err, ENOENT)}

with "harness_error" (and stats null) when the case could not run: a tree the loader refuses,
or a Go panic in the ported code (json.Marshal's error on the stats too: the harness panics on
it, "panic: json: unsupported value: NaN").

Exit codes (sim.usage): 0 the case ran; 1 it panicked (the line says so); 2 --root cannot be
loaded (one line on stderr). --batch exits 0 whatever its cases do: each line says.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterable, Iterator
from typing import Any

from ports import runc as runc_ports
from ports.go import errors, host, json, os, unix
from ports.go.builtin import GoPanic
from sim import hosts, usage

HELP = "runc's memory statistics for one cgroup of a capture, as the oracle harness prints them"
EPILOG = """\
examples:
  memsim runc --version 1.1.7 --root builtin:v2-kernel6.18/2-exited
  memsim runc --version 1.1.9 --root /tmp/node --cgroup /sys/fs/cgroup/kubepods.slice --json
  printf 'builtin:v1-kernel6.18/0-idle\\n/tmp/node\\t/sys/fs/cgroup/a\\n' | memsim runc --version cgroups-0.1.0 --batch

Without --manager: fs MemoryGroup.GetStats on cgroup v1, fs2 statMemory on v2, with the error
exactly as that function returns it (stats as far as they were filled). With --manager: the
fs / fs2 manager's GetStats on top (v1 aborts on the first error: stats null; v2 drops
not-exist errors and returns partial stats with the joined error).
"""

CGROUP_MOUNT = "/sys/fs/cgroup"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "runc",
        help=HELP,
        description=HELP + ".",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--version",
        required=True,
        metavar="V",
        help="1.1.7, v1.1.9, ... or cgroups-0.1.0 (memsim runc --version list: the ported ones)",
    )
    p.add_argument(
        "--root", metavar="DIR", help="the tree: a capture directory, .tar.gz or builtin:NAME"
    )
    p.add_argument(
        "--cgroup",
        metavar="PATH",
        help="the cgroup (default by fstype: /sys/fs/cgroup/memory or /sys/fs/cgroup)",
    )
    p.add_argument(
        "--manager", action="store_true", help="apply the manager's GetStats error handling"
    )
    p.add_argument(
        "--json", action="store_true", help="one JSON line, as the oracle harness prints"
    )
    p.add_argument("--batch", action="store_true", help="read DIR[<TAB>PATH] lines from stdin")
    p.set_defaults(func=run)


def default_cgroup(fstype: str) -> str:
    return CGROUP_MOUNT if fstype == "cgroup2fs" else CGROUP_MOUNT + "/memory"


def _load(root: str) -> Any:
    import fake_sysfs

    return fake_sysfs.load_capture(root)


def run_case(R: Any, root: str, cgroup: str | None, manager: bool) -> str:
    """One case, as the harness's JSON line (without the newline)."""
    return _case(R, root, cgroup, manager)[0]


def _case(R: Any, root: str, cgroup: str | None, manager: bool) -> tuple[str, str]:
    """(the harness's JSON line, what stopped the case: "" ran, "load" the tree was refused,
    "panic" the Go code panicked)."""
    gv = R.GO_VERSION
    try:
        tree = _load(root)
    except (ValueError, OSError) as e:  # fake_sysfs.CaptureError is a ValueError
        return _line(gv, root, cgroup or "", None, None, harness_error=str(e)), "load"
    cg = cgroup if cgroup is not None else default_cgroup(tree.fstype)
    if manager and cg == "":
        line = _line(
            gv, root, cg, None, None, harness_error="-manager needs a non-empty cgroup path"
        )
        return line, "load"
    h = hosts.for_tree(tree, harness=True)
    try:
        with host.use(h):
            ms, err = R.memory_stats(cg, manager=manager)
    except GoPanic as p:
        return _line(gv, root, cg, None, None, harness_error=str(p)), "panic"
    stats = None
    if ms is not None:
        stats, merr = R.marshal(ms)
        if merr is not None:
            # the harness panics on a Marshal error (oracle/harness/backend_*.go), and its
            # recover reports fmt.Sprintf("panic: %v", err): no stats, no error
            return _line(gv, root, cg, None, None, harness_error="panic: " + merr.Error()), "panic"
    return _line(gv, root, cg, stats, err), ""


def _line(
    gv: tuple[int, int],
    root: str,
    cgroup: str,
    stats: str | None,
    err: Any,
    harness_error: str = "",
) -> str:
    """json.Marshal(result) of oracle/harness/main.go: fields in struct order, stats a
    json.RawMessage (null when nil), harness_error omitempty."""

    def s(v: str) -> str:
        return json.Marshal(v, go_version=gv)[0]

    parts = [
        '{"root":' + s(root),
        '"cgroup":' + s(cgroup),
        '"stats":' + (stats if stats is not None else "null"),
        '"error":' + (s(err.Error()) if err is not None else "null"),
        '"is_not_exist":' + ("true" if err is not None and os.IsNotExist(err) else "false"),
        '"is_enoent":' + ("true" if err is not None and errors.Is(err, unix.ENOENT) else "false"),
    ]
    if harness_error:
        parts.append('"harness_error":' + s(harness_error))
    return ",".join(parts) + "}"


def cases(lines: Iterable[str]) -> Iterator[tuple[str, str | None]]:
    """Batch input: `DIR` or `DIR<TAB>CGROUP_PATH` per line; blank lines are skipped."""
    for line in lines:
        line = line.rstrip("\r\n")
        if line == "":
            continue
        root, tab, cg = line.partition("\t")
        yield root, (cg if tab else None)


def run(args: argparse.Namespace) -> int:
    try:
        R = runc_ports.get(args.version)()
    except KeyError as e:
        valid = ", ".join(_spelling(n) for n in runc_ports.versions())
        print(f"memsim runc: {e.args[0]}; ported: {valid}", file=sys.stderr)
        return 2
    if args.batch:
        if args.root:
            print("memsim runc: --batch reads the trees from stdin; drop --root", file=sys.stderr)
            return 2
        stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="surrogateescape")
        out = sys.stdout
        for root, cg in cases(stdin):
            out.write(run_case(R, root, cg if cg is not None else args.cgroup, args.manager))
            out.write("\n")
        out.flush()
        return 0
    if not args.root:
        print("memsim runc: --root DIR is required (or --batch)", file=sys.stderr)
        return 2
    line, stopped = _case(R, args.root, args.cgroup, args.manager)
    if stopped == "load":  # one case: a tree that cannot be loaded is bad input
        import json as pyjson

        raise usage.BadInput("--root", pyjson.loads(line)["harness_error"])
    if args.json:
        print(line)
    else:
        _print_human(R, line)
    return usage.EXIT_FAILED if stopped else usage.EXIT_OK


def _spelling(name: str) -> str:
    project, _, tag = name.partition("@")
    return tag[1:] if project == "runc" else f"cgroups-{tag[1:]}"


def _print_human(R: Any, line: str) -> None:
    import json as pyjson

    from rich.console import Console

    d = pyjson.loads(line)
    c = Console()
    c.print(f"[bold]{R.NAME}[/bold]  root {d['root']}  cgroup {d['cgroup']}")
    if d.get("harness_error"):
        c.print(f"[red]could not run:[/red] {d['harness_error']}")
        return
    if d["error"] is not None:
        c.print(
            f"[red]error:[/red] {d['error']}  (os.IsNotExist {str(d['is_not_exist']).lower()}, "
            f"errors.Is ENOENT {str(d['is_enoent']).lower()})"
        )
    if d["stats"] is None:
        c.print("stats: null")
    else:
        c.print_json(data=d["stats"])
