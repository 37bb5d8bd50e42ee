"""cAdvisor's hugepage discovery: google/cadvisor@v0.47.3 utils/sysinfo/sysinfo_test.go
(TestGetHugePagesInfo*, on utils/sysfs/fakesysfs) and utils/sysfs/sysfs_test.go
(TestGetHugePagesInfo*, TestGetHugePagesNr*, on utils/sysfs/testdata) with their fixtures and
expected values, for both realSysFs ports (v0.47.3 ioutil.ReadDir, v0.48.1 os.ReadDir +
toFileInfo); then the error text, the panic and every registered version on a rendered node."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fake_sysfs import random_world, render
from ports import registry
from ports.cadvisor.v0_47_3.info.v1.machine import HugePagesInfo
from ports.cadvisor.v0_47_3.utils import sysfs as sysfs_0_47
from ports.cadvisor.v0_47_3.utils import sysinfo
from ports.cadvisor.v0_48_1.utils import sysfs as sysfs_0_48
from ports.go import fmt, host
from ports.go.builtin import GoPanic

HP_DIR = "/fakeSysfs/devices/system/node/node0/hugepages/"


class FileInfo:
    """fakesysfs.FileInfo: only the name."""

    def __init__(self, EntryName: str) -> None:
        self.EntryName = EntryName

    def Name(self) -> str:
        return self.EntryName


class FakeSysFs:
    """utils/sysfs/fakesysfs FakeSysFs, its hugepage half: SetHugePages/SetHugePagesNr feed
    GetHugePagesInfo/GetHugePagesNr (the nr_hugepages value looked up by its full path)."""

    def __init__(self) -> None:
        self.hugePages: list[Any] | None = None
        self.hugePagesErr: Any = None
        self.hugePagesNr: dict[str, str] = {}
        self.hugePagesNrErr: Any = None

    def SetHugePages(self, hugePages: list[Any], err: Any) -> None:
        self.hugePages, self.hugePagesErr = hugePages, err

    def SetHugePagesNr(self, hugePagesNr: dict[str, str], err: Any) -> None:
        self.hugePagesNr, self.hugePagesNrErr = hugePagesNr, err

    def GetHugePagesInfo(self, hugepagesDirectory: str) -> tuple[list[Any] | None, Any]:
        return self.hugePages, self.hugePagesErr

    def GetHugePagesNr(self, hugepagesDirectory: str, hugePageName: str) -> tuple[str, Any]:
        path = fmt.Sprintf("%s%s/%s", hugepagesDirectory, hugePageName, "nr_hugepages")
        return self.hugePagesNr.get(path, ""), self.hugePagesNrErr


def _two_sizes(fake: FakeSysFs) -> None:
    fake.SetHugePages([FileInfo("hugepages-2048kB"), FileInfo("hugepages-1048576kB")], None)


# ---- utils/sysinfo/sysinfo_test.go


def test_TestGetHugePagesInfo() -> None:
    fakeSys = FakeSysFs()
    _two_sizes(fakeSys)
    fakeSys.SetHugePagesNr(
        {
            HP_DIR + "hugepages-2048kB/nr_hugepages": "1",
            HP_DIR + "hugepages-1048576kB/nr_hugepages": "1",
        },
        None,
    )
    hugePagesInfo, err = sysinfo.GetHugePagesInfo(fakeSys, HP_DIR)
    assert err is None
    assert len(hugePagesInfo) == 2
    # (upstream checks the length; the values follow from the fixture)
    assert hugePagesInfo == [
        HugePagesInfo(PageSize=2048, NumPages=1),
        HugePagesInfo(PageSize=1048576, NumPages=1),
    ]


def test_TestGetHugePagesInfoWithHugePagesDirectory() -> None:
    fakeSys = FakeSysFs()
    hugePagesInfo, err = sysinfo.GetHugePagesInfo(fakeSys, HP_DIR)
    assert err is None
    assert len(hugePagesInfo) == 0


def test_TestGetHugePagesInfoWithWrongDirName() -> None:
    fakeSys = FakeSysFs()
    fakeSys.SetHugePages([FileInfo("hugepages-abckB")], None)
    hugePagesInfo, err = sysinfo.GetHugePagesInfo(fakeSys, HP_DIR)
    assert err is not None
    assert len(hugePagesInfo) == 0
    assert err.Error() == 'strconv.ParseUint: parsing "abc": invalid syntax'


def test_TestGetHugePagesInfoWithReadingNrHugePagesError() -> None:
    fakeSys = FakeSysFs()
    _two_sizes(fakeSys)
    fakeSys.SetHugePagesNr(
        {
            HP_DIR + "hugepages-2048kB/nr_hugepages": "1",
            HP_DIR + "hugepages-1048576kB/nr_hugepages": "1",
        },
        fmt.Errorf("Error in reading nr_hugepages"),
    )
    hugePagesInfo, err = sysinfo.GetHugePagesInfo(fakeSys, HP_DIR)
    assert err is not None
    assert len(hugePagesInfo) == 0
    assert err.Error() == "Error in reading nr_hugepages"


def test_TestGetHugePagesInfoWithWrongNrHugePageValue() -> None:
    fakeSys = FakeSysFs()
    _two_sizes(fakeSys)
    fakeSys.SetHugePagesNr(
        {
            HP_DIR + "hugepages-2048kB/nr_hugepages": "*****",
            HP_DIR + "hugepages-1048576kB/nr_hugepages": "1",
        },
        None,
    )
    hugePagesInfo, err = sysinfo.GetHugePagesInfo(fakeSys, HP_DIR)
    assert err is not None
    assert len(hugePagesInfo) == 0
    assert err.Error() == (
        'could not parse file nr_hugepage for hugepages-2048kB, contents "*****"'
    )


# ---- utils/sysfs/sysfs_test.go, on utils/sysfs/testdata (paths relative to the package)

SYSFS = [sysfs_0_47.SysFs, sysfs_0_48.SysFs]


@pytest.fixture
def testdata(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """utils/sysfs/testdata's hugepage files: node0 with two pools (1 and 2 pages), node1
    with none (only a .gitkeep)."""
    node0 = tmp_path / "testdata" / "node0" / "hugepages"
    for name, nr in (("hugepages-1048576kB", b"1\n"), ("hugepages-2048kB", b"2\n")):
        (node0 / name).mkdir(parents=True)
        (node0 / name / "nr_hugepages").write_bytes(nr)
    (tmp_path / "testdata" / "node1").mkdir()
    (tmp_path / "testdata" / "node1" / ".gitkeep").write_bytes(b"")
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("SysFs", SYSFS)
def test_sysfs_TestGetHugePagesInfo(testdata: None, SysFs: Any) -> None:
    hugePages, err = SysFs().GetHugePagesInfo("./testdata/node0/hugepages")
    assert err is None
    assert len(hugePages) == 2
    assert hugePages[0].Name() == "hugepages-1048576kB"
    assert hugePages[1].Name() == "hugepages-2048kB"


@pytest.mark.parametrize("SysFs", SYSFS)
def test_sysfs_TestGetHugePagesInfoWhenDirIsMissing(testdata: None, SysFs: Any) -> None:
    hugePages, err = SysFs().GetHugePagesInfo("./testdata/node1/hugepages")
    assert err is not None
    assert hugePages is None
    assert err.Error() == "open ./testdata/node1/hugepages: no such file or directory"


@pytest.mark.parametrize("SysFs", SYSFS)
def test_sysfs_TestGetHugePagesNr(testdata: None, SysFs: Any) -> None:
    rawHugePageNr, err = SysFs().GetHugePagesNr(
        "./testdata/node0/hugepages/", "hugepages-1048576kB"
    )
    assert err is None
    assert int(rawHugePageNr) == 1
    assert rawHugePageNr == "1"  # trimmed


@pytest.mark.parametrize("SysFs", SYSFS)
def test_sysfs_TestGetHugePagesNrWhenFileIsMissing(testdata: None, SysFs: Any) -> None:
    rawHugePageNr, err = SysFs().GetHugePagesNr(
        "./testdata/node1/hugepages/", "hugepages-1048576kB"
    )
    assert err is not None
    assert rawHugePageNr == ""


# ---- beyond upstream's tests: what the Go does on inputs they do not cover


@pytest.mark.parametrize(
    ("contents", "want"),
    [
        ("12abc", 12),  # Sscanf stops at the first non-digit and reports no error
        ("18446744073709551615", (1 << 64) - 1),
        ("0", 0),
    ],
)
def test_sscanf_takes_a_leading_number(contents: str, want: int) -> None:
    fakeSys = FakeSysFs()
    fakeSys.SetHugePages([FileInfo("hugepages-2048kB")], None)
    fakeSys.SetHugePagesNr({HP_DIR + "hugepages-2048kB/nr_hugepages": contents}, None)
    assert sysinfo.GetHugePagesInfo(fakeSys, HP_DIR) == ([HugePagesInfo(2048, want)], None)


@pytest.mark.parametrize("contents", ["", "-1", "max", "1_000", "18446744073709551616"])
def test_unparsable_nr_hugepages_is_an_error_naming_the_pool(contents: str) -> None:
    fakeSys = FakeSysFs()
    fakeSys.SetHugePages([FileInfo("hugepages-2048kB")], None)
    fakeSys.SetHugePagesNr({HP_DIR + "hugepages-2048kB/nr_hugepages": contents}, None)
    got, err = sysinfo.GetHugePagesInfo(fakeSys, HP_DIR)
    assert got == []
    assert err.Error() == (
        f'could not parse file nr_hugepage for hugepages-2048kB, contents "{contents}"'
    )


def test_a_name_without_a_dash_panics_as_go_indexes_past_the_split() -> None:
    fakeSys = FakeSysFs()
    fakeSys.SetHugePages([FileInfo("hugepages")], None)
    with pytest.raises(GoPanic, match=r"index out of range \[1\] with length 1"):
        sysinfo.GetHugePagesInfo(fakeSys, HP_DIR)


CADVISORS = [n for n in registry.names() if n.startswith("cadvisor@")]


@pytest.mark.parametrize("name", CADVISORS)
def test_every_version_reads_the_rendered_pool(name: str) -> None:
    seed = next(s for s in range(100) if random_world(s).node.hugepages_total)
    w = random_world(seed)
    t = render(w, "v2", scope="node")
    C = registry.get(name)(None)
    with host.use(host.FakeHost(t.mounts, files=t.files)):
        assert C.machine.GetHugePagesInfo() == (
            [HugePagesInfo(PageSize=2048, NumPages=w.node.hugepages_total)],
            None,
        )
    # no directory (a capture that predates it, a kernel without hugetlbfs): no pools
    with host.use(host.FakeHost(t.mounts, files={"/proc/meminfo": t.files["/proc/meminfo"]})):
        assert C.machine.GetHugePagesInfo() == ([], None)
    bad = dict(t.files)
    bad["/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages"] = b"max\n"
    with host.use(host.FakeHost(t.mounts, files=bad)):
        got, err = C.machine.GetHugePagesInfo()
        assert got == []
        assert (
            err.Error() == 'could not parse file nr_hugepage for hugepages-2048kB, contents "max"'
        )
