"""Faithful Python ports of upstream Go code, version by version.

ports/<project>/<tag>/ mirrors the upstream tree; every ported function names its
upstream repo@tag, file and lines (see ports.provenance). Go semantics (uint64 wrap,
strconv, errors, encoding/json) live in ports.go and nowhere else.
ports never imports fake_sysfs or sim.
"""
