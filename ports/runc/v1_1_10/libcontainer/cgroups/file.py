"""libcontainer/cgroups/file.go at runc v1.1.10: openFile cleans the file name with
utils.CleanPath, so ".." in it cannot escape dir (issue #4103, commit b426e9b76)."""

from __future__ import annotations

from typing import Any

from ports.go import fmt, os, path, strconv, strings, unix
from ports.provenance import upstream
from ports.runc.v1_1_7.libcontainer.cgroups import file as v1_1_7
from ports.runc.v1_1_7.libcontainer.cgroups.file import cgroupfsDir, cgroupfsPrefix

_F = "opencontainers/runc@v1.1.10 libcontainer/cgroups/file.go"


class FileGo(v1_1_7.FileGo):
    @upstream(f"{_F}:119-162")
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
            self.cgroupFd,
            relPath,
            unix.OpenHow(Resolve=self.resolveFlags, Flags=flags | unix.O_CLOEXEC, Mode=mode),
        )
        if err is not None:
            err = os.PathError("openat2", path_, err)
            # Check if cgroupFd is still opened to cgroupfsDir
            fdStr = strconv.Itoa(self.cgroupFd.num)
            fdDest = unix.Readlink_proc_self_fd(
                self.cgroupFd
            )  # os.Readlink("/proc/self/fd/" + fdStr)
            if fdDest != cgroupfsDir:
                # Wrap the error so it is clear that cgroupFd
                # is opened to an unexpected/wrong directory.
                err = fmt.Errorf(
                    "cgroupFd %s unexpectedly opened to %s != %s: %w",
                    fdStr,
                    fdDest,
                    cgroupfsDir,
                    err,
                )
            return None, err

        assert fd is not None
        return unix.NewFile(fd, path_), None
