"""Where each FIT message starts, and whether fitdecode would read the file as we do.

One Python pass over the message headers finds where every data message starts
and groups them by layout (`Layout`), so that `io_fit_fast` can decode a field
of all messages of one layout at once. The pass also decides whether the fast
decoder can give exactly fitdecode's values: a definition is read only where
fitdecode's outcome does not depend on anything the fast decoder skips. It
raises `Unsupported` (the caller falls back to fitdecode) for:

- a field of size 0, or a field number defined twice in one message;
- a field of a time type (``date_time``, ``local_date_time``,
  ``localtime_into_day``) that is not one integer (fitdecode's processor
  compares or adds it: an array or a string raises there), and a
  ``localtime_into_day`` that can be negative;
- a field with components (or sub-fields with components) that is not one
  integer or a byte array (fitdecode unpacks those; anything else changes
  type or raises on the way);
- ``hr.event_timestamp_12`` where fitdecode would fail on the heart-rate
  strap's clock (`io_fit_strap` follows it);
- developer fields whose size is not a multiple of their type's size (fitdecode
  then reads fewer bytes and the messages after it shift), and developer
  descriptions that fitdecode would reject or read as something else;
- messages running past the body's end.

Compressed timestamp headers are listed (`Scan.compressed`) for `io_fit_clock`.

Two errors are certain and raised here as `ActivityFileError`, so a broken
file is not decoded twice: a file shorter than its header's data size, and a
data message whose local message type was never defined. Developer field
descriptions are followed as fitdecode follows them (per chained file; an
unknown developer field is bytes), since they set the size of what follows.
References: activities.md sections 1 and 5; fitdecode's reader.py.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Any

import numpy as np
from fitdecode import profile, types

from tractus.errors import ActivityFileError, ActivityProblem

__all__ = [
    "Layout",
    "Scan",
    "Unsupported",
    "base_type",
    "is_one_integer",
    "raw_value",
    "scan",
    "timestamps",
]

_TIME_TYPES = frozenset({"date_time", "local_date_time", "localtime_into_day"})
_SIGNED_INTS = frozenset({0x01, 0x83, 0x85, 0x8E})
_INTEGER_FORMATS = frozenset("bBhHiIqQ")
_TIMESTAMP = profile.FIELD_NUM_TIMESTAMP
_FIELD_DESCRIPTION = profile.MESG_NUM_FIELD_DESCRIPTION
_DEVELOPER_DATA_ID = profile.MESG_NUM_DEVELOPER_DATA_ID
# field_description: developer_data_index, field_definition_number, fit_base_type_id
_DESCRIPTION_FIELDS = (0, 1, 2)
_DEVELOPER_DATA_INDEX = 3  # in developer_data_id
_BYTE = types.BASE_TYPE_BYTE
# Developer types of one FIT file: {developer data index: {field number: base type}}.
_DevTypes = dict[Any, dict[Any, Any]]


class Unsupported(Exception):
    """This file needs fitdecode (see the module docstring)."""


@dataclass(slots=True)
class Layout:
    """One message layout; every data message using it starts at a `positions` entry."""

    global_num: int
    endian: str
    size: int
    fields: tuple[tuple[int, int, int, int], ...]  # (number, offset, size, base type)
    positions: list[int]
    developer_numbers: tuple[int, ...] = ()  # field numbers of its developer fields


def base_type(base: int, size: int) -> Any:
    """fitdecode's base type for a declared (base type, size): bytes when it does not divide."""
    found = types.BASE_TYPES.get(base, _BYTE)
    return _BYTE if size % found.size else found


def raw_value(data: bytes, endian: str, base: int, size: int, position: int) -> Any:
    """A field's raw value exactly as fitdecode reads it (None when invalid)."""
    kind = base_type(base, size)
    values = struct.unpack_from(
        f"{endian}{size // kind.size}{kind.fmt}", data, position
    )
    if kind is _BYTE:
        return kind.parse(values)
    if len(values) > 1:
        return tuple(kind.parse(v) for v in values)
    return kind.parse(values[0])


def is_one_integer(base: int, size: int) -> bool:
    """True if fitdecode reads the field as one integer (or None)."""
    kind = base_type(base, size)
    return kind is not _BYTE and kind.size == size and kind.fmt in _INTEGER_FORMATS


def _variants(field: Any) -> list[Any]:
    return [field, *(field.subfields or ())]


