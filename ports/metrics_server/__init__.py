"""metrics-server ports (sigs.k8s.io/metrics-server): metrics-server@v0.6.4 and @v0.9.0."""

from ports.metrics_server import v0_6_4, v0_9_0

__all__ = ["v0_6_4", "v0_9_0"]
