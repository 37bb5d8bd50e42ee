"""libcontainer/cgroups/file.go at runc v1.1.7: OpenFile / ReadFile and the openat2 machinery.

Package state (TestMode, the prepareOpenat2 results) lives on the package object; sync.Once
is scoped to the host (ports.go.host), so every new world is a fresh process. The kernel
answers (openat2 availability, statfs types) come from the host shim through ports.go.unix.
Logging (logrus) is not ported. Writing is not ported: memsim never writes cgroup files.
"""

from __future__ import annotations

from typing import Any

from ports.go import errors, fmt, os, path, strconv, strings, sync, unix
from ports.provenance import upstream
from ports.runc.api import Package

_F = "opencontainers/runc@v1.1.7 libcontainer/cgroups/file.go"

cgroupfsDir = "/sys/fs/cgroup"
cgroupfsPrefix = cgroupfsDir + "/"

errNotCgroupfs = errors.New("not a cgroup file")


class FileGo(Package):
    # TestMode is set to true by unit tests that need "fake" cgroupfs.
    TestMode: bool

    cgroupFd: Any  # unix.Fd, or -1
    prepOnce: sync.Once
    prepErr: Any
    resolveFlags: int
    openFallback: Any

    def __init__(self) -> None:
        super().__init__()
        self.TestMode = False
        self.cgroupFd = -1
        self.prepOnce = sync.Once()
        self.prepErr = None
        self.resolveFlags = 0
        # Can be changed by unit tests.
        self.openFallback = self.open_and_check

    @upstream(f"{_F}:23-28")
    def open_file(self, dir: str, file: str, flags: int) -> tuple[os.File | None, Any]:
        """OpenFile opens a cgroup file in a given dir with given flags."""
        if dir == "":
            return None, fmt.Errorf("no directory specified for %s", file)
        return self._open_file(dir, file, flags)

    @upstream(f"{_F}:32-42")
    def read_file(self, dir: str, file: str) -> tuple[str, Any]:
        """ReadFile reads data from a cgroup file in dir."""
        fd, err = self.open_file(dir, file, unix.O_RDONLY)
        if err is not None:
            return "", err
        assert fd is not None
        # var buf bytes.Buffer; _, err = buf.ReadFrom(fd); return buf.String(), err
        data, err = fd.read_all()
        return os.decode(data), err

    @upstream(
        f"{_F}:85-116",
        deviation="the once-only results are reset when the Once runs again for a new host "
        "(Go starts from zero values in each process); logging is not ported",
    )
    def prepare_openat2(self) -> Any:
        self.prepOnce.Do(self._prepare_openat2_once)
        return self.prepErr

    def _prepare_openat2_once(self) -> None:
        # the func literal passed to prepOnce.Do in prepareOpenat2
        self.prepErr, self.cgroupFd, self.resolveFlags = None, -1, 0
        fd, err = unix.Openat2(-1, cgroupfsDir, unix.OpenHow(Flags=unix.O_DIRECTORY | unix.O_PATH))
        if err is not None:
            self.prepErr = os.PathError("openat2", cgroupfsDir, err)
            # logrus.Warnf("falling back to securejoin: %s", prepErr), or Debug on ENOSYS
            return
        assert fd is not None
        st, err = unix.Fstatfs(fd)
        if err is not None:
            self.prepErr = os.PathError("statfs", cgroupfsDir, err)
            return

        self.cgroupFd = fd

        self.resolveFlags = unix.RESOLVE_BENEATH | unix.RESOLVE_NO_MAGICLINKS
        if st.Type == unix.CGROUP2_SUPER_MAGIC:
            # cgroupv2 has a single mountpoint and no "cpu,cpuacct" symlinks
            self.resolveFlags |= unix.RESOLVE_NO_XDEV | unix.RESOLVE_NO_SYMLINKS

    @upstream(f"{_F}:118-161")
    def _open_file(self, dir: str, file: str, flags: int) -> tuple[os.File | None, Any]:
        """openFile (a leading underscore tells it from OpenFile)."""
        mode = 0
        if self.TestMode and flags & os.O_WRONLY != 0:
            # "emulate" cgroup fs for unit tests
            flags |= os.O_TRUNC | os.O_CREATE
            mode = 0o600
        path_ = path.Join(dir, file)
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

    @upstream(f"{_F}:170-190")
    def open_and_check(self, path: str, flags: int, mode: int) -> tuple[os.File | None, Any]:
        """openAndCheck is used when openat2(2) is not available. It checks the opened
        file is on cgroupfs, returning an error otherwise."""
        fd, err = os.OpenFile(path, flags, mode)
        if err is not None:
            return None, err
        assert fd is not None
        if self.TestMode:
            return fd, None
        # Check this is a cgroupfs file.
        st, err = unix.Fstatfs(fd)
        if err is not None:
            fd.Close()
            return None, os.PathError("statfs", path, err)
        if st.Type != unix.CGROUP_SUPER_MAGIC and st.Type != unix.CGROUP2_SUPER_MAGIC:
            fd.Close()
            return None, os.PathError("open", path, errNotCgroupfs)

        return fd, None
