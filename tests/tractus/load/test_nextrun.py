"""Spike limits for the next run agree with the spike flags they anticipate."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.tractus.load.test_load import _runs
from tractus.load import (
    FlagKind,
    compute_flags,
    load_report,
    next_run_day,
    spike_limits,
)

DAY = date(2024, 3, 31)


def test_limits_are_the_bands_above_the_longest_run_of_the_30_days_before() -> None:
    runs = _runs(
        [date(2024, 3, 1), date(2024, 3, 10), date(2024, 3, 20)], [8000, 12_000, 9000]
    )
    limits = spike_limits(runs, day=DAY)
    assert limits.longest_m == 12_000
    assert limits.longest_day == date(2024, 3, 10)
    assert limits.reference_until == date(2024, 4, 9)
    assert [(b.pct, b.hazard_ratio) for b in limits.bands] == [
        (10.0, 1.64),
        (30.0, 1.52),
        (100.0, 2.28),
    ]
    above_m = [b.above_m for b in limits.bands]
    assert above_m == pytest.approx([13_200, 15_600, 24_000])
    assert "Frandsen" in limits.source


def test_the_window_is_the_30_days_before_the_day_itself() -> None:
    runs = _runs(
        [DAY - timedelta(days=31), DAY - timedelta(days=30), DAY],
        [20_000, 7000, 30_000],
    )
    limits = spike_limits(runs, day=DAY)
    assert limits.longest_m == 7000  # 31 days back is out; the day itself is not in
    assert limits.reference_until == DAY


def test_of_equal_longest_runs_the_latest_is_the_reference() -> None:
    runs = _runs([date(2024, 3, 5), date(2024, 3, 25)], [10_000, 10_000])
    assert spike_limits(runs, day=DAY).longest_day == date(2024, 3, 25)


def test_without_a_run_in_the_window_there_is_no_reference() -> None:
    limits = spike_limits(_runs([date(2024, 1, 1)], [10_000]), day=DAY)
    assert (limits.longest_m, limits.longest_day, limits.bands) == (None, None, ())


def test_the_next_run_is_tomorrow_once_the_runner_ran_today() -> None:
    runs = _runs([DAY - timedelta(days=2)], [5000])
    assert next_run_day(runs, today=DAY) == DAY
    ran_today = _runs([DAY - timedelta(days=2), DAY], [5000, 6000])
    assert next_run_day(ran_today, today=DAY) == DAY + timedelta(days=1)
    report = load_report(ran_today, today=DAY)
    assert report.next_run.day == DAY + timedelta(days=1)
    assert report.next_run.longest_m == 6000


@given(
    st.lists(
        st.tuples(st.integers(1, 45), st.floats(min_value=500, max_value=40_000)),
        min_size=1,
        max_size=25,
    ),
    st.sampled_from([10.0, 30.0, 100.0]),
    st.sampled_from([0.99, 1.01]),
)
def test_a_run_just_past_a_limit_is_flagged_in_that_band_and_not_before(
    history: list[tuple[int, float]], pct: float, factor: float
) -> None:
    days = [DAY - timedelta(days=back) for back, _ in history]
    distances = [distance for _, distance in history]
    limits = spike_limits(_runs(days, distances), day=DAY)
    if limits.longest_m is None:
        return
    band = next(b for b in limits.bands if b.pct == pct)
    runs = _runs([*days, DAY], [*distances, band.above_m * factor])
    bands_today = {
        f.band
        for f in compute_flags(runs, today=DAY)
        if f.kind is FlagKind.SINGLE_RUN_SPIKE and f.day == DAY
    }
    higher = {f">{b.pct:g}%" for b in limits.bands if b.pct >= pct}
    if factor > 1:
        assert f">{pct:g}%" in bands_today
    else:
        assert not bands_today & higher
