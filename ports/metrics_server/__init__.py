"""metrics-server ports (sigs.k8s.io/metrics-server): metrics-server@v0.6.4, @v0.7.0, @v0.7.1,
@v0.7.2, @v0.8.0, @v0.8.1, @v0.9.0; each later tag subclasses the one before."""

from ports.metrics_server import v0_6_4, v0_7_0, v0_7_1, v0_7_2, v0_8_0, v0_8_1, v0_9_0

__all__ = ["v0_6_4", "v0_7_0", "v0_7_1", "v0_7_2", "v0_8_0", "v0_8_1", "v0_9_0"]
