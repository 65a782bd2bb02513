"""What the runner did of the programme: session logs and weekly reviews, as FHIR.

Both are ``Observation``s based on the programme's CarePlan (``basedOn``), in the
"therapy" category (observations made under a treatment protocol, here physical
therapy). A logged session is what the runner reported of a day's exercises, not a
procedure a clinician performed, so it is an Observation, not a ``Procedure``: its
components are the pain during and the next morning, and one per exercise (its sets
done); each set done from the coach page (reps or hold, pain, and the live coach's
numbers as JSON) is an extension of its exercise's component, as FHIR has no element
for it. A weekly review is the progression rule's decision on a finished week
(clinical.md §5.9), computed, not answered by anyone: FHIR's QuestionnaireResponse
records answers to a Questionnaire, so the review is an Observation too, its value
the action, its components the levels, the sessions and the reasons.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from tractus.errors import FhirInputError, TractusError
from tractus.fhir.coding import observation_category
from tractus.fhir.questionnaire import DEFAULT_BASE_URL, fhir_datetime
from tractus.fhir.reading import (
    read_date,
    read_datetime,
    read_list,
    read_mapping,
    read_number,
    read_str,
)
from tractus.motion.coached_set import parse_coached_set

__all__ = [
    "REVIEW_CODE",
    "SESSION_CODE",
    "LoggedExercise",
    "LoggedSession",
    "LoggedSet",
    "WeekDecision",
    "observation_to_review",
    "observation_to_session",
    "review_to_observation",
    "session_to_observation",
]

SESSION_CODE = "rehab-session"
REVIEW_CODE = "rehab-week-review"
_THERAPY = observation_category("therapy")
_REVIEW_NUMBERS = ("level_before", "level_after", "sessions_done", "sessions_planned")


@dataclass(frozen=True, slots=True)
class LoggedSet:
    """One set done from the coach page; `numbers` is `CoachedSet.to_dict()` or None."""

    logged_at: datetime
    method: str
    reps: int | None
    hold_s: float | None
    pain: int
    numbers: Mapping[str, Any] | None


@dataclass(frozen=True, slots=True)
class LoggedExercise:
    exercise_id: str
    sets_done: int
    reps_done: int | None
    sets: tuple[LoggedSet, ...]


@dataclass(frozen=True, slots=True)
class LoggedSession:
    day: date
    logged_at: datetime
    pain_during: int
    pain_next_morning: int | None
    worse_next_morning: bool | None
    notes: str
    exercises: tuple[LoggedExercise, ...]


@dataclass(frozen=True, slots=True)
class WeekDecision:
    """A weekly review: the action (progress, hold, step back) and why."""

    week_start: date
    action: str
    reasons: tuple[str, ...]
    level_before: int
    level_after: int
    sessions_done: int
    sessions_planned: int
    created_at: datetime


def _code(base_url: str, system: str, code: str) -> dict[str, Any]:
    return {"coding": [{"system": f"{base_url}CodeSystem/{system}", "code": code}]}


def _item(base_url: str, name: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"code": _code(base_url, "rehab-log", name), **value}


def _set_extension(logged: LoggedSet, base_url: str) -> dict[str, Any]:
    parts: list[dict[str, Any]] = [
        {"url": "logged_at", "valueDateTime": fhir_datetime(logged.logged_at)},
        {"url": "method", "valueCode": logged.method},
        {"url": "pain", "valueInteger": logged.pain},
    ]
    if logged.reps is not None:
        parts.append({"url": "reps", "valueInteger": logged.reps})
    if logged.hold_s is not None:
        parts.append({"url": "hold_s", "valueDecimal": logged.hold_s})
    if logged.numbers is not None:
        data = json.dumps(logged.numbers, sort_keys=True).encode("utf-8")
        attachment = {
            "contentType": "application/json",
            "data": base64.b64encode(data).decode("ascii"),
        }
        parts.append({"url": "numbers", "valueAttachment": attachment})
    return {"url": f"{base_url}StructureDefinition/logged-set", "extension": parts}


def _exercise_component(done: LoggedExercise, base_url: str) -> dict[str, Any]:
    extension = [_set_extension(s, base_url) for s in done.sets]
    if done.reps_done is not None:
        extension.insert(
            0,
            {
                "url": f"{base_url}StructureDefinition/reps-done",
                "valueInteger": done.reps_done,
            },
        )
    component: dict[str, Any] = {
        "code": _code(base_url, "exercise", done.exercise_id),
        "valueInteger": done.sets_done,
    }
    if extension:
        component = {"extension": extension, **component}
    return component


def session_to_observation(
    session: LoggedSession,
    *,
    subject_reference: str,
    care_plan_reference: str,
    base_url: str = DEFAULT_BASE_URL,
) -> dict[str, Any]:
    """A day's logged session as a final Observation based on the CarePlan."""
    components = [_item(base_url, "pain_during", {"valueInteger": session.pain_during})]
    if session.pain_next_morning is not None:
        value = {"valueInteger": session.pain_next_morning}
        components.append(_item(base_url, "pain_next_morning", value))
    if session.worse_next_morning is not None:
        value = {"valueBoolean": session.worse_next_morning}
        components.append(_item(base_url, "worse_next_morning", value))
    components += [_exercise_component(e, base_url) for e in session.exercises]
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "basedOn": [{"reference": care_plan_reference}],
        "status": "final",
        "category": [_THERAPY],
        "code": _code(base_url, "rehab-log", SESSION_CODE),
        "subject": {"reference": subject_reference},
        "effectiveDateTime": session.day.isoformat(),
        "issued": fhir_datetime(session.logged_at),
        "component": components,
    }
    if session.notes:
        resource["note"] = [{"text": session.notes}]
    return resource


