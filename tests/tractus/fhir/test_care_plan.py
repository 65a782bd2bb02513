"""The programme as a FHIR CarePlan and outcomes as Observations, validated."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tractus.fhir import (
    PAIN_LOINC,
    RecordedOutcome,
    outcome_to_observation,
    programme_to_care_plan,
    rehab_bundle,
    validate_resource,
)
from tractus.outcomes import Measure
from tractus.rehab import (
    AssessmentFindings,
    Findings,
    TriageSummary,
    generate_programme,
)
from tractus.triage.result import RedFlag, Urgency

NOW = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
PLAN = generate_programme(
    Findings(TriageSummary(), assessment=AssessmentFindings(weak_hip_abductors=True))
)


def test_the_care_plan_is_valid_and_lists_the_levels_exercises():
    plan = programme_to_care_plan(
        PLAN, level=3, subject_reference="Patient/7", created=NOW
    )
    validate_resource(plan)
    names = [r["code"]["concept"]["text"] for r in plan["contained"]]
    assert names[0] == "Single-leg bridge"
    assert len(plan["activity"]) == len(PLAN.level(3).prescriptions)
    reasons = plan["contained"][0]["reason"]
    assert any(
        r["concept"]["coding"][0]["code"] == "weak_hip_abductors" for r in reasons
    )
    assert plan["contained"][0]["occurrenceTiming"]["repeat"]["frequency"] == 3


def test_a_referral_is_a_care_plan_on_hold_without_activities():
    referral = generate_programme(
        Findings(
            TriageSummary(
                Urgency.EMERGENCY,
                (RedFlag("x", Urgency.EMERGENCY, "Infection", "Go today.", "§3"),),
            )
        )
    )
    plan = programme_to_care_plan(
        referral, level=1, subject_reference="Patient/7", created=NOW
    )
    validate_resource(plan)
    assert plan["status"] == "on-hold" and "activity" not in plan


@pytest.mark.parametrize("measure", list(Measure))
def test_each_outcome_is_a_valid_observation(measure: Measure):
    observation = outcome_to_observation(
        RecordedOutcome(measure, 4, NOW), subject_reference="Patient/7"
    )
    validate_resource(observation)
    if measure in (Measure.PAIN_RUN, Measure.PAIN_REST):
        assert observation["code"]["coding"][0] == PAIN_LOINC
        assert observation["code"]["coding"][0]["code"] == "72514-3"


def test_the_bundle_is_valid_and_stable():
    plan = programme_to_care_plan(
        PLAN, level=1, subject_reference="Patient/7", created=NOW
    )
    obs = [
        outcome_to_observation(
            RecordedOutcome(Measure.LEFS, 55, NOW), subject_reference="Patient/7"
        )
    ]
    bundle = rehab_bundle(plan, obs, timestamp=NOW)
    validate_resource(bundle)
    assert bundle == rehab_bundle(plan, obs, timestamp=NOW)
