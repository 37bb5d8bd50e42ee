"""github.com/google/cadvisor@v0.47.3 utils/sysinfo/sysinfo.go: GetHugePagesInfo, the hugetlb
pools MachineInfo.HugePages lists (one per hugepages-<size>kB directory). Unchanged up to
v0.56.2 and lib/v0.60.5's lib/utils/sysinfo/sysinfo.go."""

from __future__ import annotations

from typing import Any

from ports.cadvisor.v0_47_3.info.v1.machine import HugePagesInfo
from ports.go import fmt, strconv, strings
from ports.go.builtin import panic
from ports.provenance import upstream

REF = "google/cadvisor@v0.47.3 utils/sysinfo/sysinfo.go"


@upstream(f"{REF}:154-190")
def GetHugePagesInfo(sysFs: Any, hugepagesDirectory: str) -> tuple[list[HugePagesInfo], Any]:
    hugePagesInfo: list[HugePagesInfo] = []
    files, err = sysFs.GetHugePagesInfo(hugepagesDirectory)
    if err is not None:
        # a kernel without hugetlbfs (or a capture without the directory) has no pools: the
        # listing's error is dropped and the list is empty
        return hugePagesInfo, None

    for st in files or ():  # ranging over a nil slice is no iteration
        nameArray = strings.Split(st.Name(), "-")
        if len(nameArray) < 2:
            panic(f"runtime error: index out of range [1] with length {len(nameArray)}")
        pageSizeArray = strings.Split(nameArray[1], "kB")
        pageSize, err = strconv.ParseUint(pageSizeArray[0], 10, 64)
        if err is not None:
            return hugePagesInfo, err

        val, err = sysFs.GetHugePagesNr(hugepagesDirectory, st.Name())
        if err is not None:
            return hugePagesInfo, err
        # Sscanf rather than ParseUint: it stops at the first non-digit (the file ends in a
        # newline, although GetHugePagesNr has trimmed it already); n != 1 means no number
        n, numPages, err = fmt.Sscanf_d_uint64(val)
        if err is not None or n != 1:
            return hugePagesInfo, fmt.Errorf(
                "could not parse file nr_hugepage for %s, contents %q", st.Name(), val
            )

        hugePagesInfo.append(HugePagesInfo(NumPages=numPages, PageSize=pageSize))
    return hugePagesInfo, None
