"""The fuzz target over every activity reader, shared by the short and long runs.

`read_as(kind, data)` feeds `data` to one reader the way an upload reaches it
(FIT, GPX, TCX through the compiled scanner and through lxml, gzip, zip or a
Strava ``activities.csv``) and summarises whatever it reads. The only
exception allowed out is the project's own `TractusError`; anything else, and
any summary that breaks the invariants in `check_activity`, is a bug.
`read_input` takes the reader from the first byte, so one byte string is one
fuzz input; `seed_inputs` gives the test fixtures in that form.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

from tractus.activities import Activity, read_archive, read_recordings, summarize
from tractus.activities.io_tcx import from_tcx_tree
from tractus.activities.names import clean_name
from tractus.activities.plausibility import (
    MAX_ACTIVITY_DURATION_S,
    MAX_UNPOWERED_SPEED_M_S,
    MIN_STEP_S,
)
from tractus.activities.strava_csv import activity_from_row, parse_activities_csv
from tractus.errors import ActivityFileError, TractusError

DATA = Path(__file__).resolve().parents[1] / "data"
# The reader for each kind, and the file name it is given (names hint XML dialects).
KINDS: tuple[str, ...] = ("fit", "gpx", "tcx", "tcx-lxml", "gz", "zip", "csv")
_NAMES = {
    "fit": "fuzz.fit",
    "gpx": "fuzz.gpx",
    "tcx": "fuzz.tcx",
    "tcx-lxml": "fuzz.tcx",
    "gz": "fuzz.gpx.gz",
}
# Suffix of a fixture -> the kind it seeds.
_SEED_KINDS = {
    ".fit": ("fit",),
    ".gpx": ("gpx",),
    ".tcx": ("tcx", "tcx-lxml"),
    ".gz": ("gz",),
    ".zip": ("zip",),
    ".csv": ("csv",),
}


def check_activity(activity: Activity) -> None:
    """Invariants every summary holds, whatever the file said."""
    assert activity.start_time.tzinfo is not None
    assert 0 <= activity.duration_s <= MAX_ACTIVITY_DURATION_S
    if activity.distance_m is not None:
        assert math.isfinite(activity.distance_m) and activity.distance_m >= 0
        reach_m = MAX_UNPOWERED_SPEED_M_S * max(activity.duration_s, MIN_STEP_S)
        assert activity.distance_m <= reach_m
    for value in (activity.moving_time_s, activity.avg_hr_bpm):
        assert value is None or math.isfinite(value)
    assert activity.name is None or clean_name(activity.name) == activity.name


def _summaries(data: bytes, name: str) -> None:
    for recording in read_recordings(data, name):
        check_activity(summarize(recording))


def _tree(data: bytes) -> None:
    for recording in from_tcx_tree(data, file="fuzz.tcx"):
        check_activity(summarize(recording))


def _archive(data: bytes) -> None:
    for result in read_archive(data, name="fuzz.zip"):
        # A reader bug inside an archive is caught there; surface it here.
        assert result.internal_error is None, result.internal_error
        for activity in result.activities:
            check_activity(activity)


def _csv(data: bytes) -> None:
    for row in parse_activities_csv(data, file="activities.csv"):
        if not isinstance(row, ActivityFileError):
            activity = activity_from_row(row, file="activities.csv")
            assert activity.duration_s >= 0
            assert activity.name is None or clean_name(activity.name) == activity.name
            assert activity.start_time.utcoffset() == timedelta(0)


def _reader(kind: str) -> Callable[[bytes], None]:
    if kind == "tcx-lxml":
        return _tree
    if kind == "zip":
        return _archive
    if kind == "csv":
        return _csv
    name = _NAMES[kind]
    return lambda data: _summaries(data, name)


def read_as(kind: str, data: bytes) -> None:
    """Read `data` as `kind`; only a `TractusError` may come out."""
    with contextlib.suppress(TractusError):
        _reader(kind)(data)


def kind_of(data: bytes, kinds: tuple[str, ...] = KINDS) -> str:
    """The reader a fuzz input is for: its first byte picks one of `kinds`."""
    return kinds[data[0] % len(kinds)] if data else kinds[0]


def read_input(data: bytes, kinds: tuple[str, ...] = KINDS) -> None:
    """One fuzz input: the first byte picks the reader, the rest is the file."""
    if data:
        read_as(kind_of(data, kinds), data[1:])


def seed_files() -> Iterator[tuple[str, Path]]:
    """(kind, path) of every activity fixture and hostile file."""
    for path in sorted(DATA.rglob("*")):
        for kind in _SEED_KINDS.get(path.suffix, ()) if path.is_file() else ():
            yield kind, path


def seed_inputs(*, max_bytes: int, kinds: tuple[str, ...] = KINDS) -> Iterator[bytes]:
    """The fixtures as fuzz inputs (selector byte first), cut at `max_bytes`."""
    for kind, path in seed_files():
        if kind in kinds:
            yield bytes([kinds.index(kind)]) + path.read_bytes()[: max_bytes - 1]
