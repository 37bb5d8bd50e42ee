"""Go semantics for the ports: the one place where Go's behaviour is re-created in Python.

Every port imports from here; no port re-derives any of this inline.

Modules mirror the Go packages they stand for, and keep Go's identifiers so a port reads
next to its Go source (`strconv.ParseUint(s, 10, 64)`, `os.IsNotExist(err)`):

- builtin: Go's integer types and conversions (uint64 wrap at 2^64, int64, uint8, float->int
  conversions as the amd64 compiler does them).
- errors, fmt: error values (returned, never raised), wrapping with %w, errors.Is/As.
- syscall: Errno with Linux's error text, and its Is() against os.ErrNotExist & co.
- os: Open/ReadFile over Python's own I/O (so pyfakefs applies), PathError, IsNotExist.
- strconv, strings, bufio, math: parsing and text handling with Go's exact rules.
- json: encoding/json Marshal for ported structs (omitempty, omitzero, sorted map keys).
- unix, host, sync: the few syscalls the ports make (statfs, openat2) routed through one host
  shim that a world or a live machine sets, and sync.Once scoped to that host.

Go strings are byte strings; here they are `str` decoded with UTF-8 + surrogateescape, so that
any byte a file holds survives and is quoted the way Go quotes it.

A Go error is any object with an `Error() -> str` method; nil is None. Functions that return
`(T, error)` in Go return a tuple here.
"""
