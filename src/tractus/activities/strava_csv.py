"""Strava bulk-export ``activities.csv``: repeated column names, localised headers.

Columns are found by header name in English, German or the pre-2019
snake_case layout. Five names repeat (``Elapsed Time``, ``Distance``, ...):
the first ``Distance`` is in the user's unit (km or mi), the second in metres,
so the *last* occurrence of ``Distance`` and ``Elapsed Time`` is used.
``Activity Date`` is UTC, written ``May 29, 2022, 3:53:35 PM`` in English,
``29.05.2022, 15:53:35`` in German and ``2018-09-12 15:02:23`` in old
exports; decimals may use a comma. ``Average Cadence`` is per foot and is
doubled for runs. A real CSV parser is used, because descriptions hold commas
and newlines inside quotes. References: activities.md section 3.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from tractus.activities.cadence import FOOT_SPORTS, PER_FOOT_CADENCE_MAX
from tractus.activities.names import clean_name
from tractus.activities.plausibility import MAX_ACTIVITY_DURATION_S, is_plausible_total
from tractus.activities.schema import (
    Activity,
    DistanceSource,
    ElevationSource,
    LocalDateBasis,
    SourceFormat,
)
from tractus.activities.sports import sport_from_label
from tractus.errors import ActivityFileError, ActivityProblem

__all__ = ["StravaRow", "activity_from_row", "parse_activities_csv"]

# field -> (header aliases, use the last occurrence?)
_COLUMNS: dict[str, tuple[frozenset[str], bool]] = {
    "id": (frozenset({"activity id", "aktivitäts-id", "id"}), False),
    "date": (frozenset({"activity date", "aktivitätsdatum", "date"}), False),
    "name": (frozenset({"activity name", "name der aktivität", "name"}), False),
    "type": (frozenset({"activity type", "aktivitätsart", "type"}), False),
    "elapsed": (frozenset({"elapsed time", "verstrichene zeit", "elapsed_time"}), True),
    "moving": (frozenset({"moving time", "bewegungszeit", "moving_time"}), False),
    "distance": (frozenset({"distance", "distanz"}), True),
    "filename": (frozenset({"filename", "dateiname"}), False),
    "gain": (frozenset({"elevation gain", "höhenzunahme", "elevation_gain"}), False),
    "loss": (frozenset({"elevation loss", "höhenunterschied"}), False),
    "cadence": (
        frozenset({"average cadence", "durchschnittliche trittfrequenz"}),
        False,
    ),
    "hr": (
        frozenset({"average heart rate", "durchschnittliche herzfrequenz"}),
        False,
    ),
    "gad": (frozenset({"grade adjusted distance"}), False),
}
_REQUIRED = ("date", "type", "elapsed")
_DATE_FORMATS = ("%b %d, %Y, %I:%M:%S %p", "%d.%m.%Y, %H:%M:%S", "%Y-%m-%d %H:%M:%S")


@dataclass(frozen=True, slots=True)
class StravaRow:
    """One row of ``activities.csv``, typed; None where the cell was empty."""

    line: int
    activity_id: str
    start_time: datetime
    name: str | None
    type_label: str
    elapsed_s: float
    moving_s: float | None
    distance_m: float | None
    filename: str | None
    elevation_gain_m: float | None
    elevation_loss_m: float | None
    avg_cadence_raw: float | None
    avg_hr_bpm: float | None
    grade_adjusted_distance_m: float | None


def _locate(header: list[str]) -> dict[str, int]:
    names = [h.strip().lower() for h in header]
    found: dict[str, int] = {}
    for field, (aliases, last) in _COLUMNS.items():
        hits = [i for i, name in enumerate(names) if name in aliases]
        if hits:
            found[field] = hits[-1] if last else hits[0]
    return found


def _number(text: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    value = float(text)
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{text!r} is not a possible value")
    return value


def _check_possible(row: StravaRow) -> StravaRow:
    """Refuse a row whose time or distance no human can produce (see `plausibility`)."""
    if row.elapsed_s > MAX_ACTIVITY_DURATION_S:
        raise ValueError(
            f"elapsed time of {row.elapsed_s / 86400:.0f} days; no single activity "
            f"lasts over {MAX_ACTIVITY_DURATION_S / 86400:.0f} days"
        )
    sport = sport_from_label(row.type_label)
    if row.distance_m is not None and not is_plausible_total(
        row.distance_m, row.elapsed_s, sport=sport
    ):
        raise ValueError(
            f"{row.distance_m / 1000:.1f} km in {row.elapsed_s:.0f} s is faster "
            "than anyone moves"
        )
    return row


def _date(text: str) -> datetime:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    raise ValueError(f"unrecognised date {text!r}")


def _row(cells: list[str], columns: dict[str, int], line: int) -> StravaRow:
    def cell(field: str) -> str:
        index = columns.get(field)
        return cells[index] if index is not None and index < len(cells) else ""

    def number(field: str) -> float | None:
        return _number(cell(field))

    elapsed = number("elapsed")
    if elapsed is None:
        raise ValueError("empty elapsed time")
    return _check_possible(
        StravaRow(
            line=line,
            activity_id=cell("id").strip(),
            start_time=_date(cell("date")),
            name=clean_name(cell("name")),
            type_label=cell("type").strip(),
            elapsed_s=elapsed,
            moving_s=number("moving"),
            distance_m=number("distance"),
            filename=cell("filename").strip() or None,
            elevation_gain_m=number("gain"),
            elevation_loss_m=number("loss"),
            avg_cadence_raw=number("cadence"),
            avg_hr_bpm=number("hr"),
            grade_adjusted_distance_m=number("gad"),
        )
    )


def parse_activities_csv(
    data: bytes, *, file: str
) -> list[StravaRow | ActivityFileError]:
    """Parse ``activities.csv``; each row gives a `StravaRow` or the row's error.

    Raises
    ------
    ActivityFileError
        If the file is not UTF-8 or lacks the date, type or elapsed-time column.

    References
    ----------
    activities.md section 3 (header layouts, duplicate names, date formats).
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ActivityFileError(
            file,
            "activities.csv is not UTF-8 text",
            kind=ActivityProblem.BAD_EXPORT_LIST,
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    columns = _locate(header)
    missing = [f for f in _REQUIRED if f not in columns]
    if missing:
        raise ActivityFileError(
            file,
            f"activities.csv lacks the columns {missing}",
            kind=ActivityProblem.BAD_EXPORT_LIST,
        )
    rows: list[StravaRow | ActivityFileError] = []
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        try:
            rows.append(_row(cells, columns, reader.line_num))
        except ValueError as exc:
            rows.append(
                ActivityFileError(
                    f"{file} line {reader.line_num}",
                    str(exc),
                    kind=ActivityProblem.BAD_EXPORT_LIST,
                )
            )
    return rows


def activity_from_row(
    row: StravaRow, *, file: str, timezone: tzinfo | None = None
) -> Activity:
    """Build an `Activity` from a CSV row alone (manual entries have no file).

    Elevation, cadence and grade-adjusted distance are Strava's own totals.
    """
    sport = sport_from_label(row.type_label)
    cadence = row.avg_cadence_raw
    if cadence is not None and sport in FOOT_SPORTS:
        cadence = cadence * 2.0 if cadence < PER_FOOT_CADENCE_MAX else cadence
    else:
        cadence = None
    local = row.start_time.astimezone(timezone) if timezone else row.start_time
    return Activity(
        file=file,
        format=SourceFormat.STRAVA_CSV,
        index=0,
        sport=sport,
        sport_inferred=False,
        start_time=row.start_time,
        local_date=local.date(),
        local_date_basis=LocalDateBasis.TIMEZONE if timezone else LocalDateBasis.UTC,
        duration_s=row.elapsed_s,
        moving_time_s=row.moving_s,
        distance_m=row.distance_m,
        distance_source=(
            DistanceSource.DEVICE_TOTAL
            if row.distance_m is not None
            else DistanceSource.NONE
        ),
        elevation_gain_m=row.elevation_gain_m,
        elevation_loss_m=row.elevation_loss_m,
        elevation_source=(
            ElevationSource.DEVICE_TOTAL
            if row.elevation_loss_m is not None
            else ElevationSource.NONE
        ),
        downhill_distance_m=None,
        grade_adjusted_distance_m=row.grade_adjusted_distance_m,
        avg_cadence_spm=cadence,
        avg_hr_bpm=row.avg_hr_bpm,
        n_samples=0,
        name=row.name,
    )