def review_to_observation(
    review: WeekDecision,
    *,
    subject_reference: str,
    care_plan_reference: str,
    base_url: str = DEFAULT_BASE_URL,
) -> dict[str, Any]:
    """A weekly review as a final Observation over the week, valued by its action."""
    components = [
        _item(base_url, name, {"valueInteger": getattr(review, name)})
        for name in _REVIEW_NUMBERS
    ]
    components += [
        _item(base_url, "reason", {"valueString": reason}) for reason in review.reasons
    ]
    end = review.week_start + timedelta(days=6)
    return {
        "resourceType": "Observation",
        "basedOn": [{"reference": care_plan_reference}],
        "status": "final",
        "category": [_THERAPY],
        "code": _code(base_url, "rehab-log", REVIEW_CODE),
        "subject": {"reference": subject_reference},
        "effectivePeriod": {
            "start": review.week_start.isoformat(),
            "end": end.isoformat(),
        },
        "issued": fhir_datetime(review.created_at),
        "valueCodeableConcept": _code(base_url, "progression-action", review.action),
        "component": components,
    }


def care_plan_of(observation: Mapping[str, Any]) -> str:
    """The full URL of the CarePlan a session or review is based on."""
    based_on = read_list(observation, "basedOn", "Observation")
    if len(based_on) != 1 or not isinstance(based_on[0], Mapping):
        raise FhirInputError("Observation.basedOn", "needs the programme's CarePlan")
    return read_str(based_on[0], "reference", "Observation.basedOn[0]")


def _code_value(concept: Mapping[str, Any], where: str) -> str:
    codings = read_list(concept, "coding", where)
    if not codings or not isinstance(codings[0], Mapping):
        raise FhirInputError(where, "needs a coding")
    return read_str(codings[0], "code", f"{where}.coding[0]")


def _whole(data: Mapping[str, Any], name: str, where: str) -> int:
    value = data.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FhirInputError(
            f"{where}.{name}", f"must be a whole number, not {value!r}"
        )
    return value


def _numbers(part: Mapping[str, Any], where: str) -> Mapping[str, Any]:
    attachment = read_mapping(part, "valueAttachment", where)
    try:
        numbers = json.loads(
            base64.b64decode(str(attachment.get("data")), validate=True)
        )
        parse_coached_set(numbers)
    except (binascii.Error, ValueError):
        raise FhirInputError(where, "the coach's numbers must be base64 JSON") from None
    except TractusError as error:
        raise FhirInputError(where, f"the coach's numbers: {error}") from None
    return dict(numbers)


