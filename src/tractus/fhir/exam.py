"""The head-to-toe assessment as a FHIR R5 ``Observation`` with components, and back.

One Observation (category ``exam``) per assessment; each recorded value is a
component coded by its path in `HeadToToeExam` (``right.hip_abduction_n``) in the
Tractus code system, with LOINC added where a code exists (body weight, height).
Forces, angles and times are UCUM quantities; test results and ratings are codes;
the six FPI-6 items are six integer components. A value not measured has no
component (FHIR: absent means not recorded), so "not measured" never reads as 0.
The clinic is the performer with the clinician; the interpretation of the exam
(`tractus.assessment.interpret`) is written in the notes, each line with its source.
`observation_to_exam` reads the components back through `exam_from_dict`, the same
serialiser the database uses, so an imported exam equals the exported one. When the
summary was sent to the runner is an extension (``StructureDefinition/sent-to-runner``):
FHIR's Observation has no element for it, and the runner's page shows it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any

from tractus.assessment import HeadToToeExam, exam_from_dict, interpret
from tractus.errors import AssessmentInputError, FhirInputError
from tractus.fhir.coding import observation_category, ucum_quantity
from tractus.fhir.questionnaire import DEFAULT_BASE_URL, fhir_datetime
from tractus.fhir.reading import read_datetime, read_list
from tractus.fhir.references import clinic_reference, identifier

__all__ = [
    "ASSESSMENT_CODE",
    "exam_to_observation",
    "observation_to_exam",
    "sent_to_runner_of",
]

ASSESSMENT_CODE = "head-to-toe-assessment"
# The unit of a number is the last part of its name (units in names, DESIGN.md).
_UNIT_OF_SUFFIX = {
    "n": "N",
    "deg": "deg",
    "s": "s",
    "mm": "mm",
    "km": "km",
    "kg": "kg",
    "m": "m",
}
_LOINC = {
    "body_mass_kg": ("29463-7", "Body weight"),
    "height_m": ("8302-2", "Body height"),
}
_CATEGORY_EXAM = observation_category("exam")


def _leaves(obj: object, prefix: str = "") -> Iterator[tuple[str, object]]:
    """(path, value) of every recorded value of the exam, nested parts walked."""
    for f in dataclasses.fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        if dataclasses.is_dataclass(value):
            yield from _leaves(value, f"{prefix}{f.name}.")
        elif isinstance(value, tuple):
            for n, item in enumerate(value, start=1):
                yield f"{prefix}{f.name}.{n}", item
        elif value is not None and value != "":
            yield f"{prefix}{f.name}", value


def _component_code(path: str, base_url: str) -> dict[str, Any]:
    codings = [{"system": f"{base_url}CodeSystem/{ASSESSMENT_CODE}", "code": path}]
    if path in _LOINC:
        code, display = _LOINC[path]
        codings.append({"system": "http://loinc.org", "code": code, "display": display})
    return {"coding": codings, "text": path.replace("_", " ").replace(".", ": ")}


def _component(path: str, value: object, base_url: str) -> dict[str, Any]:
    component: dict[str, Any] = {"code": _component_code(path, base_url)}
    if isinstance(value, StrEnum):
        system = f"{base_url}CodeSystem/{ASSESSMENT_CODE}-result"
        coding = {"system": system, "code": str(value)}
        component["valueCodeableConcept"] = {"coding": [coding]}
    elif isinstance(value, bool):
        component["valueBoolean"] = value
    elif isinstance(value, str):
        component["valueString"] = value
    elif isinstance(value, int) and path.split(".")[-1].isdigit():
        component["valueInteger"] = value  # an FPI-6 item, -2 to +2
    elif isinstance(value, int | float):
        unit = _UNIT_OF_SUFFIX[path.rsplit("_", 1)[-1]]
        component["valueQuantity"] = ucum_quantity(value, unit)
    else:
        raise TypeError(f"{path}: no FHIR value for {type(value).__name__}")
    return component


def exam_to_observation(
    exam: HeadToToeExam,
    *,
    key: str,
    subject_reference: str,
    effective: datetime,
    clinic: tuple[str, str],
    clinician_name: str,
    sent_to_runner: datetime | None = None,
    base_url: str = DEFAULT_BASE_URL,
) -> dict[str, Any]:
    """The exam as a final Observation; `clinic` is its (key, name)."""
    notes = [{"text": f"{f.text} Source: {f.source}"} for f in interpret(exam).findings]
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "identifier": [identifier(base_url, "assessment", key)],
        "status": "final",
        "category": [_CATEGORY_EXAM],
        "code": {
            "coding": [
                {
                    "system": f"{base_url}CodeSystem/{ASSESSMENT_CODE}",
                    "code": ASSESSMENT_CODE,
                    "display": "Head-to-toe assessment",
                }
            ],
            "text": "Head-to-toe assessment (IT band pain)",
        },
        "subject": {"reference": subject_reference},
        "effectiveDateTime": fhir_datetime(effective),
        "performer": [
            clinic_reference(base_url, *clinic),
            {"display": clinician_name},
        ],
        "component": [_component(p, v, base_url) for p, v in _leaves(exam)],
    }
    if notes:
        observation["note"] = notes
    if sent_to_runner is not None:
        observation["extension"] = [
            {"url": _sent_url(base_url), "valueDateTime": fhir_datetime(sent_to_runner)}
        ]
    return observation


def _sent_url(base_url: str) -> str:
    return f"{base_url}StructureDefinition/sent-to-runner"


def sent_to_runner_of(
    observation: Mapping[str, Any], *, base_url: str = DEFAULT_BASE_URL
) -> datetime | None:
    """When the exam's summary was sent to the runner, or None if it was not."""
    for n, extension in enumerate(observation.get("extension") or []):
        if isinstance(extension, Mapping) and extension.get("url") == _sent_url(
            base_url
        ):
            return read_datetime(extension, "valueDateTime", f"extension[{n}]")
    return None


