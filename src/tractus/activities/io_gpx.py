"""GPX 1.0 and 1.1 reader (lxml, hardened), with heart-rate and cadence extensions.

A GPX file holds at most one activity: all its ``<trk>`` elements (GPSBabel
splits one outing into several) and their ``<trkseg>`` elements become
segments of one `Recording` (distance is not counted across a segment break,
as in gpxpy). Extensions are matched by local name, so Garmin's
``gpxtpx:TrackPointExtension`` (``hr``, ``cad``), Strava's and OpenTracks'
variants (``heartrate``, ``cadence``, ``speed``) all read. A file with no
timed track (a planned route, ``<rte>`` only, or points without usable times)
holds no activity and yields an empty list. Points are read with one
tag-classifying loop and converted column by column (`columns_fast`);
`columns_per_point` is the straightforward reference the tests compare with.
References: activities.md section 1.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from lxml import etree

from tractus.activities.cadence import to_steps_per_min
from tractus.activities.names import clean_name
from tractus.activities.safety import parse_xml
from tractus.activities.schema import Recording, SourceFormat, build_samples
from tractus.activities.sports import sport_from_label
from tractus.activities.timeparse import parse_iso_times
from tractus.activities.xmlcolumns import (
    TagKinds,
    float_or_nan,
    floats_from_texts,
    local_name,
)
from tractus.errors import ActivityFileError, ActivityProblem

__all__ = ["columns_fast", "columns_per_point", "from_gpx_bytes"]

_HR_NAMES = frozenset({"hr", "heartrate", "heart_rate"})
_CAD_NAMES = frozenset({"cad", "cadence", "runcadence"})
_SPEED_NAMES = frozenset({"speed"})
_FLOAT_COLUMNS = ("lat", "lon", "ele", "hr", "cad", "speed")


class _Columns:
    """Growing per-point lists for one track."""

    def __init__(self) -> None:
        self.lat: list[float] = []
        self.lon: list[float] = []
        self.ele: list[float] = []
        self.time: list[str | None] = []
        self.hr: list[float] = []
        self.cad: list[float] = []
        self.speed: list[float] = []
        self.segment: list[int] = []

    def add_point(self, point: etree._Element, segment: int) -> None:
        attrib = point.attrib
        self.lat.append(float_or_nan(attrib.get("lat")))
        self.lon.append(float_or_nan(attrib.get("lon")))
        ele = time = None
        hr = cad = speed = np.nan
        for child in point:
            name = local_name(child.tag)
            if name == "ele":
                ele = child.text
            elif name == "time":
                time = child.text
            elif name == "speed":
                speed = float_or_nan(child.text)
            elif name == "extensions":
                for ext in child.iter():
                    ext_name = local_name(ext.tag).lower()
                    if ext_name in _HR_NAMES:
                        hr = float_or_nan(ext.text)
                    elif ext_name in _CAD_NAMES:
                        cad = float_or_nan(ext.text)
                    elif ext_name in _SPEED_NAMES:
                        speed = float_or_nan(ext.text)
        self.ele.append(float_or_nan(ele))
        self.time.append(time)
        self.hr.append(hr)
        self.cad.append(cad)
        self.speed.append(speed)
        self.segment.append(segment)


def _child_text(element: etree._Element, name: str) -> str | None:
    for child in element:
        if local_name(child.tag) == name:
            return child.text.strip() if child.text else None
    return None


_POINT_KINDS = TagKinds(
    {"ele": "ele", "time": "time", "speed": "speed", "extensions": "extensions"}.get
)


def _extension_kind(name: str) -> str:
    lower = name.lower()
    if lower in _HR_NAMES:
        return "hr"
    if lower in _CAD_NAMES:
        return "cad"
    return "speed" if lower in _SPEED_NAMES else ""


_EXTENSION_KINDS = TagKinds(_extension_kind)


def columns_per_point(tracks: list[etree._Element]) -> dict[str, Any]:
    """Point columns by walking every point with `_Columns` (the reference path)."""
    columns = _Columns()
    segment = 0
    for track in tracks:
        for seg in track:
            if local_name(seg.tag) != "trkseg":
                continue
            for point in seg:
                if local_name(point.tag) == "trkpt":
                    columns.add_point(point, segment)
            segment += 1
    out: dict[str, Any] = {
        name: np.array(getattr(columns, name)) for name in _FLOAT_COLUMNS
    }
    out["time"] = list(columns.time)
    out["segment"] = np.array(columns.segment, dtype=np.int64)
    return out


def _point_texts(point: etree._Element) -> dict[str, str | None]:
    """The raw texts of one point's fields, read as `_Columns.add_point` does."""
    attrib = point.attrib
    found = {"lat": attrib.get("lat"), "lon": attrib.get("lon")}
    for child in point:
        kind = _POINT_KINDS[child.tag]
        if kind == "extensions":
            for ext in child.iter():
                ext_kind = _EXTENSION_KINDS[ext.tag]
                if ext_kind:
                    found[ext_kind] = ext.text
        elif kind:
            found[kind] = child.text
    return found


