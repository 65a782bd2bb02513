"""This week so far against last week and the usual week."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.tractus.load.test_load import _runs
from tractus.load import load_report, week_so_far

WEDNESDAY = date(2024, 3, 27)  # Monday is 25 March


def _week(runs_by_day: dict[date, float], today: date = WEDNESDAY):
    days = sorted(runs_by_day)
    report = load_report(_runs(days, [runs_by_day[d] for d in days]), today=today)
    return week_so_far(report.weekly, today=today)


def test_it_sums_monday_to_today_and_compares_with_full_weeks_before() -> None:
    week = _week(
        {
            date(2024, 2, 19): 4000,  # five weeks back: outside the usual four
            date(2024, 3, 4): 8000,
            date(2024, 3, 11): 12_000,
            date(2024, 3, 14): 4000,
            date(2024, 3, 18): 10_000,  # last week
            date(2024, 3, 25): 5000,  # this Monday
            date(2024, 3, 27): 6000,  # today
        }
    )
    assert week.week_start == date(2024, 3, 25)
    assert (week.distance_m, week.runs, week.days_in) == (11_000, 2, 3)
    assert week.last_week_m == 10_000
    assert week.usual_weeks == 4
    assert week.usual_week_m == pytest.approx((8000 + 16_000 + 10_000 + 0) / 4)


def test_a_history_that_starts_this_week_has_nothing_to_compare_with() -> None:
    week = _week({date(2024, 3, 26): 7000})
    assert (week.distance_m, week.runs) == (7000, 1)
    assert week.last_week_m is None and week.usual_week_m is None
    assert week.usual_weeks == 0


def test_a_week_without_runs_yet_is_zero_not_missing() -> None:
    week = _week({date(2024, 3, 20): 9000}, today=date(2024, 3, 25))
    assert (week.distance_m, week.runs, week.days_in) == (0, 0, 1)
    assert week.last_week_m == 9000


@given(
    distances=st.lists(
        st.floats(min_value=500, max_value=40_000), min_size=1, max_size=40
    ),
    offset=st.integers(min_value=0, max_value=6),
)
def test_the_week_never_counts_a_run_twice_or_a_run_after_today(
    distances: list[float], offset: int
) -> None:
    today = WEDNESDAY + timedelta(days=offset)
    days = [today - timedelta(days=2 * i) for i in range(len(distances))]
    week = _week(dict(zip(days, distances, strict=True)), today=today)
    monday = today - timedelta(days=today.weekday())
    expected = sum(d for day, d in zip(days, distances, strict=True) if day >= monday)
    assert week.distance_m == pytest.approx(expected)
