"""TCX (Garmin Training Center XML) reader: activities, laps, tracks and pauses.

Each ``<Activity>`` becomes one `Recording` (a file may hold several). Every
``<Track>`` inside a lap is a segment, so pauses between tracks are not counted
as distance. Positions are optional (treadmill runs have none: the watch's
``DistanceMeters`` is then the distance). Cadence comes from ``<Cadence>``
(Polar and older Garmin) or the ``RunCadence`` extension (Garmin running), both
per foot. The device totals are the sums over laps of ``TotalTimeSeconds``
(timer time, which excludes pauses) and ``DistanceMeters``. Leading whitespace
as Strava writes it is accepted.

Two paths read the same thing. The compiled scanner (`_tcxscan`, via `scan`)
reads the bytes in one pass, about six times faster; it takes only the
documents it can read exactly and returns None for anything else. It is an
optional accelerator: an install without a C compiler has no scanner
(`HAS_SCANNER` is False) and reads everything through lxml. The lxml
path (`from_tcx_tree`) reads every document and words every error: points
field by field per track (`columns_fast`), or point by point where a track's
fields do not map one-to-one onto its points (`columns_per_point`, the
reference the tests compare both others with). References: activities.md
sections 1 to 3.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
from lxml import etree

try:
    from tractus.activities._tcxscan import scan_tcx

    HAS_SCANNER = True
except ImportError:  # built only where a C compiler was present (setup.py)
    HAS_SCANNER = False

    def scan_tcx(
        data: bytes, start: int, earliest_ns: int
    ) -> list[dict[str, Any]] | None:
        """No compiled scanner: every document is left to lxml."""
        return None


from tractus.activities.cadence import to_steps_per_min
from tractus.activities.safety import parse_xml
from tractus.activities.schema import (
    DeviceTotals,
    Recording,
    SourceFormat,
    build_samples,
)
from tractus.activities.sports import sport_from_label
from tractus.activities.timeparse import EARLIEST_VALID_TIME, parse_iso_times
from tractus.activities.xmlcolumns import (
    Misaligned,
    TagKinds,
    float_or_nan,
    floats_from_texts,
    local_name,
    merge,
    positions_of,
    scatter,
)
from tractus.errors import ActivityFileError, ActivityProblem

__all__ = [
    "HAS_SCANNER",
    "columns_fast",
    "columns_per_point",
    "from_tcx_bytes",
    "from_tcx_tree",
    "scan",
]

# The XML declarations the compiled scanner reads past: version 1.0, UTF-8.
_WS = rb"[ \t\r\n]"
_LEADING_WS = re.compile(_WS + rb"*")
_XML_DECLARATION = re.compile(
    rb"<\?xml" + _WS + rb"+version" + _WS + rb"*=" + _WS + rb"*([\"'])1\.0\1"
    rb"(?:" + _WS + rb"+encoding" + _WS + rb"*=" + _WS + rb"*([\"'])(?i:utf-8)\2)?"
    rb"(?:"
    + _WS
    + rb"+standalone"
    + _WS
    + rb"*="
    + _WS
    + rb"*([\"'])(?:yes|no)\3)?"
    + _WS
    + rb"*\?>"
)


_POINT_FIELDS = ("lat", "lon", "ele", "dist", "hr", "cad", "speed")


_SIMPLE_FIELDS = {"AltitudeMeters": "ele", "DistanceMeters": "dist", "Cadence": "cad"}
_EXTENSION_FIELDS = {"RunCadence": "cad", "Speed": "speed"}


def _read_extensions(extensions: etree._Element, found: dict[str, float]) -> None:
    """RunCadence and Speed from Garmin's ActivityExtension (TPX)."""
    for ext in extensions.iter():
        key = _EXTENSION_FIELDS.get(local_name(ext.tag))
        if key is not None:
            found[key] = float_or_nan(ext.text)


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
            name = local_name(child.tag)
            if name == "Time":
                time = child.text
            elif name == "Position":
                for coord in child:
                    key = "lat" if local_name(coord.tag) == "LatitudeDegrees" else "lon"
                    found[key] = float_or_nan(coord.text)
            elif name == "HeartRateBpm":
                found["hr"] = float_or_nan(child.findtext("{*}Value"))
            elif name == "Extensions":
                _read_extensions(child, found)
            elif name in _SIMPLE_FIELDS:
                found[_SIMPLE_FIELDS[name]] = float_or_nan(child.text)
        for key, column in self.values.items():
            column.append(found.get(key, np.nan))
        self.time.append(time)
        self.segment.append(segment)


