"""fs2/defaultpath.go at opencontainers/cgroups v0.0.1: defaultDirPath takes the inner path
from internal/path.Inner (_defaultDirPath is gone), and parseCgroupFromReader only looks for
a "0::" line."""

from __future__ import annotations

from typing import Any

from ports.go import bufio, errors, filepath, os, strings
from ports.provenance import upstream
from ports.runc.api import removed
from ports.runc.v1_1_7.libcontainer.cgroups.fs2 import defaultpath as runc_v1_1_7
from ports.runc.v1_1_7.libcontainer.cgroups.fs2.defaultpath import UnifiedMountpoint

_F = "opencontainers/cgroups@v0.0.1 fs2/defaultpath.go"


class DefaultpathGo(runc_v1_1_7.DefaultpathGo):
    _default_dir_path = removed("_defaultDirPath", "folded into defaultDirPath")

    @upstream(f"{_F}:33-56")
    def default_dir_path(self, c: Any) -> tuple[str, Any]:
        innerPath, err = self.internal_path.inner(c)
        if err is not None:
            return "", err

        if filepath.IsAbs(innerPath):
            return filepath.Join(UnifiedMountpoint, innerPath), None

        # we don't need to use /proc/thread-self here because runc always runs
        # with every thread in the same cgroup. This lets us avoid having to do
        # runtime.LockOSThread.
        ownCgroup, err = self.parse_cgroup_file("/proc/self/cgroup")
        if err is not None:
            return "", err
        # The current user scope most probably has tasks in it already,
        # making it impossible to enable controllers for its sub-cgroup.
        # A parent cgroup (with no tasks in it) is what we need.
        ownCgroup = filepath.Dir(ownCgroup)

        return filepath.Join(UnifiedMountpoint, ownCgroup, innerPath), None

    @upstream(f"{_F}:68-80")
    def parse_cgroup_from_reader(self, r: os.File) -> tuple[str, Any]:
        s = bufio.NewScanner(r)
        while s.Scan():
            # "0::/user.slice/user-1001.slice/session-1.scope"
            path, ok = strings.CutPrefix(s.Text(), "0::")
            if ok:
                return path, None
        err = s.Err()
        if err is not None:
            return "", err
        return "", errors.New("cgroup path not found")
