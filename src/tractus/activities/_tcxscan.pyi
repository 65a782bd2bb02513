"""Types of the compiled TCX scanner (`_tcxscan.pyx`)."""

from typing import Any

MAX_DEPTH: int

def scan_tcx(
    data: bytes, start: int, earliest_ns: int
) -> list[dict[str, Any]] | None: ...
