"""Go's bufio.Scanner with the default ScanLines split function.

Tokens are lines without their '\\n' and one trailing '\\r'; a final line without a newline
is a token; an empty input has none. A line of 65536 bytes or more (MaxScanTokenSize,
counting the '\\r' but not the '\\n') stops the scan with ErrTooLong at that line, after the
earlier lines were returned. Reading is lazy, so a loop that breaks early never sees a later
error, as in Go.
"""

from __future__ import annotations

from typing import Any

from ports.go import errors
from ports.go.os import File, decode

MaxScanTokenSize = 64 * 1024

ErrTooLong = errors.New("bufio.Scanner: token too long")


class Scanner:
    __slots__ = ("_data", "_err", "_file", "_pos", "_tok")

    def __init__(self, f: File) -> None:
        self._file = f
        self._data: str | None = None
        self._pos = 0
        self._tok = ""
        self._err: Any = None

    def Scan(self) -> bool:
        if self._data is None:
            raw, err = self._file.read_all()
            if err is not None:
                self._err = err
                self._data = ""
                return False
            self._data = decode(raw)
        if self._err is not None:
            return False
        data = self._data
        if self._pos >= len(data):
            return False
        nl = data.find("\n", self._pos)
        line = data[self._pos :] if nl < 0 else data[self._pos : nl]
        if (
            len(line) * 4 >= MaxScanTokenSize
            and len(line.encode("utf-8", "surrogateescape")) >= MaxScanTokenSize
        ):
            self._err = ErrTooLong
            self._pos = len(data)
            return False
        self._pos = len(data) if nl < 0 else nl + 1
        if line.endswith("\r"):
            line = line[:-1]
        self._tok = line
        return True

    def Text(self) -> str:
        return self._tok

    def Err(self) -> Any:
        return self._err


def NewScanner(f: File) -> Scanner:
    return Scanner(f)