def columns_fast(tracks: list[etree._Element]) -> dict[str, Any]:
    """The same columns as `columns_per_point`: texts gathered, converted per column."""
    points: list[dict[str, str | None]] = []
    sizes: list[int] = []
    for track in tracks:
        for seg in track:
            if local_name(seg.tag) != "trkseg":
                continue
            before = len(points)
            points.extend(_point_texts(p) for p in seg if local_name(p.tag) == "trkpt")
            sizes.append(len(points) - before)
    out: dict[str, Any] = {
        key: floats_from_texts([p.get(key) for p in points]) for key in _FLOAT_COLUMNS
    }
    out["time"] = [p.get("time") for p in points]
    out["segment"] = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
    return out


def _tracks_recording(tracks: list[etree._Element], *, file: str) -> Recording | None:
    columns = columns_fast(tracks)
    times, offset_s = parse_iso_times(columns["time"])
    if np.count_nonzero(times.notna()) < 2 or times.max() <= times.min():
        return None
    label = _child_text(tracks[0], "type")
    sport = sport_from_label(label)
    samples = build_samples(
        times,
        lat_deg=columns["lat"],
        lon_deg=columns["lon"],
        elevation_m=columns["ele"],
        hr_bpm=columns["hr"],
        cadence_spm=to_steps_per_min(columns["cad"], sport),
        speed_m_s=columns["speed"],
        segment=columns["segment"],
    )
    return Recording(
        file=file,
        format=SourceFormat.GPX,
        index=0,
        sport=sport,
        sport_label=label,
        samples=samples,
        utc_offset_s=offset_s,
        name=clean_name(_child_text(tracks[0], "name")),
    )


def from_gpx_bytes(data: bytes, *, file: str) -> list[Recording]:
    """Read the activities of a GPX 1.0 or 1.1 document.

    Parameters
    ----------
    data : bytes
        The uncompressed GPX document.
    file : str
        Name used in messages and stored on each recording.

    Returns
    -------
    list of Recording
        One recording if the tracks hold at least two distinct valid times;
        empty for a route or a track without times (not an activity).

    Raises
    ------
    ActivityFileError
        If the XML is malformed or hostile, or the root element is not ``<gpx>``.

    References
    ----------
    activities.md section 1 (GPX variants in the fixtures).
    """
    root = parse_xml(data, file=file)
    if local_name(root.tag) != "gpx":
        raise ActivityFileError(
            file,
            f"not a GPX document (root <{local_name(root.tag)}>)",
            kind=ActivityProblem.NOT_ACTIVITY_FILE,
        )
    tracks = [element for element in root if local_name(element.tag) == "trk"]
    recording = _tracks_recording(tracks, file=file) if tracks else None
    return [] if recording is None else [recording]
