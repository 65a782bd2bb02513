"""Answers to the symptom check's training questions, taken from the runner's runs.

A runner who imported their watch history should not have to guess how much
their weekly distance rose: the runs say it. This module turns the runs table
(`tractus.load.RUN_COLUMNS`) into answers to `weekly_distance_km`,
`weekly_distance_increase_pct` and `longest_run_change`, computed the way the
questions ask them. The runner still sees and may change every value.
References: clinical.md §4.1 (Nielsen 2014 two-week progression; Frandsen 2025
single-run spike against the longest run of the previous 30 days).
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from tractus.triage.catalogue import QUESTIONNAIRE

# Not re-exported by tractus.triage: it needs pandas, which the engine does not.
__all__ = ["RECENT_DATA_DAYS", "answers_from_runs"]

# Runs older than this say nothing about "the last 2-6 weeks" the questions ask about.
RECENT_DATA_DAYS = 42
# The question asks about "a normal week": the mean of the last four.
_NORMAL_WEEKS = 4
_RECENT_WEEKS, _BASELINE_WEEKS = 2, 4
_SPIKE_WINDOW_DAYS, _SPIKE_LOOKBACK_DAYS = 14, 30
# Bands of the longest_run_change question, upper bounds in percent.
_SPIKE_BANDS = (
    (0.0, "not_longer"),
    (10.0, "up_to_10_pct"),
    (30.0, "10_to_30_pct"),
    (100.0, "30_to_100_pct"),
)


def _within_range(question_id: str, value: float) -> float:
    """Clamp to the question's allowed range, so the answer always validates."""
    question = QUESTIONNAIRE.question(question_id)
    low = question.minimum if question.minimum is not None else value
    high = question.maximum if question.maximum is not None else value
    return min(max(value, low), high)


def _distance_between(runs: pd.DataFrame, first: date, last: date) -> float:
    days = runs["local_date"].dt.date
    return float(runs.loc[(days >= first) & (days <= last), "distance_m"].sum())


def _weekly_km(
    runs: pd.DataFrame, *, today: date, weeks: int, offset_weeks: int = 0
) -> float:
    last = today - timedelta(weeks=offset_weeks)
    first = last - timedelta(weeks=weeks) + timedelta(days=1)
    return _distance_between(runs, first, last) / 1000 / weeks


def _longest_run_band(runs: pd.DataFrame, *, today: date) -> str | None:
    days = runs["local_date"].dt.date.to_numpy()
    distance = runs["distance_m"].to_numpy()
    worst: float | None = None
    for day, metres in zip(days, distance, strict=True):
        if not today - timedelta(days=_SPIKE_WINDOW_DAYS) < day <= today:
            continue
        before = (days < day) & (days >= day - timedelta(days=_SPIKE_LOOKBACK_DAYS))
        if not before.any():
            continue
        pct = 100 * (metres / float(np.max(distance[before])) - 1)
        worst = pct if worst is None else max(worst, pct)
    if worst is None:
        return None
    return next(
        (code for bound, code in _SPIKE_BANDS if worst <= bound), "over_100_pct"
    )


def answers_from_runs(runs: pd.DataFrame, *, today: date) -> dict[str, float | str]:
    """Answers the runs can give; empty when there is no run in the last six weeks.

    Parameters
    ----------
    runs : pandas.DataFrame
        The runs table (`tractus.load.RUN_COLUMNS`).
    today : datetime.date
        The runner's today (the core never reads the clock).

    Returns
    -------
    dict
        Some of ``weekly_distance_km`` (mean of the last 4 weeks, km),
        ``weekly_distance_increase_pct`` (last 2 weeks against the 4 before, %) and
        ``longest_run_change`` (the longest run of the last 14 days against the
        longest of the 30 days before it, as the question's band).

    References
    ----------
    clinical.md §4.1 (Nielsen 2014; Frandsen 2025).
    """
    days = runs["local_date"].dt.date
    recent = runs[(days <= today) & (days > today - timedelta(days=RECENT_DATA_DAYS))]
    if recent.empty:
        return {}
    answers: dict[str, float | str] = {
        "weekly_distance_km": round(
            _weekly_km(runs, today=today, weeks=_NORMAL_WEEKS), 1
        )
    }
    now = _weekly_km(runs, today=today, weeks=_RECENT_WEEKS)
    before = _weekly_km(
        runs, today=today, weeks=_BASELINE_WEEKS, offset_weeks=_RECENT_WEEKS
    )
    if before > 0:
        answers["weekly_distance_increase_pct"] = _within_range(
            "weekly_distance_increase_pct", round(100 * (now / before - 1))
        )
    band = _longest_run_band(runs, today=today)
    if band is not None:
        answers["longest_run_change"] = band
    return answers
