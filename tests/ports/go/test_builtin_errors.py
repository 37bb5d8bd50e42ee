"""Go integer conversions, errors.Is/As, os.IsNotExist vs errors.Is, fmt wrapping."""

import math

from ports.go import errors, fmt, syscall
from ports.go import os as goos
from ports.go.builtin import int64, int_from_float64, uint8, uint64, uint64_from_float64
from ports.go.math import MaxUint64


def test_uint64_wraps():
    # swap limit "max" (MaxUint64) + memory limit 1000 wraps to 999 (runc fs2 statMemory)
    assert uint64(MaxUint64 + 1000) == 999
    # 0 - 2048 as uint64 (runc v1 SwapOnlyUsage without memsw)
    assert uint64(0 - 2048) == 18446744073709549568
    assert uint64(0 - 100) == 18446744073709551516


def test_int64_and_uint8_conversions():
    assert int64(2**63) == -(2**63)
    assert int64(2**64 - 1) == -1
    assert uint8(256 + 5) == 5


def test_float_conversions_amd64():
    assert uint64_from_float64(1616273408.0) == 1616273408
    assert uint64_from_float64(-1.0) == MaxUint64
    assert uint64_from_float64(-0.5) == 0
    assert uint64_from_float64(math.nan) == 1 << 63
    assert uint64_from_float64(2.0**64) == 1 << 63
    assert uint64_from_float64(2.0**63 + 2048) == 2**63 + 2048
    assert int_from_float64(math.nan) == -(2**63)
    assert int_from_float64(-3.9) == -3


def test_path_error_text_and_classes():
    err = goos.PathError("open", "/sys/fs/cgroup/x/memory.current", syscall.ENOENT)
    assert err.Error() == "open /sys/fs/cgroup/x/memory.current: no such file or directory"
    assert goos.IsNotExist(err)
    assert errors.Is(err, syscall.ENOENT)
    assert errors.Is(err, goos.ErrNotExist)
    assert not goos.IsNotExist(goos.PathError("open", "/x", syscall.EACCES))
    assert goos.IsPermission(goos.PathError("open", "/x", syscall.EACCES))


def test_wrapping_hides_not_exist_from_os_but_not_from_errors_is():
    inner = goos.PathError("openat2", "/sys/fs/cgroup/memory.max", syscall.ENOENT)
    wrapped = fmt.Errorf(
        "cgroupFd %s unexpectedly opened to %s != %s: %w", "5", "/", "/sys/fs/cgroup", inner
    )
    assert wrapped.Error() == (
        "cgroupFd 5 unexpectedly opened to / != /sys/fs/cgroup: "
        "openat2 /sys/fs/cgroup/memory.max: no such file or directory"
    )
    assert not goos.IsNotExist(wrapped)
    assert errors.Is(wrapped, syscall.ENOENT)
    assert errors.Unwrap(wrapped) is inner
    assert errors.As(wrapped, goos.PathError) is inner


def test_errors_new_compares_by_identity():
    a, b = errors.New("x"), errors.New("x")
    assert errors.Is(a, a) and not errors.Is(a, b)
    assert errors.Is(syscall.Errno(2), syscall.ENOENT)  # Errno compares by value


def test_errorf_formats_like_go():
    errs = [errors.New("a"), goos.PathError("open", "/p", syscall.ENOENT)]
    e = fmt.Errorf("error while statting cgroup v2: %+v", errs)
    assert e.Error() == "error while statting cgroup v2: [a open /p: no such file or directory]"
    assert errors.Unwrap(e) is None
    assert (
        fmt.Sprintf("line %q is not in key value format", "a\tb")
        == 'line "a\\tb" is not in key value format'
    )
    assert fmt.Sprintf("%d%%", 31) == "31%"
    assert fmt.Sprintf("%v", None) == "<nil>"
    multi = fmt.Errorf("%w and %w", errs[0], errs[1])
    assert errors.Is(multi, syscall.ENOENT) and errors.Is(multi, errs[0])


def test_errno_text_for_unlisted_errno():
    assert syscall.Errno(28).Error() == "no space left on device"
    assert syscall.Errno(110).Error() == "connection timed out"


def test_quo_rem_truncate_toward_zero_like_go():
    from ports.go.builtin import quo, rem

    # Go: -7/2 == -3, -7%2 == -1, 7/-2 == -3, 7%-2 == 1, -2%3 == -2
    assert (quo(-7, 2), rem(-7, 2)) == (-3, -1)
    assert (quo(7, -2), rem(7, -2)) == (-3, 1)
    assert (quo(7, 2), rem(7, 2)) == (3, 1)
    assert rem(-2, 3) == -2 and rem(-1, 3) == -1 and rem(4, 3) == 1
