"""The compiled TCX scanner reads exactly what the lxml reader reads, or leaves it to lxml.

`io_tcx.from_tcx_tree` (lxml) defines what a TCX document means. The scanner
(`_tcxscan`) must, for any bytes, either give the same recordings or return
None; it must never accept a document lxml refuses.
"""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tractus.activities import io_tcx
from tractus.activities._tcxscan import MAX_DEPTH
from tractus.activities.schema import Recording
from tractus.activities.timeparse import parse_iso_times
from tractus.activities.xmlcolumns import floats_from_texts
from tractus.errors import ActivityFileError

DATA = Path(__file__).resolve().parents[2] / "data" / "activities"
TCX_FILES = sorted((DATA / "tcx").glob("*.tcx"))


def _assert_same(got: list[Recording], expected: list[Recording]) -> None:
    assert got == expected  # every field but the samples
    for mine, theirs in zip(got, expected, strict=True):
        pd.testing.assert_frame_equal(mine.samples, theirs.samples, check_exact=True)


def _check(data: bytes) -> bool:
    """Assert the scanner agrees with lxml on `data`; True if it read it itself."""
    try:
        expected = io_tcx.from_tcx_tree(data, file="t.tcx")
    except ActivityFileError:
        expected = None
    if io_tcx.scan(data) is None:
        return False
    assert expected is not None, "the scanner accepted a document lxml refuses"
    _assert_same(io_tcx.from_tcx_bytes(data, file="t.tcx"), expected)
    return True


@pytest.mark.parametrize("path", TCX_FILES, ids=lambda p: p.name)
def test_every_tcx_fixture_is_scanned_exactly_as_lxml_reads_it(path: Path) -> None:
    data = path.read_bytes()
    if "malformed" in path.name:
        assert io_tcx.scan(data) is None
        with pytest.raises(ActivityFileError, match="malformed XML"):
            io_tcx.from_tcx_bytes(data, file=path.name)
    else:
        assert _check(data)


_DOC = """<?xml version="1.0" encoding="UTF-8"?>
<!-- exported for a test -->
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
 xmlns:x="http://www.garmin.com/xmlschemas/ActivityExtension/v2" xmlns:o="urn:other">
<Activities>
<Activity Sport="Running"><Id>2024-01-01T10:00:00Z</Id>
<Lap StartTime="2024-01-01T10:00:00Z"><TotalTimeSeconds>8.0</TotalTimeSeconds>
<DistanceMeters>21.5</DistanceMeters><Track>{points}</Track><Track>{points2}</Track></Lap>
<Lap StartTime="2024-01-01T10:05:00Z"><DistanceMeters>3</DistanceMeters><Track>{points2}</Track></Lap>
</Activity>
<Activity Sport="Biking"><Lap StartTime="2024-01-02T10:00:00+01:00"><Track>{points3}</Track></Lap></Activity>
</Activities></TrainingCenterDatabase>
"""
_POINT = (
    "<Trackpoint><Time>2024-01-0{day}T10:0{m}:0{i}{zone}</Time>"
    "<Position><LatitudeDegrees>46.{i}1</LatitudeDegrees>"
    "<LongitudeDegrees>14.{i}</LongitudeDegrees></Position>"
    "<AltitudeMeters>30{i}.5</AltitudeMeters><DistanceMeters>{i}.25</DistanceMeters>"
    "<HeartRateBpm><Value>14{i}</Value></HeartRateBpm><Cadence>8{i}</Cadence>"
    "<Extensions><x:TPX><x:Speed>3.{i}</x:Speed><x:RunCadence>8{i}</x:RunCadence>"
    "</x:TPX></Extensions></Trackpoint>"
)


def _points(day: int, minute: int, zone: str = "Z") -> str:
    return "".join(_POINT.format(day=day, m=minute, i=i, zone=zone) for i in range(4))


