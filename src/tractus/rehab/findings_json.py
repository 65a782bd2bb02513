"""`Findings` to and from JSON, naming the field of anything rejected.

The JSON has one object per part (`triage`, `load`, `motion`, `assessment`,
`preferences`); the triage part is the symptom check's JSON (`tractus triage --json`)
or just its `urgency`, `red_flags`, `itbs_likelihood` and `next_step`. Missing parts and
fields take their defaults; unknown fields are refused so a typo is not silently
ignored.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from tractus.errors import RehabInputError
from tractus.rehab.exercise import Equipment
from tractus.rehab.findings import (
    AssessmentFindings,
    Findings,
    LoadFindings,
    MotionFindings,
    Preferences,
    Side,
    TriageSummary,
)
from tractus.triage.result import Likelihood, RedFlag, Urgency

__all__ = ["findings_from_dict", "findings_to_dict", "triage_from_dict"]

_E = TypeVar("_E", Urgency, Likelihood, Side, Equipment)


def findings_to_dict(findings: Findings) -> dict[str, Any]:
    """JSON-ready dict that `findings_from_dict` reads back to an equal value."""
    t = findings.triage
    return {
        "triage": {
            "urgency": str(t.urgency),
            "red_flags": [
                {
                    "id": f.id,
                    "urgency": str(f.urgency),
                    "title": f.title,
                    "advice": f.advice,
                    "source": f.source,
                    "finding": f.finding,
                }
                for f in t.red_flags
            ],
            "itbs_likelihood": str(t.itbs_likelihood),
            "next_step": t.next_step,
        },
        "load": dataclasses.asdict(findings.load),
        "motion": dataclasses.asdict(findings.motion),
        "assessment": None
        if findings.assessment is None
        else {
            k: (str(v) if isinstance(v, Side) else v)
            for k, v in dataclasses.asdict(findings.assessment).items()
        },
        "preferences": {
            "days_per_week": findings.preferences.days_per_week,
            "equipment": sorted(str(e) for e in findings.preferences.equipment),
        },
    }


def findings_from_dict(data: object) -> Findings:
    """Read findings; raises `RehabInputError` naming the first bad field."""
    obj = _object(data, "findings")
    _known(obj, {"triage", "load", "motion", "assessment", "preferences"}, "findings")
    if "triage" not in obj:
        raise RehabInputError("triage", "missing: the symptom check's result")
    assessment = obj.get("assessment")
    return Findings(
        triage=triage_from_dict(obj["triage"]),
        load=_part(LoadFindings, obj.get("load", {}), "load"),
        motion=_part(MotionFindings, obj.get("motion", {}), "motion"),
        assessment=None
        if assessment is None
        else _part(AssessmentFindings, assessment, "assessment"),
        preferences=_preferences(obj.get("preferences", {})),
    )


def triage_from_dict(data: object) -> TriageSummary:
    """The triage summary from a triage result's JSON (extra keys are allowed)."""
    obj = _object(data, "triage")
    urgency = _choice(Urgency, obj.get("urgency", "none"), "triage.urgency")
    likelihood = _choice(
        Likelihood, obj.get("itbs_likelihood", "likely"), "triage.itbs_likelihood"
    )
    flags = obj.get("red_flags", [])
    if not isinstance(flags, list):
        raise RehabInputError("triage.red_flags", "must be a list")
    red_flags = tuple(
        _red_flag(f, f"triage.red_flags[{i}]") for i, f in enumerate(flags)
    )
    if red_flags and urgency is Urgency.NONE:
        raise RehabInputError("triage.urgency", "is 'none' but red flags are listed")
    next_step = obj.get("next_step", "")
    if not isinstance(next_step, str):
        raise RehabInputError("triage.next_step", "must be text")
    return TriageSummary(urgency, red_flags, likelihood, next_step)


def _red_flag(data: object, where: str) -> RedFlag:
    obj = _object(data, where)
    values = {}
    for key in ("id", "title", "advice", "source", "finding"):
        value = obj.get(key, "")
        if not isinstance(value, str):
            raise RehabInputError(f"{where}.{key}", "must be text")
        values[key] = value
    urgency = _choice(Urgency, obj.get("urgency", "urgent"), f"{where}.urgency")
    return RedFlag(
        values["id"],
        urgency,
        values["title"],
        values["advice"],
        values["source"],
        values["finding"],
    )


def _part(cls: type[Any], data: object, where: str) -> Any:
    obj = _object(data, where)
    names = {f.name: f.type for f in dataclasses.fields(cls)}
    _known(obj, set(names), where)
    values = {k: _value(v, names[k], f"{where}.{k}") for k, v in obj.items()}
    return cls(**values)


def _value(value: object, kind: object, where: str) -> object:
    """Check one value against its field's annotation (a string, from __future__)."""
    if kind == "bool":
        if not isinstance(value, bool):
            raise RehabInputError(where, "must be true or false")
        return value
    if value is None and str(kind).endswith("| None"):
        return None
    if kind == "float | None":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise RehabInputError(where, "must be a number")
        if not 0 <= value < 1e6:
            raise RehabInputError(where, f"must be 0 or more, not {value}")
        return float(value)
    if kind == "Side | None":
        return _choice(Side, value, where)
    raise RehabInputError(where, "has an unsupported type")  # pragma: no cover


def _preferences(data: object) -> Preferences:
    obj = _object(data, "preferences")
    _known(obj, {"days_per_week", "equipment"}, "preferences")
    days = obj.get("days_per_week", 3)
    if isinstance(days, bool) or not isinstance(days, int):
        raise RehabInputError("preferences.days_per_week", "must be a whole number")
    kit = obj.get("equipment", [])
    if not isinstance(kit, list):
        raise RehabInputError("preferences.equipment", "must be a list")
    equipment = frozenset(
        _choice(Equipment, e, f"preferences.equipment[{i}]") for i, e in enumerate(kit)
    )
    return Preferences(days, equipment)


def _object(data: object, where: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise RehabInputError(where, "must be a JSON object")
    return data


def _known(obj: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(obj) - allowed)
    if unknown:
        raise RehabInputError(f"{where}.{unknown[0]}", "is not a known field")


def _choice(enum: type[_E], value: object, where: str) -> _E:
    allowed = ", ".join(e.value for e in enum)
    if not isinstance(value, str):
        raise RehabInputError(where, f"must be one of {allowed}, not {value!r}")
    try:
        return enum(value)
    except ValueError:
        raise RehabInputError(
            where, f"must be one of {allowed}, not {value!r}"
        ) from None
