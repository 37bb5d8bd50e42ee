"""libcontainer/cgroups/file.go at runc v1.2.0: openFile reads the root handle's link through
utils.ProcThreadSelf (/proc/thread-self/fd/N). Nothing else a read depends on changed."""

from __future__ import annotations

from typing import Any

from ports.go import fmt, os, path, strings, unix
from ports.provenance import upstream
from ports.runc.v1_1_7.libcontainer.cgroups.file import cgroupfsDir, cgroupfsPrefix
from ports.runc.v1_1_12.libcontainer.cgroups import file as v1_1_12

_F = "opencontainers/runc@v1.2.0 libcontainer/cgroups/file.go"


class FileGo(v1_1_12.FileGo):
    @upstream(
        f"{_F}:143-187",
        deviation="utils.ProcThreadSelf is not ported: the link of the root handle is read "
        "through the host shim",
    )
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
            # fdPath, closer := utils.ProcThreadSelf("fd/" + strconv.Itoa(int(cgroupRootHandle.Fd())))
            # fdDest, _ := os.Readlink(fdPath)
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
