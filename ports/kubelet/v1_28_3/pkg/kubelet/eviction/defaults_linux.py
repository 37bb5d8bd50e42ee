"""k8s.io/kubernetes@v1.28.3 pkg/kubelet/eviction/defaults_linux.go: the kubelet's default
--eviction-hard on Linux (config v1beta1 SetDefaults uses it when evictionHard is unset)."""

DefaultEvictionHard = {
    "memory.available": "100Mi",
    "nodefs.available": "10%",
    "nodefs.inodesFree": "5%",
    "imagefs.available": "15%",
}
