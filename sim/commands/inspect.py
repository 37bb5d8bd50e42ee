"""`memsim inspect`: what each Kubernetes release would report for one node, side by side.

memsim inspect --live
memsim inspect --capture builtin:v2-kernel6.18/2-exited --json
memsim inspect --capture builtin:v2-kernel6.18/2-exited --stack k8s-1.28.3 --stack docs/patches/runc_pr3933.py
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict, dataclass
from typing import Any

from ports.go import host
from sim import hosts, kubeletflags, pipeline, stacks, usage

HELP = "one node through every stack, side by side: working set and the kubectl top node row"
EPILOG = """\
examples:
  memsim inspect --live
  memsim inspect --live --stack k8s-1.28.3 --stack k8s-1.28.3,runc=1.1.9 --json
  memsim inspect --capture /tmp/node-now.tar.gz
  memsim inspect --capture /tmp/node-now.tar.gz --stack k8s-1.28.3 --stack docs/patches/runc_pr3933.py

--live reads this machine's /proc/meminfo and /sys/fs/cgroup (read-only, nothing is written).
A host has one cgroup layout, so it shows one view; for the other, capture a node that has it
(memsim capture OUT) and replay it with --capture OUT. Each stack reads the live files itself,
moments apart, so a busy node's rows can differ by what changed in between: for one instant
for every stack, capture first and inspect the capture.

