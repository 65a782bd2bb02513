"""The same run arriving twice is kept once; Strava exports join CSV rows to files."""

from __future__ import annotations

import csv
import dataclasses
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tractus.activities import (
    ImportStatus,
    SourceFormat,
    Sport,
    deduplicate,
    fingerprint,
    from_activity_file,
    is_same_activity,
    read_archive,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "activities"


def test_same_run_as_fit_gpx_and_tcx_is_kept_once() -> None:
    trio = [
        *from_activity_file(DATA / "gpx/heartandsole__testdata.gpx"),
        *from_activity_file(DATA / "fit/heartandsole__testdata.fit"),
        *from_activity_file(DATA / "tcx/heartandsole__testdata.tcx"),
    ]
    kept, duplicates = deduplicate(trio)
    assert [a.format for a in kept] == [SourceFormat.FIT]
    assert len(duplicates) == 2


def test_uploading_the_same_file_twice_changes_nothing() -> None:
    (run,) = from_activity_file(DATA / "fit/runpandas__run.fit")
    kept, duplicates = deduplicate([run, run])
    assert kept == [run] and duplicates == [run]


def test_different_runs_are_not_duplicates() -> None:
    (a,) = from_activity_file(DATA / "fit/runpandas__run.fit")
    (b,) = from_activity_file(DATA / "tcx/runpandas__run_garmin.tcx")
    assert not is_same_activity(a, b)
    assert fingerprint(a) != fingerprint(b)


def test_shifted_copy_with_other_duration_is_not_a_duplicate() -> None:
    (run,) = from_activity_file(DATA / "fit/runpandas__run.fit")
    longer = dataclasses.replace(run, duration_s=run.duration_s * 1.5)
    assert not is_same_activity(run, longer)


def _export_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        text = (DATA / "strava_export/activities.csv").read_text()
        header = next(csv.reader(io.StringIO(text)))
        manual = [""] * len(header)
        cells = {0: "99", 1: "Jun 1, 2022, 6:00:00 AM", 2: "Manual", 3: "Run"}
        cells |= {5: "1800", 6: "5.0", 15: "1800.0", 16: "1800.0", 17: "5000.0"}
        for index, value in cells.items():
            manual[index] = value
        out = io.StringIO()
        csv.writer(out).writerow(manual)
        archive.writestr("activities.csv", text.rstrip("\n") + "\n" + out.getvalue())
        archive.write(
            DATA / "strava_export/activities/12866632127.fit.gz",
            "activities/12866632127.fit.gz",
        )
        archive.writestr("profile.csv", b"x")
    return buffer.getvalue()


def test_strava_export_joins_files_and_keeps_manual_rows() -> None:
    results = list(read_archive(_export_zip(), name="export.zip"))
    assert [r.status for r in results] == [ImportStatus.IMPORTED, ImportStatus.IMPORTED]
    from_file, manual = results[0].activities[0], results[1].activities[0]
    assert from_file.format is SourceFormat.FIT
    assert from_file.sport is Sport.RUNNING
    assert str(from_file.start_time) == "2022-05-29 15:53:35+00:00"
    assert manual.format is SourceFormat.STRAVA_CSV
    assert manual.distance_m == 5000.0
    assert manual.duration_s == 1800.0


def _bag_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted((DATA / "gpx").glob("*.gpx"))[:4]:
            archive.write(path, f"runs/{path.name}")
        archive.writestr("inner.zip", b"PK")
    return buffer.getvalue()


@pytest.mark.parametrize("archive", [_export_zip, _bag_zip], ids=["strava", "bag"])
def test_an_archive_resumed_part_way_gives_the_rest_in_the_same_order(
    archive: Callable[[], bytes],
) -> None:
    """A caller that read part of an archive (one worker turn) goes on after it."""
    data = archive()
    whole = list(read_archive(data, name="a.zip"))
    assert len(whole) >= 2
    for skip in range(len(whole) + 1):
        rest = list(read_archive(data, name="a.zip", skip=skip))
        assert rest == whole[skip:]


def test_strava_csv_uses_the_metre_distance_and_doubles_cadence() -> None:
    from tractus.activities.strava_csv import (
        StravaRow,
        activity_from_row,
        parse_activities_csv,
    )

    (row,) = parse_activities_csv(
        (DATA / "strava_export/activities.csv").read_bytes(), file="activities.csv"
    )
    assert isinstance(row, StravaRow)
    activity = activity_from_row(row, file="activities.csv")
    assert activity.distance_m == 3322.949951171875
    assert activity.elevation_loss_m == 86.0
    assert activity.avg_cadence_spm == 71.25904846191406 * 2


def test_german_headers_and_dates_are_read() -> None:
    from tractus.activities.strava_csv import StravaRow, parse_activities_csv

    csv = (
        "Aktivitäts-ID,Aktivitätsdatum,Name der Aktivität,Aktivitätsart,"
        "Verstrichene Zeit,Distanz,Dateiname,Verstrichene Zeit,Distanz\n"
        '1,"29.05.2022, 15:53:35",Lauf,Lauf,1428,"3,32",,1428.0,"3322,9"\n'
    ).encode()
    (row,) = parse_activities_csv(csv, file="activities.csv")
    assert isinstance(row, StravaRow)
    assert row.distance_m == 3322.9
    assert str(row.start_time) == "2022-05-29 15:53:35+00:00"
