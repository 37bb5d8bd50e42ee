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
from ports.go.os import File

MaxScanTokenSize = 64 * 1024

ErrTooLong = errors.New("bufio.Scanner: token too long")


class Scanner:
    # The input is read and split into lines at the first Scan (Go reads in chunks; the
    # tokens, and where an error stops the scan, are the same).
    __slots__ = ("_err", "_file", "_i", "_lines", "_tok")

    def __init__(self, f: File) -> None:
        self._file = f
        self._lines: list[str] | None = None
        self._i = 0
        self._tok = ""
        self._err: Any = None

    def Scan(self) -> bool:
        lines = self._lines
        if lines is None:
            raw, err = self._file.read_all()
            if err is not None:
                self._err = err
                self._lines = []
                return False
            lines = self._lines = raw.decode("utf-8", "surrogateescape").split("\n")
            if lines[-1] == "":
                lines.pop()  # the input ends with a newline (or is empty): no token after it
        if self._err is not None:
            return False
        i = self._i
        if i >= len(lines):
            return False
        line = lines[i]
        if (
            len(line) * 4 >= MaxScanTokenSize
            and len(line.encode("utf-8", "surrogateescape")) >= MaxScanTokenSize
        ):
            self._err = ErrTooLong
            self._i = len(lines)
            return False
        self._i = i + 1
        if line[-1:] == "\r":
            line = line[:-1]
        self._tok = line
        return True

    def Text(self) -> str:
        return self._tok

    def Err(self) -> Any:
        return self._err


def NewScanner(f: File) -> Scanner:
    return Scanner(f)
