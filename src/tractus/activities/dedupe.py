"""Recognising the same activity arriving twice (two formats, or uploaded twice).

Two activities are the same when both are runs or both are not, they started
within `SAME_START_TOLERANCE_S` of each other and their durations differ by at
most `SAME_DURATION_TOLERANCE` (relative) or `SAME_DURATION_TOLERANCE_S`. Start
and duration are used rather than distance because the same run measured from
GPS positions and from a foot pod can differ by 15% on a short run (the
heartandsole FR220 run: 159 m FIT, 188 m GPX), while start times of the same
recording agree within seconds across FIT, GPX and TCX (a TCX lap may start a
few seconds before the first GPX point). `fingerprint` gives a coarse key
(run class + start minute) a database can index; candidates sharing a key or a
neighbouring minute are then confirmed with `is_same_activity`.
References: activities.md section 4 ("Same run can arrive as several files").
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from tractus.activities.schema import Activity, SourceFormat

__all__ = [
    "SAME_DURATION_TOLERANCE",
    "SAME_DURATION_TOLERANCE_S",
    "SAME_START_TOLERANCE_S",
    "deduplicate",
    "fingerprint",
    "is_same_activity",
]

SAME_START_TOLERANCE_S = 120.0
SAME_DURATION_TOLERANCE = 0.10
SAME_DURATION_TOLERANCE_S = 120.0
# Richer sources first when the same activity arrives in several formats.
_FORMAT_RANK = {
    SourceFormat.FIT: 0,
    SourceFormat.TCX: 1,
    SourceFormat.GPX: 2,
    SourceFormat.STRAVA_CSV: 3,
}


def fingerprint(activity: Activity) -> str:
    """A coarse, indexable key: ``run|other`` and the UTC start rounded to the minute.

    Two recordings of one activity usually share it; near a minute boundary
    they fall into neighbouring keys, so look up ``fingerprint`` of the start
    +/- `SAME_START_TOLERANCE_S` and confirm with `is_same_activity`.
    """
    kind = "run" if activity.is_run else "other"
    start = activity.start_time + timedelta(seconds=30)
    return f"{kind}|{start:%Y-%m-%dT%H:%M}Z"


def is_same_activity(a: Activity, b: Activity) -> bool:
    """True if `a` and `b` are recordings of the same activity (see module doc)."""
    if a.is_run != b.is_run:
        return False
    if abs((a.start_time - b.start_time).total_seconds()) > SAME_START_TOLERANCE_S:
        return False
    longer = max(a.duration_s, b.duration_s)
    tolerance = max(SAME_DURATION_TOLERANCE * longer, SAME_DURATION_TOLERANCE_S)
    return abs(a.duration_s - b.duration_s) <= tolerance


def _minute(activity: Activity) -> int:
    return int(activity.start_time.timestamp() // 60)


def deduplicate(
    activities: Iterable[Activity],
) -> tuple[list[Activity], list[Activity]]:
    """Split activities into the ones to keep and the duplicates.

    Of a group of recordings of one activity the richest source is kept (FIT,
    then TCX, then GPX, then a CSV row), and among equals the first given, so
    importing the same files again changes nothing. Runs in O(n log n): only
    activities starting within the tolerance are compared.

    Returns
    -------
    (list of Activity, list of Activity)
        Kept activities in start-time order, and the dropped duplicates.
    """
    ordered = sorted(
        enumerate(activities), key=lambda p: (_FORMAT_RANK[p[1].format], p[0])
    )
    reach = int(SAME_START_TOLERANCE_S // 60) + 1
    by_minute: dict[int, list[Activity]] = {}
    kept: list[Activity] = []
    duplicates: list[Activity] = []
    for _, activity in ordered:
        minute = _minute(activity)
        nearby = (
            other
            for m in range(minute - reach, minute + reach + 1)
            for other in by_minute.get(m, ())
        )
        if any(is_same_activity(activity, other) for other in nearby):
            duplicates.append(activity)
        else:
            kept.append(activity)
            by_minute.setdefault(minute, []).append(activity)
    kept.sort(key=lambda a: a.start_time)
    return kept, duplicates
