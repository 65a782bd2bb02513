"""The fast reading paths give exactly what the straightforward per-point paths give."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import fitdecode
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tractus.activities import io_fit, io_gpx, io_tcx
from tractus.activities.safety import parse_xml
from tractus.activities.timeparse import (
    EARLIEST_VALID_TIME,
    latest_iso_time,
    parse_iso_times,
    shift_iso_times,
)
from tractus.activities.xmlcolumns import floats_from_texts, local_name
from tractus.errors import ActivityFileError

DATA = Path(__file__).resolve().parents[2] / "data" / "activities"
# runpandas__malformed.tcx is not well-formed XML: no reader gets to its points.
XML_FILES = sorted(
    p
    for p in DATA.rglob("*")
    if p.suffix in {".gpx", ".tcx"} and "malformed" not in p.name
)
FIT_FILES = sorted(DATA.rglob("*.fit"))


def _assert_same_columns(fast: dict, slow: dict) -> None:
    assert fast.keys() == slow.keys()
    for key in fast:
        if key == "time":
            assert list(fast[key]) == list(slow[key])
        else:
            np.testing.assert_array_equal(fast[key], slow[key], strict=True)


def _gpx_pair(data: bytes) -> tuple[dict, dict]:
    root = parse_xml(data, file="t.gpx")
    tracks = [e for e in root if local_name(e.tag) == "trk"]
    return io_gpx.columns_fast(tracks), io_gpx.columns_per_point(tracks)


def _tcx_pairs(root) -> list[tuple[dict, dict]]:  # noqa: ANN001 - an lxml element
    pairs = []
    for activities in root:
        for activity in activities:
            if local_name(activity.tag) == "Activity":
                laps = [lap for lap in activity if local_name(lap.tag) == "Lap"]
                pairs.append(
                    (io_tcx.columns_fast(laps), io_tcx.columns_per_point(laps))
                )
    return pairs


@pytest.mark.parametrize("path", XML_FILES, ids=lambda p: p.name)
def test_xml_fast_columns_equal_per_point_columns_on_every_fixture(
    path: Path,
) -> None:
    root = parse_xml(path.read_bytes(), file=path.name)
    if local_name(root.tag) == "gpx":
        pairs = [_gpx_pair(path.read_bytes())]
    else:
        pairs = _tcx_pairs(root)
    for fast, slow in pairs:
        _assert_same_columns(fast, slow)
        times, _ = parse_iso_times(fast["time"])
        expected = pd.DatetimeIndex(
            pd.to_datetime(  # type: ignore[call-overload]  # None is NaT; not in the stubs
                [t.strip() if t else None for t in slow["time"]],
                utc=True,
                format="ISO8601",
                errors="coerce",
            )
        ).as_unit("ns")
        assert times.equals(expected.where(expected >= EARLIEST_VALID_TIME))


_TCX = """<?xml version="1.0"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
 xmlns:x="http://www.garmin.com/xmlschemas/ActivityExtension/v2" xmlns:o="urn:other">
