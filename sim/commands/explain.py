"""`memsim explain`: one node state through one version stack, from the files to the
`kubectl top node` row, with every value read, every formula and its inputs, and the upstream
code each comes from.

    memsim explain --stack k8s-1.28.3 --capture builtin:v2-kernel6.18/2-exited
    memsim explain --stack k8s-1.29.0,runc=1.1.7 --capture /tmp/node-now --json
    memsim explain --stack k8s-latest --scenario NAME --seed 7 --cgroup v1
    memsim explain --stack k8s-1.28.3 --live
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from fake_sysfs.capture import CaptureError
from ports.go import host
from sim import hosts, kubeletflags, pipeline, stacks, usage

HELP = "follow one node state through a version stack to the kubectl top node row"
EPILOG = """\
examples:
  memsim explain --stack k8s-1.28.3 --capture builtin:v2-kernel6.18/2-exited
  memsim explain --stack k8s-1.28.3,runc=1.1.9 --capture builtin:v2-kernel6.18/2-exited --json
  memsim explain --stack k8s-latest --capture /tmp/node-now.tar.gz --system-reserved memory=1Gi
  memsim explain --stack k8s-1.28.3 --capture builtin:v2-kernel6.18/2-exited \
      --eviction-hard 'memory.available<5%'
  memsim explain --stack k8s-1.28.3 --live

--live reads this machine's own /proc/meminfo and /sys/fs/cgroup (read-only): the view is the
host's layout, and the other cannot be read live (capture a node that has it, replay it with
--capture). memsim inspect --live shows every stack on this machine side by side.

--capture takes a directory or .tar.gz in the recorded layout, or builtin:NAME for the bundled
corpus (memsim explain --list-captures). --scenario/--seed take a state from the simulator's
generator; whether the node is cgroup v1 or v2 comes from its tree (--cgroup picks the view of
a generated state). memsim stacks lists the stacks and their components.

Each file read is listed with the values the ported parsers took from it (their own result,
recorded as they return: a value a parser refused shows its error). Each step's formula is the
one stated at the ported function that computes it; a --stack patch that overrides that
function is named instead (docs/writing-a-patch.md). CPU(cores) and CPU% are synthetic:
memsim models no CPU.

