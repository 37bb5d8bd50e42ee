"""The pipeline's golden outputs: every stack over many node states, hashed per state, so that
speed work (or any refactor) cannot silently change a number.

    python -m tests.sim.golden --write           # re-record tests/sim/data/pipeline_golden.json
    python -m tests.sim.golden --check           # compare (what test_pipeline_golden does)
    python -m tests.sim.golden --dump out.jsonl  # every state's full record, to diff two commits

States (`states()`): fake_sysfs.random_world(seed) for SEEDS seeds rendered as v1 and v2 (and
hybrid for the first HYBRID_SEEDS) at node scope, every built-in capture, and hostile trees:
each file a preset reads on a few base trees (two worlds, two captures) deleted, replaced by a
directory, emptied, or rewritten ("max", negative, >= 2^63, >= 2^64, garbage; for multi-line
files a blank line, a duplicate key, a truncated line, a line without a value, extra fields, one
line's value made "max"/negative/huge); and each file read but absent, added.

Each state runs through every stack (`STACKS`: the presets, and k8s-1.28.3 with each other
known component swapped in) on the in-memory host (FakeHost(mounts, openat2=True, files)),
and, on hostile trees and captures, also without openat2 (runc's os.OpenFile fallback).
Per run the record holds the runc MemoryStats JSON and repr, the runc error text and its Go
class (types along the Unwrap chain, os.IsNotExist, errors.Is ENOENT), cAdvisor's memory and
spec, the ignored error, the kubelet Summary (memory, swap, CPU JSON), the whole /metrics/resource
exposition, metrics-server's bytes and quantity, the kubectl row and table (allocatable and,
on the recorded run, capacity). A second run with record=True adds every file read, in order,
with its layer and outcome (the order of opens is part of the result).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fake_sysfs
from ports.go import errors, host, syscall
from ports.go import os as goos
from sim import pipeline, stacks

GOLDEN = Path(__file__).parent / "data" / "pipeline_golden.json"
SEEDS = 300
HYBRID_SEEDS = 50


def _stacks() -> list[stacks.Stack]:
    out = list(stacks.PRESETS.values())
    base = stacks.PRESETS["k8s-1.28.3"]
    have = {c.registry for c in base.components()}
    kinds = {"metrics-server": "metrics-server"}
    for comp in stacks.KNOWN.values():
        if comp.registry in have:
            continue
        kind = kinds.get(comp.kind, comp.kind)
        out.append(stacks.parse(f"k8s-1.28.3,{kind}={stacks.spelling(comp, kind)}"))
    return out


STACKS = _stacks()


# ------------------------------------------------------------------------------ states

VALUES = (
    "max\n",
    "-1\n",
    "9223372036854775807\n",
    "9223372036854775808\n",
    "18446744073709551615\n",
    "18446744073709551616\n",
    "99999999999999999999999\n",
    "12abc\n",
    "\n",
    "",
    " 42 \n",
)
LINE_VALUES = ("max", "-5", "18446744073709551616", "9223372036854775808", "1.5", "")


def _line_mutations(data: bytes) -> Iterator[tuple[str, bytes]]:
    lines = data.split(b"\n")
    body = [i for i, ln in enumerate(lines) if ln.strip()]
    if len(body) < 2:
        return
    mid = body[len(body) // 2]
    yield "blank-line", b"\n".join([*lines[:mid], b"", *lines[mid:]])
    yield "blank-first", b"\n" + data
    yield "dup-first", lines[body[0]] + b"\n" + data
    yield "truncated", data[: len(data) // 2]
    yield "no-trailing-newline", data.rstrip(b"\n")
    yield "crlf", data.replace(b"\n", b"\r\n")
    keys = {
        b"MemTotal:",
        b"MemFree:",
        b"SwapTotal:",
        b"SwapFree:",
        b"anon",
        b"file",
        b"inactive_file",
        b"total_inactive_file",
        b"total_rss",
        b"rss",
        b"total_cache",
        b"cache",
        b"pgfault",
        b"hierarchical_memory_limit",
    }
    picks = [body[0], mid, body[-1]]
    picks += [i for i in body if lines[i].split(b" ", 1)[0] in keys]
    for i in dict.fromkeys(picks):
        parts = lines[i].split()
        key = parts[0].decode(errors="replace") if parts else ""
        for j, v in enumerate(LINE_VALUES):
            new = parts[:1] + ([v.encode()] if v else []) + parts[2:]
            yield (
                f"line-{key}-{j}",
                b"\n".join([*lines[:i], b" ".join(new), *lines[i + 1 :]]),
            )
        yield f"line-{key}-extra", b"\n".join([*lines[:i], lines[i] + b" 7", *lines[i + 1 :]])
        yield (
            f"line-{key}-tab",
            b"\n".join([*lines[:i], lines[i].replace(b" ", b"\t", 1), *lines[i + 1 :]]),
        )


def _reads(tree: fake_sysfs.Tree) -> list[str]:
    """Every path a preset opens on `tree`, first-read order."""
    seen: dict[str, None] = {}
    h = host.FakeHost(tree.mounts, openat2=True, files=tree.files)
    for s in stacks.PRESETS.values():
        with host.use(h):
            try:
                res = pipeline.run(s, record=True)
            except pipeline.KubeletRefusesToStart:
                continue  # 1.35+ on a cgroup v1 tree: nothing past runc's first look is read
        for r in res.reads or ():
            seen.setdefault(r.path, None)
    return list(seen)


def _hostile(name: str, tree: fake_sysfs.Tree) -> Iterator[tuple[str, fake_sysfs.Tree]]:
    for p in _reads(tree):
        data = tree.files.get(p)
        if data is None:
            for v in ("1\n", "max\n", "x\n"):
                yield f"{name}+{p}={v.strip()}", tree.with_file(p, v)
            continue
        yield f"{name}-{p}", tree.without(p)
        yield f"{name}+{p}/", tree.without(p).with_file(p + "/x", "1\n")
        for j, v in enumerate(VALUES):
            yield f"{name}:{p}={j}", tree.with_file(p, v)
        for tag, mutated in _line_mutations(data):
            yield f"{name}:{p}:{tag}", tree.with_file(p, mutated)


def states() -> Iterator[tuple[str, fake_sysfs.Tree, bool]]:
    """(state id, tree, hostile-or-capture) in a fixed order."""
    for seed in range(SEEDS):
        w = fake_sysfs.random_world(seed)
        views = ("v1", "v2", "hybrid") if seed < HYBRID_SEEDS else ("v1", "v2")
        for view in views:
            yield f"seed{seed}/{view}", fake_sysfs.render(w, view, scope="node"), False
    caps = fake_sysfs.builtin_captures()
    for c in caps:
        yield f"capture:{c}", fake_sysfs.load_capture("builtin:" + c), True
    bases = [
        ("w3v1", fake_sysfs.render(fake_sysfs.random_world(3, profile="6.1"), "v1", scope="node")),
        ("w3v2", fake_sysfs.render(fake_sysfs.random_world(3, profile="6.1"), "v2", scope="node")),
        ("w7hy", fake_sysfs.render(fake_sysfs.random_world(7), "hybrid", scope="node")),
    ]
    for want in ("v1-", "v2-"):
        c = next(c for c in caps if c.startswith(want))
        bases.append((c, fake_sysfs.load_capture("builtin:" + c)))
    for name, tree in bases:
        for sid, t in _hostile(name, tree):
            yield f"hostile:{sid}", t, True


# ------------------------------------------------------------------------------ records


def _err_class(err: Any) -> Any:
    if err is None:
        return None
    chain: list[Any] = []
    e = err
    while e is not None:
        chain.append(type(e).__name__)
        unwrap = getattr(e, "Unwrap", None)
        nxt = unwrap() if unwrap is not None else None
        if isinstance(nxt, list):
            chain.append([_err_class(x) for x in nxt])
            break
        e = nxt
    return {
        "chain": chain,
        "is_not_exist": goos.IsNotExist(err),
        "is_enoent": errors.Is(err, syscall.ENOENT),
    }


def _outputs(res: pipeline.Result, err: Any) -> dict[str, Any]:
    summary = res.kubelet_summary
    k = res.kubectl
    return {
        "cgroup": res.cgroup,
        "runc_json": res.runc_json,
        "runc_repr": repr(res.runc_memory_stats),
        "runc_error": res.runc_error,
        "runc_error_class": _err_class(err),
        "cadvisor_memory": repr(res.cadvisor_memory),
        "cadvisor_spec": repr(res.cadvisor_spec),
        "cadvisor_ignored_error": res.cadvisor_ignored_error,
        "kubelet_summary": None
        if summary is None
        else {
            "repr": repr(summary),
            "memory": pipeline.marshal(summary.Memory),
            "swap": pipeline.marshal(summary.Swap),
            "cpu": pipeline.marshal(summary.CPU),
        },
        "exposition": res.exposition,
        "metrics_server": [res.metrics_server_bytes, res.metrics_server_usage],
        "node": [res.node_capacity, res.node_allocatable],
        "kubectl": [k.memory_bytes, k.memory, k.memory_percent, k.table, k.error],
    }


def _one(stack: stacks.Stack, h: host.Host, record: bool) -> dict[str, Any]:
    try:
        with host.use(h):
            res = pipeline.run(stack, record=record, show_capacity=record)
            out = _outputs(res, res.runc_error_value)
    except Exception as e:  # a memsim bug (or a modelled Go panic): part of the result too
        return {"exception": f"{type(e).__name__}: {e}"}
    if record:
        out["reads"] = [[r.layer, r.path, r.outcome] for r in res.reads or ()]
    return out


def record(tree: fake_sysfs.Tree, extra: bool) -> dict[str, Any]:
    """Everything every stack gives on `tree`."""
    out: dict[str, Any] = {}
    variants = [("openat2", True)] + ([("no-openat2", False)] if extra else [])
    for s in STACKS:
        per: dict[str, Any] = {}
        for vname, openat2 in variants:
            h = host.FakeHost(tree.mounts, openat2=openat2, files=tree.files)
            per[vname] = _one(s, h, False)
            per[vname + "+record"] = _one(s, h, True)
        out[s.name] = per
    return out


def digest(rec: dict[str, Any]) -> str:
    blob = json.dumps(rec, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


def _part(args: tuple[int, int]) -> dict[str, str]:
    k, n = args
    return {
        sid: digest(record(tree, extra))
        for i, (sid, tree, extra) in enumerate(states())
        if i % n == k
    }


def compute(stride: int = 1, jobs: int = 1) -> dict[str, str]:
    """The digest of every `stride`-th state (all with 1), over `jobs` processes."""
    n = stride * jobs
    parts = [(k * stride, n) for k in range(jobs)]
    if jobs == 1:
        return _part(parts[0])
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        out: dict[str, str] = {}
        for d in pool.map(_part, parts):
            out.update(d)
        return out


def check(stride: int = 1, jobs: int = 1) -> list[str]:
    """State ids whose outputs differ from the golden file (or are new or gone)."""
    want: dict[str, str] = json.loads(GOLDEN.read_text())["states"]
    got = compute(stride, jobs)
    if stride > 1:
        want = {k: want[k] for k in got if k in want}
    return sorted(k for k in want.keys() | got.keys() if want.get(k) != got.get(k))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--write", action="store_true")
    g.add_argument("--check", action="store_true")
    g.add_argument("--dump", metavar="FILE")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--stride", type=int, default=1, help="check every N-th state only")
    a = ap.parse_args(argv)
    if a.write:
        got = compute(1, a.jobs)
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        doc = {"stacks": [s.name for s in STACKS], "states": got}
        GOLDEN.write_text(json.dumps(doc, indent=0, sort_keys=True) + "\n")
        print(f"{len(got)} states x {len(STACKS)} stacks -> {GOLDEN}")
        return 0
    if a.check:
        bad = check(a.stride, a.jobs)
        for sid in bad:
            print(sid)
        print(f"{len(bad)} states differ", file=sys.stderr)
        return 1 if bad else 0
    with open(a.dump, "w") as f:
        for sid, tree, extra in states():
            f.write(json.dumps({"state": sid, **record(tree, extra)}, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