Without --stack: every preset (memsim stacks). --stack takes what memsim diff's sides take
except a saved run: a preset, a preset with swaps, or a patch file (path/to/patch.py[:NAME],
docs/writing-a-patch.md); a node is shown in its own cgroup view, so no @v1/@v2 pin. working set
is the node's as the kubelet reports it (Summary node.memory.workingSetBytes, /metrics/resource
node_memory_working_set_bytes). mem.avail and evict: the kubelet eviction manager's
memory.available (availableBytes as int64) and whether --eviction-hard's memory.available
threshold is met; --system-reserved, --kube-reserved and --eviction-hard are the kubelet's flags
(memsim diff --help), and also make the allocatable memory behind MEM%.
"""


@dataclass
class Row:
    stack: str
    runc: str
    cadvisor: str
    view: str
    usage_bytes: int | None
    working_set_bytes: int | None
    kubectl_memory: str
    kubectl_memory_percent: str
    error: str | None  # runc's error, or kubectl's when there is no row
    # memory.available as the kubelet's eviction manager observes it, and whether the hard
    # threshold (--eviction-hard) is met (None: not observed, or no memory.available threshold)
    memory_available_bytes: int | None = None
    eviction_threshold: str = ""
    eviction_met: bool | None = None


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "inspect",
        help=HELP,
        description=HELP + ".",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--live", action="store_true", help="this machine (read-only)")
    src.add_argument("--capture", metavar="DIR", help="capture dir, .tar.gz, or builtin:NAME")
    p.add_argument(
        "--stack",
        action="append",
        metavar="S",
        help="a stack or a patch file (repeatable; default: every preset), e.g. "
        "k8s-1.28.3,runc=1.1.9 or docs/patches/runc_pr3933.py",
    )
    kubeletflags.add_arguments(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run)


def row(res: pipeline.Result) -> Row:
    mem = res.kubelet_memory
    k = res.kubectl
    ev = res.eviction
    return Row(
        stack=res.stack.name,
        runc=res.stack.runc.registry,
        cadvisor=res.stack.cadvisor.registry,
        view=res.cgroup,
        usage_bytes=getattr(mem, "UsageBytes", None),
        working_set_bytes=getattr(mem, "WorkingSetBytes", None),
        kubectl_memory=k.memory,
        kubectl_memory_percent=k.memory_percent,
        error=res.runc_error or k.error,
        memory_available_bytes=ev.available,
        eviction_threshold=ev.threshold,
        eviction_met=ev.met,
    )


def inspect(
    stack_list: list[stacks.Stack],
    node_host: host.Host,
    tree: Any = None,
    allocatable: Any = None,
) -> list[Row]:
    """Run each stack on `node_host` (PyHost for this machine, a FakeHost for a capture `tree`;
    a stack with real Go as its runc layer runs on the oracle's host for that tree)."""
    from sim import gorunc

    rows = []
    for s in stack_list:
        h = hosts.for_tree(tree, harness=True) if gorunc.is_go(s) else node_host
        try:
            with host.use(h), gorunc.state(s, tree):
                rows.append(row(pipeline.run(s, allocatable=allocatable)))
        except pipeline.StackFailed as f:  # upstream behaviour on this node: the row says so
            rows.append(failed_row(s, f))
    return rows


def failed_row(s: stacks.Stack, f: pipeline.StackFailed) -> Row:
    """The row of a stack that stops on the node (a Go panic, a fatal upstream error)."""
    return Row(s.name, s.runc.registry, s.cadvisor.registry, "?", None, None, "", "", f.message)


def parse_stack(spec: str) -> stacks.Stack:
    """A --stack value: a preset, with swaps, or a patch file (as a side of memsim diff, minus
    saved runs and view pins)."""
    from sim import sides

    side = sides.parse(spec)
    if side.stack is None:
        raise ValueError(f"--stack {spec}: inspect takes a stack or a patch.py, not a saved run")
    if side.view is not None:
        raise ValueError(
            f"--stack {spec}: inspect shows the node in its own cgroup view; drop @{side.view}"
        )
    return side.stack


def run(args: argparse.Namespace) -> int:
    try:
        stack_list = [parse_stack(s) for s in args.stack or list(stacks.PRESETS)]
    except ValueError as e:
        print(f"memsim inspect: {e}", file=sys.stderr)
        return 2
    alloc = kubeletflags.config(args)  # usage.BadInput naming the flag
    from sim import gorunc

    if args.live and any(gorunc.is_go(s) for s in stack_list):
        from sim.commands.explain import LIVE_GO

        print(f"memsim inspect: {LIVE_GO}", file=sys.stderr)
        return 2
    node: Any
    if args.live:
        from sim import live

        try:
            node = live.this_node()
        except OSError as e:
            raise usage.BadInput("--live", f"cannot read this machine's state ({e})") from None
        node_host: host.Host = host.PyHost()
    else:
        import fake_sysfs

        node = fake_sysfs.load_capture(args.capture)  # CaptureError: bad input, exit 2
        node_host = hosts.for_tree(node)
    rows = inspect(stack_list, node_host, None if args.live else node, alloc)
    note = getattr(node, "missing_view_note", "")
    if args.json:
        out = {
            "node": {
                "source": getattr(node, "source", ""),
                "kernel": node.kernel,
                "fstype": node.fstype,
            },
            "rows": [asdict(r) for r in rows],
            "note": note or None,
        }
        print(usage.dumps(out))
        return 0
    render(rows, node, note)
    return 0


def _short(registry_name: str, prefix: str) -> str:
    """runc@v1.1.7 -> v1.1.7; a patch (patch:FILE.NAME@runc@v1.1.7) -> v1.1.7+FILE."""
    if registry_name.startswith("patch:"):
        head, _, base = registry_name.removeprefix("patch:").partition("@")
        return base.removeprefix(prefix) + "+" + head.split(".", 1)[0]
    return registry_name.removeprefix(prefix)


def _mib(v: int | None) -> str:
    return "-" if v is None else str(v >> 20)


def render(rows: list[Row], node: Any, note: str, console: Any = None) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    c = console or Console()
    c.print(
        Text.assemble(
            ("node  ", "bold"),
            getattr(node, "source", "") or "?",
            f"  kernel {node.kernel or '?'}  statfs(/sys/fs/cgroup) {node.fstype}",
        )
    )
    t = Table(box=None, pad_edge=False, padding=(0, 1, 0, 0))
    t.add_column("stack", no_wrap=True)
    t.add_column("runc", no_wrap=True)
    t.add_column("cAdvisor", no_wrap=True)
    t.add_column("view")
    t.add_column("usage", justify="right", no_wrap=True)
    t.add_column("wset", justify="right", no_wrap=True)
    t.add_column("MEMORY", justify="right", no_wrap=True)
    t.add_column("MEM%", justify="right", no_wrap=True)
    t.add_column("mem.avail", justify="right", no_wrap=True)
    t.add_column("evict", no_wrap=True)
    errors = any(r.error for r in rows)
    if errors:
        t.add_column("error", overflow="fold")
    for r in rows:
        cells = (
            r.stack,
            _short(r.runc, "runc@"),
            _short(r.cadvisor, "cadvisor@"),
            r.view,
            _mib(r.usage_bytes),
            _mib(r.working_set_bytes),
            r.kubectl_memory,
            r.kubectl_memory_percent,
            _mib(r.memory_available_bytes),
            "-" if r.eviction_met is None else ("met" if r.eviction_met else "no"),
        )
        t.add_row(*cells, *((r.error or "",) if errors else ()))
    c.print(t)
    c.print(
        Text(
            "usage, wset (the node's working set): MiB, bytes / 2^20 truncated (exact: --json); "
            "MEMORY, MEM%: the kubectl top node row",
            style="dim",
        )
    )
    threshold = next((r.eviction_threshold for r in rows if r.eviction_threshold), "none")
    c.print(
        Text(
            "mem.avail: memory.available as the eviction manager observes it (MiB); evict: "
            f"whether the hard threshold {threshold} is met (--eviction-hard)",
            style="dim",
        )
    )
    if note:
        c.print(Text(note, style="yellow"))
