"""Timestamp parsing shared by the XML readers.

GPX and TCX carry ISO 8601 times, mostly UTC (``Z``) but sometimes with a local
offset (OpenTracks writes ``+02:00``, NikePlus ``+01:00``). All are converted to
UTC; the first offset seen is kept as the file's local-time offset, which the
summary may use for the runner's local date. Times before `EARLIEST_VALID_TIME`
are device placeholders (gpxpy's Mojstrovka fixture has 1901-12-13, the int32
epoch minimum) and become NaT. References: activities.md section 4 ("Other
facts for the metrics").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TypeGuard, cast

import numpy as np
import pandas as pd

__all__ = [
    "EARLIEST_VALID_TIME",
    "latest_iso_time",
    "parse_iso_times",
    "shift_iso_times",
]

# GPS week 0 began 1980-01-06; no consumer GPS logger predates the FIT epoch.
EARLIEST_VALID_TIME = pd.Timestamp("1989-12-31T00:00:00Z")
_OFFSET = re.compile(r"([+-])(\d\d):?(\d\d)$")
# Plain UTC times as every logger in the fixtures writes them; a list made only
# of these is parsed by numpy in C (checked by one regex over the joined text).
_UTC_TIME = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z"
_ALL_UTC = re.compile(rf"(?:{_UTC_TIME}\n)*{_UTC_TIME}")
# The date and time, to the second, of an ISO 8601 time inside a file's bytes.
_DATE_TIME = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")


def _all_strings(texts: Sequence[str | None]) -> TypeGuard[Sequence[str]]:
    return all(isinstance(t, str) for t in texts)


def _utc_fast(texts: Sequence[str | None]) -> pd.DatetimeIndex | None:
    """The times, if all are plain ``...Z`` UTC strings numpy can parse; else None."""
    if not texts or not _all_strings(texts):
        return None
    if _ALL_UTC.fullmatch("\n".join(texts)) is None:
        return None
    try:
        stamps = np.array([t[:-1] for t in texts], dtype="datetime64[ns]")
    except ValueError:  # an impossible date (2020-02-30): pandas makes it NaT
        return None
    return pd.DatetimeIndex(stamps).tz_localize("UTC")


def parse_iso_times(texts: Sequence[str | None]) -> tuple[pd.DatetimeIndex, int | None]:
    """Parse ISO 8601 strings to UTC; return the times and the first UTC offset.

    Parameters
    ----------
    texts : sequence of str or None
        The raw time strings; None or unparsable strings become NaT.

    Returns
    -------
    (pandas.DatetimeIndex, int or None)
        UTC times (ns resolution) and the offset in seconds of the first string
        that carries an explicit numeric offset (None if all are ``Z`` or naive).
    """
    times = _utc_fast(texts)
    if times is None:
        times = pd.DatetimeIndex(
            # pandas reads None as NaT; the stubs leave None out of list input.
            pd.to_datetime(  # type: ignore[call-overload]
                [t.strip() if t else None for t in texts],
                utc=True,
                format="ISO8601",
                errors="coerce",
            )
        ).as_unit("ns")
    # `where` keeps the DatetimeIndex; the stubs type it as a plain Index.
    times = cast(pd.DatetimeIndex, times.where(times >= EARLIEST_VALID_TIME))
    offset_s = None
    first = next((t for t in texts if t), None)
    if first is not None:
        match = _OFFSET.search(first.strip())
        if match is not None:
            sign = -1 if match.group(1) == "-" else 1
            offset_s = sign * (int(match.group(2)) * 3600 + int(match.group(3)) * 60)
    return times, offset_s


def latest_iso_time(data: bytes) -> datetime | None:
    """The latest ISO 8601 date-time written in `data` (naive, as written), or None."""
    stamps = _DATE_TIME.findall(data)
    return max(datetime.fromisoformat(s.decode()) for s in stamps) if stamps else None


def shift_iso_times(data: bytes, by: timedelta) -> bytes:
    """`data` with every ISO 8601 date-time moved by `by` (whole seconds).

    Fractions and zone suffixes stay as written, so the file keeps its shape.
    Used to build demos and benchmarks from real GPX and TCX files.
    """

    def moved(match: re.Match[bytes]) -> bytes:
        stamp = datetime.fromisoformat(match.group().decode()) + by
        return stamp.strftime("%Y-%m-%dT%H:%M:%S").encode()

    return _DATE_TIME.sub(moved, data)