def _read_set(extension: Mapping[str, Any], where: str) -> LoggedSet:
    parts: dict[str, Mapping[str, Any]] = {}
    for n, part in enumerate(read_list(extension, "extension", where)):
        name = part.get("url") if isinstance(part, Mapping) else None
        if name not in {"logged_at", "method", "pain", "reps", "hold_s", "numbers"}:
            raise FhirInputError(f"{where}.extension[{n}]", f"unknown part {name!r}")
        parts[str(name)] = part
    for name in ("logged_at", "method", "pain"):
        if name not in parts:
            raise FhirInputError(f"{where}.extension", f"needs {name}")
    return LoggedSet(
        logged_at=read_datetime(parts["logged_at"], "valueDateTime", where),
        method=read_str(parts["method"], "valueCode", where),
        reps=_whole(parts["reps"], "valueInteger", where) if "reps" in parts else None,
        hold_s=read_number(parts["hold_s"], "valueDecimal", where)
        if "hold_s" in parts
        else None,
        pain=_whole(parts["pain"], "valueInteger", where),
        numbers=_numbers(parts["numbers"], where) if "numbers" in parts else None,
    )


def _read_exercise(
    component: Mapping[str, Any], exercise_id: str, where: str, base_url: str
) -> LoggedExercise:
    reps_done = None
    sets = []
    for n, extension in enumerate(read_list(component, "extension", where)):
        url = extension.get("url") if isinstance(extension, Mapping) else None
        here = f"{where}.extension[{n}]"
        if url == f"{base_url}StructureDefinition/reps-done":
            reps_done = _whole(extension, "valueInteger", here)
        elif url == f"{base_url}StructureDefinition/logged-set":
            sets.append(_read_set(extension, here))
        else:
            raise FhirInputError(here, f"unknown extension {url!r}")
    return LoggedExercise(
        exercise_id=exercise_id,
        sets_done=_whole(component, "valueInteger", where),
        reps_done=reps_done,
        sets=tuple(sets),
    )


def observation_to_session(
    observation: Mapping[str, Any], *, base_url: str = DEFAULT_BASE_URL
) -> LoggedSession:
    """The session an Observation of `session_to_observation` records."""
    found: dict[str, Any] = {"pain_next_morning": None, "worse_next_morning": None}
    exercises = []
    for n, component in enumerate(read_list(observation, "component", "Observation")):
        where = f"Observation.component[{n}]"
        concept = read_mapping(component, "code", where)
        codings = read_list(concept, "coding", f"{where}.code")
        system = codings[0].get("system") if codings else None
        code = _code_value(concept, f"{where}.code")
        if system == f"{base_url}CodeSystem/exercise":
            exercises.append(_read_exercise(component, code, where, base_url))
        elif code == "worse_next_morning":
            found[code] = component.get("valueBoolean")
        elif code in {"pain_during", "pain_next_morning"}:
            found[code] = _whole(component, "valueInteger", where)
        else:
            raise FhirInputError(f"{where}.code", f"unknown part {code!r}")
    if "pain_during" not in found:
        raise FhirInputError("Observation.component", "needs pain_during")
    notes = read_list(observation, "note", "Observation")
    return LoggedSession(
        day=read_date(observation, "effectiveDateTime", "Observation"),
        logged_at=read_datetime(observation, "issued", "Observation"),
        notes=str(notes[0].get("text", "")) if notes else "",
        exercises=tuple(exercises),
        **found,
    )


def observation_to_review(observation: Mapping[str, Any]) -> WeekDecision:
    """The weekly review an Observation of `review_to_observation` records."""
    numbers: dict[str, int] = {}
    reasons = []
    for n, component in enumerate(read_list(observation, "component", "Observation")):
        where = f"Observation.component[{n}]"
        code = _code_value(read_mapping(component, "code", where), f"{where}.code")
        if code == "reason":
            reasons.append(read_str(component, "valueString", where))
        elif code in _REVIEW_NUMBERS:
            numbers[code] = _whole(component, "valueInteger", where)
        else:
            raise FhirInputError(f"{where}.code", f"unknown part {code!r}")
    missing = set(_REVIEW_NUMBERS) - set(numbers)
    if missing:
        raise FhirInputError("Observation.component", f"needs {sorted(missing)[0]}")
    action = read_mapping(observation, "valueCodeableConcept", "Observation")
    period = read_mapping(observation, "effectivePeriod", "Observation")
    return WeekDecision(
        week_start=read_date(period, "start", "Observation.effectivePeriod"),
        action=_code_value(action, "Observation.valueCodeableConcept"),
        reasons=tuple(reasons),
        created_at=read_datetime(observation, "issued", "Observation"),
        **numbers,
    )
