"""Mapping of the sport labels found in files and exports to `Sport`.

Files name sports in many ways: FIT enums (``running``), TCX attributes
(``Running``, ``Biking``), GPX ``<type>`` free text (``run``, Strava's numeric
``9``), Strava CSV activity types in English or German (``Run``, ``Lauf``).
Running is kept apart from everything else: only labels that clearly mean a
run on foot map to `Sport.RUNNING`. References: activities.md sections 1 and 3.
"""

from __future__ import annotations

from tractus.activities.schema import Sport

__all__ = ["sport_from_label"]

# Strava's GPX <type> holds its numeric activity type: 9 = Run, 1 = Ride,
# 10 = Walk, 11 = Hike (StravaGPX exports in the fixtures use "9" for a run).
_LABELS: dict[str, Sport] = {
    "running": Sport.RUNNING,
    "run": Sport.RUNNING,
    "trail run": Sport.RUNNING,
    "trail_running": Sport.RUNNING,
    "trailrun": Sport.RUNNING,
    "virtual run": Sport.RUNNING,
    "virtualrun": Sport.RUNNING,
    "treadmill": Sport.RUNNING,
    "treadmill_running": Sport.RUNNING,
    "lauf": Sport.RUNNING,
    "laufen": Sport.RUNNING,
    "trailrunning": Sport.RUNNING,
    "9": Sport.RUNNING,
    "walking": Sport.WALKING,
    "walk": Sport.WALKING,
    "spaziergang": Sport.WALKING,
    "gehen": Sport.WALKING,
    "10": Sport.WALKING,
    "hiking": Sport.HIKING,
    "hike": Sport.HIKING,
    "wandern": Sport.HIKING,
    "wanderung": Sport.HIKING,
    "11": Sport.HIKING,
    "cycling": Sport.CYCLING,
    "biking": Sport.CYCLING,
    "ride": Sport.CYCLING,
    "virtual ride": Sport.CYCLING,
    "virtualride": Sport.CYCLING,
    "e-bike ride": Sport.CYCLING,
    "radfahrt": Sport.CYCLING,
    "radfahren": Sport.CYCLING,
    "1": Sport.CYCLING,
    "swimming": Sport.SWIMMING,
    "swim": Sport.SWIMMING,
    "schwimmen": Sport.SWIMMING,
    "transition": Sport.TRANSITION,
    "unknown": Sport.UNKNOWN,
    # FIT's "generic" is a deliberate choice on the watch, not a missing label.
    "generic": Sport.OTHER,
    "": Sport.UNKNOWN,
}


def sport_from_label(label: str | None) -> Sport:
    """Map a sport label from a file or export to a `Sport`.

    Parameters
    ----------
    label : str or None
        The label as written in the file (case and surrounding space ignored).

    Returns
    -------
    Sport
        `Sport.UNKNOWN` for a missing label, `Sport.OTHER` for a label that names
        some other sport (e.g. ``Other``, ``Yoga``, ``Rowing``).

    References
    ----------
    activities.md sections 1 and 3 (labels seen in FIT, GPX, TCX and Strava CSV).
    """
    if label is None:
        return Sport.UNKNOWN
    key = label.strip().lower()
    return _LABELS.get(key, Sport.OTHER)
