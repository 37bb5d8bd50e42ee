"""github.com/liggitt/tabwriter@89fcab3d43de tabwriter.go: the elastic-tabstop writer.

Cells are tab-terminated; a column's width is the widest cell in its block plus padding,
at least minwidth. Text is a Go string here (str); width counts runes as utf8.RuneCount does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ports.provenance import upstream

REF = "liggitt/tabwriter@89fcab3d43de tabwriter.go"

# flags (tabwriter.go:175-202)
FilterHTML = 1 << 0
StripEscape = 1 << 1
AlignRight = 1 << 2
DiscardEmptyColumns = 1 << 3
TabIndent = 1 << 4
Debug = 1 << 5
RememberWidths = 1 << 6

_SPECIAL = re.compile("[\t\v\n\f]")
_UNPORTED = FilterHTML | StripEscape | AlignRight | TabIndent | Debug


@upstream(f"{REF}:29-33")
@dataclass(slots=True)
class cell:
    size: int = 0
    width: int = 0
    htab: bool = False


@upstream(
    f"{REF}:93-111",
    deviation="escape sequences (\\xff, FilterHTML), AlignRight, TabIndent and Debug are not "
    "ported (kubectl sets only RememberWidths); output goes to a list of strings, not an "
    "io.Writer, so write errors cannot happen",
)
class Writer:
    def __init__(self) -> None:
        self.output: list[str] = []
        self.minwidth = self.tabwidth = self.padding = 0
        self.padchar = " "
        self.flags = 0
        self.buf = ""
        self.pos = 0
        self.cell = cell()
        self.lines: list[list[cell]] = []
        self.widths: list[int] = []
        self.maxwidths: list[int] = []

    @upstream(f"{REF}:116-138")
    def addLine(self, flushed: bool) -> None:
        self.lines.append([])

    @upstream(f"{REF}:141-149")
    def reset(self) -> None:
        self.buf = ""
        self.pos = 0
        self.cell = cell()
        self.lines = []
        self.widths = []
        self.addLine(True)

    @upstream(f"{REF}:218-238")
    def Init(
        self,
        output: list[str],
        minwidth: int,
        tabwidth: int,
        padding: int,
        padchar: str,
        flags: int,
    ) -> Writer:
        if minwidth < 0 or tabwidth < 0 or padding < 0:
            raise ValueError("negative minwidth, tabwidth, or padding")
        if flags & _UNPORTED:
            raise NotImplementedError("tabwriter: only RememberWidths/DiscardEmptyColumns ported")
        self.output = output
        self.minwidth, self.tabwidth, self.padding = minwidth, tabwidth, padding
        self.padchar = padchar
        self.flags = flags
        self.reset()
        return self

    @upstream(f"{REF}:260-268")
    def write0(self, s: str) -> None:
        self.output.append(s)

    @upstream(f"{REF}:283-301")
    def writePadding(self, textw: int, cellw: int, useTabs: bool) -> None:
        if self.padchar == "\t" or useTabs:
            if self.tabwidth == 0:
                return
            cellw = (cellw + self.tabwidth - 1) // self.tabwidth * self.tabwidth
            n = cellw - textw
            if n < 0:
                raise RuntimeError("internal error")
            self.write0("\t" * ((n + self.tabwidth - 1) // self.tabwidth))
            return
        self.write0(self.padchar * (cellw - textw))

    @upstream(f"{REF}:305-354")
    def writeLines(self, pos0: int, line0: int, line1: int) -> int:
        pos = pos0
        for i in range(line0, line1):
            line = self.lines[i]
            useTabs = bool(self.flags & TabIndent)
            for j, c in enumerate(line):
                if c.size == 0:
                    if j < len(self.widths):
                        self.writePadding(c.width, self.widths[j], useTabs)
                else:
                    useTabs = False
                    self.write0(self.buf[pos : pos + c.size])
                    pos += c.size
                    if j < len(self.widths):
                        self.writePadding(c.width, self.widths[j], False)
            if i + 1 == len(self.lines):
                self.write0(self.buf[pos : pos + self.cell.size])
                pos += self.cell.size
            else:
                self.write0("\n")
        return pos

    @upstream(f"{REF}:361-432")
    def format(self, pos0: int, line0: int, line1: int) -> int:
        pos = pos0
        column = len(self.widths)
        this = line0
        while this < line1:
            line = self.lines[this]
            if column >= len(line) - 1:
                this += 1
                continue
            pos = self.writeLines(pos, line0, this)
            line0 = this
            width = self.minwidth
            discardable = True
            while this < line1:
                line = self.lines[this]
                if column >= len(line) - 1:
                    break
                c = line[column]
                w = c.width + self.padding
                if w > width:
                    width = w
                if c.width > 0 or c.htab:
                    discardable = False
                this += 1
            if discardable and self.flags & DiscardEmptyColumns:
                width = 0
            if self.flags & RememberWidths:
                if len(self.maxwidths) < len(self.widths):
                    self.maxwidths.extend(self.widths[len(self.maxwidths) :])
                if len(self.maxwidths) == len(self.widths):
                    self.maxwidths.append(width)
                elif self.maxwidths[len(self.widths)] > width:
                    width = self.maxwidths[len(self.widths)]
                elif self.maxwidths[len(self.widths)] < width:
                    self.maxwidths[len(self.widths)] = width
            self.widths.append(width)
            pos = self.format(pos, line0, this)
            self.widths.pop()
            line0 = this
            # the Go for-loop's this++ after the inner block: `this` already points past it,
            # and the outer loop's increment runs next
            this += 1
        return self.writeLines(pos, line0, line1)

    @upstream(f"{REF}:435-438")
    def append(self, text: str) -> None:
        self.buf += text
        self.cell.size += len(text)

    @upstream(f"{REF}:441-444")
    def updateWidth(self) -> None:
        self.cell.width += len(self.buf[self.pos :])
        self.pos = len(self.buf)

    @upstream(f"{REF}:490-496")
    def terminateCell(self, htab: bool) -> int:
        self.cell.htab = htab
        line = self.lines[-1]
        line.append(self.cell)
        self.cell = cell()
        return len(line)

    @upstream(f"{REF}:528-530")
    def Flush(self) -> None:
        self.flush()

    @upstream(f"{REF}:532-548")
    def flush(self) -> None:
        try:
            if self.cell.size > 0:
                self.terminateCell(False)
            self.format(0, 0, len(self.lines))
        finally:
            self.reset()

    @upstream(
        f"{REF}:556-630",
        deviation="the hot path of kubectl top: b.append, b.updateWidth and b.terminateCell "
        "are inlined (line for line, marked), and b.append of an empty slice (a no-op) is "
        "skipped",
    )
    def Write(self, buf: str) -> int:
        n = 0
        for m in _SPECIAL.finditer(buf):  # the bytes the Go loop's switch acts on
            i = m.start()
            ch = buf[i]
            c = self.cell
            if i > n:
                # b.append(buf[n:i])
                text = buf[n:i]
                self.buf += text
                c.size += len(text)
            # b.updateWidth()
            c.width += len(self.buf) - self.pos
            self.pos = len(self.buf)
            n = i + 1
            # ncells := b.terminateCell(ch == '\t')
            c.htab = ch == "\t"
            line = self.lines[-1]
            line.append(c)
            self.cell = cell()
            ncells = len(line)
            if ch in "\n\f":
                self.addLine(ch == "\f")
                if ch == "\f" or ncells == 1:
                    self.Flush()
        if n < len(buf):
            self.append(buf[n:])
        return len(buf)


@upstream(f"{REF}:635-637")
def NewWriter(
    output: list[str], minwidth: int, tabwidth: int, padding: int, padchar: str, flags: int
) -> Writer:
    return Writer().Init(output, minwidth, tabwidth, padding, padchar, flags)
