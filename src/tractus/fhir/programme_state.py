"""What a CarePlan needs to become a programme again, as one Tractus extension.

The CarePlan says what the runner does this week in FHIR's own terms; what the
programme generator was told (the findings), where the runner is on the phases
(level, run-walk stage) and each exercise's dose as the clinician left it have no
FHIR element, so they travel in an extension whose URL this instance defines
(``StructureDefinition/programme-state``). The findings are the generator's own
JSON (`tractus.rehab.findings_to_dict`) as an ``application/json`` attachment.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from tractus.errors import FhirInputError
from tractus.fhir.questionnaire import DEFAULT_BASE_URL
from tractus.fhir.reading import read_list

__all__ = [
    "PlannedDose",
    "ProgrammeState",
    "programme_state_extension",
    "read_programme_state",
]


@dataclass(frozen=True, slots=True)
class PlannedDose:
    """One exercise of the current level as the runner does it (clinician's edits in)."""

    exercise_id: str
    sets: int
    reps: int | None
    hold_s: int | None
    rest_s: int
    per_side: bool
    optional: bool
    answers: tuple[str, ...]
    reason: str
    source: str
    note: str
    edited_by_clinician: bool


@dataclass(frozen=True, slots=True)
class ProgrammeState:
    """The programme beyond its CarePlan: generator input and progress."""

    findings: Mapping[str, Any]
    version: str
    started_on: date
    level: int
    run_stage: int
    stage_runs: int
    clinician_note: str
    exercises: tuple[PlannedDose, ...]


def _url(base_url: str) -> str:
    return f"{base_url}StructureDefinition/programme-state"


def _typed(name: str, value: object) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"url": name, "valueBoolean": value}
    if isinstance(value, int):
        return {"url": name, "valueInteger": value}
    return {"url": name, "valueString": str(value)}


def _dose(dose: PlannedDose) -> dict[str, Any]:
    parts = []
    for f in fields(dose):
        value = getattr(dose, f.name)
        if f.name == "answers":
            parts += [{"url": "answer", "valueCode": code} for code in value]
        elif value is not None and value != "":
            parts.append(_typed(f.name, value))
    return {"url": "exercise", "extension": parts}


def programme_state_extension(
    state: ProgrammeState, *, base_url: str = DEFAULT_BASE_URL
) -> dict[str, Any]:
    """The state as one complex extension of the CarePlan."""
    findings = json.dumps(state.findings, sort_keys=True).encode("utf-8")
    parts: list[dict[str, Any]] = [
        {
            "url": "findings",
            "valueAttachment": {
                "contentType": "application/json",
                "data": base64.b64encode(findings).decode("ascii"),
            },
        },
        {"url": "version", "valueString": state.version},
        {"url": "started_on", "valueDate": state.started_on.isoformat()},
        {"url": "level", "valueInteger": state.level},
        {"url": "run_stage", "valueInteger": state.run_stage},
        {"url": "stage_runs", "valueInteger": state.stage_runs},
    ]
    if state.clinician_note:
        parts.append({"url": "clinician_note", "valueString": state.clinician_note})
    parts += [_dose(d) for d in state.exercises]
    return {"url": _url(base_url), "extension": parts}


def _value(part: Mapping[str, Any], where: str) -> object:
    values = [v for k, v in part.items() if k.startswith("value")]
    if len(values) != 1:
        raise FhirInputError(where, "needs exactly one value")
    return values[0]


def _read_dose(extension: Mapping[str, Any], where: str) -> PlannedDose:
    found: dict[str, Any] = {"answers": [], "reps": None, "hold_s": None}
    found |= {"reason": "", "source": "", "note": ""}
    for n, part in enumerate(read_list(extension, "extension", where)):
        name = part.get("url") if isinstance(part, Mapping) else None
        if not isinstance(name, str):
            raise FhirInputError(f"{where}.extension[{n}]", "has no url")
        value = _value(part, f"{where}.extension[{n}]")
        if name == "answer":
            found["answers"].append(value)
        else:
            found[name] = value
    kinds = {f.name: f.type for f in fields(PlannedDose)}
    unknown = set(found) - set(kinds)
    if unknown:
        raise FhirInputError(where, f"unknown part {sorted(unknown)[0]!r}")
    try:
        dose = PlannedDose(**{**found, "answers": tuple(found["answers"])})
    except TypeError as error:
        raise FhirInputError(where, f"incomplete exercise ({error})") from None
    for name in ("sets", "rest_s"):
        if isinstance(getattr(dose, name), bool) or not isinstance(
            getattr(dose, name), int
        ):
            raise FhirInputError(f"{where}.{name}", "must be a whole number")
    return dose


def _findings(part: Mapping[str, Any], where: str) -> Mapping[str, Any]:
    attachment = part.get("valueAttachment")
    data = attachment.get("data") if isinstance(attachment, Mapping) else None
    try:
        findings = json.loads(base64.b64decode(str(data), validate=True))
    except (binascii.Error, ValueError):
        raise FhirInputError(where, "findings must be base64 JSON") from None
    if not isinstance(findings, dict):
        raise FhirInputError(where, "findings must be a JSON object")
    return findings


def read_programme_state(
    care_plan: Mapping[str, Any], *, base_url: str = DEFAULT_BASE_URL
) -> ProgrammeState:
    """The state a CarePlan of this instance carries; `FhirInputError` names a gap."""
    extensions = [
        e
        for e in read_list(care_plan, "extension", "CarePlan")
        if isinstance(e, Mapping) and e.get("url") == _url(base_url)
    ]
    if len(extensions) != 1:
        raise FhirInputError("CarePlan.extension", f"needs one {_url(base_url)}")
    found: dict[str, Any] = {"clinician_note": "", "exercises": []}
    for n, part in enumerate(
        read_list(extensions[0], "extension", "CarePlan.extension")
    ):
        where = f"CarePlan.extension.extension[{n}]"
        name = part.get("url") if isinstance(part, Mapping) else None
        if name == "exercise":
            found["exercises"].append(_read_dose(part, where))
        elif name == "findings":
            found["findings"] = _findings(part, where)
        elif name == "started_on":
            try:
                found[name] = date.fromisoformat(str(_value(part, where)))
            except ValueError:
                raise FhirInputError(where, "started_on must be a date") from None
        elif isinstance(name, str):
            found[name] = _value(part, where)
    try:
        return ProgrammeState(**{**found, "exercises": tuple(found["exercises"])})
    except TypeError as error:
        raise FhirInputError("CarePlan.extension", f"incomplete ({error})") from None
