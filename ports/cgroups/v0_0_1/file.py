"""file.go at opencontainers/cgroups v0.0.1: openFile joins with filepath.Clean("/"+file)
(runc issue #4103) and reads the root handle's link from /proc/thread-self, wrapping only when
that readlink succeeds."""

from __future__ import annotations

from typing import Any

from ports.go import filepath, fmt, os, strings, unix
from ports.provenance import upstream
from ports.runc.v1_1_7.libcontainer.cgroups.file import cgroupfsDir, cgroupfsPrefix
from ports.runc.v1_2_0.libcontainer.cgroups import file as runc_v1_2_0

_F = "opencontainers/cgroups@v0.0.1 file.go"


class FileGo(runc_v1_2_0.FileGo):
    @upstream(f"{_F}:142-187")
    def _open_file(self, dir: str, file: str, flags: int) -> tuple[os.File | None, Any]:
        """openFile (a leading underscore tells it from OpenFile)."""
        mode = 0
        if self.TestMode and flags & os.O_WRONLY != 0:
            # "emulate" cgroup fs for unit tests
            flags |= os.O_TRUNC | os.O_CREATE
            mode = 0o600
        # NOTE it is important to use filepath.Clean("/"+file) here
        # (see https://github.com/opencontainers/runc/issues/4103)!
        path_ = filepath.Join(dir, filepath.Clean("/" + file))

        if self.prepare_openat2() is not None:
            return self.openFallback(path_, flags, mode)
        relPath, ok = strings.CutPrefix(path_, cgroupfsPrefix)
        if not ok:  # Non-standard path, old system?
            return self.openFallback(path_, flags, mode)

        fd, err = unix.Openat2(
            self.cgroupRootHandle,
            relPath,
            unix.OpenHow(Resolve=self.resolveFlags, Flags=flags | unix.O_CLOEXEC, Mode=mode),
        )
        if err is not None:
            err = os.PathError("openat2", path_, err)
            # Check if cgroupRootHandle is still opened to cgroupfsDir
            # fdDest, fdErr := os.Readlink("/proc/thread-self/fd/" + strconv.Itoa(int(cgroupRootHandle.Fd())))
            fdDest, fdErr = unix.Readlink_proc_self_fd(self.cgroupRootHandle), None
            if fdErr is None and fdDest != cgroupfsDir:
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