<Activities><Activity Sport="Running"><Lap StartTime="2024-01-01T10:00:00Z">
<Track>{points}</Track></Lap></Activity></Activities></TrainingCenterDatabase>"""
_TP = (
    "<Trackpoint><Time>2024-01-01T10:00:0{i}Z</Time>"
    "<Position><LatitudeDegrees>46.{i}</LatitudeDegrees>"
    "<LongitudeDegrees>14.{i}</LongitudeDegrees></Position>"
    "<AltitudeMeters>30{i}</AltitudeMeters><HeartRateBpm><Value>14{i}</Value>"
    "</HeartRateBpm><Extensions><x:TPX><x:Speed>3.{i}</x:Speed>"
    "<x:RunCadence>8{i}</x:RunCadence></x:TPX></Extensions>{extra}</Trackpoint>"
)


@pytest.mark.parametrize(
    "extra",
    [
        "",
        "<AltitudeMeters>999</AltitudeMeters>",  # two values: the last one counts
        "<o:Time>2030-01-01T00:00:00Z</o:Time>",  # same local name, other namespace
        "<Cadence>77</Cadence>",  # cadence twice (Cadence and RunCadence)
        "<Position><LatitudeDegrees>1</LatitudeDegrees></Position>",
        "<Extensions><x:Speed>9</x:Speed></Extensions>",
    ],
)
def test_tcx_odd_trackpoints_read_the_same_on_both_paths(extra: str) -> None:
    points = (
        "".join(_TP.format(i=i, extra=extra if i == 2 else "") for i in range(5))
        + "<Trackpoint><Time>2024-01-01T10:00:09Z</Time></Trackpoint>"
    )
    root = parse_xml(_TCX.format(points=points).encode(), file="t.tcx")
    (fast, slow) = _tcx_pairs(root)[0]
    _assert_same_columns(fast, slow)


_GPX = """<gpx xmlns="http://www.topografix.com/GPX/1/1" xmlns:e="urn:ext">
<trk><type>running</type><trkseg>{points}</trkseg><trkseg/></trk>
<trk><trkseg>{points}</trkseg></trk></gpx>"""


@pytest.mark.parametrize(
    "extension",
    [
        "",
        "<extensions><e:TrackPointExtension><e:HR>150</e:HR><e:Cad>88</e:Cad>"
        "</e:TrackPointExtension></extensions>",
        "<extensions><e:heartrate>150</e:heartrate><e:speed>3</e:speed>"
        "</extensions><speed>2</speed>",
    ],
)
def test_gpx_extension_variants_read_the_same_on_both_paths(extension: str) -> None:
    points = "".join(
        f'<trkpt lat="46.{i}" lon="14.{i}"><ele>{i}</ele>'
        f"<time>2024-01-01T10:00:0{i}Z</time>{extension if i % 2 else ''}</trkpt>"
        for i in range(6)
    )
    fast, slow = _gpx_pair(_GPX.format(points=points).encode())
    _assert_same_columns(fast, slow)


@given(
    st.lists(
        st.one_of(
            st.none(),
            st.text(max_size=8),
            st.floats().map(repr),
            st.sampled_from([" 12.5 ", "1_000", "nan", "-inf", "", "0x10"]),
        ),
        max_size=20,
    )
)
def test_floats_from_texts_reads_like_float_per_value(texts: list) -> None:
    def one(text: str | None) -> float:
        try:
            return float(text) if text else np.nan
        except ValueError:
            return np.nan

    expected = np.array([one(t) for t in texts], dtype=np.float64)
    np.testing.assert_array_equal(floats_from_texts(texts), expected)


@pytest.mark.parametrize(
    "texts",
    [
        ["2024-01-01T10:00:00Z", "2024-01-01T10:00:01.5Z"],
        ["2024-01-01T10:00:00Z", "2024-02-30T10:00:01Z"],  # impossible date
        ["2024-01-01T12:00:00+02:00", "2024-01-01T10:00:01Z"],
        [" 2024-01-01T10:00:00Z", None, ""],
        ["1901-12-13T20:45:52Z", "2024-01-01T10:00:00.123456789Z"],
    ],
)
def test_fast_utc_times_equal_pandas_iso8601(texts: list) -> None:
    times, _ = parse_iso_times(texts)
    expected = pd.DatetimeIndex(
        pd.to_datetime(  # type: ignore[call-overload]  # None is NaT; not in the stubs
            [t.strip() if t else None for t in texts],
            utc=True,
            format="ISO8601",
            errors="coerce",
        )
    ).as_unit("ns")
    expected = pd.DatetimeIndex(expected.where(expected >= EARLIEST_VALID_TIME))
    assert times.equals(expected)


def _fit_result(path: Path) -> list | str:
    """The recordings as fitdecode (not the fast decoder) gives them."""
    try:
        content = io_fit.decode_with_fitdecode(path.read_bytes(), file=path.name)
        recordings = io_fit.recordings_from(content, file=path.name)
    except ActivityFileError as exc:
        return str(exc)
    return [
        (r.samples, r.device, r.sport, r.sport_label, r.utc_offset_s, r.clock_is_local)
        for r in recordings
    ]


@pytest.mark.parametrize("path", FIT_FILES, ids=lambda p: p.name)
def test_lean_fit_processor_gives_the_default_processors_values(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lean = _fit_result(path)
    monkeypatch.setattr(io_fit, "LeanProcessor", fitdecode.DefaultDataProcessor)
    default = _fit_result(path)
    if isinstance(lean, str) or isinstance(default, str):
        assert lean == default
        return
    assert len(lean) == len(default)
    for ours, theirs in zip(lean, default, strict=True):
        pd.testing.assert_frame_equal(ours[0], theirs[0])
        assert ours[1:] == theirs[1:]


def test_shifting_times_moves_each_date_time_and_keeps_fractions_and_zones() -> None:
    data = (
        b"<time>2021-07-04T23:59:30.250Z</time><Time>2020-02-28T10:00:00+02:00</Time>"
    )
    moved = shift_iso_times(data, timedelta(days=1, seconds=45))
    assert moved == (
        b"<time>2021-07-06T00:00:15.250Z</time><Time>2020-02-29T10:00:45+02:00</Time>"
    )
    assert latest_iso_time(moved) == datetime(2021, 7, 6, 0, 0, 15)
    assert latest_iso_time(b"<gpx/>") is None