def _document(**points: str) -> bytes:
    parts = {
        "points": _points(1, 0),
        "points2": _points(1, 5),
        "points3": _points(2, 0, "+01:00"),
    } | points
    return _DOC.format(**parts).encode()


def test_the_template_document_is_scanned() -> None:
    assert _check(_document())
    scanned = io_tcx.scan(_document())
    assert scanned is not None
    assert [a["sport"] for a in scanned] == ["Running", "Biking"]
    assert scanned[1]["offset_s"] == 3600


@pytest.mark.parametrize(
    "points",
    [
        "<Trackpoint><Time>2024-01-01T10:00:00Z</Time><Time></Time></Trackpoint>",
        "<Trackpoint><Time>1901-12-13T20:45:52Z</Time></Trackpoint>",
        "<Trackpoint><HeartRateBpm><Value>150</Value><Value>1</Value></HeartRateBpm>"
        "<HeartRateBpm/></Trackpoint>",
        "<Trackpoint><Position><o:Other>7</o:Other></Position></Trackpoint>",
        "<Trackpoint><AltitudeMeters> 12 </AltitudeMeters><Cadence>nan</Cadence>"
        "<DistanceMeters>1_000</DistanceMeters><x:Speed>x</x:Speed></Trackpoint>",
        "<Trackpoint><AltitudeMeters>\u0661\u0662</AltitudeMeters></Trackpoint>",
        "<Trackpoint><AltitudeMeters>1e999</AltitudeMeters>"
        "<DistanceMeters>-0</DistanceMeters><Cadence>.5e-3</Cadence></Trackpoint>",
        "<Trackpoint><Extensions><o:Speed>4</o:Speed><Deep><RunCadence>90</RunCadence>"
        "</Deep></Extensions><Cadence>70</Cadence></Trackpoint>",
        "<Trackpoint/><Other>1</Other><Trackpoint></Trackpoint>",
    ],
)
def test_odd_trackpoints_are_scanned_as_lxml_reads_them(points: str) -> None:
    assert _check(_document(points=_points(1, 0) + points))


@pytest.mark.parametrize(
    ("replace", "by"),
    [
        (
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<?xml version="1.0" encoding="ISO-8859-1"?>',
        ),
        ('<?xml version="1.0" encoding="UTF-8"?>', '\ufeff<?xml version="1.0"?>'),
        ("<!-- exported for a test -->", "<!DOCTYPE TrainingCenterDatabase>"),
        ("<!-- exported for a test -->", "<!-- <!ENTITY x 'y'> -->"),
        ("<Id>2024-01-01T10:00:00Z</Id>", "<Id><![CDATA[x]]></Id>"),
        ("<Value>141</Value>", "<Value>&#49;41</Value>"),
        ("<Value>141</Value>", "<!-- note --><Value>141</Value>"),
        ("<Value>141</Value>", "<Value>14<b/>1</Value>"),
        ("10:00:01Z</Time>", "10:00:01</Time>"),
        ("10:00:01Z</Time>", "10:00:01Z </Time>"),
        ('Sport="Running"', 'Sport="Run&amp;ning"'),
        ('Sport="Running"', 'Sport="Run\nning"'),
    ],
)
def test_what_the_scanner_does_not_read_is_left_to_lxml(replace: str, by: str) -> None:
    data = _document().decode().replace(replace, by, 1).encode()
    assert io_tcx.scan(data) is None
    try:
        expected = io_tcx.from_tcx_tree(data, file="t.tcx")
    except ActivityFileError as exc:
        with pytest.raises(ActivityFileError, match="refused|malformed"):
            io_tcx.from_tcx_bytes(data, file="t.tcx")
        assert "t.tcx" in str(exc)
    else:
        _assert_same(io_tcx.from_tcx_bytes(data, file="t.tcx"), expected)


def test_a_document_nested_deeper_than_the_limit_is_left_to_lxml() -> None:
    nested = "<a>" * MAX_DEPTH + "</a>" * MAX_DEPTH
    assert io_tcx.scan(_document(points=nested)) is None
    shallower = "<a>" * (MAX_DEPTH - 10) + "</a>" * (MAX_DEPTH - 10)
    assert _check(_document(points=shallower))


