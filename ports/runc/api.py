"""How the runc ports are put together, and what memsim calls on them.

Each upstream Go package is one Python class (a `Package`) composed of one mixin per .go
file; each version is one object (a `Version`) that instantiates its packages and wires them
together, so that a call across packages goes through an attribute (`self.cgroups.open_file`,
`self.fscommon.parse_key_value`) and an override in a later version reaches every caller.

`Version.memory_stats` and `Version.marshal` are memsim's entry points (the CLI and sim use
them); they are glue, not ports, and live here rather than in a version package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from ports.go import json

# attribute name -> the Version class attribute naming its class: the packages every version
# has, under which a version exposes them and every package sees its siblings (Go's imports)
PACKAGES: dict[str, str] = {
    "cgroups": "Cgroups",
    "fscommon": "Fscommon",
    "fs": "Fs",
    "fs2": "Fs2",
    "utils": "Utils",
    "configs": "Configs",
}


class Package:
    """A ported Go package. Its siblings are attributes, set when the version wires it."""

    cgroups: Any
    fscommon: Any
    fs: Any
    fs2: Any
    utils: Any
    configs: Any

    def __init__(self) -> None:
        pass

    if TYPE_CHECKING:
        # a package's mixins call each other's functions through self (Go calls them
        # unqualified within the package); let the type checker take them as Any
        def __getattr__(self, name: str) -> Any: ...


class Version:
    """A ported runc (or opencontainers/cgroups) version: its packages as attributes.

    Subclasses name each package's class (`Cgroups = cgroups.Cgroups`); a later version
    overrides only the classes whose upstream code changed.
    """

    NAME: ClassVar[str]
    # The Go toolchain the upstream binaries of this version are built with; it only matters
    # for encoding/json's \\b and \\f escapes (short since Go 1.22).
    GO_VERSION: ClassVar[tuple[int, int]] = (1, 20)

    Cgroups: ClassVar[type]
    Fscommon: ClassVar[type]
    Fs: ClassVar[type]
    Fs2: ClassVar[type]
    Utils: ClassVar[type]
    Configs: ClassVar[type]

    cgroups: Any
    fscommon: Any
    fs: Any
    fs2: Any
    utils: Any
    configs: Any

    # packages of this version beyond PACKAGES (attribute name -> class attribute name)
    EXTRA_PACKAGES: ClassVar[dict[str, str]] = {}

    def __init__(self) -> None:
        pkgs = {
            attr: getattr(self, cls)() for attr, cls in {**PACKAGES, **self.EXTRA_PACKAGES}.items()
        }
        for pkg in pkgs.values():
            pkg.__dict__.update(pkgs)
        self.__dict__.update(pkgs)
        for pkg in pkgs.values():
            init = getattr(pkg, "init", None)
            if init is not None:
                init()

    def __repr__(self) -> str:
        return f"<{self.NAME}>"

    # ------------------------------------------------------------------ memsim entry points

    def memory_stats(self, path: str, *, manager: bool = False) -> tuple[Any, Any]:
        """The memory statistics runc computes for the cgroup at `path`: (MemoryStats, err).

        cgroup v1 or v2 is decided as runc decides it (statfs of /sys/fs/cgroup, through the
        host shim). Without `manager`: fs `MemoryGroup.GetStats(path)` on v1, fs2
        `statMemory(path)` on v2, with the MemoryStats as far as they were filled when an
        error stopped them. With `manager`: that version's manager `GetStats` on top (memory
        controller only), whose v1 error gives no stats (None) and whose v2 error comes with
        the partial stats.
        """
        cg = self.configs.Cgroup(resources=self.configs.Resources())
        if self.cgroups.is_cgroup2_unified_mode():
            if manager:
                m, err = self.fs2.new_manager(cg, path)
                if err is not None:
                    return None, err
                st, err = m.get_stats()
                return (None if st is None else st.memory_stats), err
            st = self.cgroups.new_stats()
            err = self.fs2.stat_memory(path, st)
            return st.memory_stats, err
        if manager:
            m, err = self.fs.new_manager(cg, {"memory": path})
            if err is not None:
                return None, err
            st, err = m.get_stats()
            return (None if st is None else st.memory_stats), err
        st = self.cgroups.new_stats()
        err = self.fs.MemoryGroup(self.fs).get_stats(path, st)
        return st.memory_stats, err

    def marshal(self, v: Any, go_version: tuple[int, int] | None = None) -> tuple[str, Any]:
        """json.Marshal(v) as this version's binary writes it: (text, err). `go_version`
        overrides the toolchain (GO_VERSION) the binary is taken to be built with."""
        return json.Marshal(v, go_version=go_version or self.GO_VERSION)


class removed:
    """Marks a function a later version no longer has (renamed or deleted upstream): looking
    it up raises AttributeError, as calling it from Go would not compile."""

    def __init__(self, go_name: str, why: str) -> None:
        self.go_name = go_name
        self.why = why

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: object, objtype: type | None = None) -> Any:
        raise AttributeError(f"{self.name} ({self.go_name}): {self.why}")
