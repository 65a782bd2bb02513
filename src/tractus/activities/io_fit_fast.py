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
wherever this decoder could not give exactly fitdecode's values: what
`io_fit_scan` and `io_fit_strap` decline (damaged definitions, developer
fields of odd sizes, a strap's clock fitdecode fails on, ...), accumulated
components (compressed speed
and distance), a used record field that is an array, a string or of a size its
type does not divide. fitdecode then reads the file, or words the error. The
few other messages are decoded by fitdecode's own pieces (base types,
sub-fields, components, the default processor), so they hold every native field
with fitdecode's value. Compressed timestamp headers get fitdecode's times
(`io_fit_clock`). Developer fields are not read (see `io_fit`). Like the
fitdecode path, it does not check the CRC. Device-relative timestamps (below
0x10000000) are returned as such, as fitdecode returns them. References:
activities.md section 5.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Any

import numpy as np
from fitdecode import DefaultDataProcessor, profile, types

from tractus.activities.io_fit_clock import compressed_times
from tractus.activities.io_fit_scan import Layout, Unsupported, raw_value, scan
from tractus.activities.io_fit_strap import check_strap_clock

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
_INTEGER_ONLY = frozenset({"position_lat", "position_long"})
_RECORD, _FILE_ID, _SPORT, _SESSION, _ACTIVITY = 20, 0, 12, 18, 34
_ONE_BY_ONE = frozenset({_FILE_ID, _SPORT, _SESSION, _ACTIVITY})
# FIT base type -> (numpy type code, struct code, invalid value; NaN for floats).
_PROCESSOR = DefaultDataProcessor()
_STAMP = profile.FIELD_TYPE_TIMESTAMP  # what a compressed header's time is
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


def _raw_column(
    buf: np.ndarray, layout: Layout, positions: np.ndarray, spec: tuple[int, ...]
) -> tuple[np.ndarray, np.ndarray]:
    """(raw values, valid mask) of one field over all messages of a layout."""
    _number, offset, size, base = spec
    if base not in _BASE_TYPES:
        raise Unsupported
    code, _struct_code, invalid = _BASE_TYPES[base]
    dtype = np.dtype(layout.endian + code)
    if size != dtype.itemsize:
        raise Unsupported  # arrays and odd sizes become tuples or bytes in fitdecode
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
        raise Unsupported  # compressed speed and distance
    bits = (raw.astype(np.int64) >> component.bit_offset) & ((1 << component.bits) - 1)
    return _scaled(bits, valid, component.scale, component.offset)


