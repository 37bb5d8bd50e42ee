"""k8s.io/cli-runtime@v0.28.3 pkg/printers/tabwriter.go (unchanged through v0.36.3)."""

from __future__ import annotations

from ports.provenance import upstream
from ports.tabwriter.v0_0_0_89fcab3d43de import tabwriter

tabwriterMinWidth = 6
tabwriterWidth = 4
tabwriterPadding = 3
tabwriterPadChar = " "
tabwriterFlags = tabwriter.RememberWidths


@upstream("kubernetes/cli-runtime@v0.28.3 pkg/printers/tabwriter.go:34-36")
def GetNewTabWriter(output: list[str]) -> tabwriter.Writer:
    return tabwriter.NewWriter(
        output,
        tabwriterMinWidth,
        tabwriterWidth,
        tabwriterPadding,
        tabwriterPadChar,
        tabwriterFlags,
    )
