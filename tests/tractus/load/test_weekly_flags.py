"""Flags a runner can act on: one line per week, strongest evidence first, no repeats."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tractus.load import (
    HAZARD_RATIO_NOTE,
    FlagKind,
    compute_flags,
    group_by_week,
)

from .test_load import _runs

MONDAY = date(2024, 1, 1)


def _weeks(distances_km: list[float]):
    """One run per week, on Mondays."""
    days = [MONDAY + timedelta(weeks=w) for w in range(len(distances_km))]
    return _runs(days, [km * 1000 for km in distances_km])


def _progressions(runs, today: date) -> list[date]:
    return [
        f.day
        for f in compute_flags(runs, today=today)
        if f.kind is FlagKind.WEEKLY_PROGRESSION
    ]


def test_a_return_to_a_usual_week_after_a_break_is_not_a_spike():
    # 20 km weeks, a week off, then 20 km again: 20 vs a mean of 10 is +100%,
    # but the runner carried 20 km within the last 4 weeks.
    runs = _weeks([20, 20, 20, 0, 20])
    assert _progressions(runs, MONDAY + timedelta(weeks=5)) == []


def test_a_week_below_an_already_flagged_week_is_not_flagged_again():
    # 10, 10, 20 (flagged), 15: 15 vs a mean of 15 is no jump; then 10, 10, 24
    # (flagged), 18: 18 vs a mean of 17 would not fire either, but 10, 4, 24, 20
    # would (20 vs 14 = +43%) and is a repeat of the 24 km already flagged.
    runs = _weeks([10, 10, 10, 4, 24, 20])
    flagged = _progressions(runs, MONDAY + timedelta(weeks=6))
    assert flagged == [MONDAY + timedelta(weeks=4)]


def test_a_new_higher_week_is_still_flagged():
    runs = _weeks([10, 10, 10, 14])
    assert _progressions(runs, MONDAY + timedelta(weeks=4)) == [
        MONDAY + timedelta(weeks=3)
    ]


def test_a_week_is_one_line_with_the_run_spike_first():
    # Three 10 km weeks, then a 16 km run: a single-run spike (>30%) and a weekly
    # progression (+60%) in the same week.
    runs = _weeks([10, 10, 10, 16])
    lines = group_by_week(compute_flags(runs, today=MONDAY + timedelta(weeks=4)))
    assert len(lines) == 1
    line = lines[0]
    assert line.week_start == MONDAY + timedelta(weeks=3)
    assert line.lead.kind is FlagKind.SINGLE_RUN_SPIKE
    assert [f.kind for f in line.also] == [FlagKind.WEEKLY_PROGRESSION]


def test_lines_are_most_recent_first_and_each_week_once():
    days = [MONDAY + timedelta(days=d) for d in range(0, 70, 2)]
    runs = _runs(days, [5000 + 400 * i for i in range(len(days))])
    flags = compute_flags(runs, today=days[-1])
    lines = group_by_week(flags)
    starts = [line.week_start for line in lines]
    assert starts == sorted(set(starts), reverse=True)
    assert sum(len(line.flags) for line in lines) == len(flags)
    assert all(line.week_start.weekday() == 0 for line in lines)


@given(
    st.lists(st.floats(min_value=0, max_value=60), min_size=3, max_size=30),
)
def test_grouping_keeps_every_flag_in_its_own_week(distances_km):
    runs = _weeks(distances_km)
    flags = compute_flags(runs, today=MONDAY + timedelta(weeks=len(distances_km)))
    lines = group_by_week(flags)
    for line in lines:
        assert all(
            line.week_start <= f.day < line.week_start + timedelta(days=7)
            for f in line.flags
        )
        ranks = [(f.kind != FlagKind.SINGLE_RUN_SPIKE) for f in line.flags]
        assert ranks == sorted(ranks)
    assert sum(len(line.flags) for line in lines) == len(flags)


@pytest.mark.parametrize("text", ["1.64", "1.52", "overlap", "one study", "Frandsen"])
def test_the_hazard_ratio_note_is_honest(text):
    assert text in HAZARD_RATIO_NOTE