# Fragments that exercise every rule of well-formedness the scanner checks.
_TOKENS = [
    b"&amp;",
    b"&#65;",
    b"&",
    b"<!-- c -->",
    b"<!-- a -- b -->",
    b"<![CDATA[1]]>",
    b"<b/>",
    b"</Time>",
    b"<Time>",
    b"</Trackpoint>",
    b"<Trackpoint>",
    b"\x00",
    b"\x0b",
    b"\xff",
    b"\xc3\xa9",
    b"\xc3",
    b"\xed\xa0\x80",
    b"\xef\xbf\xbe",
    b"\xf0\x9f\x8f\x83",
    b"]]>",
    b" ",
    b"\t",
    b"\r\n",
    b'"',
    b"'",
    b' q:a="1"',
    b' xmlns:q="urn:q"',
    b' xmlns:q=""',
    b"q:",
    b":",
    b"<?pi x?>",
    b"<?xml?>",
    b"<?xml version='1.0'?>",
    b"1e5",
    b"nan",
    b"-",
    b"+02:00",
    b"Z",
    b".5",
    b"<",
    b">",
    b"/",
    b"=",
    b"<!DOCTYPE a>",
    b"\xef\xbb\xbf",
    b"--",
    b"x",
    b"0",
    b"9",
    b' Sport="x"',
    b' a="1" a="2"',
    b' x:a="1" o:a="2"',
    b"<a:b/>",
    b"</a>",
]
# Whole elements, inserted after a tag so that the document stays well-formed.
_ELEMENTS = [
    b"<Time>2024-01-01T10:00:00Z</Time>",
    b"<Time>2024-01-01T11:00:00.25+02:00</Time>",
    b"<Time/>",
    b"<Position><LatitudeDegrees>1.5</LatitudeDegrees></Position>",
    b"<Position><LongitudeDegrees>2</LongitudeDegrees><x:Other>3</x:Other></Position>",
    b"<HeartRateBpm/>",
    b"<HeartRateBpm><Value>99</Value><Value>98</Value></HeartRateBpm>",
    b"<Extensions><x:Speed>1</x:Speed><x:RunCadence>77</x:RunCadence></Extensions>",
    b"<AltitudeMeters>-3.5e1</AltitudeMeters>",
    b"<DistanceMeters>12</DistanceMeters>",
    b"<Cadence>80</Cadence>",
    b"<TotalTimeSeconds>5</TotalTimeSeconds>",
    b"<Track/>",
    b"<Track><Trackpoint/></Track>",
    b"<Lap/>",
    b"<Trackpoint/>",
    b"<Trackpoint><Time>2024-01-01T10:00:30Z</Time></Trackpoint>",
    b'<Activity Sport="Other"><Lap><Track>'
    b"<Trackpoint><Time>2024-01-03T10:00:00Z</Time></Trackpoint>"
    b"<Trackpoint><Time>2024-01-03T10:00:09Z</Time></Trackpoint></Track></Lap></Activity>",
    b"<Activities/>",
    b"<o:Lap/>",
    b"<!-- c -->",
    b"<?pi x?>",
    b"text",
]
_MUTATION = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 4000), st.integers(1, 40)),
    st.tuples(st.just("insert"), st.integers(0, 4000), st.sampled_from(_TOKENS)),
    st.tuples(st.just("element"), st.integers(0, 400), st.sampled_from(_ELEMENTS)),
    st.tuples(st.just("truncate"), st.integers(0, 4000), st.just(0)),
)


def _after_tag(data: bytes, k: int) -> int:
    """Position just after the k-th '>' (modulo their number), else the end."""
    ends = [i + 1 for i, byte in enumerate(data) if byte == ord(">")]
    return ends[k % len(ends)] if ends else len(data)


