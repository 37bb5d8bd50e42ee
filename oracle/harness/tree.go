package main

// The trees the harness serves: read from a directory in the recorded layout,
// or from a pack (-pack FILE: many trees in one file, written once by memsim
// oracle), and loaded onto the /sys/fs/cgroup tmpfs and /proc/meminfo.

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
)

// An entry of a tree: a directory, a regular file or a symlink.
type entry struct {
	kind byte   // 'd' directory, 'f' regular file, 'l' symlink
	data string // file content, or link target
}

// A tree: its fstype, its /sys/fs/cgroup by path relative to it (directories
// included), and its proc/meminfo.
type tree struct {
	fstype  *string
	cgroup  map[string]entry
	meminfo *entry // nil when missing
	root    string // for messages
}

func (t *tree) check() error {
	if t.fstype == nil {
		return fmt.Errorf("open %s: no such file or directory", filepath.Join(t.root, "fstype"))
	}
	switch strings.TrimSpace(*t.fstype) {
	case "cgroup2fs", "tmpfs":
		return nil
	}
	return fmt.Errorf("unknown fstype %q", strings.TrimSpace(*t.fstype))
}

func (t *tree) v2() bool { return strings.TrimSpace(*t.fstype) == "cgroup2fs" }

const cgroupPrefix = "sys/fs/cgroup/"

// add puts a file of the recorded layout (path relative to the tree's root)
// into the tree, with the directories above it.
func (t *tree) add(rel string, e entry) {
	switch {
	case rel == "fstype" && e.kind == 'f':
		s := e.data
		t.fstype = &s
	case rel == "proc/meminfo":
		t.meminfo = &e
	case strings.HasPrefix(rel, "proc/meminfo/"):
		t.meminfo = &entry{kind: 'd'}
	case strings.HasPrefix(rel, cgroupPrefix):
		r := rel[len(cgroupPrefix):]
		t.cgroup[r] = e
		for i := strings.LastIndexByte(r, '/'); i > 0; i = strings.LastIndexByte(r[:i], '/') {
			if _, ok := t.cgroup[r[:i]]; ok {
				break
			}
			t.cgroup[r[:i]] = entry{kind: 'd'}
		}
	}
}

var packTrees map[string]*tree

func getTree(name string) (*tree, error) {
	if packTrees != nil {
		t, ok := packTrees[name]
		if !ok {
			return nil, fmt.Errorf("no tree %q in the pack", name)
		}
		return t, nil
	}
	return readDirTree(name)
}

