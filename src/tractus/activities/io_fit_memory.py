"""fitdecode, reading from bytes in memory: the fallback of the fast FIT decoder.

fitdecode reads a file field by field through a file object (two calls and a
join per field) and builds a `struct.Struct` for every field of every message.
A third of its time on a 1 MB file goes there (bench/fit_fallback.py). This
reader is fitdecode's `FitReader` with those two steps replaced: it slices the
bytes, and unpacks each message with the unpackers of its definition, built
once. Everything else (headers, definitions, components, accumulators,
developer fields, processors, every error) is fitdecode's own code; a message
the file cannot hold whole is read field by field by fitdecode itself, so a
truncated file fails where and as it does in fitdecode. The tests compare it
with the unmodified `fitdecode.FitReader` on every fixture and on damaged files.

Relies on two private methods of fitdecode 0.11 (`_read_bytes`,
`_read_data_message_raw_values`); the lock file pins that version.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from typing import Any

import fitdecode
from fitdecode import types, utils
from fitdecode.exceptions import FitEOFError

__all__ = ["LeanProcessor", "MemoryFitReader"]

_BYTE_ID = types.BASE_TYPE_BYTE.identifier
_UNRESOLVED = object()
# If a later fitdecode adds field or unit conversions, the lean processor
# keeps running them.
_HAS_FIELD_OR_UNIT_METHODS = any(
    name.startswith(("process_field_", "process_units_"))
    for name in dir(fitdecode.DefaultDataProcessor)
)


class LeanProcessor(fitdecode.DefaultDataProcessor):  # type: ignore[misc]  # fitdecode ships no types
    """fitdecode's default processor without its per-field method look-ups.

    The default processor builds a method name and looks it up for every field
    three times (type, field, unit), although it only has methods for four
    types and one message. This one calls exactly the same methods (so values
    are identical, which the tests check on every fixture) and skips the rest.
    """

    def __init__(self) -> None:
        super().__init__()
        self._by_type: dict[str, Any] = {}

    def on_process_type(self, reader: Any, field_data: Any) -> None:
        field = field_data.field
        name = field.type.name if field else field_data.base_type.name
        method = self._by_type.get(name, _UNRESOLVED)
        if method is _UNRESOLVED:
            method = self._resolve_method(f"process_type_{name}")
            self._by_type[name] = method
        if method is not None:
            method(reader, field_data)

    if not _HAS_FIELD_OR_UNIT_METHODS:

        def on_process_field(self, reader: Any, field_data: Any) -> None:
            return None

        def on_process_unit(self, reader: Any, field_data: Any) -> None:
            return None


@dataclass(frozen=True, slots=True)
class _Plan:
    """How to unpack the data messages of one definition, as fitdecode does."""

    definition: Any  # kept alive, so that its id() is never reused
    unpackers: list[tuple[struct.Struct, Any]]  # fitdecode's, one per field
    size: int  # bytes fitdecode reads per message
    # One unpacker for the whole message, and each field's parse, when every
    # field is a single number (the usual record): one call per message.
    flat: struct.Struct | None
    parses: list[Any]


def _plan(def_mesg: Any) -> _Plan:
    unpackers, formats = [], []
    for field_def in def_mesg.all_field_defs:
        base = field_def.base_type
        count = int(field_def.size / base.size)  # as fitdecode: may read fewer
        unpackers.append((struct.Struct(f"{def_mesg.endian}{count}{base.fmt}"), base))
        single = count == 1 and base.identifier != _BYTE_ID and base.fmt != "s"
        formats.append(base.fmt if single else None)
    flat = None
    if None not in formats:
        flat = struct.Struct(def_mesg.endian + "".join(f for f in formats if f))
    size = sum(unpacker.size for unpacker, _base in unpackers)
    parses = [base.parse for _unpacker, base in unpackers]
    return _Plan(def_mesg, unpackers, size, flat, parses)


def _values(plan: _Plan, data: bytes, start: int) -> list[Any]:
    """fitdecode's raw values of one message (see its _read_data_message_raw_values)."""
    if plan.flat is not None:
        raws = plan.flat.unpack_from(data, start)
        return [parse(raw) for parse, raw in zip(plan.parses, raws, strict=True)]
    values, offset = [], start
    for unpacker, base in plan.unpackers:
        raw = unpacker.unpack_from(data, offset)
        offset += unpacker.size
        if base.identifier == _BYTE_ID:
            values.append(base.parse(raw))
        elif len(raw) > 1:
            values.append(tuple(base.parse(v) for v in raw))
        else:
            values.append(base.parse(raw[0]))
    return values


class MemoryFitReader(fitdecode.FitReader):  # type: ignore[misc]  # fitdecode ships no types
    """`fitdecode.FitReader` over bytes, with unpackers kept per definition."""

    def __init__(self, data: bytes, **options: Any) -> None:
        self._data = data
        self._plans: dict[int, _Plan] = {}
        super().__init__(io.BytesIO(data), **options)

    def _read_bytes(self, size: int) -> bytes:
        if size <= 0:
            raise ValueError("size")
        start = self._read_offset
        chunk = self._data[start : start + size]
        if len(chunk) != size:
            raise FitEOFError(size, len(chunk), start)
        if self.check_crc is not fitdecode.CrcCheck.DISABLED:
            self._crc = utils.compute_crc(chunk, crc=self._crc)  # type: ignore[has-type]  # fitdecode is untyped
        self._chunk_size += size
        self._read_offset += size
        self._read_size += size
        return chunk

    def _read_data_message_raw_values(
        self, def_mesg: Any
    ) -> tuple[list[Any], list[Any]]:
        plan = self._plans.get(id(def_mesg))
        if plan is None:
            plan = self._plans[id(def_mesg)] = _plan(def_mesg)
        start = self._read_offset
        whole = all(unpacker.size for unpacker, _base in plan.unpackers)
        if not whole or start + plan.size > len(self._data) or self._keep_raw:
            # fitdecode reads it field by field and fails where it fails
            return super()._read_data_message_raw_values(def_mesg)  # type: ignore[no-any-return]
        chunk = self._read_bytes(plan.size) if plan.size else b""
        return [chunk], _values(plan, self._data, start)