@dataclass(frozen=True)
class _Laps:
    """What an activity's element and its laps say besides the points."""

    sport_label: str | None
    start_text: str | None  # StartTime of the first lap
    timer_s: list[float]  # per lap, NaN where a lap has no TotalTimeSeconds
    distance_m: list[float]  # per lap, NaN where a lap has no DistanceMeters


def _lap_totals(
    timer_s: list[float], distance_m: list[float]
) -> tuple[float | None, float | None]:
    """Sums over laps of timer time and distance; None where no lap has one."""
    timer = np.array(timer_s, dtype=np.float64)
    dist = np.array(distance_m, dtype=np.float64)
    total_timer_s = float(np.nansum(timer)) if not np.all(np.isnan(timer)) else None
    total_dist_m = float(np.nansum(dist)) if not np.all(np.isnan(dist)) else None
    return total_timer_s, total_dist_m


_POINT_KINDS = TagKinds(
    {
        "Time": "time",
        "Position": "position",
        "HeartRateBpm": "hr",
        "Extensions": "extensions",
        "AltitudeMeters": "ele",
        "DistanceMeters": "dist",
        "Cadence": "cad",
    }.get
)
_EXTENSION_KINDS = TagKinds({"RunCadence": "cad", "Speed": "speed"}.get)


def columns_per_point(laps: list[etree._Element]) -> dict[str, Any]:
    """Point columns by walking every trackpoint with `_Columns` (the reference path)."""
    columns = _Columns()
    segment = 0
    for lap in laps:
        for track in lap:
            if local_name(track.tag) != "Track":
                continue
            for point in track:
                if local_name(point.tag) == "Trackpoint":
                    columns.add_point(point, segment)
            segment += 1
    out: dict[str, Any] = {k: np.array(v) for k, v in columns.values.items()}
    out["time"] = list(columns.time)
    out["segment"] = np.array(columns.segment, dtype=np.int64)
    return out


def _point_texts(point: etree._Element) -> dict[str, str | None]:
    """The raw texts of one trackpoint's fields, read as `_Columns.add_point` does."""
    found: dict[str, str | None] = {}
    for child in point:
        kind = _POINT_KINDS[child.tag]
        if not kind:
            continue
        if kind == "position":
            for coord in child:
                key = "lat" if local_name(coord.tag) == "LatitudeDegrees" else "lon"
                found[key] = coord.text
        elif kind == "hr":
            found["hr"] = child.findtext("{*}Value")
        elif kind == "extensions":
            for ext in child.iter():
                ext_kind = _EXTENSION_KINDS[ext.tag]
                if ext_kind:
                    found[ext_kind] = ext.text
        else:
            found[kind] = child.text
    return found


class _Track:
    """The trackpoints of one track, indexed by identity (see `xmlcolumns`)."""

    def __init__(self, track: etree._Element) -> None:
        self.track = track
        self.points = [p for p in track if local_name(p.tag) == "Trackpoint"]
        self.index = {point: i for i, point in enumerate(self.points)}
        self.size = len(self.points)

    def children(self, tag: str) -> tuple[list[etree._Element], list[int] | None]:
        """Elements `tag` that are children of the points, and their point indices."""
        elements = list(self.track.iter(tag))
        owners = [e.getparent() for e in elements]
        if owners == self.points:
            return elements, None
        return elements, positions_of(owners, self.index)

    def texts(self, tag: str) -> list[str | None]:
        """Per point, the text of its child `tag` (None without one)."""
        elements, positions = self.children(tag)
        texts = [e.text for e in elements]
        return texts if positions is None else scatter(positions, texts, self.size)

    def place(self, values: list[Any], positions: list[int] | None) -> list[Any]:
        return values if positions is None else scatter(positions, values, self.size)


