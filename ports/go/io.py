"""Go's io package: the sentinel errors the ports compare against."""

from __future__ import annotations

from ports.go import errors

EOF = errors.New("EOF")
ErrUnexpectedEOF = errors.New("unexpected EOF")
