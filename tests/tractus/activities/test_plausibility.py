"""Limits on what a human can record: steps, totals, durations, names."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from tractus.activities.names import clean_name
from tractus.activities.plausibility import (
    MAX_FOOT_SPEED_M_S,
    MAX_UNPOWERED_SPEED_M_S,
    is_plausible_total,
    max_speed_m_s,
    plausible_steps_m,
)
from tractus.activities.safety import MAX_FILE_BYTES, check_size
from tractus.activities.schema import Sport
from tractus.activities.strava_csv import parse_activities_csv
from tractus.activities.terrain import MAX_GRADE_POINTS_PER_SAMPLE, compute_grades
from tractus.errors import ActivityFileError
from tractus.sizes import format_size

HEADER = "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance"


def test_a_run_is_held_to_the_fastest_human_sprint_and_a_ride_is_not() -> None:
    assert max_speed_m_s(Sport.RUNNING) == MAX_FOOT_SPEED_M_S == 12.5
    assert max_speed_m_s(Sport.CYCLING) == MAX_UNPOWERED_SPEED_M_S
    assert max_speed_m_s(Sport.UNKNOWN) == MAX_UNPOWERED_SPEED_M_S


def test_impossible_steps_count_zero_and_the_others_stay() -> None:
    step_m = np.array([3.0, 1e9, 12.0, np.inf, np.nan, -5.0, 20.0])
    step_s = np.array([1.0, 600.0, 0.0, 1.0, 1.0, 1.0, np.nan])
    cleaned = plausible_steps_m(step_m, step_s, max_speed=12.5)
    # 12 m in the same second is judged over a second; 20 m of unknown time too.
    assert cleaned.tolist() == [3.0, 0.0, 12.0, 0.0, 0.0, 0.0, 0.0]


@given(
    step_m=arrays(np.float64, 30, elements=st.floats(allow_nan=True)),
    step_s=arrays(np.float64, 30, elements=st.floats(allow_nan=True)),
)
def test_cleaned_steps_are_never_faster_than_the_limit(
    step_m: np.ndarray, step_s: np.ndarray
) -> None:
    cleaned = plausible_steps_m(step_m, step_s, max_speed=12.5)
    assert np.all(np.isfinite(cleaned)) and np.all(cleaned >= 0)
    with np.errstate(over="ignore"):
        assert np.all(cleaned <= 12.5 * np.fmax(step_s, 1.0))


@pytest.mark.parametrize(
    ("distance_m", "duration_s", "expected"),
    [(10_000, 2400, True), (1e9, 600, False), (float("inf"), 600, False)],
)
def test_a_device_total_must_be_possible_in_the_time(
    distance_m: float, duration_s: float, expected: bool
) -> None:
    assert is_plausible_total(distance_m, duration_s, sport=Sport.RUNNING) is expected


@given(
    along=arrays(
        np.float64,
        st.integers(2, 40),
        elements=st.floats(0, 1e15, allow_nan=False),
    )
)
def test_the_grade_grid_is_bounded_by_the_samples_not_the_distances(
    along: np.ndarray,
) -> None:
    along = np.sort(along)
    grades, step_m = compute_grades(along, np.zeros(along.size))
    assert grades.size <= MAX_GRADE_POINTS_PER_SAMPLE * along.size
    assert step_m >= 10.0


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("1,2024-05-01 07:00:00,Fast,Run,600,1000000000", "faster than anyone"),
        ("2,2024-05-01 07:00:00,Long,Run,99999999,1000", "no single activity"),
        ("3,2024-05-01 07:00:00,Odd,Run,600,nan", "not a possible value"),
        ("4,2024-05-01 07:00:00,Back,Run,-600,1000", "not a possible value"),
    ],
)
def test_a_strava_row_no_human_can_produce_is_that_row_s_error(
    row: str, problem: str
) -> None:
    (result,) = parse_activities_csv(f"{HEADER}\n{row}\n".encode(), file="a.csv")
    assert isinstance(result, ActivityFileError)
    assert result.file == "a.csv line 2"
    assert problem in result.problem


def test_names_lose_nul_control_and_bidi_characters() -> None:
    assert clean_name("Morning\x00 Run\x07") == "Morning Run"
    assert clean_name("Hill\trepeats\r\n x6") == "Hill repeats x6"
    assert clean_name("run\u202egpx.exe") == "rungpx.exe"
    assert clean_name("Lauf am Fluß ☀️") == "Lauf am Fluß ☀️"
    assert clean_name("\x00 \x01") is None and clean_name(None) is None


def test_a_nul_in_a_strava_name_is_removed() -> None:
    csv = f"{HEADER}\n5,2024-05-01 07:00:00,Eve\x00ning,Run,600,2000\n"
    (row,) = parse_activities_csv(csv.encode(), file="a.csv")
    assert not isinstance(row, ActivityFileError)
    assert row.name == "Evening"


@pytest.mark.parametrize(
    ("size_bytes", "text"),
    [
        (1, "1\u00a0byte"),
        (1000, "1000\u00a0bytes"),
        (57_651, "56.3\u00a0KB"),
        (64 * 1024**2, "64.0\u00a0MB"),
        (5 * 1024**3, "5.0\u00a0GB"),
    ],
)
def test_sizes_are_written_one_way(size_bytes: int, text: str) -> None:
    assert format_size(size_bytes) == text


def test_the_readers_and_the_upload_form_name_a_limit_alike() -> None:
    with pytest.raises(ActivityFileError) as caught:
        check_size(MAX_FILE_BYTES + 1, file="big.tcx")
    assert (
        caught.value.problem == "file is 64.0\u00a0MB, over the limit of 64.0\u00a0MB"
    )


def test_cleaning_a_name_twice_changes_nothing_more() -> None:
    for text in ("Lan\u05fdPark", "a\u2028b\u00a0c", "x\x00\u202ey\t"):
        once = clean_name(text)
        assert once is not None and clean_name(once) == once
    assert clean_name("a\u2028b") == "a b"  # a line separator breaks no line
