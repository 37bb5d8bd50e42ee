"""cAdvisor ports (github.com/google/cadvisor): cadvisor@v0.47.3, @v0.48.1, @v0.60.5."""

from ports.cadvisor import v0_47_3, v0_48_1, v0_60_5

__all__ = ["v0_47_3", "v0_48_1", "v0_60_5"]
