"""libcontainer/cgroups/fs2/defaultpath.go at runc v1.1.7: UnifiedMountpoint and the default
cgroup v2 directory of a config."""

from __future__ import annotations

from typing import Any

from ports.go import bufio, errors, filepath, fmt, os, strings
from ports.provenance import upstream
from ports.runc.api import Package

_F = "opencontainers/runc@v1.1.7 libcontainer/cgroups/fs2/defaultpath.go"

UnifiedMountpoint = "/sys/fs/cgroup"


class DefaultpathGo(Package):
    UnifiedMountpoint = UnifiedMountpoint

    @upstream(
        f"{_F}:34-40",
        deviation="the %+v rendering of the config in the error is Python's repr, not Go's",
    )
    def default_dir_path(self, c: Any) -> tuple[str, Any]:
        if (c.name != "" or c.parent != "") and c.path != "":
            return "", fmt.Errorf(
                "cgroup: either Path or Name and Parent should be used, got %+v", c
            )

        return self._default_dir_path(UnifiedMountpoint, c.path, c.parent, c.name)

    @upstream(f"{_F}:42-68")
    def _default_dir_path(
        self, root: str, cgPath: str, cgParent: str, cgName: str
    ) -> tuple[str, Any]:
        if (cgName != "" or cgParent != "") and cgPath != "":
            return "", errors.New("cgroup: either Path or Name and Parent should be used")

        # XXX: Do not remove CleanPath. Path safety is important! -- cyphar
        innerPath = self.utils.clean_path(cgPath)
        if innerPath == "":
            cgParent = self.utils.clean_path(cgParent)
            cgName = self.utils.clean_path(cgName)
            innerPath = filepath.Join(cgParent, cgName)
        if filepath.IsAbs(innerPath):
            return filepath.Join(root, innerPath), None

        ownCgroup, err = self.parse_cgroup_file("/proc/self/cgroup")
        if err is not None:
            return "", err
        # The current user scope most probably has tasks in it already,
        # making it impossible to enable controllers for its sub-cgroup.
        # A parent cgroup (with no tasks in it) is what we need.
        ownCgroup = filepath.Dir(ownCgroup)

        return filepath.Join(root, ownCgroup, innerPath), None

    @upstream(f"{_F}:71-78")
    def parse_cgroup_file(self, path: str) -> tuple[str, Any]:
        """parseCgroupFile parses /proc/PID/cgroup file and return string"""
        f, err = os.Open(path)
        if err is not None:
            return "", err
        assert f is not None
        return self.parse_cgroup_from_reader(f)

    @upstream(f"{_F}:80-99")
    def parse_cgroup_from_reader(self, r: os.File) -> tuple[str, Any]:
        s = bufio.NewScanner(r)
        while s.Scan():
            text = s.Text()
            parts = strings.SplitN(text, ":", 3)
            assert parts is not None
            if len(parts) < 3:
                return "", fmt.Errorf("invalid cgroup entry: %q", text)
            # text is like "0::/user.slice/user-1001.slice/session-1.scope"
            if parts[0] == "0" and parts[1] == "":
                return parts[2], None
        err = s.Err()
        if err is not None:
            return "", err
        return "", errors.New("cgroup path not found")
