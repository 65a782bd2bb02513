"""TCX (Garmin Training Center XML) reader: activities, laps, tracks and pauses.

Each ``<Activity>`` becomes one `Recording` (a file may hold several). Every
``<Track>`` inside a lap is a segment, so pauses between tracks are not counted
as distance. Positions are optional (treadmill runs have none: the watch's
``DistanceMeters`` is then the distance). Cadence comes from ``<Cadence>``
(Polar and older Garmin) or the ``RunCadence`` extension (Garmin running), both
per foot. The device totals are the sums over laps of ``TotalTimeSeconds``
(timer time, which excludes pauses) and ``DistanceMeters``. Leading whitespace
as Strava writes it is accepted. References: activities.md sections 1 and 3.
"""

from __future__ import annotations

import numpy as np
from lxml import etree

from tractus.activities.cadence import to_steps_per_min
from tractus.activities.safety import parse_xml
from tractus.activities.schema import (
    DeviceTotals,
    Recording,
    SourceFormat,
    build_samples,
)
from tractus.activities.sports import sport_from_label
from tractus.activities.timeparse import parse_iso_times
from tractus.errors import ActivityFileError

__all__ = ["from_tcx_bytes"]


def _local(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _float(text: str | None) -> float:
    try:
        return float(text) if text else np.nan
    except ValueError:
        return np.nan


_POINT_FIELDS = ("lat", "lon", "ele", "dist", "hr", "cad", "speed")


_SIMPLE_FIELDS = {"AltitudeMeters": "ele", "DistanceMeters": "dist", "Cadence": "cad"}
_EXTENSION_FIELDS = {"RunCadence": "cad", "Speed": "speed"}


def _read_extensions(extensions: etree._Element, found: dict[str, float]) -> None:
    """RunCadence and Speed from Garmin's ActivityExtension (TPX)."""
    for ext in extensions.iter():
        key = _EXTENSION_FIELDS.get(_local(ext.tag))
        if key is not None:
            found[key] = _float(ext.text)


class _Columns:
    """Growing per-trackpoint lists for one activity."""

    def __init__(self) -> None:
        self.values: dict[str, list[float]] = {name: [] for name in _POINT_FIELDS}
        self.time: list[str | None] = []
        self.segment: list[int] = []

    def add_point(self, point: etree._Element, segment: int) -> None:
        found: dict[str, float] = {}
        time = None
        for child in point:
            name = _local(child.tag)
            if name == "Time":
                time = child.text
            elif name == "Position":
                for coord in child:
                    key = "lat" if _local(coord.tag) == "LatitudeDegrees" else "lon"
                    found[key] = _float(coord.text)
            elif name == "HeartRateBpm":
                found["hr"] = _float(child.findtext("{*}Value"))
            elif name == "Extensions":
                _read_extensions(child, found)
            elif name in _SIMPLE_FIELDS:
                found[_SIMPLE_FIELDS[name]] = _float(child.text)
        for key, column in self.values.items():
            column.append(found.get(key, np.nan))
        self.time.append(time)
        self.segment.append(segment)


def _lap_totals(laps: list[etree._Element]) -> tuple[float | None, float | None]:
    timer = [_float(lap.findtext("{*}TotalTimeSeconds")) for lap in laps]
    dist = [_float(lap.findtext("{*}DistanceMeters")) for lap in laps]
    timer_s = float(np.nansum(timer)) if laps and not np.all(np.isnan(timer)) else None
    dist_m = float(np.nansum(dist)) if laps and not np.all(np.isnan(dist)) else None
    return timer_s, dist_m


def _activity_recording(
    activity: etree._Element, *, file: str, index: int
) -> Recording | None:
    columns = _Columns()
    laps = [lap for lap in activity if _local(lap.tag) == "Lap"]
    segment = 0
    for lap in laps:
        for track in lap:
            if _local(track.tag) != "Track":
                continue
            for point in track:
                if _local(point.tag) == "Trackpoint":
                    columns.add_point(point, segment)
            segment += 1
    times, offset_s = parse_iso_times(columns.time)
    if times.notna().sum() < 2 or times.max() <= times.min():
        return None
    label = activity.get("Sport")
    sport = sport_from_label(label)
    v = {key: np.array(values) for key, values in columns.values.items()}
    timer_s, dist_m = _lap_totals(laps)
    lap_start, _ = parse_iso_times([laps[0].get("StartTime")]) if laps else (None, None)
    return Recording(
        file=file,
        format=SourceFormat.TCX,
        index=index,
        sport=sport,
        sport_label=label,
        samples=build_samples(
            times,
            lat_deg=v["lat"],
            lon_deg=v["lon"],
            elevation_m=v["ele"],
            distance_m=v["dist"],
            hr_bpm=v["hr"],
            cadence_spm=to_steps_per_min(v["cad"], sport),
            speed_m_s=v["speed"],
            segment=np.array(columns.segment),
        ),
        device=DeviceTotals(
            start_time=(
                lap_start[0].to_pydatetime()
                if lap_start is not None and lap_start.notna()[0]
                else None
            ),
            timer_time_s=timer_s,
            distance_m=dist_m,
        ),
        utc_offset_s=offset_s,
    )


def from_tcx_bytes(data: bytes, *, file: str) -> list[Recording]:
    """Read the activities of a TCX document.

    Parameters
    ----------
    data : bytes
        The uncompressed TCX document (leading whitespace allowed).
    file : str
        Name used in messages and stored on each recording.

    Returns
    -------
    list of Recording
        One per ``<Activity>`` with at least two distinct valid times; empty for
        a course file (no activity).

    Raises
    ------
    ActivityFileError
        If the XML is malformed or hostile, or the root is not
        ``<TrainingCenterDatabase>``.

    References
    ----------
    activities.md sections 1 and 3 (TCX variants, Strava's leading whitespace).
    """
    root = parse_xml(data, file=file)
    if _local(root.tag) != "TrainingCenterDatabase":
        raise ActivityFileError(file, f"not a TCX document (root <{_local(root.tag)}>)")
    recordings = []
    for activities in root:
        if _local(activities.tag) != "Activities":
            continue
        for activity in activities:
            if _local(activity.tag) != "Activity":
                continue
            recording = _activity_recording(activity, file=file, index=len(recordings))
            if recording is not None:
                recordings.append(recording)
    return recordings
