"""libcontainer/cgroups/v1_utils.go at runc v1.1.7: the error values the fs manager returns."""

from __future__ import annotations

from ports.go import errors
from ports.runc.api import Package

# opencontainers/runc@v1.1.7 libcontainer/cgroups/v1_utils.go:25-28
errUnified = errors.New("not implemented for cgroup v2 unified hierarchy")
ErrV1NoUnified = errors.New("invalid configuration: cannot use unified on cgroup v1")


class V1UtilsGo(Package):
    errUnified = errUnified
    ErrV1NoUnified = ErrV1NoUnified
