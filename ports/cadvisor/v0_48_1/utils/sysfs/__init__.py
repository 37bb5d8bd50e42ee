"""github.com/google/cadvisor@v0.48.1 utils/sysfs/sysfs.go: ioutil is gone (commit af8652d3, "Removing calls to deprecates io/ioutil package"); the
hugepage listing is os.ReadDir turned into FileInfos by toFileInfo (an entry whose lstat
fails, gone since the listing, fails the whole listing). Unchanged since, up to v0.56.2 and
lib/v0.60.5's lib/utils/sysfs/sysfs.go."""

from __future__ import annotations

from typing import Any

from ports.cadvisor.v0_47_3.utils import sysfs
from ports.go import os
from ports.provenance import upstream

REF = "google/cadvisor@v0.48.1 utils/sysfs/sysfs.go"

HugePagesNrFile = sysfs.HugePagesNrFile


@upstream(f"{REF}:327-337")
def toFileInfo(dirs: list[Any]) -> tuple[list[Any] | None, Any]:
    info = []
    for d in dirs:
        fI, err = d.Info()
        if err is not None:
            return None, err
        info.append(fI)
    return info, None


class SysFs(sysfs.SysFs):
    @upstream(f"{REF}:185-191")
    def GetHugePagesInfo(self, hugePagesDirectory: str) -> tuple[list[Any] | None, Any]:
        dirs, err = os.ReadDir(hugePagesDirectory)
        if err is not None:
            return None, err
        return toFileInfo(dirs)
