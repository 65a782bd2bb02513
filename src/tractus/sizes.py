"""Sizes of files in messages, written one way everywhere.

The readers' refusals ("file is 70.0 MB, over the limit of 64.0 MB") and the
upload forms' use the same units, so a runner never sees one limit as two
numbers. The units are those Django's ``filesizeformat`` already showed on the
upload pages: powers of 1024 with the familiar labels (KB, MB, GB, as JEDEC
and most operating systems write them), one decimal, a non-breaking space.
"""

from __future__ import annotations

__all__ = ["format_size"]

_UNITS = ((1024**4, "TB"), (1024**3, "GB"), (1024**2, "MB"), (1024, "KB"))
_NBSP = "\u00a0"


def format_size(size_bytes: float) -> str:
    """`size_bytes` as ``"56.3 KB"``, ``"64.0 MB"`` or ``"1000 bytes"``."""
    for factor, unit in _UNITS:
        if abs(size_bytes) >= factor:
            return f"{size_bytes / factor:.1f}{_NBSP}{unit}"
    whole = int(size_bytes)
    return f"{whole}{_NBSP}byte{'' if whole == 1 else 's'}"
