"""Fast FIT decoding: one Python pass over the message headers, numpy for the values.

fitdecode decodes every field of every message in Python (about 1 MB/s). This
decoder only walks the record headers in Python to find where each data message
starts (a few hundred nanoseconds per message); it then decodes the fields the
activity reader uses with numpy, all records of one definition at once, by
gathering their bytes into an array and viewing it as the field's type. The few
other messages it needs (``file_id``, ``sport``, ``session``, ``activity``) are
decoded one by one. Field numbers, scales, offsets, components and enum names
come from fitdecode's profile, so the values are fitdecode's; the tests compare
the two on every fixture, value for value.

`decode_fit_columns` returns None, and the caller falls back to fitdecode,
wherever this decoder could not give exactly fitdecode's values: compressed
timestamp headers, accumulated components (compressed speed and distance), a
used field that is an array, a string or of a size its type does not divide, a
message or header running past the data size, trailing bytes that are not a FIT
file. fitdecode then reads the file, or words the error. Two errors are certain
without fitdecode and raised here, so a broken file is not decoded twice: a file
shorter than its header's data size (truncated), and a data message whose local
message type was never defined. Like the fitdecode path, it does not check the
CRC.
Device-relative timestamps (below 0x10000000) are returned as such, as
fitdecode returns them. References: activities.md section 5.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
from fitdecode import profile

from tractus.errors import ActivityFileError

__all__ = ["RECORD_COLUMNS", "FitContent", "decode_fit_columns"]

FIT_EPOCH_S = 631065600  # 1989-12-31T00:00:00Z, where FIT time 0 is
RELATIVE_LIMIT = 0x10000000  # FIT times below this are device-relative seconds
_SEMICIRCLE_DEG = 180.0 / 2**31
# Per-record columns, float64, NaN where the file has no valid value.
RECORD_COLUMNS = ("abs", "rel", "lat", "lon", "ele", "dist", "hr", "cad", "speed")
RECORD_FIELDS = frozenset(
    {
        "timestamp",
        "position_lat",
        "position_long",
        "altitude",
        "enhanced_altitude",
        "distance",
        "heart_rate",
        "cadence",
        "fractional_cadence",
        "speed",
        "enhanced_speed",
    }
)
_RECORD, _FILE_ID, _SPORT, _SESSION, _ACTIVITY = 20, 0, 12, 18, 34
_ONE_BY_ONE = frozenset({_FILE_ID, _SPORT, _SESSION, _ACTIVITY})
# FIT base type -> (numpy type code, struct code, invalid value; NaN for floats).
_BASE_TYPES: dict[int, tuple[str, str, float]] = {
    0x00: ("u1", "B", 0xFF),
    0x01: ("i1", "b", 0x7F),
    0x02: ("u1", "B", 0xFF),
    0x83: ("i2", "h", 0x7FFF),
    0x84: ("u2", "H", 0xFFFF),
    0x85: ("i4", "i", 0x7FFFFFFF),
    0x86: ("u4", "I", 0xFFFFFFFF),
    0x88: ("f4", "f", np.nan),
    0x89: ("f8", "d", np.nan),
    0x0A: ("u1", "B", 0),
    0x8B: ("u2", "H", 0),
    0x8C: ("u4", "I", 0),
}


@dataclass(frozen=True, slots=True)
class FitContent:
    """What the activity reader takes from a FIT file, whichever decoder read it.

    `columns` holds one float64 array per name in `RECORD_COLUMNS`, one value
    per ``record`` message in file order: ``abs`` epoch seconds (NaN for a
    device-relative time), ``rel`` device-relative seconds, ``lat``/``lon``
    degrees, ``ele`` metres (enhanced altitude first), ``dist`` metres, ``hr``
    bpm, ``cad`` per-foot cadence with its fraction, ``speed`` m/s. The other
    messages are dicts of field name to fitdecode's value.
    """

    columns: dict[str, np.ndarray]
    sessions: list[dict[str, Any]]
    file_type: Any
    activity: dict[str, Any]
    sport_label: str | None


class _Unsupported(Exception):
    """This file needs fitdecode (see the module docstring)."""


@dataclass(slots=True)
class _Layout:
    """One message layout; every data message using it starts at a `positions` entry."""

    global_num: int
    endian: str
    size: int
    fields: tuple[tuple[int, int, int, int], ...]  # (number, offset, size, base type)
    positions: list[int]


def _definition(
    data: bytes, p: int, header: int, layouts: dict[tuple[Any, ...], _Layout]
) -> tuple[_Layout, int]:
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
    if header & 0x20:  # developer fields: only their sizes matter here
        developer = data[q]
        for k in range(developer):
            offset += data[q + 2 + 3 * k]
        q += 1 + 3 * developer
    key = (global_num, endian, tuple(fields), offset)
    layout = layouts.get(key)
    if layout is None:
        layout = layouts[key] = _Layout(global_num, endian, offset, tuple(fields), [])
    return layout, q


def _scan_body(
    data: bytes,
    start: int,
    end: int,
    layouts: dict[tuple[Any, ...], _Layout],
    file: str,
) -> None:
    """Record where each data message of one FIT file's body starts.

    Messages are read in order up to the body's end or the file's, whichever
    comes first, so the first problem is the one reported, as fitdecode does.
    """
    sizes = [-1] * 16
    lists: list[list[int]] = [[] for _ in range(16)]
    p, stop = start, min(end, len(data))
    while p < stop:
        header = data[p]
        if not header & 0xC0:  # a data message: by far the most frequent
            k = header & 0x0F
            size = sizes[k]
            if size < 0:
                raise ActivityFileError(
                    file, f"corrupt FIT file (local message {k} not defined @ {p})"
                )
            lists[k].append(p + 1)
            p += 1 + size
        elif header & 0x80:
            raise _Unsupported  # compressed timestamp header
        else:
            layout, p = _definition(data, p, header, layouts)
            k = header & 0x0F
            sizes[k], lists[k] = layout.size, layout.positions
    if p > len(data):
        raise ActivityFileError(
            file,
            f"truncated FIT file (the last message ends at byte {p}, "
            f"after the end of the file at byte {len(data)})",
        )
    if end + 2 > len(data):
        raise ActivityFileError(
            file,
            f"truncated FIT file (the header declares {end - start} data bytes "
            f"and a CRC from byte {start}; the file ends at byte {len(data)})",
        )
    if p != end:
        raise _Unsupported  # a message runs past the data size: fitdecode words it


def _scan(data: bytes, file: str) -> list[_Layout]:
    """Every message layout of a (possibly chained) FIT file, with its messages."""
    layouts: dict[tuple[Any, ...], _Layout] = {}
    pos = 0
    while pos < len(data):
        if len(data) - pos < 12 or data[pos + 8 : pos + 12] != b".FIT":
            raise _Unsupported
        header_size = data[pos]
        body_size = int.from_bytes(data[pos + 4 : pos + 8], "little")
        if header_size not in (12, 14):
            raise _Unsupported
        start = pos + header_size
        end = start + body_size
        _scan_body(data, start, end, layouts, file)
        pos = end + 2  # the 2-byte CRC
    return list(layouts.values())


def _raw_column(
    buf: np.ndarray, layout: _Layout, positions: np.ndarray, spec: tuple[int, ...]
) -> tuple[np.ndarray, np.ndarray]:
    """(raw values, valid mask) of one field over all messages of a layout."""
    _number, offset, size, base = spec
    if base not in _BASE_TYPES:
        raise _Unsupported
    code, _struct_code, invalid = _BASE_TYPES[base]
    dtype = np.dtype(layout.endian + code)
    if size != dtype.itemsize:
        raise _Unsupported  # arrays and odd sizes become tuples or bytes in fitdecode
    raw = buf[positions[:, None] + np.arange(offset, offset + size)].view(dtype)[:, 0]
    valid = ~np.isnan(raw) if np.isnan(invalid) else raw != invalid
    return raw, valid


def _scaled(raw: np.ndarray, valid: np.ndarray, scale: Any, offset: Any) -> np.ndarray:
    """fitdecode's ``float(raw) / scale - offset``, NaN where the raw value is invalid."""
    values = raw.astype(np.float64)
    if scale:
        values = values / float(scale)
    if offset:
        values = values - float(offset)
    values[~valid] = np.nan
    return values


