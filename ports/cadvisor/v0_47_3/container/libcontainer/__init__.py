"""github.com/google/cadvisor@v0.47.3 container/libcontainer (helpers.go, handler.go)."""

from ports.cadvisor.v0_47_3.container.libcontainer.handler import Handler, HandlerMixin
from ports.cadvisor.v0_47_3.container.libcontainer.helpers import HelpersMixin


class Libcontainer(HelpersMixin, HandlerMixin):
    """package libcontainer. `root` is the cAdvisor version object (its runc, its packages)."""

    def __init__(self, root: object) -> None:
        self.root = root


__all__ = ["Handler", "Libcontainer"]