def _component_value(component: Mapping[str, Any], where: str) -> object:
    for name in ("valueBoolean", "valueString", "valueInteger"):
        if name in component:
            return component[name]
    if "valueQuantity" in component:
        quantity = component["valueQuantity"]
        if isinstance(quantity, Mapping) and "value" in quantity:
            return quantity["value"]
    if "valueCodeableConcept" in component:
        codings = read_list(component["valueCodeableConcept"], "coding", where)
        if codings and isinstance(codings[0], Mapping):
            return codings[0].get("code")
    raise FhirInputError(where, "has no value this instance can read")


def _path_of(component: Mapping[str, Any], where: str, base_url: str) -> str:
    system = f"{base_url}CodeSystem/{ASSESSMENT_CODE}"
    code = component.get("code")
    codings = (
        read_list(code, "coding", f"{where}.code") if isinstance(code, Mapping) else []
    )
    for coding in codings:
        if isinstance(coding, Mapping) and coding.get("system") == system:
            return str(coding.get("code", ""))
    raise FhirInputError(f"{where}.code", f"no code of system {system}")


def _nest(data: dict[str, Any], path: str, value: object) -> None:
    parts = path.split(".")
    if parts[-1].isdigit():  # an item of a list (the FPI-6), in order
        data.setdefault(parts[0], {}).setdefault(parts[1], []).append(value)
    elif len(parts) == 2:
        data.setdefault(parts[0], {})[parts[1]] = value
    else:
        data[path] = value


def observation_to_exam(
    observation: Mapping[str, Any], *, base_url: str = DEFAULT_BASE_URL
) -> HeadToToeExam:
    """The exam an Observation of `exam_to_observation` holds; names a bad component."""
    data: dict[str, Any] = {}
    components = read_list(observation, "component", "Observation")
    for n, component in enumerate(components):
        where = f"component[{n}]"
        if not isinstance(component, Mapping):
            raise FhirInputError(where, "must be an object")
        path = _path_of(component, where, base_url)
        _nest(data, path, _component_value(component, where))
    try:
        return exam_from_dict(data)
    except AssessmentInputError as error:
        raise FhirInputError(f"component {error.field}", error.problem) from None
