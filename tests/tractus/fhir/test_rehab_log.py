"""Session logs and weekly reviews: valid FHIR R5 Observations, read back equal."""

from __future__ import annotations

import base64
import json
from datetime import UTC, date, datetime

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
