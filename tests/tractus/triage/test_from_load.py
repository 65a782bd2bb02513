"""Training answers derived from the runs table."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from tractus.triage import validate_partial_answers
from tractus.triage.from_load import answers_from_runs

TODAY = date(2026, 11, 23)


def runs_table(runs: list[tuple[int, float]]) -> pd.DataFrame:
    """(days before today, km) pairs as a runs table."""
    days = [pd.Timestamp(TODAY - timedelta(days=d)) for d, _ in runs]
    return pd.DataFrame(
        {
            "start_time": pd.DatetimeIndex(days).tz_localize("UTC"),
            "local_date": pd.DatetimeIndex(days),
            "distance_m": [km * 1000 for _, km in runs],
            "duration_s": [km * 330 for _, km in runs],
            "descent_m": [0.0] * len(runs),
            "run_id": [str(i) for i in range(len(runs))],
        }
    )


def test_steady_training_gives_no_increase_and_no_longer_run() -> None:
    runs = runs_table([(d, 5.0) for d in range(0, 42, 2)])  # 5 km every other day
    answers = answers_from_runs(runs, today=TODAY)
    assert answers["weekly_distance_km"] == pytest.approx(17.5)
    assert answers["weekly_distance_increase_pct"] == 0
    assert answers["longest_run_change"] == "not_longer"


def test_a_jump_in_the_last_two_weeks_is_measured() -> None:
    before = [(d, 5.0) for d in range(14, 42, 2)]  # 17.5 km a week
    recent = [(d, 8.0) for d in range(0, 14, 2)]  # 28 km a week
    answers = answers_from_runs(runs_table(before + recent), today=TODAY)
    assert answers["weekly_distance_increase_pct"] == 60
    assert answers["longest_run_change"] == "30_to_100_pct"  # 8 km vs 5 km: +60%


def test_a_long_run_more_than_twice_the_longest_is_banded() -> None:
    runs = runs_table([*[(d, 5.0) for d in range(3, 42, 3)], (1, 12.0)])
    assert answers_from_runs(runs, today=TODAY)["longest_run_change"] == "over_100_pct"


def test_an_old_history_answers_nothing() -> None:
    runs = runs_table([(d, 5.0) for d in range(100, 200, 2)])
    assert answers_from_runs(runs, today=TODAY) == {}


def test_answers_always_validate() -> None:
    runs = runs_table(
        [*[(d, 0.5) for d in range(20, 42, 7)], *[(d, 40.0) for d in range(14)]]
    )
    answers = answers_from_runs(runs, today=TODAY)
    assert (
        answers["weekly_distance_increase_pct"] == 1000
    )  # clamped to the question's range
    validate_partial_answers(answers, page_id="training_load")
