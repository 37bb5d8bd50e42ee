"""libcontainer/cgroups/fscommon/utils_test.go (every version), ported, and the verified
behaviour of ParseUint, ParseKeyValue (both generations), GetValueByKey and
GetCgroupParamUint/Int from runc.md §2.1."""

from __future__ import annotations

import pytest

from ports.go import errors, os, strconv, unix
from ports.go.math import MaxInt64, MaxUint64, MinInt64
from tests.ports.runc.conftest import VERSIONS, runc, since, write_files

cgroupFile = "cgroup.file"
floatValue = 2048.0
floatString = "2048"

RUNC = since(VERSIONS[0], "runc@v1.2.0")
CGROUPS = since("cgroups@v0.0.1")


@pytest.mark.parametrize("version", VERSIONS)
def test_get_cgroup_params_int(fs, tempdir, version):
    """TestGetCgroupParamsInt"""
    R = runc(version)
    tempFile = tempdir + "/" + cgroupFile

    def get():
        return R.fscommon.get_cgroup_param_uint(tempdir, cgroupFile)

    # Success.
    write_files(fs, tempdir, {cgroupFile: floatString})
    value, err = get()
    assert err is None and value == floatValue

    # Success with new line.
    write_files(fs, tempdir, {cgroupFile: floatString + "\n"})
    value, err = get()
    assert err is None and value == floatValue

    # Success with negative values
    write_files(fs, tempdir, {cgroupFile: "-12345"})
    value, err = get()
    assert err is None and value == 0

    # Success with negative values lesser than min int64
    s = strconv.FormatFloat(float(MinInt64), "f", -1, 64)
    # Go's shortest 'f' formatting of float64(MinInt64): really below MinInt64, as the
    # upstream comment says (runc.md §3.3 gives "-9223372036854775808"; both parse to 0)
    assert s == "-9223372036854776000"
    write_files(fs, tempdir, {cgroupFile: s})
    value, err = get()
    assert err is None and value == 0

    # Not a float.
    write_files(fs, tempdir, {cgroupFile: "not-a-float"})
    _, err = get()
    assert err is not None, "Expecting error, got none"
    assert err.Error() == (
        f'unable to parse {tempFile}: strconv.ParseUint: parsing "not-a-float": invalid syntax'
    )

    # Unknown file.
    fs.remove(tempFile)
    _, err = get()
    assert err is not None, "Expecting error, got none"
    assert err.Error() == f"open {tempFile}: no such file or directory"
    assert os.IsNotExist(err)


PARSE_UINT = [
    ("-1", 0, None),
    ("-9223372036854775808", 0, None),
    ("-99999999999999999999", 0, None),
    ("18446744073709551615", MaxUint64, None),
    ("9223372036854775808", 9223372036854775808, None),  # above MaxInt64: no clamp
    (
        "18446744073709551616",
        MaxUint64,
        'strconv.ParseUint: parsing "18446744073709551616": value out of range',
    ),
    ("-0", 0, 'strconv.ParseUint: parsing "-0": invalid syntax'),  # ParseInt gives 0, not < 0
    ("", 0, 'strconv.ParseUint: parsing "": invalid syntax'),
    (" 5", 0, 'strconv.ParseUint: parsing " 5": invalid syntax'),
    ("+5", 0, 'strconv.ParseUint: parsing "+5": invalid syntax'),
    ("0x10", 0, 'strconv.ParseUint: parsing "0x10": invalid syntax'),
    ("5\n", 0, 'strconv.ParseUint: parsing "5\\n": invalid syntax'),
    ("1.5", 0, 'strconv.ParseUint: parsing "1.5": invalid syntax'),
    ("1_000", 0, 'strconv.ParseUint: parsing "1_000": invalid syntax'),
    ("007", 7, None),
]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(("s", "value", "error"), PARSE_UINT)
def test_parse_uint(version, s, value, error):
    v, err = runc(version).fscommon.parse_uint(s, 10, 64)
    assert v == value
    assert (None if err is None else err.Error()) == error
    if err is not None:
        assert isinstance(err, strconv.NumError)


RUNC_FMT = "line {} is not in key value format"
CG_FMT = 'line {} is not in "key value" format'

# (line, runc v1.1.x-v1.2.x result, opencontainers/cgroups result); a result is (key, value)
# or the error text
PARSE_KEY_VALUE = [
    ("a 5", ("a", 5), ("a", 5)),
    (" 5", ("", 5), CG_FMT.format('" 5"')),  # empty key: accepted by runc, rejected by cgroups
    ("a  5", RUNC_FMT.format('"a  5"'), 'strconv.ParseUint: parsing " 5": invalid syntax'),
    ("a 5 6", RUNC_FMT.format('"a 5 6"'), 'strconv.ParseUint: parsing "5 6": invalid syntax'),
    ("a ", 'strconv.ParseUint: parsing "": invalid syntax', CG_FMT.format('"a "')),
    ("a\t5", RUNC_FMT.format('"a\\t5"'), CG_FMT.format('"a\\t5"')),
    ("a -3", ("a", 0), ("a", 0)),
    (
        "a max",
        'strconv.ParseUint: parsing "max": invalid syntax',
        'strconv.ParseUint: parsing "max": invalid syntax',
    ),
    ("", RUNC_FMT.format('""'), CG_FMT.format('""')),
    ("a", RUNC_FMT.format('"a"'), CG_FMT.format('"a"')),
    ("k\xff\udcff 1", ("k\xff\udcff", 1), ("k\xff\udcff", 1)),
    ("k\udcff", RUNC_FMT.format('"k\\xff"'), CG_FMT.format('"k\\xff"')),
]


