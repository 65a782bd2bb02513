"""Progression by the pain response (clinical.md §5.8, §5.9): examples and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tractus.errors import RehabInputError
from tractus.rehab import (
    Action,
    Findings,
    LoadFindings,
    PlanState,
    TriageSummary,
    WeekResponse,
    decide,
    generate_programme,
    progress,
    weekly_run_km,
)
from tractus.rehab.protocols import FIRST_RUN_LEVEL, LEVELS, RUN_STAGES

PLAN = generate_programme(Findings(TriageSummary()))


def _week(
    exercise: int = 2,
    run: int | None = None,
    worse: bool = False,
    done: int = 3,
    runs: int = 0,
) -> WeekResponse:
    return WeekResponse(exercise, worse, done, 3, run, runs)


@pytest.mark.parametrize(
    ("response", "action"),
    [
        (_week(0), Action.ADVANCE),
        (_week(3), Action.ADVANCE),
        (_week(4), Action.HOLD),
        (_week(5), Action.HOLD),
        (_week(6), Action.STEP_BACK),
        (_week(1, worse=True), Action.STEP_BACK),
        (_week(1, run=2, runs=3), Action.ADVANCE),
        (_week(1, run=3, runs=3), Action.HOLD),
        (_week(1, run=4, runs=3), Action.STEP_BACK),
        (_week(1, done=1), Action.HOLD),
    ],
)
def test_the_pain_zones(response: WeekResponse, action: Action):
    got, reasons = decide(response)
    assert got is action
    assert reasons and all(r.endswith(".") for r in reasons)


def test_a_worse_next_morning_says_why():
    action, reasons = decide(_week(0, worse=True))
    assert action is Action.STEP_BACK
    assert reasons == ("The knee was worse the next morning.",)


def test_runs_start_with_the_return_to_run_phase():
    state = PlanState(level=FIRST_RUN_LEVEL - 1)
    assert progress(PLAN, state, _week()).state == PlanState(FIRST_RUN_LEVEL, 1, 0)


def test_each_run_stage_is_done_twice_before_moving_on():
    state = PlanState(level=6, run_stage=1)
    once = progress(PLAN, state, _week(run=1, runs=1)).state
    assert once.run_stage == 1 and once.stage_runs == 1
    assert progress(PLAN, once, _week(run=1, runs=1)).state.run_stage == 2


def test_stepping_back_lowers_level_and_stage_but_not_below_the_start():
    back = progress(PLAN, PlanState(1, 0, 0), _week(7)).state
    assert back == PlanState(1, 0, 0)
    back = progress(PLAN, PlanState(7, 3, 1), _week(1, run=5)).state
    assert back == PlanState(6, 2, 0)


def test_the_week_response_is_checked():
    with pytest.raises(RehabInputError, match="exercise_pain_max: must be 0 to 10"):
        WeekResponse(11, False, 3, 3)
    with pytest.raises(RehabInputError, match="run_pain_max"):
        WeekResponse(1, False, 3, 3, -1)


pain = st.integers(0, 10)
responses = st.builds(
    WeekResponse,
    exercise_pain_max=pain,
    next_morning_worse=st.booleans(),
    sessions_done=st.integers(0, 6),
    sessions_planned=st.integers(1, 6),
    run_pain_max=st.none() | pain,
    runs_done=st.integers(0, 4),
)
states = st.builds(
    PlanState,
    level=st.integers(1, len(LEVELS)),
    run_stage=st.integers(0, len(RUN_STAGES) + 20),
    stage_runs=st.integers(0, 2),
)


def _worse(response: WeekResponse, data: st.DataObject) -> WeekResponse:
    """The same week with pain no lower and a next morning no better."""
    run = response.run_pain_max
    return WeekResponse(
        data.draw(st.integers(response.exercise_pain_max, 10)),
        response.next_morning_worse or data.draw(st.booleans()),
        response.sessions_done,
        response.sessions_planned,
        None if run is None else data.draw(st.integers(run, 10)),
        response.runs_done,
    )


@given(responses, st.data())
def test_a_worse_pain_response_never_moves_the_plan_further(response, data):
    worse = _worse(response, data)
    assert decide(worse)[0].rank <= decide(response)[0].rank


@given(states, responses)
def test_only_an_advance_moves_the_plan_forward(state, response):
    decision = progress(PLAN, state, response)
    if decision.action is not Action.ADVANCE:
        assert decision.state.level <= state.level
        assert decision.state.run_stage <= state.run_stage


@given(
    st.none() | st.floats(0, 200),
    st.lists(responses, max_size=40),
)
def test_weekly_running_never_passes_the_programmes_cap(usual_km, weeks):
    plan = generate_programme(
        Findings(TriageSummary(), load=LoadFindings(weekly_distance_km=usual_km))
    )
    assert plan.weekly_run_cap_km is not None
    state = PlanState()
    for response in weeks:
        state = progress(plan, state, response).state
        assert 0 <= weekly_run_km(plan, state) <= plan.weekly_run_cap_km


def test_the_build_after_the_ladder_rises_about_ten_percent_a_week():
    plan = generate_programme(
        Findings(TriageSummary(), load=LoadFindings(weekly_distance_km=40.0))
    )
    last = len(RUN_STAGES)
    ladder_top = weekly_run_km(plan, PlanState(8, last))
    first_build = weekly_run_km(plan, PlanState(8, last + 1))
    assert first_build == pytest.approx(ladder_top * 1.1, abs=0.01)
    assert weekly_run_km(plan, PlanState(8, last + 50)) == 40.0
