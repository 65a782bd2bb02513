"""Every real fixture against the reference values in its SOURCES.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from tractus.activities import Sport, from_activity_file
from tractus.errors import ActivityFileError

DATA = Path(__file__).resolve().parents[2] / "data" / "activities"

# file -> sports of the activities read, reference distance (device total for
# FIT/TCX, gpxpy length_2d for GPX) of the first run, relative tolerance.
RUNS = {
    "fit/fitparse__2013-02-06-12-11-14.fit": ([Sport.RUNNING], 4835, 0.01),
    "fit/fitparse__activity-small-fenix2-run.fit": ([Sport.RUNNING], 9008, 0.01),
    "fit/fitparse__garmin-fenix-5-run.fit": ([Sport.RUNNING], 158, 0.01),
    "fit/fitparse__developer-types-sample.fit": ([Sport.RUNNING], 6754, 0.01),
    "fit/fitparse__compressed-speed-distance.fit": ([Sport.RUNNING], 10249, 0.01),
    "fit/runpandas__run.fit": ([Sport.RUNNING], 5840, 0.01),
    "fit/gap__2022-05-29-15-53-35_Laufen_Landal_Park.fit": (
        [Sport.RUNNING],
        3323,
        0.01,
    ),
    "fit/heartandsole__testdata.fit": ([Sport.RUNNING], 159, 0.01),
    "gpx/georust__garmin-activity.gpx": ([Sport.RUNNING], 12835.5, 0.01),
    "gpx/runpandas__stopped_example.gpx": ([Sport.RUNNING], 12608.7, 0.01),
    "gpx/runpandas__run.gpx": ([Sport.RUNNING], 4812.2, 0.01),
    "gpx/heartandsole__testdata.gpx": ([Sport.RUNNING], 187.7, 0.01),
    "gpx/gpxpy__track-with-less-sec-time.gpx": ([Sport.RUNNING], 1.6, 0.05),
    "tcx/dblock__running_activity_1.tcx": ([Sport.RUNNING], 14332.3, 0.01),
    "tcx/dblock__treadmill_1.tcx": ([Sport.RUNNING], 4111.5, 0.01),
    "tcx/dblock__multiple_running_activities.tcx": (
        [Sport.RUNNING, Sport.RUNNING],
        14332.3,
        0.01,
    ),
    "tcx/dblock__running_workout_1.tcx": ([Sport.RUNNING], 12934.3, 0.01),
    "tcx/runpandas__run_garmin.tcx": ([Sport.RUNNING], 2153.7, 0.01),
    "tcx/runpandas__run.tcx": ([Sport.RUNNING], 4824.9, 0.01),
    "tcx/runpandas__stopped_example.tcx": ([Sport.RUNNING], 12008.1, 0.01),
    "tcx/runpandas__2020-12-06T06_36_21-300_Running.tcx": (
        [Sport.RUNNING],
        12025.8,
        0.01,
    ),
    "tcx/tcxparser__test.tcx": ([Sport.RUNNING], 4689.2, 0.01),
    "tcx/heartandsole__testdata.tcx": ([Sport.RUNNING], 158.7, 0.01),
    "strava_export/activities/12866632127.fit.gz": ([Sport.RUNNING], 3323, 0.01),
}

NOT_RUNS = {
    "fit/fitparse__coros-pace-2-cycling-misaligned-fields.fit": [Sport.CYCLING],
    "fit/sweatpy__4801048867.fit": [Sport.CYCLING],
    "gpx/sweatpy__activity_4801048867.gpx": [Sport.CYCLING],
    "tcx/sweatpy__activity_4801048867.tcx": [Sport.CYCLING],
    "gpx/gap__2025-08-30_BC_Cadzand-Bad.gpx": [Sport.UNKNOWN],
    "gpx/gpxpy__around-visnjan-with-car.gpx": [Sport.UNKNOWN],
    "gpx/gpxpy__cerknicko-jezero.gpx": [Sport.UNKNOWN],
    "gpx/gpxpy__cerknicko-without-times.gpx": [Sport.UNKNOWN],
}

NO_ACTIVITY = [
    "fit/gap__berlin-0.9km-course.fit",
    "gpx/gap__berlin-0.9km-route.gpx",
    "gpx/gpxpy__Mojstrovka.gpx",
    "gpx/gpxpy__unicode_with_bom.gpx",
]

BROKEN = {
    "fit/fitparse__nick.fit": "truncated FIT file",
    "fit/fitparse__strava-android-app-201.10-b1218918.fit": "local message 11",
    "tcx/runpandas__malformed.tcx": "malformed XML",
}

MULTISPORT = {
    "fit/fitparse__sample_mulitple_header.fit": (
        [
            Sport.SWIMMING,
            Sport.TRANSITION,
            Sport.CYCLING,
            Sport.TRANSITION,
            Sport.RUNNING,
        ],
        52534,
    ),
    "fit/fitparse__activity-large-fenxi2-multisport.fit": (
        [
            Sport.OTHER,
            Sport.TRANSITION,
            Sport.RUNNING,
            Sport.TRANSITION,
            Sport.RUNNING,
            Sport.TRANSITION,
            Sport.CYCLING,
        ],
        69831,
    ),
}


def test_every_fixture_file_has_an_expectation() -> None:
    on_disk = {
        str(p.relative_to(DATA))
        for p in DATA.rglob("*")
        if p.is_file() and p.suffix in {".fit", ".gpx", ".tcx", ".gz"}
    }
    covered = (
        set(RUNS) | set(NOT_RUNS) | set(NO_ACTIVITY) | set(BROKEN) | set(MULTISPORT)
    )
    assert on_disk == covered


@pytest.mark.parametrize(("name", "expected"), sorted(RUNS.items()))
def test_run_distance_matches_the_reference(
    name: str, expected: tuple[list[Sport], float, float]
) -> None:
    sports, distance_m, tolerance = expected
    activities = from_activity_file(DATA / name)
    assert [a.sport for a in activities] == sports
    assert all(a.is_run for a in activities)
    assert activities[0].distance_m == pytest.approx(distance_m, rel=tolerance)


@pytest.mark.parametrize(("name", "sports"), sorted(NOT_RUNS.items()))
def test_non_running_activities_are_not_runs(name: str, sports: list[Sport]) -> None:
    activities = from_activity_file(DATA / name)
    assert [a.sport for a in activities] == sports
    assert not any(a.is_run for a in activities)


@pytest.mark.parametrize("name", NO_ACTIVITY)
def test_routes_and_courses_hold_no_activity(name: str) -> None:
    assert from_activity_file(DATA / name) == []


@pytest.mark.parametrize(("name", "problem"), sorted(BROKEN.items()))
def test_broken_files_raise_an_error_naming_file_and_problem(
    name: str, problem: str
) -> None:
    with pytest.raises(ActivityFileError) as caught:
        from_activity_file(DATA / name)
    assert caught.value.file.endswith(name.split("/")[-1])
    assert problem in str(caught.value)


@pytest.mark.parametrize(("name", "expected"), sorted(MULTISPORT.items()))
def test_multisport_files_give_one_activity_per_session(
    name: str, expected: tuple[list[Sport], float]
) -> None:
    sports, total_m = expected
    activities = from_activity_file(DATA / name)
    assert [a.sport for a in activities] == sports
    total = sum(a.distance_m or 0.0 for a in activities)
    assert total == pytest.approx(total_m, rel=0.01)


def test_device_elevation_totals_are_preferred() -> None:
    (run,) = from_activity_file(DATA / "fit/runpandas__run.fit")
    assert (run.elevation_gain_m, run.elevation_loss_m) == (234, 233)


@pytest.mark.parametrize(
    ("name", "gain_m", "loss_m"),
    [
        # "9-pt MA" anchors of activities.md section 4.
        ("gpx/georust__garmin-activity.gpx", 184, 190),
        ("gpx/runpandas__stopped_example.gpx", 34, 34),
    ],
)
def test_smoothed_elevation_matches_the_pinned_method(
    name: str, gain_m: float, loss_m: float
) -> None:
    (run,) = from_activity_file(DATA / name)
    assert run.elevation_gain_m == pytest.approx(gain_m, abs=2)
    assert run.elevation_loss_m == pytest.approx(loss_m, abs=2)


def test_cadence_is_doubled_to_steps_per_minute() -> None:
    (run,) = from_activity_file(DATA / "tcx/runpandas__run_garmin.tcx")
    assert run.avg_cadence_spm is not None
    assert 150 < run.avg_cadence_spm < 190


def test_cycling_has_no_step_cadence() -> None:
    (ride,) = from_activity_file(DATA / "fit/sweatpy__4801048867.fit")
    assert ride.avg_cadence_spm is None


def test_treadmill_run_without_positions_uses_watch_distance() -> None:
    (run,) = from_activity_file(DATA / "tcx/dblock__treadmill_1.tcx")
    assert run.elevation_gain_m is None
    assert run.grade_adjusted_distance_m is None
    assert run.avg_hr_bpm is not None


def test_local_date_uses_the_fit_local_offset() -> None:
    (run,) = from_activity_file(DATA / "fit/runpandas__run.fit")
    assert run.local_date_basis == "file_offset"
    assert str(run.start_time) == "2019-09-14 15:22:05+00:00"


def test_relative_fit_timestamps_are_anchored_on_local_time() -> None:
    (run,) = from_activity_file(DATA / "fit/fitparse__compressed-speed-distance.fit")
    assert run.start_time.year == 2012
    assert run.avg_cadence_spm == pytest.approx(176, abs=1)


def test_hilly_run_has_downhill_distance_and_a_larger_grade_adjusted_distance() -> None:
    (run,) = from_activity_file(DATA / "fit/runpandas__run.fit")
    assert run.downhill_distance_m is not None and run.downhill_distance_m > 0
    assert run.grade_adjusted_distance_m is not None and run.distance_m is not None
    assert run.grade_adjusted_distance_m > run.distance_m
