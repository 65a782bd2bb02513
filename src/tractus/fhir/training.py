"""Training as FHIR R5 ``Observation``s: each activity, each week's load, each flag.

An activity is one Observation (category ``activity``) over the time it lasted, its
summary numbers as components with UCUM units, as the HL7 Physical Activity IG
records an exercise session; its source (file, format, how distance and elevation
were measured) is kept as coded components so `observation_to_activity` gives back
the same `tractus.activities.Activity`. A week's load (Monday to Sunday) and each
load flag are Observations derived from those activities: an import reads only the
activities and computes weeks and flags again, as the load page does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from tractus.activities import (
    Activity,
    DistanceSource,
    ElevationSource,
    LocalDateBasis,
    SourceFormat,
    Sport,
)
from tractus.errors import FhirInputError
from tractus.fhir.coding import observation_category, ucum_quantity
from tractus.fhir.questionnaire import DEFAULT_BASE_URL, fhir_datetime
from tractus.fhir.reading import read_datetime, read_list, read_mapping
from tractus.load import LoadFlag

__all__ = [
    "ACTIVITY_CODE",
    "activity_to_observation",
    "flag_to_observation",
    "observation_to_activity",
    "week_to_observation",
]

ACTIVITY_CODE = "activity-summary"
_CATEGORY_ACTIVITY = observation_category("activity")
_UNITS = {"s": "s", "m": "m", "spm": "/min", "bpm": "/min"}
_CODED = {
    "format": SourceFormat,
    "sport": Sport,
    "local_date_basis": LocalDateBasis,
    "distance_source": DistanceSource,
    "elevation_source": ElevationSource,
}
_NUMBERS = (
    "duration_s",
    "moving_time_s",
    "distance_m",
    "elevation_gain_m",
    "elevation_loss_m",
    "downhill_distance_m",
    "grade_adjusted_distance_m",
    "avg_cadence_spm",
    "avg_hr_bpm",
)
_WEEK_NUMBERS = ("distance_m", "duration_s", "descent_m", "longest_run_m")


def _code(base_url: str, system: str, code: str, text: str = "") -> dict[str, Any]:
    concept: dict[str, Any] = {
        "coding": [{"system": f"{base_url}CodeSystem/{system}", "code": code}]
    }
    if text:
        concept["text"] = text
    return concept


def _quantity(value: float, name: str) -> dict[str, Any]:
    unit = _UNITS[name.rsplit("_", 1)[-1]]
    return ucum_quantity(value, unit)


def _components(activity: Activity, base_url: str) -> list[dict[str, Any]]:
    def item(name: str, value: dict[str, Any]) -> dict[str, Any]:
        return {"code": _code(base_url, "activity-field", name), **value}

    out = [
        item(
            name,
            {
                "valueCodeableConcept": _code(
                    base_url, name, str(getattr(activity, name))
                )
            },
        )
        for name in _CODED
    ]
    out.append(item("file", {"valueString": activity.file}))
    out.append(item("index", {"valueInteger": activity.index}))
    out.append(item("sport_inferred", {"valueBoolean": activity.sport_inferred}))
    out.append(item("local_date", {"valueDateTime": activity.local_date.isoformat()}))
    out.append(item("n_samples", {"valueInteger": activity.n_samples}))
    if activity.name:
        out.append(item("name", {"valueString": activity.name}))
    for name in _NUMBERS:
        value = getattr(activity, name)
        if value is not None:
            out.append(item(name, {"valueQuantity": _quantity(value, name)}))
    return out


def activity_to_observation(
    activity: Activity, *, subject_reference: str, base_url: str = DEFAULT_BASE_URL
) -> dict[str, Any]:
    """One activity's summary as a final Observation over its elapsed time."""
    end = activity.start_time + timedelta(seconds=activity.duration_s)
    return {
        "resourceType": "Observation",
        "status": "final",
        "category": [_CATEGORY_ACTIVITY],
        "code": _code(base_url, "training", ACTIVITY_CODE, f"{activity.sport} session"),
        "subject": {"reference": subject_reference},
        "effectivePeriod": {
            "start": fhir_datetime(activity.start_time),
            "end": fhir_datetime(end),
        },
        "component": _components(activity, base_url),
    }


def _component_values(
    observation: Mapping[str, Any], base_url: str
) -> dict[str, tuple[str, Mapping[str, Any]]]:
    """Field name -> (where, component) of an activity Observation."""
    system = f"{base_url}CodeSystem/activity-field"
    found: dict[str, tuple[str, Mapping[str, Any]]] = {}
    for n, component in enumerate(read_list(observation, "component", "Observation")):
        where = f"component[{n}]"
        if not isinstance(component, Mapping):
            raise FhirInputError(where, "must be an object")
        codings = read_list(read_mapping(component, "code", where), "coding", where)
        codes = [
            c.get("code")
            for c in codings
            if isinstance(c, Mapping) and c.get("system") == system
        ]
        if not codes:
            raise FhirInputError(f"{where}.code", f"no code of system {system}")
        found[str(codes[0])] = (where, component)
    return found