def _component(raw: np.ndarray, valid: np.ndarray, component: Any) -> np.ndarray:
    if component.accumulate or raw.dtype.kind not in "iu":
        raise _Unsupported  # compressed speed and distance
    bits = (raw.astype(np.int64) >> component.bit_offset) & ((1 << component.bits) - 1)
    return _scaled(bits, valid, component.scale, component.offset)


def _record_values(
    buf: np.ndarray, layout: _Layout, positions: np.ndarray
) -> dict[str, np.ndarray]:
    """Field name -> values, as a dict of fitdecode's fields would hold them.

    fitdecode lists a field's components before the field itself, and a dict
    built from its fields keeps the last value of a name; the same order is
    kept here, so a component and a field of the same name resolve alike.
    """
    fields = profile.MESSAGE_TYPES[_RECORD].fields
    values: dict[str, np.ndarray] = {}
    for spec in layout.fields:
        field = fields.get(spec[0])
        if field is None:
            continue
        targets = [(c, fields[c.def_num].name) for c in field.components or ()]
        wanted = [(c, name) for c, name in targets if name in RECORD_FIELDS]
        if field.name not in RECORD_FIELDS and not wanted:
            continue
        raw, valid = _raw_column(buf, layout, positions, spec)
        for component, name in wanted:
            values[name] = _component(raw, valid, component)
        if field.name in RECORD_FIELDS:
            values[field.name] = _scaled(raw, valid, field.scale, field.offset)
    return values


