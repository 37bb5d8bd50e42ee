"""kubernetes PR #138127 ("Make the eviction signal hugepages aware.", fixing kubernetes#137984),
written as a memsim patch on the kubelet of the k8s-1.36.0 stack.

What the PR changes (read in its review threads, the only copy memsim can read: the kubernetes
tree is too large to fetch and the index holds no copy of summary.go with the change):
- pkg/kubelet/server/stats/summary.go gains adjustForHugePages(memory, node): a copy of the
  root's MemoryStats whose AvailableBytes is reduced by the node's total hugepage capacity (the
  hugepages-<size> entries of node.Status.Capacity, which the MachineInfo setter fills from
  cAdvisor's MachineInfo.HugePages). Summary Get uses it for node.memory, so the eviction
  manager's memory.available (taken from the Summary) drops by that capacity too.
- pkg/features/kube_features.go adds the kubelet gate HugepageAwareEviction, registered as
  {Version 1.37, Beta, default true}; the gate is planned to lock in 1.39 and go in 1.40.
- a test file pkg/kubelet/server/stats/summary_hugepages_test.go.

Why: the root cgroup's limit is MemTotal, which counts the hugetlb pool, while the memory
controller's working set never holds hugetlb pages; limit - workingSet therefore counts the
whole pool as available, and eviction fires late.

So it is not in v1.36.0 (ports/kubelet/v1_36_0 says so; docs/writing-a-patch.md explains why "on by default from
1.36" does not hold). This patch is the gate on, applied to v1.36.0's
kubelet. Where the body of adjustForHugePages could not be read, memsim assumes: nothing
changes when AvailableBytes is absent (the limit above 2^62), and the result is floored at 0
rather than wrapping (AvailableBytes is a uint64).

    memsim diff --before k8s-1.36.0 --after docs/patches/kubelet_pr138127.py

shows node.memory.availableBytes lower by the hugetlb pool's bytes on nodes that have one, and
no change on any other node (tests/sim/test_patch_pr138127.py checks both).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ports.kubelet import v1_36_0
from ports.kubelet.v1_28_3.pkg.apis.stats.v1alpha1 import MemoryStats
from ports.kubelet.v1_28_3.pkg.kubelet.cm import IsHugePageResourceName
from ports.provenance import formula
from sim.patch import Patch


def adjustForHugePages(memory: MemoryStats | None, capacity: dict[str, int]) -> Any:
    """A copy of `memory` with AvailableBytes less the node's hugepage capacity."""
    if memory is None or memory.AvailableBytes is None:
        return memory
    total = sum(v for k, v in capacity.items() if IsHugePageResourceName(k))
    if total == 0:
        return memory
    available = max(memory.AvailableBytes - total, 0)  # assumed: floored, not wrapped
    return dataclasses.replace(memory, AvailableBytes=available)


class Kubelet(v1_36_0.Kubelet):
    """kubelet@v1.36.0 with HugepageAwareEviction on."""

    @formula(
        "node.memory.availableBytes",
        "Spec.Memory.Limit - workingSet - the node's hugepages-<size> capacity, floored at 0 "
        "(HugepageAwareEviction, PR #138127) = {limit} - {working_set} - {hugepages}",
    )
    def Get(self, cadvisor: Any, nodeName: str, updateStats: bool) -> tuple[Any, Any]:
        stats, err = super().Get(cadvisor, nodeName, updateStats)
        if err is not None or stats is None:
            return stats, err
        # provider.GetNode(): the node object, whose capacity the MachineInfo setter set from
        # cAdvisor's MachineInfo
        info, ierr = cadvisor.MachineInfo()
        if ierr is not None:
            return stats, None
        capacity = self.CapacityFromMachineInfo(info)
        return dataclasses.replace(stats, Memory=adjustForHugePages(stats.Memory, capacity)), None


PATCH = Patch(
    stack="k8s-1.36.0",
    component="kubelet",
    version=Kubelet,
    description="kubernetes PR #138127 (HugepageAwareEviction on): Summary node "
    "availableBytes less the hugepage capacity",
)