def _value(
    found: dict[str, tuple[str, Mapping[str, Any]]], name: str, kind: str
) -> Any:
    if name not in found:
        raise FhirInputError(f"component {name}", "is missing")
    where, component = found[name]
    if kind == "valueQuantity":
        quantity = read_mapping(component, kind, where)
        value = quantity.get("value")
    elif kind == "valueCodeableConcept":
        codings = read_list(read_mapping(component, kind, where), "coding", where)
        value = (
            codings[0].get("code")
            if codings and isinstance(codings[0], Mapping)
            else None
        )
    else:
        value = component.get(kind)
    if value is None:
        raise FhirInputError(f"{where}.{kind}", f"{name} has no value")
    return value


def _typed(value: Any, kind: type, where: str) -> Any:
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise FhirInputError(where, f"must be a number, not {value!r}")
        return float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise FhirInputError(where, f"must be {kind.__name__}, not {value!r}")
    return value


def observation_to_activity(
    observation: Mapping[str, Any], *, base_url: str = DEFAULT_BASE_URL
) -> Activity:
    """The activity an Observation of `activity_to_observation` holds."""
    found = _component_values(observation, base_url)
    fields: dict[str, Any] = {}
    for name, enum in _CODED.items():
        code = _value(found, name, "valueCodeableConcept")
        try:
            fields[name] = enum(code)
        except ValueError:
            raise FhirInputError(
                f"component {name}", f"unknown code {code!r}"
            ) from None
    fields["file"] = _typed(_value(found, "file", "valueString"), str, "component file")
    fields["index"] = _typed(
        _value(found, "index", "valueInteger"), int, "component index"
    )
    fields["n_samples"] = _typed(
        _value(found, "n_samples", "valueInteger"), int, "component n_samples"
    )
    fields["sport_inferred"] = _typed(
        _value(found, "sport_inferred", "valueBoolean"),
        bool,
        "component sport_inferred",
    )
    local = _typed(
        _value(found, "local_date", "valueDateTime"), str, "component local_date"
    )
    try:
        fields["local_date"] = date.fromisoformat(local)
    except ValueError:
        raise FhirInputError("component local_date", f"not a date: {local!r}") from None
    fields["name"] = (
        _typed(_value(found, "name", "valueString"), str, "component name")
        if "name" in found
        else None
    )
    for name in _NUMBERS:
        fields[name] = (
            _typed(_value(found, name, "valueQuantity"), float, f"component {name}")
            if name in found
            else None
        )
    if fields["duration_s"] is None:
        raise FhirInputError("component duration_s", "is missing")
    period = read_mapping(observation, "effectivePeriod", "Observation")
    fields["start_time"] = read_datetime(period, "start", "Observation.effectivePeriod")
    return Activity(**fields)


def week_to_observation(
    week_start: date,
    totals: Mapping[str, float],
    *,
    activity_urls: Sequence[str],
    subject_reference: str,
    base_url: str = DEFAULT_BASE_URL,
) -> dict[str, Any]:
    """A week's running load (Monday to Sunday) derived from its activities."""
    components: list[dict[str, Any]] = [
        {
            "code": _code(base_url, "weekly-load-field", name),
            "valueQuantity": _quantity(float(totals[name]), name),
        }
        for name in _WEEK_NUMBERS
    ]
    components.append(
        {
            "code": _code(base_url, "weekly-load-field", "runs"),
            "valueInteger": int(totals["runs"]),
        }
    )
    return {
        "resourceType": "Observation",
        "status": "final",
        "category": [_CATEGORY_ACTIVITY],
        "code": _code(
            base_url, "training", "weekly-running-load", "Weekly running load"
        ),
        "subject": {"reference": subject_reference},
        "effectivePeriod": {
            "start": week_start.isoformat(),
            "end": (week_start + timedelta(days=6)).isoformat(),
        },
        "component": components,
        "derivedFrom": [{"reference": url} for url in activity_urls],
    }


def flag_to_observation(
    flag: LoadFlag,
    *,
    title: str,
    subject_reference: str,
    base_url: str = DEFAULT_BASE_URL,
) -> dict[str, Any]:
    """A load flag as an Observation: what was seen, its threshold, basis and source."""

    def amount(value: float) -> dict[str, Any]:
        return {"value": round(float(value), 2), "unit": flag.unit}

    return {
        "resourceType": "Observation",
        "status": "final",
        "category": [_CATEGORY_ACTIVITY],
        "code": _code(base_url, "training", "load-flag", "Training load flag"),
        "subject": {"reference": subject_reference},
        "effectiveDateTime": flag.day.isoformat(),
        "valueCodeableConcept": _code(base_url, "load-flag", str(flag.kind), title),
        "component": [
            {
                "code": _code(base_url, "load-flag-field", "value"),
                "valueQuantity": amount(flag.value),
            },
            {
                "code": _code(base_url, "load-flag-field", "threshold"),
                "valueQuantity": amount(flag.threshold),
            },
        ],
        "note": [
            {"text": flag.basis},
            {"text": f"Source ({flag.evidence}): {flag.source}"},
        ],
    }
