"""FIT reader: a fast numpy decoder, with fitdecode (the reference decoder named in
DESIGN.md) for what it leaves.

`io_fit_fast.decode_fit_columns` reads most files about 20-40 times faster than
fitdecode, with the same values (the tests compare the two on every fixture); it
declines compressed speed and distance and whatever fitdecode would read
differently or fail on (damaged files), which fitdecode then reads (from memory,
`io_fit_memory`), or words the error for. Each file is decoded once.

Each ``session`` message becomes one `Recording` (a triathlon file gives five:
swim, transition, bike, transition, run), holding the ``record`` messages that
fall inside the session's time span. Chained FIT files (several headers) read
as one stream. Files whose ``file_id.type`` is not ``activity`` (courses,
settings) hold no activity and give an empty list. Timestamps below
0x10000000 are device-relative (Forerunner 70); they are anchored on the
``activity`` message's ``local_timestamp``, so those times are local wall-clock
time and the recording says so (``clock_is_local``). Any decoding error,
including a truncated file, raises `ActivityFileError` with the byte offset.
CRC checking is off: it costs ~30% of decode time and a file whose bytes
decode into valid messages is still read; truncation and structural damage
are still detected. Developer (Connect IQ) fields are not read: each app names
its own, and one called ``heart_rate`` must not replace the watch's. References:
activities.md sections 1, 2 and 4.
"""

from __future__ import annotations

import dataclasses
import io
import struct
from datetime import UTC, datetime
from typing import Any

import fitdecode
import numpy as np
import pandas as pd

from tractus.activities.cadence import (
    FOOT_SPORTS,
    PER_FOOT_CADENCE_MAX,
    to_steps_per_min,
)
from tractus.activities.io_fit_fast import (
    RECORD_COLUMNS,
    RECORD_FIELDS,
    RELATIVE_LIMIT,
    FitContent,
    decode_fit_columns,
)
from tractus.activities.io_fit_memory import LeanProcessor, MemoryFitReader
from tractus.activities.schema import (
    DeviceTotals,
    Recording,
    SourceFormat,
    Sport,
    build_samples,
)
from tractus.activities.sports import sport_from_label
from tractus.errors import ActivityFileError, ActivityProblem

__all__ = ["decode_with_fitdecode", "from_fit_bytes", "is_fit", "recordings_from"]

_SEMICIRCLE_DEG = 180.0 / 2**31


def is_fit(data: bytes) -> bool:
    """True if `data` starts with a FIT file header (``.FIT`` at bytes 8-11)."""
    return len(data) >= 12 and data[0] in (12, 14) and data[8:12] == b".FIT"


def _epoch_s(value: Any) -> tuple[float, float]:
    """(absolute epoch seconds, device-relative seconds) of a FIT timestamp."""
    if isinstance(value, datetime):
        return value.timestamp(), np.nan
    if isinstance(value, int) and value < RELATIVE_LIMIT:
        return np.nan, float(value)
    return np.nan, np.nan


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) else np.nan


def _native(frame: fitdecode.FitDataMessage) -> list[Any]:
    """The message's fields from the FIT profile, without developer fields.

    Developer (Connect IQ) fields are named by each app; one called
    ``heart_rate`` must not replace the watch's own.
    """
    if not frame.def_mesg.dev_field_defs:
        return frame.fields  # type: ignore[no-any-return]
    return [f for f in frame.fields if f.field_def is None or not f.field_def.is_dev]


def _first_value(frame: fitdecode.FitDataMessage, name: str) -> Any:
    return next((f.value for f in _native(frame) if f.name == name), None)


class _FitContent:
    """Messages of interest collected from one pass over the file."""

    def __init__(self) -> None:
        self.columns: dict[str, list[float]] = {k: [] for k in RECORD_COLUMNS}
        self.sessions: list[dict[str, Any]] = []
        self.file_type: Any = None
        self.activity: dict[str, Any] = {}
        self.sport_label: str | None = None

    def add_record(self, frame: fitdecode.FitDataMessage) -> None:
        v = {f.name: f.value for f in _native(frame) if f.name in RECORD_FIELDS}
        absolute, relative = _epoch_s(v.get("timestamp"))
        c = self.columns
        c["abs"].append(absolute)
        c["rel"].append(relative)
        lat, lon = v.get("position_lat"), v.get("position_long")
        c["lat"].append(lat * _SEMICIRCLE_DEG if isinstance(lat, int) else np.nan)
        c["lon"].append(lon * _SEMICIRCLE_DEG if isinstance(lon, int) else np.nan)
        ele = v.get("enhanced_altitude")
        c["ele"].append(_number(ele if ele is not None else v.get("altitude")))
        c["dist"].append(_number(v.get("distance")))
        c["hr"].append(_number(v.get("heart_rate")))
        cad = _number(v.get("cadence"))
        c["cad"].append(cad + _number(v.get("fractional_cadence") or 0.0))
        speed = v.get("enhanced_speed")
        c["speed"].append(_number(speed if speed is not None else v.get("speed")))

    def add(self, frame: fitdecode.FitDataMessage) -> None:
        name = frame.name
        if name == "record":
            self.add_record(frame)
        elif name == "session":
            self.sessions.append({f.name: f.value for f in _native(frame)})
        elif name == "file_id" and self.file_type is None:
            self.file_type = _first_value(frame, "type")
        elif name == "activity":
            self.activity = {f.name: f.value for f in _native(frame)}
        elif name == "sport" and self.sport_label is None:
            self.sport_label = str(_first_value(frame, "sport"))

    def content(self) -> FitContent:
        return FitContent(
            columns={k: np.array(v, dtype=np.float64) for k, v in self.columns.items()},
            sessions=self.sessions,
            file_type=self.file_type,
            activity=self.activity,
            sport_label=self.sport_label,
        )


