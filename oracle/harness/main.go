// Command harness runs the real upstream memory-statistics code of runc (or of
// opencontainers/cgroups), built from Debian's -dev source packages by
// scripts/oracle-setup, over memsim's fake trees.
//
// Input, one case per stdin line:
//
//	DIR                 the cgroup path defaults to -cgroup, or by DIR/fstype
//	DIR<TAB>CGROUP_PATH
//
// DIR is a tree in the recorded layout: DIR/fstype (tmpfs = cgroup v1/hybrid,
// cgroup2fs = unified), DIR/proc/meminfo, DIR/sys/fs/cgroup/...
//
// Output, one JSON line per case:
//
//	{"root": DIR, "cgroup": PATH, "stats": <MemoryStats as that version's json.Marshal writes it>,
//	 "error": <err.Error() or null>, "is_not_exist": os.IsNotExist(err),
//	 "is_enoent": errors.Is(err, ENOENT)}
//
// plus "harness_error" (and stats null) when the harness itself could not run
// the case (unreadable tree, bad fstype, a panic in the upstream code).
//
// The upstream code hard-codes /sys/fs/cgroup and /proc/meminfo, so the harness
// re-executes itself in a private mount namespace (CLONE_NEWNS, "/" made
// recursively private) and there mounts a tmpfs on /sys/fs/cgroup and binds a
// scratch file over /proc/meminfo; nothing is mounted in the caller's
// namespace. The tmpfs stays the same mount for the whole run, because the
// upstream cgroups.OpenFile opens /sys/fs/cgroup once (prepareOpenat2) and then
// resolves every path under it with openat2 relative to that handle: each case
// empties it and copies DIR/sys/fs/cgroup into it.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
)

const (
	cgroupMount = "/sys/fs/cgroup"
	meminfoPath = "/proc/meminfo"

	envParentNS = "MEMSIM_ORACLE_PARENT_MNTNS"
	envScratch  = "MEMSIM_ORACLE_SCRATCH"
)

// backend is implemented by backend_runc.go (tag oracle_runc) or
// backend_cgroups.go (tag oracle_cgroups).
type backend interface {
	setTestMode()
	// run calls fs.MemoryGroup.GetStats (v1) or fs2.statMemory (v2) on path,
	// or with manager the v1 / v2 manager's GetStats, and returns the
	// MemoryStats marshalled by that version's encoding (nil if the call
	// returned no stats at all).
	run(v2, manager bool, path string) (json.RawMessage, error)
}

var (
	impl   backend
	flavor string
)

type result struct {
	Root         string          `json:"root"`
	Cgroup       string          `json:"cgroup"`
	Stats        json.RawMessage `json:"stats"`
	Error        *string         `json:"error"`
	IsNotExist   bool            `json:"is_not_exist"`
	IsENOENT     bool            `json:"is_enoent"`
	HarnessError string          `json:"harness_error,omitempty"`
}

var (
	flagCgroup  = flag.String("cgroup", "", "cgroup path for lines without one (default: /sys/fs/cgroup/memory for fstype tmpfs, /sys/fs/cgroup for cgroup2fs)")
	flagManager = flag.Bool("manager", false, "call the v1/v2 manager's GetStats (error aggregation / abort) instead of the memory function")
	flagVersion = flag.Bool("version", false, "print the backend flavor and exit")
)

func main() {
	flag.Parse()
	if *flagVersion {
		fmt.Println(flavor)
		return
	}
	if os.Getenv(envParentNS) == "" {
		os.Exit(reexecInPrivateNamespace())
	}
	scratch, err := enterSandbox()
	if err != nil {
		fmt.Fprintln(os.Stderr, "memsim-oracle:", err)
		os.Exit(1)
	}
	impl.setTestMode()
	if err := serve(os.Stdin, os.Stdout, scratch); err != nil {
		fmt.Fprintln(os.Stderr, "memsim-oracle:", err)
		os.Exit(1)
	}
}