def _first_valid(
    first: np.ndarray | None, second: np.ndarray | None, n: int
) -> np.ndarray:
    """`first` where it has a value, else `second` (``a if a is not None else b``)."""
    nan = np.full(n, np.nan)
    a = nan if first is None else first
    b = nan if second is None else second
    return np.where(np.isnan(a), b, a)


def _record_columns(values: dict[str, np.ndarray], n: int) -> dict[str, np.ndarray]:
    """The reader's columns from one layout's field values (see `FitContent`)."""
    nan = np.full(n, np.nan)
    stamp = values.get("timestamp", nan)
    relative = stamp < RELATIVE_LIMIT
    cadence = values.get("cadence", nan)
    fraction = values.get("fractional_cadence")
    return {
        "abs": np.where(relative, np.nan, stamp + FIT_EPOCH_S),
        "rel": np.where(relative, stamp, np.nan),
        "lat": values.get("position_lat", nan) * _SEMICIRCLE_DEG,
        "lon": values.get("position_long", nan) * _SEMICIRCLE_DEG,
        "ele": _first_valid(values.get("enhanced_altitude"), values.get("altitude"), n),
        "dist": values.get("distance", nan),
        "hr": values.get("heart_rate", nan),
        "cad": cadence if fraction is None else cadence + np.nan_to_num(fraction),
        "speed": _first_valid(values.get("enhanced_speed"), values.get("speed"), n),
    }


def _records(buf: np.ndarray, layouts: list[_Layout]) -> dict[str, np.ndarray]:
    """The record columns of all record layouts, in file order."""
    parts: list[tuple[np.ndarray, dict[str, np.ndarray]]] = []
    for layout in layouts:
        if layout.global_num == _RECORD and layout.positions:
            positions = np.array(layout.positions, dtype=np.int64)
            values = _record_values(buf, layout, positions)
            parts.append((positions, _record_columns(values, positions.size)))
    if not parts:
        return {name: np.empty(0) for name in RECORD_COLUMNS}
    order = np.argsort(np.concatenate([p for p, _ in parts]), kind="stable")
    return {
        name: np.concatenate([c[name] for _, c in parts])[order]
        for name in RECORD_COLUMNS
    }


