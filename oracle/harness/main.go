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
// cgroup2fs = unified), DIR/proc/meminfo, DIR/sys/fs/cgroup/... With -pack
// FILE, DIR is instead the name of a tree in FILE (see readPack): memsim oracle
// writes a chunk of thousands of trees as one pack.
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
// makes its contents DIR/sys/fs/cgroup's, rewriting what differs from the
// previous case's tree (consecutive cases on the same DIR load it once).
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
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
	flagPack    = flag.String("pack", "", "read the trees from this pack file; input lines name trees in it instead of directories")
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
	if *flagPack != "" {
		if packTrees, err = readPack(*flagPack); err != nil {
			fmt.Fprintln(os.Stderr, "memsim-oracle:", err)
			os.Exit(1)
		}
	}
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
	for _, d := range []string{"proc", "fakeproc", "fakeproc-dir", "fakeproc-dir/meminfo", "cwd"} {
		if err := os.Mkdir(filepath.Join(scratch, d), 0o755); err != nil {
			return "", err
		}
	}
	// A procfs instance of our own, for the cases without proc/meminfo: then
	// a directory holding only self and thread-self symlinks into it is bound
	// over /proc, so /proc/meminfo is missing but /proc/self/fd still works
	// (cgroups.openFile reads it on an openat2 error). fakeproc-dir is the same
	// with /proc/meminfo a directory, for trees whose proc/meminfo is one.
	if err := syscall.Mount("proc", filepath.Join(scratch, "proc"), "proc", syscall.MS_NOSUID|syscall.MS_NODEV|syscall.MS_NOEXEC, ""); err != nil {
		return "", fmt.Errorf("mount proc: %w", err)
	}
	for _, l := range []string{"self", "thread-self"} {
		for _, d := range []string{"fakeproc", "fakeproc-dir"} {
			if err := os.Symlink(filepath.Join(scratch, "proc", l), filepath.Join(scratch, d, l)); err != nil {
				return "", err
			}
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
	// Consecutive cases on the same tree (several cgroups of it) load it once.
	if dir != lastDir {
		lastDir = ""
		t, err := getTree(dir)
		if err != nil {
			res.HarnessError = err.Error()
			return res
		}
		if err := t.check(); err != nil {
			res.HarnessError = err.Error()
			return res
		}
		if err := loadTree(t); err != nil {
			res.HarnessError = "loading the tree: " + err.Error()
			return res
		}
		if lastFakeProc, err = loadMeminfo(t, scratch); err != nil {
			res.HarnessError = "loading proc/meminfo: " + err.Error()
			return res
		}
		lastDir, lastV2 = dir, t.v2()
	}
	v2 := lastV2
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

	fakeProc := lastFakeProc
	if fakeProc != "" {
		// proc/meminfo is missing (or a directory): a directory of ours over /proc.
		if err := syscall.Mount(filepath.Join(scratch, fakeProc), "/proc", "", syscall.MS_BIND, ""); err != nil {
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