@pytest.mark.parametrize(("line", "old", "new"), PARSE_KEY_VALUE)
def test_parse_key_value_generations(line, old, new):
    for versions, want in ((RUNC, old), (CGROUPS, new)):
        for version in versions:
            k, v, err = runc(version).fscommon.parse_key_value(line)
            if isinstance(want, str):
                assert err is not None and err.Error() == want, version
                assert (k, v) == ("", 0)
            else:
                assert err is None and (k, v) == want, version


@pytest.mark.parametrize("version", VERSIONS)
def test_get_cgroup_param_uint(fs, tempdir, version):
    R = runc(version)
    f = tempdir + "/x"
    cases = [
        ("max\n", MaxUint64, None),
        (" 42 \n", 42, None),
        ("-1", 0, None),
        ("Max", 0, 'strconv.ParseUint: parsing "Max": invalid syntax'),
        ("", 0, 'strconv.ParseUint: parsing "": invalid syntax'),
        ("42 43", 0, 'strconv.ParseUint: parsing "42 43": invalid syntax'),
        (
            "18446744073709551616",
            MaxUint64,
            'strconv.ParseUint: parsing "18446744073709551616": value out of range',
        ),
        ("\u00a0 7 \u2003\n", 7, None),  # Go's TrimSpace: Unicode white space
    ]
    for contents, value, error in cases:
        write_files(fs, tempdir, {"x": contents})
        v, err = R.fscommon.get_cgroup_param_uint(tempdir, "x")
        assert v == value, contents
        if error is None:
            assert err is None, contents
        else:
            assert err.Error() == f"unable to parse {f}: {error}"
            assert isinstance(err, R.fscommon.ParseError)
            assert errors.As(err, strconv.NumError) is err.Err
            assert not os.IsNotExist(err)


@pytest.mark.parametrize("version", VERSIONS)
def test_get_cgroup_param_int(fs, tempdir, version):
    R = runc(version)
    for contents, value, error in [
        ("max\n", MaxInt64, None),
        ("-5\n", -5, None),
        (
            "9223372036854775808",
            MaxInt64,
            'strconv.ParseInt: parsing "9223372036854775808": value out of range',
        ),
        ("x", 0, 'strconv.ParseInt: parsing "x": invalid syntax'),
    ]:
        write_files(fs, tempdir, {"x": contents})
        v, err = R.fscommon.get_cgroup_param_int(tempdir, "x")
        assert v == value
        assert (None if err is None else err.Error()) == (
            None if error is None else f"unable to parse {tempdir}/x: {error}"
        )
    _, err = R.fscommon.get_cgroup_param_int(tempdir, "missing")
    assert err.Error() == f"open {tempdir}/missing: no such file or directory"


@pytest.mark.parametrize(
    ("contents", "old", "new"),
    [
        ("oom_kill_disable 0\nunder_oom 0\noom_kill 3\n", 3, 3),
        (
            "oom_kill 3 4\noom_kill 5\n",
            5,
            'unable to parse {}/f: strconv.ParseUint: parsing "3 4": invalid syntax',
        ),
        (
            "oom_kill  7\n",
            0,
            'unable to parse {}/f: strconv.ParseUint: parsing " 7": invalid syntax',
        ),
        ("oom_kill -2\n", 0, 0),
        (
            "oom_kill bad\noom_kill 1\n",
            'unable to parse {}/f: strconv.ParseUint: parsing "bad": invalid syntax',
            'unable to parse {}/f: strconv.ParseUint: parsing "bad": invalid syntax',
        ),
        ("other 1\n", 0, 0),
    ],
)
def test_get_value_by_key_generations(fs, tempdir, contents, old, new):
    """GetValueByKey: runc splits each line on " " and wants exactly 2 parts; cgroups takes
    the rest of the first line that starts with key+" "."""
    write_files(fs, tempdir, {"f": contents})
    for versions, want in ((RUNC, old), (CGROUPS, new)):
        for version in versions:
            v, err = runc(version).fscommon.get_value_by_key(tempdir, "f", "oom_kill")
            if isinstance(want, str):
                assert err.Error() == want.format(tempdir), version
            else:
                assert err is None and v == want, version


def test_parse_error():
    R = runc("runc@v1.1.7")
    inner = errors.New("bad value for MemTotal")
    e = R.fscommon.ParseError(Path="", File="/proc/meminfo", Err=inner)
    assert e.Error() == "unable to parse /proc/meminfo: bad value for MemTotal"
    assert e.Unwrap() is inner and errors.Is(e, inner)
    e = R.fscommon.ParseError(Path="/a/b/", File="../c", Err=inner)
    assert e.Error() == "unable to parse /a/c: bad value for MemTotal"  # path.Join cleans
    e = R.fscommon.ParseError(Path="/sys/fs/cgroup", File="memory.current", Err=unix.ENOENT)
    assert errors.Is(e, unix.ENOENT) and not os.IsNotExist(e)