--system-reserved, --kube-reserved and --eviction-hard are the kubelet's flags, in its syntax
(memsim diff --help says more): they make the allocatable memory (MEMORY%'s denominator) and
the eviction manager's memory.available threshold. The kubelet steps end with memory.available
as the eviction manager observes it (availableBytes; capacity = availableBytes +
workingSetBytes) and whether the hard threshold is met; allocatableMemory.available needs the
Summary's "pods" system container, which memsim does not model: it is shown as not observed.

--json keys: runc (MemoryStats as runc's json.Marshal writes it), cadvisor, kubelet (Summary
node.memory and the /metrics/resource line), eviction (memory_available, capacity, threshold,
threshold_bytes, met, error, allocatable_memory_available), metrics_server (node usage bytes, null when the
node is dropped), kubectl {memory_bytes, memory, memory_percent, cpu_note}, plus reads
(layer, path, result, values) and steps (layer, name, value, formula, inputs, upstream,
inherited_by, patched); stack carries provenance and patched. When runc's json.Marshal
refuses the stats (a PSI average of nan or inf), runc is null and runc_json_error says why;
elsewhere such a float is the string "NaN", "+Inf" or "-Inf" (JSON has no such numbers).
"""


LIVE_GO = (
    "a runc=go: stack runs the Go on a copy of the node's files in the oracle's sandbox, never on "
    "the live host: capture it first (memsim capture OUT) and use --capture OUT"
)


class StateGeneratorMissing(RuntimeError):
    pass


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "explain",
        help=HELP,
        description=HELP + ".",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--stack",
        help="a preset (k8s-1.28.3, k8s-1.29.0, k8s-latest), with swaps (k8s-1.28.3,runc=1.1.9), "
        "or a patch file (docs/patches/runc_pr3933.py)",
    )
    src = p.add_mutually_exclusive_group()
    src.add_argument("--capture", metavar="DIR", help="capture dir, .tar.gz, or builtin:NAME")
    src.add_argument("--scenario", metavar="NAME", help="a generated state's scenario")
    src.add_argument("--list-captures", action="store_true", help="list the bundled captures")
    src.add_argument(
        "--live", action="store_true", help="this machine's own files (read-only, its one view)"
    )
    p.add_argument(
        "--seed", type=usage.integer(), help="the generated state's seed (with --scenario)"
    )
    p.add_argument(
        "--cgroup", choices=["v1", "v2"], help="the view of a generated state (with --scenario)"
    )
    p.add_argument("--show-capacity", action="store_true", help="kubectl top node --show-capacity")
    kubeletflags.add_arguments(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run)


def synthetic_tree(scenario: str, seed: int, view: str | None) -> Any:
    """A generated state: sim.states.synthetic(scenario, seed, index=0, view=...) -> Tree."""
    import importlib

    try:
        states: Any = importlib.import_module("sim.states")
    except ModuleNotFoundError as e:
        if e.name != "sim.states":
            raise
        states = None
    fn = getattr(states, "synthetic", None)
    if fn is None:
        raise StateGeneratorMissing(
            "--scenario/--seed: the simulator's state generator (sim.states.synthetic) is not "
            "available yet; explain a capture with --capture DIR or --capture builtin:NAME "
            "(memsim explain --list-captures)"
        )
    return fn(scenario, seed, index=0, view=view)


def explain(
    stack: stacks.Stack,
    tree: Any,
    *,
    show_capacity: bool = False,
    allocatable: Any = None,
) -> tuple[pipeline.Result, list[pipeline.Step]]:
    """Run `stack` on `tree` (a fake_sysfs Tree) from memory, recording every file read. A
    stack with real Go as its runc layer (runc=go:SOURCE) runs on the oracle's host."""
    from sim import gorunc

    go = gorunc.is_go(stack)
    with host.use(hosts.for_tree(tree, harness=go)), gorunc.state(stack, tree):
        res = pipeline.run(stack, record=True, show_capacity=show_capacity, allocatable=allocatable)
    return res, pipeline.teach(res)


def explain_live(
    stack: stacks.Stack, *, show_capacity: bool = False, allocatable: Any = None
) -> tuple[pipeline.Result, list[pipeline.Step]]:
    """Run `stack` on this machine's own files (ports.go.host.PyHost), recording every read."""
    with host.use(host.PyHost()):
        res = pipeline.run(stack, record=True, show_capacity=show_capacity, allocatable=allocatable)
    return res, pipeline.teach(res)


def to_json(res: pipeline.Result, steps: list[pipeline.Step], tree: Any) -> dict[str, Any]:
    d = res.to_json()
    node = {
        "source": getattr(tree, "source", ""),
        "kernel": tree.kernel,
        "fstype": tree.fstype,
    }
    if getattr(tree, "missing_view_note", None):
        node["note"] = tree.missing_view_note
    return {
        "stack": {**res.stack.to_json(), **header(res.stack)},
        "tree": node,
        "cgroup": res.cgroup,
        "runc": d["runc"],
        **({"runc_json_error": d["runc_json_error"]} if "runc_json_error" in d else {}),
        "runc_error": d["runc_error"],
        "cadvisor": d["cadvisor"],
        "kubelet": d["kubelet"],
        "eviction": res.eviction.to_json(),
        "metrics_server": d["metrics_server"],
        "kubectl": {
            **d["kubectl"],
            "cpu_note": "CPU(cores) and CPU% are synthetic: memsim models no CPU",
        },
        "reads": [
            {
                "layer": r.layer,
                "path": r.path,
                "result": r.outcome,
                "values": pipeline.file_values(r),
            }
            for r in res.reads or []
        ],
        "steps": [s.to_json() for s in steps],
    }


def run(args: argparse.Namespace) -> int:
    if args.list_captures:
        import fake_sysfs

        for name in fake_sysfs.builtin_captures():
            print("builtin:" + name)
        return 0
    err = _check_args(args)
    if err:
        print(f"memsim explain: {err}", file=sys.stderr)
        return 2
    try:
        from sim import sides

        side = sides.parse(args.stack)  # a preset with swaps, or a patch file (sim.patch)
        if side.stack is None:
            raise ValueError(f"{args.stack}: --stack takes a stack or a patch.py, not a saved run")
        stack = side.stack
        if side.view is not None and args.scenario and args.cgroup is None:
            args.cgroup = side.view
        alloc = kubeletflags.config(args)  # usage.BadInput naming the flag
    except ValueError as e:
        print(f"memsim explain: {e}", file=sys.stderr)
        return 2
    from sim import gorunc

    if args.live and gorunc.is_go(stack):
        print(f"memsim explain: {LIVE_GO}", file=sys.stderr)
        return 2
    tree: Any
    try:
        if args.live:
            from sim import live

            tree = live.this_node()
        elif args.capture:
            import fake_sysfs

            tree = fake_sysfs.load_capture(args.capture)  # CaptureError: bad input, exit 2
        else:
            tree = synthetic_tree(args.scenario, args.seed, args.cgroup)
    except StateGeneratorMissing as e:
        print(f"memsim explain: {e}", file=sys.stderr)
        return 1
    except ValueError as e:
        if isinstance(e, CaptureError):
            raise
        raise usage.BadInput("--scenario" if args.scenario else "--live", str(e)) from None
    except OSError as e:
        raise usage.BadInput("--live", f"cannot read this machine's state ({e})") from None
    # a stack that stops on this node (a Go panic, a fatal upstream error) raises
    # pipeline.StackFailed: one line and exit 1, from sim.cli
    if args.live:
        res, steps = explain_live(stack, show_capacity=args.show_capacity, allocatable=alloc)
    else:
        res, steps = explain(stack, tree, show_capacity=args.show_capacity, allocatable=alloc)
    if args.json:
        print(usage.dumps(to_json(res, steps, tree)))  # never NaN/Infinity tokens
        return 0
    render(res, steps, tree)
    return 0


def _check_args(args: argparse.Namespace) -> str:
    if not args.stack:
        return "--stack is required (memsim stacks lists them)"
    if not args.capture and not args.scenario and not args.live:
        return "give --capture DIR|builtin:NAME, --scenario NAME --seed N, or --live"
    if args.scenario and args.seed is None:
        return "--scenario needs --seed N"
    if args.capture and (args.seed is not None or args.cgroup):
        return "--seed and --cgroup go with --scenario; a capture's cgroup layout is its own"
    if args.live and (args.seed is not None or args.cgroup):
        return (
            "--seed and --cgroup go with --scenario; a live host's cgroup layout is its own "
            "(the other view: capture a node that has it, replay it with --capture)"
        )
    return ""


# ---------------------------------------------------------------- human output


def patch_overrides(stack: stacks.Stack) -> list[tuple[str, str, str]]:
    """(component kind, patch file, Class.function) for every function a patch in `stack`
    overrides: the functions its classes define over those of the ported version."""
    import inspect

    from ports import registry

    out = []
    for c in stack.components():
        if not c.registry.startswith("patch:"):
            continue
        mod = sys.modules.get(registry.get(c.registry).__module__)
        if mod is None:
            continue
        src = pipeline._where(str(getattr(mod, "__file__", "") or c.registry))
        for obj in vars(mod).values():
            if not inspect.isclass(obj) or obj.__module__ != mod.__name__:
                continue
            for name, fn in vars(obj).items():
                if not inspect.isfunction(fn) and not isinstance(fn, (staticmethod, classmethod)):
                    continue  # a class attribute (Fs2 = Fs2) only points at a patched class
                if any(name in vars(b) for b in obj.__mro__[1:]):
                    out.append((c.kind, src, f"{obj.__name__}.{name}"))
    return out


def header(stack: stacks.Stack) -> dict[str, Any]:
    """Where the stack's components come from and what a patch overrides (for text and JSON)."""
    return {
        "provenance": [{"component": k, "note": w} for k, w in stacks.provenance(stack)],
        "patched": [
            {"component": k, "file": f, "overrides": q} for k, f, q in patch_overrides(stack)
        ],
    }


def _value_text(values: dict[str, Any], name: str) -> str:
    from sim.watch import Failed

    parts = []
    for k, v in values.items():
        if isinstance(v, Failed):
            v = Failed(v if len(v) <= 72 else v[:71] + "…")  # the full text: --json
            parts.append(f"{k}: not taken ({v})" if k != "error" else f"error: {v}")
        else:
            parts.append(str(v) if k == name else f"{k}={v}")
    return " ".join(parts)


def render(
    res: pipeline.Result, steps: list[pipeline.Step], tree: Any, console: Any = None
) -> None:
    from rich.console import Console
    from rich.text import Text

    c = console or Console()

    def line(indent: int, *parts: Any, style: str = "") -> None:
        """One paragraph, wrapped to the console's width, every line `indent` in."""
        text = Text.assemble(*parts, style=style)
        for ln in text.wrap(c, max(20, c.width - indent), overflow="fold"):
            ln.rstrip()
            c.print(Text(" " * indent) + ln, soft_wrap=True)

    line(0, ("stack ", "bold"), res.stack.name)
    line(2, " · ".join(x.registry for x in res.stack.components()), style="dim")
    head = header(res.stack)
    for p in head["provenance"]:
        line(4, (p["component"] + ": ", "bold"), p["note"], style="dim")
    for p in head["patched"]:
        line(2, ("patched: ", "bold yellow"), f"{p['file']} overrides {p['overrides']}",
             f" ({p['component']})", style="yellow")  # fmt: skip
    line(0, ("node  ", "bold"), getattr(tree, "source", "") or "(generated)")
    line(
        2,
        f"kernel {tree.kernel or '?'} · statfs(/sys/fs/cgroup) {tree.fstype} ",
        ("→ cgroup " + res.cgroup, "bold"),
    )

    c.print()
    c.print(Text("files read, in order, with what the ports took from each", style="italic"))
    group: tuple[str, str] | None = None
    for r in res.reads or []:
        d, _, name = r.path.rpartition("/")
        if group != (r.layer, d):
            group = (r.layer, d)
            line(0, (f"{r.layer:<8} ", "cyan"), d + "/")
        vals = _value_text(pipeline.file_values(r), name)
        if r.data is None:
            line(4, name, ": ", (r.outcome, "red"))
        elif len(r.taken) == 1 and name in r.taken:  # a one-value file
            line(4, name, " = ", vals)
        elif vals and len(vals) <= 40:
            line(4, name, (f" ({r.outcome})", "dim"), ": ", vals)
        elif vals:
            line(4, name, (f" ({r.outcome})", "dim"), ":")
            line(8, vals)
        else:
            line(4, name, (f" ({r.outcome}; no value a formula uses)", "dim"))
    from sim import gorunc

    if gorunc.is_go(res.stack):
        line(0, "runc's own reads happen in the real Go code, in the oracle's sandbox: they "
             "are not listed.", style="dim")  # fmt: skip
    line(
        0,
        "cAdvisor takes two samples (the kubelet asks for Count: 2, metrics-server scrapes "
        "twice); one state is one instant, so both come from the one read above.",
        style="dim",
    )

    c.print()
    c.print(Text("from the files to the row", style="italic"))
    layer = ""
    inherited = False
    for st in steps:
        if st.layer != layer:
            layer = st.layer
            c.print(Text(layer, style="bold cyan"))
        line(2, (st.name, "bold"), " = ", (_fmt(st.value), "bold"))
        if st.formula:
            line(6, st.formula)
        if st.patched:
            line(6, ("patched: ", "bold yellow"), st.patched, style="yellow")
        if st.upstream:
            by = f" (inherited by {st.inherited_by})" if st.inherited_by else ""
            line(6, st.upstream + by, style="dim")
            inherited = inherited or bool(by)
    if inherited:
        line(
            0,
            "(inherited by X): X runs the port of this function made for an older version; a "
            "port version overrides only what its upstream changed (memsim stacks says where "
            "each component comes from).",
            style="dim",
        )

    c.print()
    c.print(Text("kubectl top node", style="bold"))
    if res.kubectl.error:
        c.print(Text("error: " + res.kubectl.error, style="red"))
    else:
        c.print(Text(res.kubectl.table.rstrip("\n")))
        line(
            0,
            "CPU(cores) and CPU% are synthetic: memsim models no CPU (see the CPU step above).",
            style="dim",
        )
    note = getattr(tree, "missing_view_note", "")
    if note:
        c.print()
        c.print(Text(note, style="yellow"))


def _fmt(v: Any) -> str:
    if v is None:
        return "-"
    if isinstance(v, int) and not isinstance(v, bool) and v >= 1 << 20:
        return f"{v} ({v >> 20} Mi)"
    return str(v)
