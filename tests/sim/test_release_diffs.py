"""What moves between consecutive release stacks, measured with the diff engine.

kubernetes PR #138127 (HugepageAwareEviction: the node's hugepage capacity is subtracted from
Summary node.memory.availableBytes) is not in v1.36.0: it was merged in the v1.37 cycle and
adds its gate at {1.37, Beta, default true}. So k8s-1.35.0 -> k8s-1.36.0 leaves availableBytes
alone on every node, hugepage nodes included; this test pins that.
"""

from __future__ import annotations

from sim import diff, sides

STATES = 120


def _meminfo_hugepages(ref) -> int:
    tree = diff._tree(ref, None)
    for line in tree.files["/proc/meminfo"].decode().splitlines():
        if line.startswith("HugePages_Total:"):
            return int(line.split()[1])
    return 0


def test_1_35_to_1_36_leaves_available_bytes_alone_on_hugepage_nodes():
    before, after = sides.parse("k8s-1.35.0"), sides.parse("k8s-1.36.0")
    cfg = diff.DiffConfig(before=before, after=after, states=STATES, hostile=False, corpus=())
    _, items = diff.state_source(cfg)
    huge = seen = 0
    for index, ref, _saved in items:
        rec = diff.process(index, ref, before, after, want_layers=True)
        assert rec.layers is not None
        la, lb = rec.layers
        if "failure" in la:  # cgroup v1 views: both kubelets refuse to start
            assert la == lb and la["failure"]["class"] == "refuses-to-start"
            continue
        ka, kb = la["kubelet"]["memory"] or {}, lb["kubelet"]["memory"] or {}
        assert ka.get("AvailableBytes") == kb.get("AvailableBytes"), index
        seen += ka.get("AvailableBytes") is not None
        huge += ref.kind == "synthetic" and _meminfo_hugepages(ref) > 0
    assert seen > 20 and huge > 5  # the check ran on v2 nodes with hugepage pools