def _check_field(message: Any, field: Any, base: int, size: int) -> None:
    """Raise `Unsupported` where fitdecode's value of this field could differ or raise."""
    variants = _variants(field)
    components = [c for v in variants for c in v.components or ()]
    targets = [t for c in components for t in _variants(message.fields[c.def_num])]
    names = {v.type.name for v in variants + targets}
    if names & _TIME_TYPES and not is_one_integer(base, size):
        raise Unsupported
    if "localtime_into_day" in names and base in _SIGNED_INTS:
        raise Unsupported
    if components and not (
        is_one_integer(base, size) or base_type(base, size) is _BYTE
    ):
        raise Unsupported
    if any(c.accumulate for v in variants[1:] for c in v.components or ()):
        raise Unsupported  # fitdecode keeps accumulators for a field's own components


def _check_native(global_num: int, fields: list[tuple[int, int, int, int]]) -> None:
    numbers = [number for number, _offset, _size, _base in fields]
    if len(set(numbers)) != len(numbers) or any(f[2] == 0 for f in fields):
        raise Unsupported
    message = profile.MESSAGE_TYPES.get(global_num)
    if message is None:
        return
    for number, _offset, size, base in fields:
        field = message.fields.get(number)
        if field is not None:
            _check_field(message, field, base, size)


def _developer_size(
    data: bytes, q: int, developer: _DevTypes
) -> tuple[int, tuple[int, ...]]:
    """Bytes and field numbers of the developer fields defined at `q`."""
    total, numbers = 0, []
    for k in range(data[q]):
        # indexed, not sliced: a definition cut by the end of the file raises
        # IndexError (the caller then leaves the file to fitdecode)
        number, size, index = (
            data[q + 1 + 3 * k],
            data[q + 2 + 3 * k],
            data[q + 3 + 3 * k],
        )
        # fitdecode makes an unknown developer field (or index) a byte field
        kind = developer.setdefault(index, {}).setdefault(number, _BYTE)
        if size == 0 or size % kind.size:
            raise Unsupported  # fitdecode would read another number of bytes
        total += size
        numbers.append(number)
    return total, tuple(numbers)


def _definition(
    data: bytes,
    p: int,
    header: int,
    layouts: dict[tuple[Any, ...], Layout],
    developer: _DevTypes,
) -> tuple[Layout, int]:
    """Parse the definition message at `p`; the layout and where the next message is."""
    big = data[p + 2] != 0
    endian = ">" if big else "<"
    global_num = int.from_bytes(data[p + 3 : p + 5], "big" if big else "little")
    count = data[p + 5]
    q, offset, fields = p + 6, 0, []
    for _ in range(count):
        number, size, base = data[q], data[q + 1], data[q + 2]
        fields.append((number, offset, size, base))
        offset, q = offset + size, q + 3
    _check_native(global_num, fields)
    numbers: tuple[int, ...] = ()
    if header & 0x20:  # developer fields: their sizes follow the descriptions
        size, numbers = _developer_size(data, q, developer)
        offset += size
        q += 1 + 3 * data[q]
    key = (global_num, endian, tuple(fields), offset, numbers)
    layout = layouts.get(key)
    if layout is None:
        layout = Layout(global_num, endian, offset, tuple(fields), [], numbers)
        layouts[key] = layout
    return layout, q


def _integers(
    data: bytes, layout: Layout, position: int, wanted: tuple[int, ...]
) -> dict[int, Any]:
    """Raw values of the `wanted` fields of a message; each must be one integer."""
    values = {}
    for number, offset, size, base in layout.fields:
        if number in wanted:
            if not is_one_integer(base, size):
                raise Unsupported  # fitdecode would key on a tuple or text
            values[number] = raw_value(
                data, layout.endian, base, size, position + offset
            )
    return values


def _follow_developer(
    data: bytes, layout: Layout, position: int, developer: _DevTypes
) -> None:
    """Update the developer types from a developer_data_id or field_description."""
    if layout.global_num == _DEVELOPER_DATA_ID:
        index = _integers(data, layout, position, (_DEVELOPER_DATA_INDEX,)).get(
            _DEVELOPER_DATA_INDEX
        )
        if index is None:
            raise Unsupported
        developer[index] = {}  # fitdecode starts the index's fields afresh
        return
    values = _integers(data, layout, position, _DESCRIPTION_FIELDS)
    index, number, base = (values.get(n) for n in _DESCRIPTION_FIELDS)
    if index is None or number is None or index not in developer:
        raise Unsupported  # fitdecode raises or files it under None
    if base is not None and base not in types.BASE_TYPES:
        raise Unsupported  # fitdecode raises KeyError
    developer[index][number] = _BYTE if base is None else types.BASE_TYPES[base]