def _or_range(positions: list[int] | None, size: int) -> list[int] | range:
    return range(size) if positions is None else positions


def _positions_and_hr(track: _Track) -> dict[str, list[str | None]]:
    positions, at = track.children("{*}Position")
    by_position = dict(zip(positions, _or_range(at, track.size), strict=True))
    out = {}
    n_coords = 0
    for key, tag in (("lat", "{*}LatitudeDegrees"), ("lon", "{*}LongitudeDegrees")):
        coords = list(track.track.iter(tag))
        owners = positions_of([c.getparent() for c in coords], by_position)
        out[key] = scatter(owners, [c.text for c in coords], track.size)
        n_coords += len(coords)
    # add_point takes any other child of Position as the longitude.
    if sum(len(p) for p in positions) != n_coords:
        raise Misaligned
    beats, at = track.children("{*}HeartRateBpm")
    out["hr"] = track.place([b.findtext("{*}Value") for b in beats], at)
    return out


def _extension_texts(track: _Track, tag: str) -> list[str | None]:
    """Per point, the text of `tag` anywhere inside the point's ``Extensions``."""
    extensions, at = track.children("{*}Extensions")
    owner_of = dict(zip(extensions, _or_range(at, track.size), strict=True))
    positions, texts = [], []
    for element in track.track.iter(tag):
        parent = element.getparent()
        while parent is not None and parent not in owner_of:
            parent = parent.getparent()
        if parent is not None:
            positions.append(owner_of[parent])
            texts.append(element.text)
    return scatter(positions, texts, track.size)


def _track_texts(element: etree._Element) -> dict[str, list[str | None]]:
    """Raw texts per field of one track's points, as `_point_texts` reads them."""
    track = _Track(element)
    try:
        texts = {
            "time": track.texts("{*}Time"),
            "ele": track.texts("{*}AltitudeMeters"),
            "dist": track.texts("{*}DistanceMeters"),
            "cad": merge(
                track.texts("{*}Cadence"), _extension_texts(track, "{*}RunCadence")
            ),
            "speed": _extension_texts(track, "{*}Speed"),
            **_positions_and_hr(track),
        }
    except Misaligned:
        points = [_point_texts(p) for p in track.points]
        keys = ("time", *_POINT_FIELDS)
        texts = {key: [p.get(key) for p in points] for key in keys}
    return texts


def columns_fast(laps: list[etree._Element]) -> dict[str, Any]:
    """The same columns as `columns_per_point`, read field by field per track."""
    tracks = [
        _track_texts(t) for lap in laps for t in lap if local_name(t.tag) == "Track"
    ]
    out: dict[str, Any] = {
        key: floats_from_texts([v for t in tracks for v in t[key]])
        for key in _POINT_FIELDS
    }
    out["time"] = [v for t in tracks for v in t["time"]]
    sizes = [len(t["time"]) for t in tracks]
    out["segment"] = np.repeat(np.arange(len(tracks), dtype=np.int64), sizes)
    return out


def _lap_start(text: str | None) -> datetime | None:
    """The first lap's ``StartTime`` in UTC, or None without a valid one."""
    if text is None:
        return None
    start, _ = parse_iso_times([text])
    return start[0].to_pydatetime() if start.notna()[0] else None


