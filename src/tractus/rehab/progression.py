"""Progression by the pain response: each week the plan moves on, holds or steps back.

The week's response is the worst pain during exercises and during runs, and whether the
knee was worse the next morning (clinical.md §5.9). Exercises follow the pain-monitoring
zones (0-3 fine, 4-5 acceptable, over 5 too much); runs follow the stricter rule for IT
band pain (stop at 3-4/10; move on only under 3/10 and after each stage was done twice,
§5.8). A worse next morning always steps back. The decision explains itself in words.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from tractus.errors import RehabInputError
from tractus.rehab.programme import Programme
from tractus.rehab.protocols import (
    BUILD_WEEKLY_RISE,
    EXERCISE_PAIN_ACCEPTABLE_MAX,
    EXERCISE_PAIN_SAFE_MAX,
    FIRST_RUN_LEVEL,
    RUN_PAIN_PROGRESS_MAX,
    RUN_PAIN_STOP,
    RUN_STAGE_REPEATS,
    RUN_STAGES,
    RUNS_PER_WEEK,
)

__all__ = [
    "MIN_SESSIONS_SHARE",
    "Action",
    "Decision",
    "PlanState",
    "WeekResponse",
    "decide",
    "progress",
    "weekly_run_km",
]

MIN_SESSIONS_SHARE = 2 / 3
"""Move on only when at least two thirds of the week's sessions were logged: a plan
cannot be judged on sessions not done [clinical convention]."""


class Action(StrEnum):
    """What the plan does next week; ordered step back < hold < advance."""

    STEP_BACK = "step_back"
    HOLD = "hold"
    ADVANCE = "advance"

    @property
    def rank(self) -> int:
        """0, 1, 2 for step back, hold, advance."""
        return (Action.STEP_BACK, Action.HOLD, Action.ADVANCE).index(self)


@dataclass(frozen=True, slots=True)
class WeekResponse:
    """How the week went: worst pains (0-10), next morning, sessions and runs done."""

    exercise_pain_max: int
    next_morning_worse: bool
    sessions_done: int
    sessions_planned: int
    run_pain_max: int | None = None
    runs_done: int = 0

    def __post_init__(self) -> None:
        for name in ("exercise_pain_max", "run_pain_max"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= 10:
                raise RehabInputError(name, f"must be 0 to 10, not {value}")
        if self.sessions_done < 0 or self.sessions_planned < 1 or self.runs_done < 0:
            raise RehabInputError("sessions", "counts must be 0 or more")


@dataclass(frozen=True, slots=True)
class PlanState:
    """Where a runner is: strength level, run stage (0: not running yet; past the
    last stage: build weeks) and runs done at the current stage."""

    level: int = 1
    run_stage: int = 0
    stage_runs: int = 0


@dataclass(frozen=True, slots=True)
class Decision:
    """The week's decision: the action, the new state and why."""

    action: Action
    state: PlanState
    reasons: tuple[str, ...]


def decide(response: WeekResponse) -> tuple[Action, tuple[str, ...]]:
    """The action a week's pain response calls for, with its reasons.

    References
    ----------
    clinical.md §5.9 (zones, next morning, stricter run rule), §5.8 C (run progress).
    """
    back, hold = [], []
    if response.next_morning_worse:
        back.append("The knee was worse the next morning.")
    if response.exercise_pain_max > EXERCISE_PAIN_ACCEPTABLE_MAX:
        back.append(f"Exercise pain reached {response.exercise_pain_max}/10 (over 5).")
    elif response.exercise_pain_max > EXERCISE_PAIN_SAFE_MAX:
        hold.append(f"Exercise pain {response.exercise_pain_max}/10 is acceptable.")
    run = response.run_pain_max
    if run is not None and run >= RUN_PAIN_STOP:
        back.append(f"Running pain reached {run}/10.")
    elif run is not None and run > RUN_PAIN_PROGRESS_MAX:
        hold.append(f"Running pain {run}/10: stay at this stage until under 3/10.")
    if response.sessions_done < MIN_SESSIONS_SHARE * response.sessions_planned:
        hold.append(
            f"{response.sessions_done} of {response.sessions_planned} sessions logged."
        )
    if back:
        return Action.STEP_BACK, tuple(back)
    if hold:
        return Action.HOLD, tuple(hold)
    return Action.ADVANCE, ("Pain stayed low and settled by the next morning.",)


def progress(
    programme: Programme, state: PlanState, response: WeekResponse
) -> Decision:
    """Next week's state from this week's response."""
    action, reasons = decide(response)
    top = len(programme.levels)
    if action is Action.STEP_BACK:
        new = PlanState(
            level=max(1, state.level - 1),
            run_stage=max(1, state.run_stage - 1) if state.run_stage else 0,
            stage_runs=0,
        )
    elif action is Action.HOLD:
        new = replace(state, stage_runs=state.stage_runs + response.runs_done)
    else:
        new = _advance(state, response, top)
    return Decision(action, new, reasons)


def _advance(state: PlanState, response: WeekResponse, top: int) -> PlanState:
    level = min(top, state.level + 1)
    runs = state.stage_runs + response.runs_done
    if state.run_stage == 0:
        stage = 1 if level >= FIRST_RUN_LEVEL else 0
        return PlanState(level, stage, 0)
    if runs >= RUN_STAGE_REPEATS:
        return PlanState(level, state.run_stage + 1, 0)
    return PlanState(level, state.run_stage, runs)


def weekly_run_km(programme: Programme, state: PlanState) -> float:
    """The week's running allowance in km, never above the programme's cap.

    Run-walk stages: `RUNS_PER_WEEK` sessions at the stage's distance. Past the last
    stage, each build week adds about 10% (clinical.md §5.8 C) up to the cap.
    """
    cap = programme.weekly_run_cap_km
    if cap is None or state.run_stage == 0:
        return 0.0
    last = len(RUN_STAGES)
    stage = RUN_STAGES[min(state.run_stage, last) - 1]
    volume = RUNS_PER_WEEK * stage.distance_km
    build_weeks = max(0, state.run_stage - last)
    volume *= (1 + BUILD_WEEKLY_RISE) ** build_weeks
    return round(min(cap, volume), 2)