def _scan_body(
    data: bytes,
    start: int,
    end: int,
    layouts: dict[tuple[Any, ...], Layout],
    file: str,
    compressed: list[tuple[int, int]],
) -> None:
    """Record where each data message of one FIT file's body starts.

    Messages are read in order up to the body's end or the file's, whichever
    comes first, so the first problem is the one reported, as fitdecode does.
    Each message with a compressed timestamp header adds its position and time
    offset to `compressed`.
    """
    sizes = [-1] * 16
    lists: list[list[int]] = [[] for _ in range(16)]
    follow: list[Layout | None] = [None] * 16  # developer descriptions to follow
    developer: _DevTypes = {}
    p, stop = start, min(end, len(data))
    while p < stop:
        header = data[p]
        if not header & 0xC0:  # a data message: by far the most frequent
            k = header & 0x0F
        elif header & 0x80:  # compressed timestamp header: local type 0-3
            k = (header >> 5) & 0x03
            compressed.append((p + 1, header & 0x1F))
        else:
            layout, p = _definition(data, p, header, layouts, developer)
            k = header & 0x0F
            sizes[k], lists[k] = layout.size, layout.positions
            described = layout.global_num in (_FIELD_DESCRIPTION, _DEVELOPER_DATA_ID)
            follow[k] = layout if described else None
            continue
        size = sizes[k]
        if size < 0:
            raise ActivityFileError(
                file,
                f"corrupt FIT file (local message {k} not defined @ {p})",
                kind=ActivityProblem.CORRUPT,
            )
        lists[k].append(p + 1)
        watched = follow[k]
        if watched is not None and p + 1 + size <= stop:
            _follow_developer(data, watched, p + 1, developer)
        p += 1 + size
    if p > len(data):
        raise ActivityFileError(
            file,
            f"truncated FIT file (the last message ends at byte {p}, "
            f"after the end of the file at byte {len(data)})",
            kind=ActivityProblem.TRUNCATED,
        )
    if end + 2 > len(data):
        raise ActivityFileError(
            file,
            f"truncated FIT file (the header declares {end - start} data bytes "
            f"and a CRC from byte {start}; the file ends at byte {len(data)})",
            kind=ActivityProblem.TRUNCATED,
        )
    if p != end:
        raise Unsupported  # a message runs past the data size: fitdecode words it


@dataclass(frozen=True, slots=True)
class Scan:
    """Where the messages of a (possibly chained) FIT file are."""

    layouts: list[Layout]  # every layout, with the positions of its messages
    bodies: list[int]  # where each chained file's body starts
    compressed: list[tuple[int, int]]  # (position, time offset), file order


def scan(data: bytes, file: str) -> Scan:
    """Every message layout of a (possibly chained) FIT file, with its messages.

    Raises
    ------
    Unsupported
        Where fitdecode must read the file (see the module docstring).
    ActivityFileError
        If the file is truncated or uses an undefined local message type.
    """
    layouts: dict[tuple[Any, ...], Layout] = {}
    pos, bodies = 0, []
    compressed: list[tuple[int, int]] = []
    while pos < len(data):
        if len(data) - pos < 12 or data[pos + 8 : pos + 12] != b".FIT":
            raise Unsupported
        header_size = data[pos]
        body_size = int.from_bytes(data[pos + 4 : pos + 8], "little")
        if header_size not in (12, 14):
            raise Unsupported
        start = pos + header_size
        end = start + body_size
        _scan_body(data, start, end, layouts, file, compressed)
        bodies.append(start)
        pos = end + 2  # the 2-byte CRC
    return Scan(list(layouts.values()), bodies, compressed)


def timestamps(data: bytes, layouts: list[Layout]) -> tuple[np.ndarray, np.ndarray]:
    """Positions and raw values of every valid ``timestamp`` field (253), in file order.

    These are what fitdecode keeps as the last timestamp (for a strap's clock)
    and as the base of compressed timestamps; a developer field numbered 253
    or a timestamp that is not one integer would be taken too, and raises
    `Unsupported`.
    """
    positions, values = [], []
    for layout in layouts:
        if _TIMESTAMP in layout.developer_numbers:
            raise Unsupported
        for number, offset, size, base in layout.fields:
            if number != _TIMESTAMP:
                continue
            if not is_one_integer(base, size):
                raise Unsupported
            for p in layout.positions:
                raw = raw_value(data, layout.endian, base, size, p + offset)
                if raw is not None:
                    positions.append(p)
                    values.append(raw)
    order = np.argsort(positions, kind="stable")
    return np.array(positions, dtype=np.int64)[order], np.array(values, dtype=object)[
        order
    ]
