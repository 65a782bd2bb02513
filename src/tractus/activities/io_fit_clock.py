"""Times of FIT messages with a compressed timestamp header, as fitdecode gives them.

Older Garmin devices (Edge 500, Forerunner 310XT and others) save most records
with a one-byte header holding the low five bits of the time (``time_offset``)
instead of a four-byte ``timestamp`` field. fitdecode keeps one accumulator per
FIT file: every valid ``timestamp`` field (any message, raw value) sets it, and
each compressed header adds its offset to it, rolling over every 32 seconds;
the result is the message's ``timestamp``, placed after its other fields (so it
wins over a ``timestamp`` field of the same message). `compressed_times` does
the same, in file order. References: FIT protocol section 4.2 (compressed
timestamp header); fitdecode's reader.py (``_apply_compressed_accumulation``).
"""

from __future__ import annotations

import numpy as np

from tractus.activities.io_fit_scan import Scan, timestamps

__all__ = ["compressed_times"]

_OFFSET_BITS = 5
_OFFSET_MASK = (1 << _OFFSET_BITS) - 1
_BODY, _FIELD, _HEADER = 0, 1, 2  # event order at one position


def _accumulate(offset: int, accumulator: int) -> int:
    """fitdecode's `_apply_compressed_accumulation` for a 5-bit time offset."""
    value = offset + (accumulator & ~_OFFSET_MASK)
    if offset < (accumulator & _OFFSET_MASK):
        value += _OFFSET_MASK + 1
    return value


def compressed_times(data: bytes, found: Scan) -> tuple[np.ndarray, np.ndarray]:
    """Positions (sorted) and FIT times of the messages with a compressed header.

    Parameters
    ----------
    data : bytes
        The FIT file.
    found : Scan
        Its messages, from `io_fit_scan.scan`.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        int64 positions and float64 FIT seconds (as fitdecode's raw ``timestamp``).
    """
    if not found.compressed:
        return np.empty(0, dtype=np.int64), np.empty(0)
    stamps_at, stamps = timestamps(data, found.layouts)
    events = [(p, _BODY, 0) for p in found.bodies]
    events += [(int(p), _FIELD, int(v)) for p, v in zip(stamps_at, stamps, strict=True)]
    events += [(p, _HEADER, offset) for p, offset in found.compressed]
    events.sort()
    accumulator, positions, times = 0, [], []
    for position, kind, value in events:
        if kind == _BODY:
            accumulator = 0  # fitdecode starts each chained file afresh
        elif kind == _FIELD:
            accumulator = value
        else:
            accumulator = _accumulate(value, accumulator)
            positions.append(position)
            times.append(accumulator)
    return np.array(positions, dtype=np.int64), np.array(times, dtype=np.float64)
