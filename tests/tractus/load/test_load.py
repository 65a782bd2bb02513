"""Load series, flags and ACWR: properties and known answers."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tractus.load
from tractus.cli import main
from tractus.load import (
    FlagKind,
    compute_flags,
    daily_load,
    ewma_acwr,
    uncoupled_acwr,
    weekly_load,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "activities"


def _runs(
    days: list[date], distances: list[float], descents: list[float] | None = None
):
    descents = descents or [np.nan] * len(days)
    return pd.DataFrame(
        {
            "start_time": pd.DatetimeIndex(
                [pd.Timestamp(d, tz="UTC") + pd.Timedelta(hours=7) for d in days]
            ).as_unit("ns"),
            "local_date": pd.DatetimeIndex([pd.Timestamp(d) for d in days]).as_unit(
                "ns"
            ),
            "distance_m": np.array(distances, dtype=float),
            "duration_s": np.array(distances, dtype=float) / 3.0,
            "descent_m": np.array(descents, dtype=float),
            "run_id": pd.Series([f"r{i}" for i in range(len(days))], dtype=object),
        }
    )


@given(
    load=st.floats(min_value=1, max_value=50_000),
    days=st.integers(min_value=28, max_value=400),
)
def test_acwr_is_one_for_constant_load(load: float, days: int) -> None:
    daily = pd.Series(
        np.full(days, load), index=pd.date_range("2024-01-01", periods=days)
    )
    assert uncoupled_acwr(daily).iloc[-1] == pytest.approx(1.0)
    assert ewma_acwr(daily).iloc[-1] == pytest.approx(1.0)


@given(
    st.lists(st.integers(0, 120), min_size=1, max_size=40),
    st.integers(min_value=1, max_value=200).map(lambda w: w * 7),
)
def test_shifting_all_runs_by_whole_weeks_keeps_weekly_totals(
    offsets: list[int], shift_days: int
) -> None:
    start = date(2023, 1, 2)  # a Monday
    days = [start + timedelta(days=o) for o in offsets]
    distances = [1000.0 + 10 * o for o in offsets]
    end = start + timedelta(days=130)
    shift = timedelta(days=shift_days)
    before = weekly_load(daily_load(_runs(days, distances), start=start, end=end))
    moved = _runs([d + shift for d in days], distances)
    after = weekly_load(daily_load(moved, start=start + shift, end=end + shift))
    np.testing.assert_allclose(before["distance_m"], after["distance_m"])
    np.testing.assert_allclose(before["duration_s"], after["duration_s"])


def test_single_run_spike_is_banded_against_the_longest_of_30_days() -> None:
    days = [date(2024, 3, 1), date(2024, 3, 10), date(2024, 3, 20), date(2024, 3, 25)]
    runs = _runs(days, [10_000, 10_500, 13_000, 26_500])
    flags = [
        f for f in compute_flags(runs, today=date(2024, 3, 31))
        if f.kind is FlagKind.SINGLE_RUN_SPIKE
    ]  # fmt: skip
    assert [(f.day, f.band) for f in flags] == [
        (date(2024, 3, 20), ">10%"),
        (date(2024, 3, 25), ">100%"),
    ]
    assert "Frandsen" in flags[0].source


def test_no_spike_without_a_run_in_the_previous_30_days() -> None:
    runs = _runs([date(2024, 1, 1), date(2024, 3, 1)], [5000, 20_000])
    spikes = [f for f in compute_flags(runs, today=date(2024, 3, 2))
              if f.kind is FlagKind.SINGLE_RUN_SPIKE]  # fmt: skip
    assert spikes == []


def test_weekly_progression_over_30_percent_is_flagged() -> None:
    mondays = [date(2024, 1, 1) + timedelta(weeks=w) for w in range(4)]
    runs = _runs(mondays, [10_000, 10_000, 10_000, 13_500])
    flags = [f for f in compute_flags(runs, today=date(2024, 1, 28))
             if f.kind is FlagKind.WEEKLY_PROGRESSION]  # fmt: skip
    assert [f.day for f in flags] == [date(2024, 1, 22)]
    assert flags[0].value == pytest.approx(35.0)


def test_descent_spike_needs_a_real_descent() -> None:
    days = [date(2024, 5, 1), date(2024, 5, 5), date(2024, 5, 9)]
    runs = _runs(days, [8000, 8000, 8000], descents=[100, 20, 200])
    flags = [f for f in compute_flags(runs, today=date(2024, 5, 10))
             if f.kind is FlagKind.DESCENT_SPIKE]  # fmt: skip
    assert [f.day for f in flags] == [date(2024, 5, 9)]


def test_seven_consecutive_days_are_flagged_once() -> None:
    days = [date(2024, 6, 1) + timedelta(days=i) for i in range(9)]
    runs = _runs(days, [5000] * 9)
    flags = [f for f in compute_flags(runs, today=date(2024, 6, 12))
             if f.kind is FlagKind.CONSECUTIVE_DAYS]  # fmt: skip
    assert [f.day for f in flags] == [date(2024, 6, 7)]


def test_runs_after_today_are_ignored() -> None:
    runs = _runs([date(2024, 1, 1), date(2024, 1, 5)], [5000, 50_000])
    assert compute_flags(runs, today=date(2024, 1, 4)) == ()


def test_public_api_is_sorted() -> None:
    assert list(tractus.load.__all__) == sorted(tractus.load.__all__)


def test_load_report_on_the_real_history_flags_spikes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = main(
        ["load", "report", "--json", "--today", "2021-07-10", str(DATA / "history")]
    )
    report = json.loads(capsys.readouterr().out)
    assert status == 0
    kinds = {f["kind"] for f in report["flags"]}
    assert {"single_run_spike", "weekly_progression"} <= kinds
    assert report["acwr"]["caveat"].startswith("The acute:chronic")
    assert sum(w["runs"] for w in report["weeks"]) == 66


def test_load_report_text_shows_one_line_per_flagged_week(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["load", "report", "--today", "2021-07-10", str(DATA / "history")]
    assert main([*args, "--json"]) == 0
    flags = json.loads(capsys.readouterr().out)["flags"]
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    mondays = {
        date.fromisoformat(f["day"])
        - timedelta(days=date.fromisoformat(f["day"]).weekday())
        for f in flags
    }
    week_lines = [line for line in lines if line.startswith("  week of ")]
    also_lines = [line for line in lines if line.startswith("      also that week: ")]
    assert len(flags) > len(mondays)  # the history has weeks with several flags
    assert [line[10:20] for line in week_lines] == [
        str(m) for m in sorted(mondays, reverse=True)
    ]
    assert len(week_lines) + len(also_lines) == len(flags)
    assert f"flagged weeks ({len(mondays)}, {len(flags)} flags):" in lines
    # The week of 7 June 2021: the spike (strongest evidence) leads, its progression follows.
    june = lines.index(next(line for line in week_lines if "2021-06-07" in line))
    assert "single_run_spike >30% on Sun 2021-06-13" in lines[june]
    assert lines[june + 1].startswith("      also that week: weekly_progression")
    assert (
        sum("Frandsen" in line for line in lines if line.startswith("  sources:")) == 1
    )
