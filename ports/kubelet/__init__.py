"""kubelet ports (k8s.io/kubernetes pkg/kubelet): kubelet@v1.28.3, @v1.29.0, @master-95f08499."""

from ports.kubelet import master_95f08499, v1_28_3, v1_29_0

__all__ = ["master_95f08499", "v1_28_3", "v1_29_0"]
