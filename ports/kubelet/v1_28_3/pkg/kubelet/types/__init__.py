"""k8s.io/kubernetes@v1.28.3 pkg/kubelet/types/constants.go (the constant the eviction
thresholds use)."""

# --enforce-node-allocatable=pods (constants.go:30)
NodeAllocatableEnforcementKey = "pods"