// readDirTree reads a tree in the recorded layout: DIR/fstype, DIR/proc/meminfo,
// DIR/sys/fs/cgroup/... (directories, regular files, symlinks as they are).
func readDirTree(dir string) (*tree, error) {
	t := &tree{cgroup: map[string]entry{}, root: dir}
	if data, err := readFile(filepath.Join(dir, "fstype")); err == nil {
		t.fstype = &data
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	mi := filepath.Join(dir, "proc/meminfo")
	switch st, err := os.Stat(mi); {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("reading proc/meminfo: %w", err)
	case st.IsDir():
		t.meminfo = &entry{kind: 'd'}
	default:
		data, err := readFile(mi)
		if err != nil {
			return nil, fmt.Errorf("reading proc/meminfo: %w", err)
		}
		t.meminfo = &entry{'f', data}
	}
	src := filepath.Join(dir, "sys/fs/cgroup")
	st, err := os.Lstat(src)
	if errors.Is(err, fs.ErrNotExist) {
		return t, nil
	}
	if err != nil {
		return nil, fmt.Errorf("loading the tree: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("loading the tree: %s is not a directory", src)
	}
	if err := readDir(src, "", t.cgroup); err != nil {
		return nil, fmt.Errorf("loading the tree: %w", err)
	}
	return t, nil
}

func readDir(src, rel string, into map[string]entry) error {
	ents, err := os.ReadDir(filepath.Join(src, rel))
	if err != nil {
		return err
	}
	for _, e := range ents {
		r := e.Name()
		if rel != "" {
			r = rel + "/" + r
		}
		p := filepath.Join(src, r)
		switch t := e.Type(); {
		case t.IsDir():
			into[r] = entry{kind: 'd'}
			if err := readDir(src, r, into); err != nil {
				return err
			}
		case t&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			into[r] = entry{'l', target}
		case t.IsRegular():
			data, err := readFile(p)
			if err != nil {
				return err
			}
			into[r] = entry{'f', data}
		default:
			return fmt.Errorf("%s: unsupported file type %v", p, t)
		}
	}
	return nil
}

// readPack reads a pack: many trees in one file, each addressed by its name in
// the input lines instead of a directory.
//
//	memsim-oracle-pack 1\n
//	then per tree:  T <name length> <number of files>\n<name>
//	then per file:  <path length> <data length>\n<path><data>
//
// Paths are relative to the tree's root, as in the recorded layout
// ("fstype", "proc/meminfo", "sys/fs/cgroup/memory.stat"). A path ending in "/"
// (with no data) is a directory that holds no file, e.g. a file replaced by a
// directory ("sys/fs/cgroup/memory/memory.stat/").
func readPack(path string) (map[string]*tree, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	head, err := r.ReadString('\n')
	if err != nil || head != "memsim-oracle-pack 1\n" {
		return nil, fmt.Errorf("%s: not a memsim oracle pack", path)
	}
	out := map[string]*tree{}
	for {
		var nameLen, nfiles int
		line, err := r.ReadString('\n')
		if err == io.EOF && line == "" {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if _, err := fmt.Sscanf(line, "T %d %d\n", &nameLen, &nfiles); err != nil {
			return nil, fmt.Errorf("%s: bad tree header %q", path, line)
		}
		name, err := readN(r, nameLen)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		t := &tree{cgroup: make(map[string]entry, nfiles+8), root: name}
		for i := 0; i < nfiles; i++ {
			line, err := r.ReadString('\n')
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %w", path, name, err)
			}
			pl, dl, ok := strings.Cut(strings.TrimSuffix(line, "\n"), " ")
			plen, err1 := strconv.Atoi(pl)
			dlen, err2 := strconv.Atoi(dl)
			if !ok || err1 != nil || err2 != nil {
				return nil, fmt.Errorf("%s: %s: bad file header %q", path, name, line)
			}
			rel, err := readN(r, plen)
			if err != nil {
				return nil, err
			}
			data, err := readN(r, dlen)
			if err != nil {
				return nil, err
			}
			if strings.HasSuffix(rel, "/") { // go1.19 (bookworm) has no strings.CutSuffix
				t.add(strings.TrimSuffix(rel, "/"), entry{kind: 'd'})
				continue
			}
			t.add(rel, entry{'f', data})
		}
		out[name] = t
	}
}

func readN(r *bufio.Reader, n int) (string, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", err
	}
	return string(b), nil
}

// What the /sys/fs/cgroup tmpfs holds, as the last loadTree left it. Each case
// rewrites only what differs from the previous one (consecutive trees share
// most of their files, and a run is tens of thousands of cases); nothing else
// writes there: the upstream code only reads.
var (
	loaded       = map[string]entry{}
	lastDir      string // the tree loaded, when the last load succeeded
	lastV2       bool
	lastFakeProc string
	lastMeminfo  *string
	readBuf      = make([]byte, 1<<16)
)

// loadTree makes the contents of the /sys/fs/cgroup tmpfs the tree's:
// directories, regular files byte for byte, symlinks as they are (permission
// bits are not copied: the harness runs as root, which reads any file). On an
// error the tmpfs is emptied.
func loadTree(t *tree) error {
	err := syncTree(t.cgroup)
	if err != nil {
		if cerr := clearTree(); cerr != nil {
			return fmt.Errorf("%v (and emptying %s: %v)", err, cgroupMount, cerr)
		}
	}
	return err
}

func syncTree(want map[string]entry) error {
	// What goes: paths of the last tree that this one lacks, or has as another kind.
	var gone []string
	for r, old := range loaded {
		if w, ok := want[r]; !ok || w.kind != old.kind {
			gone = append(gone, r)
		}
	}
	sort.Strings(gone) // a directory before what is under it
	for _, r := range gone {
		if _, still := loaded[r]; !still {
			continue // under a directory removed already
		}
		if err := os.RemoveAll(filepath.Join(cgroupMount, r)); err != nil {
			return err
		}
		dropUnder(r)
	}
	// What comes or changes, parents first.
	var todo []string
	for r, w := range want {
		if old, ok := loaded[r]; !ok || old != w {
			todo = append(todo, r)
		}
	}
	sort.Strings(todo)
	for _, r := range todo {
		w := want[r]
		dst := filepath.Join(cgroupMount, r)
		old, have := loaded[r]
		switch w.kind {
		case 'd':
			if err := os.Mkdir(dst, 0o755); err != nil {
				return err
			}
		case 'l':
			if have && old.kind == 'l' {
				if err := os.Remove(dst); err != nil {
					return err
				}
			}
			if err := os.Symlink(w.data, dst); err != nil {
				return err
			}
		case 'f':
			if err := writeFile(dst, w.data); err != nil {
				return err
			}
		}
		loaded[r] = w
	}
	return nil
}

// dropUnder forgets r and everything under it.
func dropUnder(r string) {
	delete(loaded, r)
	prefix := r + "/"
	for k := range loaded {
		if strings.HasPrefix(k, prefix) {
			delete(loaded, k)
		}
	}
}

func clearTree() error {
	loaded = map[string]entry{}
	ents, err := os.ReadDir(cgroupMount)
	if err != nil {
		return err
	}
	for _, e := range ents {
		if err := os.RemoveAll(filepath.Join(cgroupMount, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// loadMeminfo makes the scratch file bound over /proc/meminfo hold the tree's
// proc/meminfo (rewritten in place, only when it changed: the bound inode
// stays). It returns "" when /proc/meminfo is that file, or the scratch
// directory to bind over /proc instead: "fakeproc" when the tree has no
// proc/meminfo, "fakeproc-dir" when its proc/meminfo is a directory.
func loadMeminfo(t *tree, scratch string) (string, error) {
	switch {
	case t.meminfo == nil:
		return "fakeproc", nil
	case t.meminfo.kind == 'd':
		return "fakeproc-dir", nil
	case t.meminfo.kind != 'f':
		return "", errors.New("proc/meminfo is not a regular file")
	}
	data := t.meminfo.data
	if lastMeminfo == nil || *lastMeminfo != data {
		lastMeminfo = nil
		if err := writeFile(filepath.Join(scratch, "meminfo"), data); err != nil {
			return "", err
		}
		lastMeminfo = &data
	}
	return "", nil
}

// readFile reads a whole file with plain system calls (os.ReadFile also
// registers the descriptor with the poller and stats it).
func readFile(p string) (string, error) {
	fd, err := syscall.Open(p, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return "", &fs.PathError{Op: "open", Path: p, Err: err}
	}
	defer syscall.Close(fd)
	var out []byte
	for {
		n, err := syscall.Read(fd, readBuf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return "", &fs.PathError{Op: "read", Path: p, Err: err}
		}
		if n == 0 {
			return string(out), nil
		}
		out = append(out, readBuf[:n]...)
	}
}

func writeFile(p, data string) error {
	fd, err := syscall.Open(p, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
	if err != nil {
		return &fs.PathError{Op: "open", Path: p, Err: err}
	}
	b := []byte(data)
	for len(b) > 0 {
		n, err := syscall.Write(fd, b)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			syscall.Close(fd)
			return &fs.PathError{Op: "write", Path: p, Err: err}
		}
		b = b[n:]
	}
	return syscall.Close(fd)
}
