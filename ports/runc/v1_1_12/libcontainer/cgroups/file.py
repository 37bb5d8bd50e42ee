"""libcontainer/cgroups/file.go at runc v1.1.12 (unchanged through v1.1.15): the CVE-2024-21626
fix keeps the /sys/fs/cgroup descriptor as an *os.File (cgroupRootHandle) opened O_CLOEXEC.
For the memory statistics only the text of the (unreachable on a fake tree) "unexpectedly
opened" error changes."""

from __future__ import annotations

from typing import Any

from ports.go import fmt, os, path, strings, unix
from ports.provenance import upstream
from ports.runc.v1_1_7.libcontainer.cgroups.file import cgroupfsDir, cgroupfsPrefix
from ports.runc.v1_1_10.libcontainer.cgroups import file as v1_1_10

_F = "opencontainers/runc@v1.1.12 libcontainer/cgroups/file.go"


class FileGo(v1_1_10.FileGo):
    # cgroupRootHandle *os.File: modelled by the unix.Fd that Openat2 returned (its num is
    # what .Fd() gives, its path what /proc/self/fd/N points to).
    cgroupRootHandle: Any

    def __init__(self) -> None:
        super().__init__()
        self.cgroupRootHandle = None

    @upstream(
        f"{_F}:86-118",
        deviation="the once-only results are reset when the Once runs again for a new host "
        "(Go starts from zero values in each process); logging is not ported",
    )
    def prepare_openat2(self) -> Any:
        self.prepOnce.Do(self._prepare_openat2_once)
        return self.prepErr

    def _prepare_openat2_once(self) -> None:
        # the func literal passed to prepOnce.Do in prepareOpenat2
        self.prepErr, self.cgroupRootHandle, self.resolveFlags = None, None, 0
        fd, err = unix.Openat2(
            -1,
            cgroupfsDir,
            unix.OpenHow(Flags=unix.O_DIRECTORY | unix.O_PATH | unix.O_CLOEXEC),
        )
        if err is not None:
            self.prepErr = os.PathError("openat2", cgroupfsDir, err)
            # logrus.Warnf("falling back to securejoin: %s", prepErr), or Debug on ENOSYS
            return
        assert fd is not None
        file = fd  # os.NewFile(uintptr(fd), cgroupfsDir)

        st, err = unix.Fstatfs(file)
        if err is not None:
            self.prepErr = os.PathError("statfs", cgroupfsDir, err)
            return

        self.cgroupRootHandle = file
        self.resolveFlags = unix.RESOLVE_BENEATH | unix.RESOLVE_NO_MAGICLINKS
        if st.Type == unix.CGROUP2_SUPER_MAGIC:
            # cgroupv2 has a single mountpoint and no "cpu,cpuacct" symlinks
            self.resolveFlags |= unix.RESOLVE_NO_XDEV | unix.RESOLVE_NO_SYMLINKS

    @upstream(f"{_F}:120-163")
    def _open_file(self, dir: str, file: str, flags: int) -> tuple[os.File | None, Any]:
        """openFile (a leading underscore tells it from OpenFile)."""
        mode = 0
        if self.TestMode and flags & os.O_WRONLY != 0:
            # "emulate" cgroup fs for unit tests
            flags |= os.O_TRUNC | os.O_CREATE
            mode = 0o600
        path_ = path.Join(dir, self.utils.clean_path(file))
        if self.prepare_openat2() is not None:
            return self.openFallback(path_, flags, mode)
        relPath = strings.TrimPrefix(path_, cgroupfsPrefix)
        if len(relPath) == len(path_):  # non-standard path, old system?
            return self.openFallback(path_, flags, mode)

        fd, err = unix.Openat2(
            self.cgroupRootHandle,
            relPath,
            unix.OpenHow(Resolve=self.resolveFlags, Flags=flags | unix.O_CLOEXEC, Mode=mode),
        )
        if err is not None:
            err = os.PathError("openat2", path_, err)
            # Check if cgroupRootHandle is still opened to cgroupfsDir
            # fdStr := strconv.Itoa(int(cgroupRootHandle.Fd()))
            # fdDest, _ := os.Readlink("/proc/self/fd/" + fdStr)
            fdDest = unix.Readlink_proc_self_fd(self.cgroupRootHandle)
            if fdDest != cgroupfsDir:
                # Wrap the error so it is clear that cgroupRootHandle
                # is opened to an unexpected/wrong directory.
                err = fmt.Errorf(
                    "cgroupRootHandle %d unexpectedly opened to %s != %s: %w",
                    self.cgroupRootHandle.num,
                    fdDest,
                    cgroupfsDir,
                    err,
                )
            return None, err

        assert fd is not None
        return unix.NewFile(fd, path_), None
