"""Conversion between stored rows and the core's `Activity`."""

from __future__ import annotations

from typing import Any

from clinic.training.models import Activity as ActivityRow
from tractus.activities import (
    Activity,
    DistanceSource,
    ElevationSource,
    LocalDateBasis,
    SourceFormat,
    Sport,
    fingerprint,
)

_COPIED = (
    "name",
    "sport_inferred",
    "start_time",
    "local_date",
    "duration_s",
    "moving_time_s",
    "distance_m",
    "elevation_gain_m",
    "elevation_loss_m",
    "downhill_distance_m",
    "grade_adjusted_distance_m",
    "avg_cadence_spm",
    "avg_hr_bpm",
    "n_samples",
)


def to_core(row: ActivityRow) -> Activity:
    return Activity(
        file=row.source_file,
        format=SourceFormat(row.source_format),
        index=row.source_index,
        sport=Sport(row.sport),
        local_date_basis=LocalDateBasis(row.local_date_basis),
        distance_source=DistanceSource(row.distance_source),
        elevation_source=ElevationSource(row.elevation_source),
        **{name: getattr(row, name) for name in _COPIED if name != "name"},
        name=row.name or None,
    )


def row_fields(activity: Activity, *, source_name: str) -> dict[str, Any]:
    """Model field values for `activity`, read from the upload called `source_name`."""
    return {
        "fingerprint": fingerprint(activity),
        "source_file": source_name[:300],
        "source_index": activity.index,
        "source_format": activity.format.value,
        "sport": activity.sport.value,
        "local_date_basis": activity.local_date_basis.value,
        "distance_source": activity.distance_source.value,
        "elevation_source": activity.elevation_source.value,
        **{name: getattr(activity, name) for name in _COPIED if name != "name"},
        "name": (activity.name or "")[:300],
    }