// reexecInPrivateNamespace runs this binary again in a new mount namespace
// and returns its exit code. The scratch directory is created here, so that
// the parent can remove it (it stays empty in the caller's namespace).
func reexecInPrivateNamespace() int {
	ns, err := os.Readlink("/proc/self/ns/mnt")
	if err != nil {
		fmt.Fprintln(os.Stderr, "memsim-oracle:", err)
		return 1
	}
	scratch, err := os.MkdirTemp("", "memsim-oracle-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "memsim-oracle:", err)
		return 1
	}
	defer os.Remove(scratch)
	cmd := exec.Command("/proc/self/exe", os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), envParentNS+"="+ns, envScratch+"="+scratch)
	// Go's fork makes "/" MS_REC|MS_PRIVATE right after unshare(CLONE_NEWNS).
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Unshareflags: syscall.CLONE_NEWNS,
		Pdeathsig:    syscall.SIGKILL,
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "memsim-oracle: cannot enter a private mount namespace (needs root):", err)
		return 1
	}
	// Pass termination signals on, so that the scratch directory is still removed.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		for sig := range sigs {
			_ = cmd.Process.Signal(sig)
		}
	}()
	if err := cmd.Wait(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			if ee.ExitCode() < 0 {
				return 1 // killed by a signal
			}
			return ee.ExitCode()
		}
		fmt.Fprintln(os.Stderr, "memsim-oracle:", err)
		return 1
	}
	return 0
}

// enterSandbox checks that this process is in a mount namespace of its own,
// then mounts the fake /sys/fs/cgroup and /proc/meminfo.
func enterSandbox() (string, error) {
	parent, scratch := os.Getenv(envParentNS), os.Getenv(envScratch)
	cur, err := os.Readlink("/proc/self/ns/mnt")
	if err != nil {
		return "", err
	}
	if cur == parent || scratch == "" {
		return "", errors.New("refusing to mount: not in a private mount namespace")
	}
	if err := syscall.Mount("", "/", "", syscall.MS_REC|syscall.MS_PRIVATE, ""); err != nil {
		return "", fmt.Errorf("make / private: %w", err)
	}
	if err := syscall.Mount("memsim-oracle", scratch, "tmpfs", 0, "mode=0700"); err != nil {
		return "", fmt.Errorf("mount scratch tmpfs: %w", err)
	}
	for _, d := range []string{"proc", "fakeproc", "cwd"} {
		if err := os.Mkdir(filepath.Join(scratch, d), 0o755); err != nil {
			return "", err
		}
	}
	// A procfs instance of our own, for the cases without proc/meminfo: then
	// a directory holding only self and thread-self symlinks into it is bound
	// over /proc, so /proc/meminfo is missing but /proc/self/fd still works
	// (cgroups.openFile reads it on an openat2 error).
	if err := syscall.Mount("proc", filepath.Join(scratch, "proc"), "proc", syscall.MS_NOSUID|syscall.MS_NODEV|syscall.MS_NOEXEC, ""); err != nil {
		return "", fmt.Errorf("mount proc: %w", err)
	}
	for _, l := range []string{"self", "thread-self"} {
		if err := os.Symlink(filepath.Join(scratch, "proc", l), filepath.Join(scratch, "fakeproc", l)); err != nil {
			return "", err
		}
	}
	if err := os.WriteFile(filepath.Join(scratch, "meminfo"), nil, 0o444); err != nil {
		return "", err
	}
	if err := syscall.Mount(filepath.Join(scratch, "meminfo"), meminfoPath, "", syscall.MS_BIND, ""); err != nil {
		return "", fmt.Errorf("bind over %s: %w", meminfoPath, err)
	}
	if err := syscall.Mount("memsim-oracle-cgroup", cgroupMount, "tmpfs", syscall.MS_NOSUID|syscall.MS_NODEV|syscall.MS_NOEXEC, "mode=0755"); err != nil {
		return "", fmt.Errorf("mount tmpfs on %s: %w", cgroupMount, err)
	}
	// Relative cgroup paths resolve against an empty directory.
	if err := os.Chdir(filepath.Join(scratch, "cwd")); err != nil {
		return "", err
	}
	return scratch, nil
}

