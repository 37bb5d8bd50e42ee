"""cAdvisor ports (github.com/google/cadvisor): cadvisor@v0.47.3, @v0.48.1, @v0.49.0, @v0.51.0,
@v0.52.1, @v0.53.0, @v0.56.2, @v0.60.5 (each later tag subclasses the one before)."""

from ports.cadvisor import (
    v0_47_3,
    v0_48_1,
    v0_49_0,
    v0_51_0,
    v0_52_1,
    v0_53_0,
    v0_56_2,
    v0_60_5,
)

__all__ = ["v0_47_3", "v0_48_1", "v0_49_0", "v0_51_0", "v0_52_1", "v0_53_0", "v0_56_2", "v0_60_5"]
