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
    # tokens, and where an error stops the scan, are the same): `_n` is the number of
    # tokens before the first line that is too long (or all of them), `_lines` the tokens
    # with one trailing '\r' dropped.
    __slots__ = ("_err", "_file", "_i", "_lines", "_n", "_tok")

    def __init__(self, f: File) -> None:
        self._file = f
        self._lines: list[str] | None = None
        self._i = 0
        self._n = 0
        self._tok = ""
        self._err: Any = None

    def Scan(self) -> bool:
        i = self._i
        if i < self._n:
            self._tok = self._lines[i]  # type: ignore[index]
            self._i = i + 1
            return True
        if self._lines is None:
            self._split()
            return self.Scan()
        if self._err is None and i < len(self._lines):
            # the line at i is too long
            self._err = ErrTooLong
            self._i = len(self._lines)
        return False

    def _split(self) -> None:
        raw, err = self._file.read_all()
        if err is not None:
            self._err = err
            self._lines = []
            return
        lines = raw.decode("utf-8", "surrogateescape").split("\n")
        if lines[-1] == "":
            lines.pop()  # the input ends with a newline (or is empty): no token after it
        n = len(lines)
        if lines and max(map(len, lines)) * 4 >= MaxScanTokenSize:
            for k, line in enumerate(lines):
                if len(line.encode("utf-8", "surrogateescape")) >= MaxScanTokenSize:
                    n = k
                    break
        if b"\r" in raw:
            lines = [ln[:-1] if ln[-1:] == "\r" else ln for ln in lines]
        self._lines = lines
        self._n = n

    def Text(self) -> str:
        return self._tok

    def Err(self) -> Any:
        return self._err


def NewScanner(f: File) -> Scanner:
    return Scanner(f)
