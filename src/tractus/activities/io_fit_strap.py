"""Would fitdecode read the heart-rate strap's messages, or fail on their clock?

A chest strap that stored beats while away from the watch (HRM-Tri, HRM-Pro)
adds ``hr`` messages: a first one with ``event_timestamp`` and then many with
``event_timestamp_12``, twelve-bit offsets from it. fitdecode anchors those
offsets on the last ``timestamp`` it read in any message before the last
``event_timestamp`` message, and fails (an ``assert``, then a TypeError) when
there is none in that FIT file, or when an ``event_timestamp_12`` is invalid.
The activity reader uses none of these values, so the fast decoder only has to
know whether fitdecode would fail: `check_strap_clock` follows that chain and
raises `Unsupported` (fitdecode then reads the file and words the error) where
it would, or where fitdecode's own special case applies (an ``event_timestamp``
beside an ``event_timestamp_12`` in one message, a developer field numbered
like ``timestamp``). References: fitdecode's reader.py (``_read_data_message``).
"""

from __future__ import annotations

import numpy as np
from fitdecode import profile

from tractus.activities.io_fit_scan import (
    Layout,
    Unsupported,
    raw_value,
    timestamps,
)

__all__ = ["check_strap_clock"]

_HR = profile.MESG_NUM_HR
_EVENT_TIMESTAMP = profile.FIELD_NUM_HR_EVENT_TIMESTAMP
_EVENT_TIMESTAMP_12 = profile.FIELD_NUM_HR_EVENT_TIMESTAMP_12
_TIMESTAMP = profile.FIELD_NUM_TIMESTAMP


def _numbers(layout: Layout) -> list[int]:
    return [number for number, _offset, _size, _base in layout.fields]


def _anchors(
    data: bytes, layouts: list[Layout], bodies: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the ``event_timestamp`` messages and the anchor each sets."""
    stamps_at, stamps = timestamps(data, layouts)
    positions, anchors = [], []
    for layout in layouts:
        numbers = _numbers(layout)
        if layout.global_num != _HR or _EVENT_TIMESTAMP not in numbers:
            continue
        # a timestamp read before event_timestamp in the same message counts
        own = _TIMESTAMP in numbers and (
            numbers.index(_TIMESTAMP) < numbers.index(_EVENT_TIMESTAMP)
        )
        for p in layout.positions:
            k = int(np.searchsorted(stamps_at, p, side="right" if own else "left"))
            body = int(np.searchsorted(bodies, p, side="right")) - 1
            last = k - 1
            same_file = last >= 0 and stamps_at[last] >= bodies[body]
            positions.append(p)
            anchors.append(int(stamps[last]) if same_file else 0)
    order = np.argsort(positions, kind="stable")
    return np.array(positions, dtype=np.int64)[order], np.array(anchors)[order]


def check_strap_clock(data: bytes, layouts: list[Layout], bodies: list[int]) -> None:
    """Raise `Unsupported` where fitdecode would fail on the strap's messages.

    Parameters
    ----------
    data : bytes
        The FIT file.
    layouts : list of Layout
        From `io_fit_scan.scan`, with every data message's position.
    bodies : list of int
        Where each chained FIT file's body starts (fitdecode's clock restarts).
    """
    strap = [
        layout
        for layout in layouts
        if layout.global_num == _HR and _EVENT_TIMESTAMP_12 in _numbers(layout)
    ]
    if not any(layout.positions for layout in strap):
        return
    starts = np.array(bodies, dtype=np.int64)
    anchored_at, anchors = _anchors(data, layouts, starts)
    for layout in strap:
        if _EVENT_TIMESTAMP in _numbers(layout):
            raise Unsupported  # fitdecode converts that field too, whatever it holds
        spec = next(f for f in layout.fields if f[0] == _EVENT_TIMESTAMP_12)
        _number, offset, size, base = spec
        for p in layout.positions:
            if raw_value(data, layout.endian, base, size, p + offset) is None:
                raise Unsupported  # fitdecode adds the anchor to None
            k = int(np.searchsorted(anchored_at, p, side="left")) - 1
            body = starts[int(np.searchsorted(starts, p, side="right")) - 1]
            if k < 0 or anchored_at[k] < body or anchors[k] <= 0:
                raise Unsupported  # fitdecode asserts the anchor is set
