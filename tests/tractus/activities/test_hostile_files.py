"""The hostile files of issue 8 (tests/data/hostile): each is refused
with a message naming the file, or read within bounds; none raises anything but
the project's own errors."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tractus.activities import (
    Activity,
    DistanceSource,
    ImportStatus,
    from_activity_bytes,
    read_archive,
    read_paths,
)
from tractus.activities.batch import unexpected_error_result
from tractus.errors import ActivityFileError

HOSTILE = Path(__file__).resolve().parents[2] / "data" / "hostile"
DATA = Path(__file__).resolve().parents[2] / "data" / "activities"


def test_a_fit_definition_longer_than_the_header_data_size_is_corrupt() -> None:
    path = HOSTILE / "fit_definition_past_data_size.fit"
    with pytest.raises(ActivityFileError, match="runs past the data size") as caught:
        from_activity_bytes(path.read_bytes(), path.name)
    assert caught.value.file == path.name


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("zip_corrupt_deflate.zip", "cannot read archive entry"),
        ("zip_wrong_directory_offset.zip", "offset points outside the archive"),
    ],
)
def test_a_broken_zip_entry_read_from_bytes_is_that_entry_s_error(
    name: str, problem: str
) -> None:
    results = list(read_archive((HOSTILE / name).read_bytes(), name=name))
    assert [r.file for r in results] == [f"{name}:run.gpx"]
    assert results[0].status is ImportStatus.ERROR
    assert results[0].error is not None
    assert results[0].error.startswith(f"{name}:run.gpx: ")
    assert problem in results[0].error
    assert results[0].internal_error is None


def test_a_broken_zip_read_from_disk_is_that_entry_s_error() -> None:
    path = HOSTILE / "zip_wrong_directory_offset.zip"
    (result,) = read_paths([path])
    assert result.status is ImportStatus.ERROR
    assert result.error is not None and "cannot read archive entry" in result.error
    assert result.internal_error is None


def test_an_unexpected_reader_failure_keeps_its_traceback_apart() -> None:
    try:
        raise KeyError("boom")
    except KeyError as exc:
        result = unexpected_error_result("odd.fit", exc)
    assert result.status is ImportStatus.ERROR
    assert result.error == "odd.fit: could not be read (internal error KeyError)"
    assert result.internal_error is not None
    assert "Traceback" in result.internal_error and "boom" in result.internal_error


def _summarised_within_bounds(data: bytes, name: str) -> list[Activity]:
    """Read and summarise `data`: under a second of CPU and 200 MB at the peak.

    CPU time of this process, not wall time, so that other work on the
    machine does not decide the test; memory is measured in a second run,
    because tracing every allocation slows the parser several times.
    """
    started = time.process_time()
    activities = from_activity_bytes(data, name)
    assert time.process_time() - started < 1.0
    tracemalloc.start()
    try:
        from_activity_bytes(data, name)
        _, peak_bytes = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak_bytes < 200e6
    return activities


@pytest.mark.parametrize(
    "name",
    ["tcx_distance_1e9.tcx", "tcx_distance_1e22.tcx", "gpx_lon_jumps_0_179.gpx"],
)
def test_impossible_distances_are_not_believed_nor_worked_through(name: str) -> None:
    (activity,) = _summarised_within_bounds((HOSTILE / name).read_bytes(), name)
    # Every step is faster than anyone runs: the distance is unknown, not 0
    # and not a million km; the time is still the run's.
    assert activity.distance_m is None
    assert activity.distance_source is DistanceSource.NONE
    assert activity.duration_s in (600.0, 3540.0)


def _gpx(points: list[tuple[float, float, float, str]]) -> bytes:
    body = "".join(
        f'<trkpt lat="{lat}" lon="{lon}"><ele>{ele}</ele><time>{t}</time></trkpt>'
        for lat, lon, ele, t in points
    )
    return (
        '<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><trkseg>{body}</trkseg></trk></gpx>"
    ).encode()


def test_a_megabyte_of_sparse_far_apart_points_stays_within_bounds() -> None:
    """Steps just possible for an unknown sport (71 m/s) every 48 s, for a week:
    a 10 m grade grid would need 340 points per sample."""
    start = datetime(2024, 5, 1, tzinfo=UTC)
    points = []
    for i in range(12_000):
        when = (start + timedelta(seconds=48 * i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        points.append((0.0, (i % 2) * 0.03, float(i % 50), when))
    data = _gpx(points)
    assert 0.9e6 < len(data) < 1e6
    (activity,) = _summarised_within_bounds(data, "sparse.gpx")
    assert activity.distance_m == pytest.approx(11_999 * 3336, rel=0.01)
    assert activity.downhill_distance_m is not None


def test_one_wild_sample_costs_only_its_own_steps() -> None:
    """A 5 km run at 1 Hz with one position 5,000 km away in the middle."""
    start = datetime(2024, 5, 1, tzinfo=UTC)
    points = []
    for i in range(1500):
        when = (start + timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        lat = 45.0 if i == 700 else 0.0
        points.append((lat, i * 3.333 / 111_195.0, 0.0, when))
    (activity,) = from_activity_bytes(_gpx(points), "glitch.gpx")
    # 1499 steps of 3.33 m, less the two touching the wild point.
    assert activity.distance_m == pytest.approx(1497 * 3.333, rel=0.002)


def test_many_samples_in_one_second_cannot_add_up_to_a_long_way() -> None:
    """Each step is judged over at least a second; the total still must fit."""
    points = [
        (0.0, i * 60 / 111_195.0, 0.0, f"2024-05-01T07:00:0{i // 250}Z")
        for i in range(500)
    ]
    (activity,) = from_activity_bytes(_gpx(points), "burst.gpx")
    assert activity.duration_s == 1.0
    assert activity.distance_m is None


def test_a_zip_inside_the_zip_is_named_and_the_rest_is_read() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("inner.zip", b"PK\x05\x06" + bytes(18))
        archive.write(DATA / "fit" / "runpandas__run.fit", "run.fit")
    results = {r.file: r for r in read_archive(buffer.getvalue(), name="outer.zip")}
    assert results["outer.zip:inner.zip"].error == (
        "outer.zip:inner.zip: a zip inside the zip is not opened; upload it on its own"
    )
    assert results["outer.zip:run.fit"].status is ImportStatus.IMPORTED
