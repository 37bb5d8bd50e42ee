"""kubectl top node ports (k8s.io/kubectl), registered as kubectl@v0.28.3 and kubectl@v0.36.3."""

from ports.kubectl import v0_28_3, v0_36_3

__all__ = ["v0_28_3", "v0_36_3"]
