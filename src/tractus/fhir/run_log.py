"""A run logged during the programme as a FHIR Observation, and back.

The runner logs a run on the programme's page (distance, time, worst pain and where
it started); the run-walk progression reads these logs (clinical.md §5.9), so they
belong to the programme and are based on its CarePlan (``basedOn``), like the
session logs of `tractus.fhir.rehab_log`. A run is bodily activity, so the category
is ``activity``; distances and times are UCUM quantities. Whether the run was
stopped early is kept as it was recorded (the stop level may change between
versions; the record says what the runner was told then).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tractus.errors import FhirInputError
from tractus.fhir.coding import observation_category, ucum_quantity
from tractus.fhir.questionnaire import DEFAULT_BASE_URL, fhir_datetime
from tractus.fhir.reading import (
    read_date,
    read_datetime,
    read_list,
    read_mapping,
    read_number,
    read_str,
)

__all__ = ["RUN_CODE", "LoggedRun", "observation_to_run", "run_to_observation"]

RUN_CODE = "rehab-run"
_ACTIVITY = observation_category("activity")
_PARTS = ("distance_km", "duration_min", "pain_max", "pain_started_km", "stopped_early")


@dataclass(frozen=True, slots=True)
class LoggedRun:
    """One run as the runner logged it; `pain_started_km` None: no pain began."""

    day: date
    logged_at: datetime
    distance_km: float
    duration_min: int
    pain_max: int
    pain_started_km: float | None
    stopped_early: bool


def _code(base_url: str, code: str) -> dict[str, Any]:
    return {"coding": [{"system": f"{base_url}CodeSystem/rehab-log", "code": code}]}


def run_to_observation(
    run: LoggedRun,
    *,
    subject_reference: str,
    care_plan_reference: str,
    base_url: str = DEFAULT_BASE_URL,
) -> dict[str, Any]:
    """The run as a final Observation on its day, based on the programme's CarePlan."""
    values: list[tuple[str, dict[str, Any]]] = [
        ("distance_km", {"valueQuantity": ucum_quantity(run.distance_km, "km")}),
        ("duration_min", {"valueQuantity": ucum_quantity(run.duration_min, "min")}),
        ("pain_max", {"valueInteger": run.pain_max}),
    ]
    if run.pain_started_km is not None:
        quantity = ucum_quantity(run.pain_started_km, "km")
        values.append(("pain_started_km", {"valueQuantity": quantity}))
    values.append(("stopped_early", {"valueBoolean": run.stopped_early}))
    return {
        "resourceType": "Observation",
        "basedOn": [{"reference": care_plan_reference}],
        "status": "final",
        "category": [_ACTIVITY],
        "code": _code(base_url, RUN_CODE),
        "subject": {"reference": subject_reference},
        "effectiveDateTime": run.day.isoformat(),
        "issued": fhir_datetime(run.logged_at),
        "component": [
            {"code": _code(base_url, name), **value} for name, value in values
        ],
    }


def _component_name(component: Mapping[str, Any], where: str) -> str:
    codings = read_list(read_mapping(component, "code", where), "coding", where)
    if not codings or not isinstance(codings[0], Mapping):
        raise FhirInputError(f"{where}.code", "needs a coding")
    name = read_str(codings[0], "code", f"{where}.code.coding[0]")
    if name not in _PARTS:
        raise FhirInputError(f"{where}.code", f"unknown part {name!r}")
    return name


def _amount(component: Mapping[str, Any], unit: str, where: str) -> float:
    quantity = read_mapping(component, "valueQuantity", where)
    if quantity.get("code") != unit:
        raise FhirInputError(f"{where}.valueQuantity.code", f"must be {unit!r}")
    value = read_number(quantity, "value", f"{where}.valueQuantity")
    if value < 0:
        raise FhirInputError(f"{where}.valueQuantity.value", "must not be negative")
    return value


def _read_part(component: Mapping[str, Any], name: str, where: str) -> object:
    if name in {"distance_km", "pain_started_km"}:
        return _amount(component, "km", where)
    if name == "duration_min":
        minutes = _amount(component, "min", where)
        if minutes != int(minutes):
            raise FhirInputError(f"{where}.valueQuantity.value", "whole minutes")
        return int(minutes)
    if name == "stopped_early":
        flag = component.get("valueBoolean")
        if not isinstance(flag, bool):
            raise FhirInputError(f"{where}.valueBoolean", "must be true or false")
        return flag
    pain = component.get("valueInteger")
    if isinstance(pain, bool) or not isinstance(pain, int):
        raise FhirInputError(f"{where}.valueInteger", "must be a whole number")
    return pain


def observation_to_run(observation: Mapping[str, Any]) -> LoggedRun:
    """The run an Observation of `run_to_observation` records; a gap is named."""
    found: dict[str, Any] = {"pain_started_km": None}
    for n, component in enumerate(read_list(observation, "component", "Observation")):
        where = f"Observation.component[{n}]"
        if not isinstance(component, Mapping):
            raise FhirInputError(where, "must be an object")
        name = _component_name(component, where)
        found[name] = _read_part(component, name, where)
    missing = [p for p in _PARTS if p not in found]
    if missing:
        raise FhirInputError("Observation.component", f"needs {missing[0]}")
    return LoggedRun(
        day=read_date(observation, "effectiveDateTime", "Observation"),
        logged_at=read_datetime(observation, "issued", "Observation"),
        **found,
    )