func serve(in io.Reader, out io.Writer, scratch string) error {
	r := bufio.NewReaderSize(in, 1<<16)
	w := bufio.NewWriterSize(out, 1<<16)
	defer w.Flush()
	for {
		line, err := r.ReadString('\n')
		line = strings.TrimRight(line, "\r\n")
		if line != "" {
			res := runCase(line, scratch)
			b, merr := json.Marshal(res)
			if merr != nil {
				return merr
			}
			w.Write(b)
			w.WriteByte('\n')
			// Answer at once when the caller is waiting for it.
			if r.Buffered() == 0 {
				if err := w.Flush(); err != nil {
					return err
				}
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func runCase(line, scratch string) (res result) {
	dir, cg, hasCg := strings.Cut(line, "\t")
	res.Root = dir
	fstype, err := os.ReadFile(filepath.Join(dir, "fstype"))
	if err != nil {
		res.HarnessError = err.Error()
		return res
	}
	var v2 bool
	switch strings.TrimSpace(string(fstype)) {
	case "cgroup2fs":
		v2 = true
	case "tmpfs":
	default:
		res.HarnessError = fmt.Sprintf("unknown fstype %q", strings.TrimSpace(string(fstype)))
		return res
	}
	if !hasCg {
		cg = *flagCgroup
		if cg == "" {
			cg = cgroupMount
			if !v2 {
				cg = cgroupMount + "/memory"
			}
		}
	}
	res.Cgroup = cg

	if err := loadTree(filepath.Join(dir, "sys/fs/cgroup")); err != nil {
		res.HarnessError = "loading the tree: " + err.Error()
		return res
	}
	meminfo, err := os.ReadFile(filepath.Join(dir, "proc/meminfo"))
	hideMeminfo := false
	switch {
	case err == nil:
		// Rewritten in place: the inode bound over /proc/meminfo stays.
		if err := os.WriteFile(filepath.Join(scratch, "meminfo"), meminfo, 0o444); err != nil {
			res.HarnessError = err.Error()
			return res
		}
	case errors.Is(err, fs.ErrNotExist):
		hideMeminfo = true
	default:
		res.HarnessError = "reading proc/meminfo: " + err.Error()
		return res
	}
	if hideMeminfo {
		if err := syscall.Mount(filepath.Join(scratch, "fakeproc"), "/proc", "", syscall.MS_BIND, ""); err != nil {
			res.HarnessError = "hiding /proc/meminfo: " + err.Error()
			return res
		}
		defer func() {
			if err := syscall.Unmount("/proc", syscall.MNT_DETACH); err != nil {
				fmt.Fprintln(os.Stderr, "memsim-oracle: unmount /proc:", err)
				os.Exit(1)
			}
		}()
	}

	if *flagManager && cg == "" {
		res.HarnessError = "-manager needs a non-empty cgroup path"
		return res
	}
	stats, callErr, panicked := call(v2, cg)
	if panicked != "" {
		res.HarnessError = panicked
		return res
	}
	res.Stats = stats
	if callErr != nil {
		s := callErr.Error()
		res.Error = &s
		res.IsNotExist = os.IsNotExist(callErr)
		res.IsENOENT = errors.Is(callErr, syscall.ENOENT)
	}
	return res
}

func call(v2 bool, cg string) (stats json.RawMessage, err error, panicked string) {
	defer func() {
		if p := recover(); p != nil {
			panicked = fmt.Sprintf("panic: %v", p)
		}
	}()
	stats, err = impl.run(v2, *flagManager, cg)
	return stats, err, ""
}

// loadTree replaces the contents of the /sys/fs/cgroup tmpfs with a copy of src
// (directories, regular files byte for byte with their permission bits, and
// symlinks as they are). A missing src leaves it empty.
func loadTree(src string) error {
	ents, err := os.ReadDir(cgroupMount)
	if err != nil {
		return err
	}
	for _, e := range ents {
		if err := os.RemoveAll(filepath.Join(cgroupMount, e.Name())); err != nil {
			return err
		}
	}
	st, err := os.Stat(src)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return fmt.Errorf("%s is not a directory", src)
	}
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		if rel == "." {
			return nil
		}
		dst := filepath.Join(cgroupMount, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch mode := info.Mode(); {
		case mode.IsDir():
			return os.Mkdir(dst, mode.Perm()|0o700)
		case mode&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(target, dst)
		case mode.IsRegular():
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if err := os.WriteFile(dst, data, mode.Perm()); err != nil {
				return err
			}
			return os.Chmod(dst, mode.Perm())
		default:
			return fmt.Errorf("%s: unsupported file type %v", p, mode.Type())
		}
	})
}