def decode_with_fitdecode(
    data: bytes, *, file: str, plain_reader: bool = False
) -> FitContent:
    """Decode with fitdecode: the fallback of the fast decoder, and its oracle in tests.

    The fallback reads through `MemoryFitReader` (fitdecode reading from
    memory); ``plain_reader=True`` uses fitdecode's own `FitReader` on a file
    object, unmodified: the oracle that the tests compare both paths with.
    """
    content = _FitContent()
    options: dict[str, Any] = {
        "processor": LeanProcessor(),
        "check_crc": fitdecode.CrcCheck.DISABLED,
        # IGNORE tolerates misaligned field sizes (COROS PACE 2) as the FIT SDK
        # does; undefined messages and truncation still raise.
        "error_handling": fitdecode.ErrorHandling.IGNORE,
    }
    reader = (
        fitdecode.FitReader(io.BytesIO(data), **options)
        if plain_reader
        else MemoryFitReader(data, **options)
    )
    try:
        with reader:
            for frame in reader:
                if frame.frame_type == fitdecode.FIT_FRAME_DATA:
                    content.add(frame)
    except fitdecode.FitEOFError as exc:
        raise ActivityFileError(
            file, f"truncated FIT file ({exc})", kind=ActivityProblem.TRUNCATED
        ) from None
    except fitdecode.FitError as exc:
        raise ActivityFileError(
            file, f"corrupt FIT file ({exc})", kind=ActivityProblem.CORRUPT
        ) from None
    except AssertionError:
        # fitdecode checks with `assert` that each message fits in the data
        # size the header declares; a lying header trips it.
        raise ActivityFileError(
            file,
            "corrupt FIT file (a message runs past the data size in its header)",
            kind=ActivityProblem.CORRUPT,
        ) from None
    except (
        struct.error,
        ValueError,
        KeyError,
        IndexError,
        TypeError,
        OverflowError,
    ) as exc:
        # fitdecode lets these escape on some malformed definitions.
        raise ActivityFileError(
            file, f"corrupt FIT file ({exc!r})", kind=ActivityProblem.CORRUPT
        ) from None
    return content.content()


def _times(content: FitContent, *, file: str) -> tuple[np.ndarray, bool, int | None]:
    """Absolute epoch seconds per record, whether they are local clock, UTC offset."""
    absolute = np.array(content.columns["abs"])
    relative = np.array(content.columns["rel"])
    act = content.activity
    local, stamp = act.get("local_timestamp"), act.get("timestamp")
    if np.isnan(relative).all():
        offset = None
        if isinstance(local, datetime) and isinstance(stamp, datetime):
            # local_timestamp is wall-clock time encoded as if it were UTC.
            offset = int(round((local - stamp).total_seconds() / 900.0)) * 900
        return absolute, False, offset
    if not (isinstance(local, datetime) and isinstance(stamp, int)):
        raise ActivityFileError(
            file,
            "FIT timestamps are device-relative and the file has no time anchor",
            kind=ActivityProblem.NO_DATE,
        )
    anchored = np.where(
        np.isnan(relative), absolute, local.timestamp() + relative - stamp
    )
    return anchored, True, None


def _session_time(value: Any, content: FitContent) -> float:
    absolute, relative = _epoch_s(value)
    if not np.isnan(relative):
        local = content.activity.get("local_timestamp")
        stamp = content.activity.get("timestamp")
        if not (isinstance(local, datetime) and isinstance(stamp, int)):
            return np.nan  # device-relative with nothing to anchor it: unknown
        return float(local.timestamp() + relative - stamp)
    return absolute


