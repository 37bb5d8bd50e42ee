"""github.com/google/cadvisor@v0.47.3 utils/sysfs/sysfs.go: realSysFs, the hugepage methods
(the directory listing and one pool's nr_hugepages). Paths are used as given: the caller
passes the directory with its trailing slash."""

from __future__ import annotations

from typing import Any

from ports.go import fmt, os, strings
from ports.provenance import upstream

REF = "google/cadvisor@v0.47.3 utils/sysfs/sysfs.go"

HugePagesNrFile = "nr_hugepages"


class SysFs:
    """realSysFs (NewRealSysFs): the host's sysfs through ports.go.os."""

    @upstream(
        f"{REF}:179-181",
        deviation="ioutil.ReadDir's FileInfo carries only Name and IsDir here",
    )
    def GetHugePagesInfo(self, hugePagesDirectory: str) -> tuple[list[Any] | None, Any]:
        # ioutil.ReadDir: Open, Readdir(-1), then sorted by name; nil on an error
        entries, err = os.ReadDir(hugePagesDirectory)
        if err is not None:
            return None, err
        return list(entries), None

    @upstream(f"{REF}:183-190")
    def GetHugePagesNr(self, hugepagesDirectory: str, hugePageName: str) -> tuple[str, Any]:
        hugePageFilePath = fmt.Sprintf("%s%s/%s", hugepagesDirectory, hugePageName, HugePagesNrFile)
        hugePageFile, err = os.ReadFile(hugePageFilePath)
        if err is not None:
            return "", err
        return strings.TrimSpace(os.decode(hugePageFile)), err
