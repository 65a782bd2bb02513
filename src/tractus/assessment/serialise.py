"""A `HeadToToeExam` to and from JSON, naming the field of anything rejected.

One serialiser for both ways, so what is saved reads back into an equal exam.
Missing fields take their defaults ("not measured"); unknown fields are refused so
a typo is not silently dropped.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from tractus.assessment.exam import (
    HeadToToeExam,
    LegExam,
    LumbarScreen,
    SquatRating,
    TestResult,
)
from tractus.errors import AssessmentInputError
from tractus.rehab.findings import Side

__all__ = ["exam_from_dict", "exam_to_dict"]

_ENUMS: dict[str, type[Side] | type[TestResult] | type[SquatRating]] = {
    "affected_side": Side,
    "single_leg_squat": SquatRating,
}
_NUMBERS = (int, float)


def exam_to_dict(exam: HeadToToeExam) -> dict[str, Any]:
    """JSON-ready dict that `exam_from_dict` reads back to an equal exam."""
    data = dataclasses.asdict(exam)
    for leg in ("left", "right"):
        fpi = data[leg]["foot_posture_index"]
        data[leg]["foot_posture_index"] = None if fpi is None else list(fpi)
    plain: dict[str, Any] = _plain(data)
    return plain


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, Side | TestResult | SquatRating):
        return str(value)
    return value


def exam_from_dict(data: dict[str, Any]) -> HeadToToeExam:
    """The exam stored by `exam_to_dict`; raises `AssessmentInputError` naming the field."""
    kwargs = _fields_of(HeadToToeExam, data, prefix="")
    for leg in ("left", "right"):
        kwargs[leg] = LegExam(**_fields_of(LegExam, data.get(leg) or {}, f"{leg}."))
    kwargs["lumbar"] = LumbarScreen(
        **_fields_of(LumbarScreen, data.get("lumbar") or {}, "lumbar.")
    )
    return HeadToToeExam(**kwargs)


_NESTED = {"left", "right", "lumbar"}


def _fields_of(cls: type, data: dict[str, Any], prefix: str) -> dict[str, Any]:
    known = {f.name: f for f in dataclasses.fields(cls)}
    unknown = set(data) - set(known)
    if unknown:
        raise AssessmentInputError(f"{prefix}{sorted(unknown)[0]}", "unknown field")
    out: dict[str, Any] = {}
    for name, value in data.items():
        if name in _NESTED:
            continue
        out[name] = _value(known[name], value, f"{prefix}{name}")
    for name, f in known.items():
        required = f.default is dataclasses.MISSING
        required &= f.default_factory is dataclasses.MISSING
        if required and name not in out and name not in _NESTED:
            raise AssessmentInputError(f"{prefix}{name}", "is required")
    return out


def _value(field: dataclasses.Field[Any], value: Any, where: str) -> Any:
    hint = str(field.type)
    if value is None:
        if "None" not in hint:
            raise AssessmentInputError(where, "is required")
        return None
    if field.name in _ENUMS or hint == "TestResult":
        return _enum(_ENUMS.get(field.name, TestResult), value, where)
    if hint == "bool":
        if not isinstance(value, bool):
            raise AssessmentInputError(where, "must be true or false")
        return value
    if hint == "str":
        return str(value)
    if "tuple" in hint:
        if not isinstance(value, list) or not all(type(v) is int for v in value):
            raise AssessmentInputError(where, "must be a list of whole numbers")
        return tuple(value)
    if isinstance(value, bool) or not isinstance(value, _NUMBERS):
        raise AssessmentInputError(where, f"must be a number, not {value!r}")
    return float(value)


def _enum(enum: type[Side | TestResult | SquatRating], value: Any, where: str) -> Any:
    try:
        return enum(value)
    except ValueError:
        raise AssessmentInputError(where, f"unknown value {value!r}") from None