def _device_cadence(session: dict[str, Any], sport: Sport) -> float | None:
    value = session.get("avg_running_cadence", session.get("avg_cadence"))
    if not isinstance(value, int | float) or sport not in FOOT_SPORTS:
        return None
    value = float(value) + _number(session.get("avg_fractional_cadence") or 0.0)
    return value * 2.0 if value < PER_FOOT_CADENCE_MAX else value


def _optional(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _device_totals(session: dict[str, Any], start: float, sport: Sport) -> DeviceTotals:
    return DeviceTotals(
        start_time=datetime.fromtimestamp(start, tz=UTC)
        if np.isfinite(start)
        else None,
        elapsed_time_s=_optional(session.get("total_elapsed_time")),
        timer_time_s=_optional(session.get("total_timer_time")),
        distance_m=_optional(session.get("total_distance")),
        ascent_m=_optional(session.get("total_ascent")),
        descent_m=_optional(session.get("total_descent")),
        avg_hr_bpm=_optional(session.get("avg_heart_rate")),
        avg_cadence_spm=_device_cadence(session, sport),
    )


def _recording(
    content: FitContent,
    epoch_s: np.ndarray,
    mask: np.ndarray,
    *,
    file: str,
    index: int,
    session: dict[str, Any] | None,
) -> Recording:
    label = str(session.get("sport")) if session else content.sport_label
    sport = sport_from_label(label)
    sub_sport = session.get("sub_sport") if session else None
    c = {key: np.array(values)[mask] for key, values in content.columns.items()}
    seconds = epoch_s[mask]
    times = pd.DatetimeIndex(pd.to_datetime(seconds, unit="s", utc=True)).as_unit("ns")
    start = _session_time(session.get("start_time"), content) if session else np.nan
    return Recording(
        file=file,
        format=SourceFormat.FIT,
        index=index,
        sport=sport,
        sport_label=label if sub_sport is None else f"{label}/{sub_sport}",
        samples=build_samples(
            times,
            lat_deg=c["lat"],
            lon_deg=c["lon"],
            elevation_m=c["ele"],
            distance_m=c["dist"],
            hr_bpm=c["hr"],
            cadence_spm=to_steps_per_min(c["cad"], sport),
            speed_m_s=c["speed"],
        ),
        device=_device_totals(session, start, sport) if session else DeviceTotals(),
        utc_offset_s=None,
        clock_is_local=False,
    )


def _session_mask(
    session: dict[str, Any], epoch_s: np.ndarray, content: FitContent
) -> np.ndarray:
    start = _session_time(session.get("start_time"), content)
    elapsed = _number(session.get("total_elapsed_time"))
    if np.isnan(start) or np.isnan(elapsed):
        return np.zeros(epoch_s.shape, dtype=bool)
    return (epoch_s >= start) & (epoch_s <= start + elapsed)


def from_fit_bytes(data: bytes, *, file: str) -> list[Recording]:
    """Read the activities (sessions) of a FIT file.

    Parameters
    ----------
    data : bytes
        The uncompressed FIT file (chained files allowed).
    file : str
        Name used in messages and stored on each recording.

    Returns
    -------
    list of Recording
        One per session with at least two records; one for a whole activity
        file without session messages; empty for non-activity files (courses).

    Raises
    ------
    ActivityFileError
        If the data is not FIT, is truncated or corrupt (message gives the byte
        offset fitdecode reports), or its relative timestamps cannot be anchored.

    References
    ----------
    activities.md section 1 (FIT edge cases), section 4 (timestamps, local time).
    """
    if not is_fit(data):
        raise ActivityFileError(
            file,
            "not a FIT file (no FIT header)",
            kind=ActivityProblem.NOT_ACTIVITY_FILE,
        )
    content = decode_fit_columns(data, file=file)
    if content is None:
        content = decode_with_fitdecode(data, file=file)
    return recordings_from(content, file=file)


def recordings_from(content: FitContent, *, file: str) -> list[Recording]:
    """The recordings (one per session) of a decoded FIT file (see `from_fit_bytes`)."""
    if content.file_type not in (None, "activity"):
        return []
    epoch_s, clock_is_local, offset_s = _times(content, file=file)
    sessions: list[dict[str, Any] | None] = list(content.sessions) or [None]
    recordings: list[Recording] = []
    for session in sessions:
        mask = (
            _session_mask(session, epoch_s, content)
            if session
            else np.isfinite(epoch_s)
        )
        if np.count_nonzero(mask) < 2:
            continue
        recording = _recording(
            content, epoch_s, mask, file=file, index=len(recordings), session=session
        )
        recordings.append(
            dataclasses.replace(
                recording, utc_offset_s=offset_s, clock_is_local=clock_is_local
            )
        )
    return recordings