def _mutate(data: bytes, mutations: list[tuple[str, int, object]]) -> bytes:
    for kind, at, arg in mutations:
        if kind == "element":
            at = _after_tag(data, at)
        at %= len(data) + 1
        if kind == "delete":
            data = data[:at] + data[at + int(arg) :]  # type: ignore[call-overload]
        elif kind in {"insert", "element"}:
            data = data[:at] + bytes(arg) + data[at:]  # type: ignore[call-overload]
        else:
            data = data[:at]
    return data


@settings(max_examples=1500)
@given(st.lists(_MUTATION, min_size=1, max_size=4))
@example([("insert", 0, b"\n  ")])  # Strava's leading whitespace
def test_a_mutated_document_is_read_as_lxml_reads_it_or_left_to_lxml(
    mutations: list[tuple[str, int, object]],
) -> None:
    _check(_mutate(_document(), mutations))


_DECIMAL = st.builds(
    lambda sign, whole, frac, exp: f"{sign}{whole}{frac}{exp}",
    st.sampled_from(["", "-", "+"]),
    st.text("0123456789", max_size=20),
    st.one_of(st.just(""), st.text("0123456789", max_size=20).map(lambda s: "." + s)),
    st.one_of(
        st.just(""),
        st.builds(
            lambda e, s, d: f"{e}{s}{d}",
            st.sampled_from("eE"),
            st.sampled_from(["", "-", "+"]),
            st.text("0123456789", min_size=0, max_size=4),
        ),
    ),
)


@given(
    st.one_of(
        _DECIMAL,
        st.floats(allow_nan=False).map(repr),
        st.floats(min_value=-1000, max_value=9000).map(lambda v: f"{v:.14f}"),
    )
)
def test_numbers_are_read_exactly_as_float_reads_them(text: str) -> None:
    point = f"<Trackpoint><AltitudeMeters>{text}</AltitudeMeters></Trackpoint>"
    scanned = io_tcx.scan(_document(points=_points(1, 0) + point))
    assert scanned is not None
    (expected,) = floats_from_texts([text or None])
    read = scanned[0]["columns"]["ele"][4]
    assert (math.isnan(read) and math.isnan(expected)) or (
        read == expected and math.copysign(1, read) == math.copysign(1, expected)
    )


@given(
    st.datetimes(min_value=datetime(1985, 1, 1), max_value=datetime(2199, 12, 31)),
    st.integers(0, 9),
    st.one_of(st.just("Z"), st.integers(-14 * 60, 14 * 60)),
)
def test_times_are_read_exactly_as_the_tree_path_parses_them(
    moment: datetime, fraction_digits: int, zone: str | int
) -> None:
    digits = f"{moment.microsecond:06d}{moment.microsecond % 997:03d}"
    fraction = "." + digits[:fraction_digits] if fraction_digits else ""
    if isinstance(zone, int):
        hours, minutes = divmod(abs(zone), 60)
        zone = f"{'-' if zone < 0 else '+'}{hours:02d}:{minutes:02d}"
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%S") + fraction + zone
    point = f"<Trackpoint><Time>{stamp}</Time></Trackpoint>"
    scanned = io_tcx.scan(_document(points=point))
    assert scanned is not None
    expected, offset_s = parse_iso_times([stamp])
    # NaT (a time before EARLIEST_VALID_TIME) is the int64 minimum on both sides.
    as_ns = expected.tz_convert(None).to_numpy().view(np.int64)
    assert scanned[0]["columns"]["time_ns"][0] == as_ns[0]
    assert scanned[0]["offset_s"] == offset_s


def test_impossible_dates_are_left_to_lxml() -> None:
    point = "<Trackpoint><Time>2023-02-29T10:00:00Z</Time></Trackpoint>"
    assert io_tcx.scan(_document(points=point)) is None
    point = "<Trackpoint><Time>2024-02-29T10:00:00Z</Time></Trackpoint>"
    assert _check(_document(points=point))
