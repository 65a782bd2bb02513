"""A rehab programme as a FHIR R5 ``CarePlan``, outcomes as ``Observation``s.

The CarePlan describes the programme at the runner's current level: each exercise is a
contained ``ServiceRequest`` (its dose and cues as the patient instruction, the
findings it answers as its reasons, the weekly sessions as its timing) referenced from
an activity; running guidance and the programme's notes are ``note``s. A referral (red
flag) is a CarePlan with no activities and the referral as its description. Pain is an
Observation coded LOINC 72514-3 (0-10 numeric rating); the LEFS and pain-free running
use Tractus codes, because no LOINC code for them was confirmed.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tractus.fhir.questionnaire import DEFAULT_BASE_URL, fhir_datetime
from tractus.outcomes.measures import MEASURES, Measure
from tractus.rehab.library import EXERCISES
from tractus.rehab.programme import Prescription, Programme

__all__ = [
    "PAIN_LOINC",
    "RecordedOutcome",
    "outcome_to_observation",
    "programme_to_care_plan",
    "rehab_bundle",
]

PAIN_LOINC = {
    "system": "http://loinc.org",
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}

_UCUM = "http://unitsofmeasure.org"
_UNITS = {"km": "km", "min": "min"}


@dataclass(frozen=True, slots=True)
class RecordedOutcome:
    """One recorded value of an outcome measure, when it was recorded."""

    measure: Measure
    value: float
    recorded: datetime


def _exercise_request(
    item: Prescription, index: int, subject: str, sessions: int, base_url: str
) -> dict[str, Any]:
    exercise = EXERCISES[item.exercise_id]
    instruction = " ".join(
        [f"{item.dose.describe()}.", exercise.setup, *exercise.cues, exercise.feel]
    )
    return {
        "resourceType": "ServiceRequest",
        "id": f"exercise-{index}",
        "status": "active",
        "intent": "plan",
        "code": {
            "concept": {
                "coding": [
                    {
                        "system": f"{base_url}CodeSystem/rehab-exercise",
                        "code": exercise.id,
                        "display": exercise.name,
                    }
                ],
                "text": exercise.name,
            }
        },
        "subject": {"reference": subject},
        "occurrenceTiming": {
            "repeat": {"frequency": sessions, "period": 1, "periodUnit": "wk"}
        },
        "reason": [
            {
                "concept": {
                    "coding": [
                        {
                            "system": f"{base_url}CodeSystem/rehab-finding",
                            "code": str(code),
                            "display": code.label,
                        }
                    ],
                    "text": code.label,
                }
            }
            for code in item.answers
        ],
        "patientInstruction": [{"instructionMarkdown": instruction}],
        "note": [{"text": f"Source: {item.source}"}],
    }


def programme_to_care_plan(
    programme: Programme,
    *,
    level: int,
    subject_reference: str,
    created: datetime,
    base_url: str = DEFAULT_BASE_URL,
) -> dict[str, Any]:
    """The programme at `level` as a CarePlan (validated by `validate_resource`)."""
    plan: dict[str, Any] = {
        "resourceType": "CarePlan",
        "status": "active" if programme.referral is None else "on-hold",
        "intent": "plan",
        "title": "IT band rehabilitation programme",
        "subject": {"reference": subject_reference},
        "created": fhir_datetime(created),
    }
    if programme.referral is not None:
        plan["description"] = programme.referral.text
        return plan
    current = programme.level(level)
    sessions = sum(day.strength for day in programme.schedule)
    requests = [
        _exercise_request(item, i, subject_reference, sessions, base_url)
        for i, item in enumerate(current.prescriptions, start=1)
    ]
    plan["description"] = f"Level {current.number} ({current.phase}) of the programme."
    plan["contained"] = requests
    plan["activity"] = [
        {"plannedActivityReference": {"reference": f"#{r['id']}"}} for r in requests
    ]
    plan["note"] = [
        {"text": f"{g.text} When: {g.when}. Source: {g.source}"}
        for g in programme.guidance
    ] + [{"text": note} for note in programme.notes]
    return plan


def outcome_to_observation(
    outcome: RecordedOutcome,
    *,
    subject_reference: str,
    base_url: str = DEFAULT_BASE_URL,
) -> dict[str, Any]:
    """One outcome value as a final Observation."""
    info = MEASURES[outcome.measure]
    if outcome.measure in (Measure.PAIN_RUN, Measure.PAIN_REST):
        code = {"coding": [PAIN_LOINC], "text": info.label}
    else:
        code = {
            "coding": [
                {
                    "system": f"{base_url}CodeSystem/rehab-outcome",
                    "code": str(outcome.measure),
                    "display": info.label,
                }
            ],
            "text": info.label,
        }
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/"
                        "observation-category",
                        "code": "survey",
                    }
                ]
            }
        ],
        "code": code,
        "subject": {"reference": subject_reference},
        "effectiveDateTime": fhir_datetime(outcome.recorded),
    }
    if info.unit in _UNITS:
        observation["valueQuantity"] = {
            "value": outcome.value,
            "unit": info.unit,
            "system": _UCUM,
            "code": _UNITS[info.unit],
        }
    else:
        observation["valueInteger"] = int(outcome.value)
    if outcome.measure is Measure.PAIN_RUN:
        observation["note"] = [{"text": "Worst pain during a run."}]
    elif outcome.measure is Measure.PAIN_REST:
        observation["note"] = [{"text": "Pain at rest."}]
    return observation


def rehab_bundle(
    care_plan: dict[str, Any],
    observations: Sequence[dict[str, Any]],
    *,
    timestamp: datetime,
) -> dict[str, Any]:
    """A collection Bundle of the CarePlan and the outcome Observations."""
    stamp = fhir_datetime(timestamp)
    resources = [care_plan, *observations]
    # Full URLs derive from the time and position, so one export gives one Bundle.
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": stamp,
        "entry": [
            {
                "fullUrl": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{stamp}/{i}')}",
                "resource": resource,
            }
            for i, resource in enumerate(resources)
        ],
    }