def _scale(value: Any, scaling: Any) -> Any:
    """fitdecode's scale and offset: only numbers, ``float(value) / scale - offset``."""
    if isinstance(value, int | float):
        if scaling.scale:
            value = float(value) / scaling.scale
        if scaling.offset:
            value = value - scaling.offset
    return value


def _typed(field: Any, value: Any) -> Any:
    """What fitdecode's default processor makes of a value of the field's type."""
    kind = field.type.name
    if value is None:
        return None
    if (
        kind == "date_time"
        and isinstance(value, int | float)
        and value >= RELATIVE_LIMIT
    ):
        return datetime.fromtimestamp(FIT_EPOCH_S + value, UTC)
    if kind == "local_date_time":
        return datetime.fromtimestamp(FIT_EPOCH_S + value, UTC)
    if kind == "bool":
        return bool(value)
    return value


def _message(data: bytes, layout: _Layout, position: int) -> dict[str, Any]:
    """One non-record message as {field name: fitdecode's value} (numeric fields).

    As in `_record_values`, a field's components come before the field itself
    and the last value of a name is kept.
    """
    fields = profile.MESSAGE_TYPES[layout.global_num].fields
    message: dict[str, Any] = {}
    for number, offset, size, base in layout.fields:
        field = fields.get(number)
        if field is None or base not in _BASE_TYPES:
            continue
        _code, struct_code, invalid = _BASE_TYPES[base]
        if size != struct.calcsize(struct_code):
            continue
        (raw,) = struct.unpack_from(
            layout.endian + struct_code, data, position + offset
        )
        is_invalid = raw != raw if isinstance(raw, float) else raw == invalid
        raw = None if is_invalid else raw
        for component in field.components or ():
            if component.accumulate:
                raise _Unsupported
            target = fields[component.def_num]
            bits = None if raw is None else component.render(int(raw))
            message[target.name] = _typed(
                target, target.render(_scale(bits, component))
            )
        message[field.name] = _typed(field, _scale(field.render(raw), field))
    return message


def _messages(data: bytes, layouts: list[_Layout]) -> dict[int, list[dict[str, Any]]]:
    """The file_id, sport, session and activity messages, each in file order."""
    found: list[tuple[int, int, dict[str, Any]]] = []
    for layout in layouts:
        if layout.global_num in _ONE_BY_ONE:
            found.extend(
                (p, layout.global_num, _message(data, layout, p))
                for p in layout.positions
            )
    by_kind: dict[int, list[dict[str, Any]]] = {k: [] for k in _ONE_BY_ONE}
    for _position, kind, message in sorted(found, key=lambda item: item[0]):
        by_kind[kind].append(message)
    return by_kind


def decode_fit_columns(data: bytes, *, file: str) -> FitContent | None:
    """Decode what the activity reader needs, or None where fitdecode must read it.

    Parameters
    ----------
    data : bytes
        A whole FIT file (chained files allowed), header included.
    file : str
        Name used in error messages.

    Returns
    -------
    FitContent or None
        None for the cases listed in the module docstring.

    Raises
    ------
    ActivityFileError
        If the file is truncated or uses an undefined local message type.
    """
    try:
        layouts = _scan(data, file)
        columns = _records(np.frombuffer(data, dtype=np.uint8), layouts)
        messages = _messages(data, layouts)
    except (_Unsupported, IndexError, struct.error):
        return None
    file_ids, sports = messages[_FILE_ID], messages[_SPORT]
    activities = messages[_ACTIVITY]
    return FitContent(
        columns=columns,
        sessions=messages[_SESSION],
        file_type=file_ids[0].get("type") if file_ids else None,
        activity=activities[-1] if activities else {},
        sport_label=str(sports[0].get("sport")) if sports else None,
    )