def _recording(
    columns: dict[str, Any],
    times: pd.DatetimeIndex,
    offset_s: int | None,
    laps: _Laps,
    *,
    file: str,
    index: int,
) -> Recording | None:
    """One activity's `Recording`; None without two distinct valid times."""
    if np.count_nonzero(times.notna()) < 2 or times.max() <= times.min():
        return None
    sport = sport_from_label(laps.sport_label)
    timer_s, dist_m = _lap_totals(laps.timer_s, laps.distance_m)
    return Recording(
        file=file,
        format=SourceFormat.TCX,
        index=index,
        sport=sport,
        sport_label=laps.sport_label,
        samples=build_samples(
            times,
            lat_deg=columns["lat"],
            lon_deg=columns["lon"],
            elevation_m=columns["ele"],
            distance_m=columns["dist"],
            hr_bpm=columns["hr"],
            cadence_spm=to_steps_per_min(columns["cad"], sport),
            speed_m_s=columns["speed"],
            segment=columns["segment"],
        ),
        device=DeviceTotals(
            start_time=_lap_start(laps.start_text),
            timer_time_s=timer_s,
            distance_m=dist_m,
        ),
        utc_offset_s=offset_s,
    )


def _tree_recording(
    activity: etree._Element, *, file: str, index: int
) -> Recording | None:
    """An activity read from the lxml tree (the reference path)."""
    laps = [lap for lap in activity if local_name(lap.tag) == "Lap"]
    columns = columns_fast(laps)
    times, offset_s = parse_iso_times(columns["time"])
    summary = _Laps(
        sport_label=activity.get("Sport"),
        start_text=laps[0].get("StartTime") if laps else None,
        timer_s=[float_or_nan(lap.findtext("{*}TotalTimeSeconds")) for lap in laps],
        distance_m=[float_or_nan(lap.findtext("{*}DistanceMeters")) for lap in laps],
    )
    return _recording(columns, times, offset_s, summary, file=file, index=index)


def _scanned_recording(
    activity: dict[str, Any], *, file: str, index: int
) -> Recording | None:
    """An activity from `_tcxscan.scan_tcx` (times already parsed)."""
    columns = activity["columns"]
    times = pd.DatetimeIndex(columns["time_ns"].view("datetime64[ns]")).tz_localize(
        "UTC"
    )
    summary = _Laps(
        sport_label=activity["sport"],
        start_text=activity["lap_start"],
        timer_s=activity["lap_timer_s"],
        distance_m=activity["lap_distance_m"],
    )
    return _recording(
        columns, times, activity["offset_s"], summary, file=file, index=index
    )


def scan(data: bytes) -> list[dict[str, Any]] | None:
    """The document read by the compiled scanner, or None where lxml must read it.

    The scanner starts after leading whitespace and a plain UTF-8 XML
    declaration; any other declaration, and the markup `parse_xml` refuses,
    are left to the lxml path and its messages. Without the compiled scanner
    every document is left to lxml.
    """
    if not HAS_SCANNER:
        return None
    leading = _LEADING_WS.match(data)
    start = leading.end() if leading else 0
    if data.startswith(b"<?xml", start):
        declaration = _XML_DECLARATION.match(data, start)
        if declaration is None:
            return None
        start = declaration.end()
    return scan_tcx(data, start, EARLIEST_VALID_TIME.value)


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
    scanned = scan(data)
    if scanned is None:
        return from_tcx_tree(data, file=file)
    recordings: list[Recording] = []
    for activity in scanned:
        recording = _scanned_recording(activity, file=file, index=len(recordings))
        if recording is not None:
            recordings.append(recording)
    return recordings


def from_tcx_tree(data: bytes, *, file: str) -> list[Recording]:
    """`from_tcx_bytes` through an lxml tree: the reference, and the path for
    documents the compiled scanner leaves alone (see `_tcxscan`)."""
    root = parse_xml(data, file=file)
    if local_name(root.tag) != "TrainingCenterDatabase":
        raise ActivityFileError(
            file,
            f"not a TCX document (root <{local_name(root.tag)}>)",
            kind=ActivityProblem.NOT_ACTIVITY_FILE,
        )
    recordings: list[Recording] = []
    for activities in root:
        if local_name(activities.tag) != "Activities":
            continue
        for activity in activities:
            if local_name(activity.tag) != "Activity":
                continue
            recording = _tree_recording(activity, file=file, index=len(recordings))
            if recording is not None:
                recordings.append(recording)
    return recordings