def _record_values(
    buf: np.ndarray, layout: Layout, positions: np.ndarray
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
        if field.name in _INTEGER_ONLY and raw.dtype.kind == "f":
            raise Unsupported  # the fitdecode path takes positions as integers only
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


_Clock = tuple[np.ndarray, np.ndarray]  # positions, times (see io_fit_clock)


def _header_times(
    values: dict[str, np.ndarray], positions: np.ndarray, clock: _Clock
) -> None:
    """Put the compressed headers' times in `values` (they win over a field's)."""
    at, times = clock
    if not at.size:
        return
    k = np.minimum(np.searchsorted(at, positions), at.size - 1)
    hit = at[k] == positions
    if hit.any():
        stamp = values.get("timestamp", np.full(positions.size, np.nan)).copy()
        stamp[hit] = times[k[hit]]
        values["timestamp"] = stamp


def _records(
    buf: np.ndarray, layouts: list[Layout], clock: _Clock
) -> dict[str, np.ndarray]:
    """The record columns of all record layouts, in file order."""
    parts: list[tuple[np.ndarray, dict[str, np.ndarray]]] = []
    for layout in layouts:
        if layout.global_num == _RECORD and layout.positions:
            positions = np.array(layout.positions, dtype=np.int64)
            values = _record_values(buf, layout, positions)
            _header_times(values, positions, clock)
            parts.append((positions, _record_columns(values, positions.size)))
    if not parts:
        return {name: np.empty(0) for name in RECORD_COLUMNS}
    order = np.argsort(np.concatenate([p for p, _ in parts]), kind="stable")
    return {
        name: np.concatenate([c[name] for _, c in parts])[order]
        for name in RECORD_COLUMNS
    }


def _scale(value: Any, scaling: Any) -> Any:
    """fitdecode's scale and offset: numbers only, each of a tuple, ``v / scale - offset``."""
    if isinstance(value, tuple):
        return tuple(_scale(v, scaling) for v in value)
    if isinstance(value, int | float):
        if scaling.scale:
            value = float(value) / scaling.scale
        if scaling.offset:
            value = value - scaling.offset
    return value


def _resolved(field: Any, layout: Layout, raws: list[Any]) -> Any:
    """The sub-field that the message's reference fields select, else the field."""
    for sub in field.subfields or ():
        for ref in sub.ref_fields:
            for (number, *_spec), raw in zip(layout.fields, raws, strict=True):
                if number == ref.def_num and ref.raw_value == raw:
                    return sub
    return field


def _processed(field: Any, value: Any) -> Any:
    """The value after fitdecode's default processor (times, booleans)."""
    data = types.FieldData(None, field, None, value, None)
    _PROCESSOR.on_process_type(None, data)
    return data.value


def _message(data: bytes, layout: Layout, position: int) -> dict[str, Any]:
    """One non-record message as {field name: fitdecode's value}, native fields only.

    The values are made by fitdecode's own pieces (base types, sub-fields,
    components, renderers, the default processor), in its order: a field's
    components come before the field, and the last value of a name is kept.
    """
    fields = profile.MESSAGE_TYPES[layout.global_num].fields
    raws = [
        raw_value(data, layout.endian, base, size, position + offset)
        for _number, offset, size, base in layout.fields
    ]
    message: dict[str, Any] = {}
    for (number, *_spec), raw in zip(layout.fields, raws, strict=True):
        field = fields.get(number)
        if field is None:
            message[f"unknown_{number}"] = raw
            continue
        field = _resolved(field, layout, raws)
        for component in field.components or ():
            try:
                bits = component.render(raw)
            except ValueError:
                continue  # fitdecode skips a component beyond the bytes read
            if component.accumulate:
                raise Unsupported
            target = _resolved(fields[component.def_num], layout, raws)
            value = target.render(_scale(bits, component))
            message[target.name] = _processed(target, value)
        message[field.name] = _processed(field, _scale(field.render(raw), field))
    return message


def _messages(
    data: bytes, layouts: list[Layout], clock: _Clock
) -> dict[int, list[dict[str, Any]]]:
    """The file_id, sport, session and activity messages, each in file order."""
    header_times = dict(zip(clock[0].tolist(), clock[1].tolist(), strict=True))
    found: list[tuple[int, int, dict[str, Any]]] = []
    for layout in layouts:
        if layout.global_num not in _ONE_BY_ONE:
            continue
        for p in layout.positions:
            message = _message(data, layout, p)
            if p in header_times:  # fitdecode adds it after the fields
                stamp = int(header_times[p])
                message[_STAMP.name] = _processed(_STAMP, _STAMP.render(stamp))
            found.append((p, layout.global_num, message))
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
        found = scan(data, file)
        check_strap_clock(data, found.layouts, found.bodies)
        clock = compressed_times(data, found)
        columns = _records(np.frombuffer(data, dtype=np.uint8), found.layouts, clock)
        messages = _messages(data, found.layouts, clock)
    except (Unsupported, IndexError, struct.error, TypeError, OverflowError):
        # TypeError, OverflowError: fitdecode's pieces fail on a damaged value,
        # as they would in fitdecode, which then words the error.
        return None
    file_ids, sports = messages[_FILE_ID], messages[_SPORT]
    activities = messages[_ACTIVITY]
    return FitContent(
        columns=columns,
        sessions=messages[_SESSION],
        # the first file_id that names a type, as the fitdecode path keeps it
        file_type=next((t for m in file_ids if (t := m.get("type")) is not None), None),
        activity=activities[-1] if activities else {},
        sport_label=str(sports[0].get("sport")) if sports else None,
    )
