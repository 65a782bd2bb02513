"""Session logs and weekly reviews: valid FHIR R5 Observations, read back equal."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest

from tests.tractus.motion.test_coached_set import GOOD
from tractus.errors import FhirInputError
from tractus.fhir import validate_resource
from tractus.fhir.rehab_log import (
    LoggedExercise,
    LoggedSession,
    LoggedSet,
    WeekDecision,
    care_plan_of,
    observation_to_review,
    observation_to_session,
    review_to_observation,
    session_to_observation,
)
from tractus.fhir.run_log import LoggedRun, observation_to_run, run_to_observation

WHEN = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
REFS = {
    "subject_reference": "urn:uuid:5f0c8d1e-1111-4222-8333-944455556666",
    "care_plan_reference": "urn:uuid:5f0c8d1e-2222-4222-8333-944455556666",
}
COACHED = LoggedSet(WHEN, "coach", 3, None, 3, GOOD)
HELD = LoggedSet(WHEN.replace(minute=40), "by_hand", None, 22.5, 2, None)
SESSION = LoggedSession(
    day=date(2026, 11, 20),
    logged_at=WHEN,
    pain_during=3,
    pain_next_morning=1,
    worse_next_morning=False,
    notes="Knee quiet after the clamshells.",
    exercises=(
        LoggedExercise("clamshell", 1, 3, (COACHED,)),
        LoggedExercise("side_plank_knees", 1, None, (HELD,)),
        LoggedExercise("hip_bridge", 3, 12, ()),
    ),
)
REVIEW = WeekDecision(
    week_start=date(2026, 11, 9),
    action="progress",
    reasons=("Pain stayed at or below 3/10.", "All sessions done."),
    level_before=1,
    level_after=2,
    sessions_done=3,
    sessions_planned=3,
    created_at=WHEN,
)


def test_a_session_with_a_coached_set_reads_back_equal() -> None:
    observation = session_to_observation(SESSION, **REFS)
    validate_resource(observation)
    assert care_plan_of(observation) == REFS["care_plan_reference"]
    assert observation_to_session(json.loads(json.dumps(observation))) == SESSION


def test_a_weekly_review_reads_back_equal() -> None:
    observation = review_to_observation(REVIEW, **REFS)
    validate_resource(observation)
    assert observation["effectivePeriod"] == {
        "start": "2026-11-09",
        "end": "2026-11-15",
    }
    assert observation_to_review(json.loads(json.dumps(observation))) == REVIEW


def test_the_coachs_numbers_are_checked_by_field() -> None:
    observation = session_to_observation(SESSION, **REFS)
    numbers = json.dumps({**GOOD, "reps": "many"}).encode()
    part = observation["component"][3]["extension"][1]["extension"][-1]
    part["valueAttachment"]["data"] = base64.b64encode(numbers).decode()
    with pytest.raises(FhirInputError, match=r"component\[3\].extension\[1\].*reps"):
        observation_to_session(observation)


def test_a_review_without_its_levels_is_named() -> None:
    observation = review_to_observation(REVIEW, **REFS)
    observation["component"] = observation["component"][1:]
    with pytest.raises(FhirInputError, match="needs level_before"):
        observation_to_review(observation)


RUN = LoggedRun(
    day=date(2026, 11, 21),
    logged_at=WHEN.replace(day=21),
    distance_km=5.25,
    duration_min=31,
    pain_max=4,
    pain_started_km=3.5,
    stopped_early=False,
)


@pytest.mark.parametrize("run", [RUN, replace(RUN, pain_started_km=None, pain_max=0)])
def test_a_logged_run_is_an_activity_observation_that_reads_back_equal(
    run: LoggedRun,
) -> None:
    observation = run_to_observation(run, **REFS)
    validate_resource(observation)
    assert observation["category"][0]["coding"][0]["code"] == "activity"
    assert care_plan_of(observation) == REFS["care_plan_reference"]
    assert observation_to_run(json.loads(json.dumps(observation))) == run


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda o: o["component"].pop(0), "Observation.component: needs distance_km"),
        (
            lambda o: o["component"][0]["valueQuantity"].update(code="mi"),
            r"component\[0\].valueQuantity.code: must be 'km'",
        ),
        (
            lambda o: o["component"][1]["valueQuantity"].update(value=30.5),
            r"component\[1\].valueQuantity.value: whole minutes",
        ),
        (
            lambda o: o["component"][0]["valueQuantity"].update(value=-1),
            "must not be negative",
        ),
        (
            lambda o: o["component"][2].update(valueInteger=True),
            r"component\[2\].valueInteger: must be a whole number",
        ),
        (
            lambda o: o["component"][2]["code"]["coding"][0].update(code="pace"),
            "unknown part 'pace'",
        ),
    ],
)
def test_a_bad_run_is_named_by_its_field(change: Any, message: str) -> None:
    observation = run_to_observation(RUN, **REFS)
    change(observation)
    with pytest.raises(FhirInputError, match=message):
        observation_to_run(observation)
