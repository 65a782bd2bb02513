"""Entry points that read one activity file, plain or gzipped, from bytes or a path.

The format is taken from the content, not trusted from the name: a FIT header,
or the root element of the XML (``<gpx>``, ``<TrainingCenterDatabase>``). The
name only decides nothing on its own, so a ``.gpx`` that holds a JPEG is
refused as "not an activity file". Sizes are checked before anything is
decompressed or parsed. References: activities.md sections 1 and 3.
"""

from __future__ import annotations

import os
from datetime import tzinfo
from pathlib import Path
from typing import Protocol

from tractus.activities.io_fit import from_fit_bytes, is_fit
from tractus.activities.io_gpx import from_gpx_bytes
from tractus.activities.io_tcx import from_tcx_bytes
from tractus.activities.safety import MAX_FILE_BYTES, check_size, gunzip_bounded
from tractus.activities.schema import Activity, Recording
from tractus.activities.summary import summarize
from tractus.errors import ActivityFileError, ActivityProblem

__all__ = [
    "ACTIVITY_SUFFIXES",
    "from_activity_bytes",
    "from_activity_file",
    "is_activity_name",
    "read_recordings",
]

ACTIVITY_SUFFIXES = (".fit", ".gpx", ".tcx", ".fit.gz", ".gpx.gz", ".tcx.gz")
_GZIP_MAGIC = b"\x1f\x8b"
_XML_SNIFF_BYTES = 4096


def is_activity_name(name: str) -> bool:
    """True if `name` ends in one of `ACTIVITY_SUFFIXES` (case-insensitive)."""
    return name.lower().endswith(ACTIVITY_SUFFIXES)


class _XmlReader(Protocol):
    def __call__(self, data: bytes, *, file: str) -> list[Recording]: ...


def _xml_reader(data: bytes, *, file: str) -> _XmlReader | None:
    head = data[:_XML_SNIFF_BYTES].lstrip(b" \t\r\n\xef\xbb\xbf")
    if not head.startswith(b"<"):
        return None
    if b"<gpx" in head:
        return from_gpx_bytes
    if b"<TrainingCenterDatabase" in head:
        return from_tcx_bytes
    lower = file.lower()
    if lower.endswith((".gpx", ".gpx.gz")):
        return from_gpx_bytes
    if lower.endswith((".tcx", ".tcx.gz")):
        return from_tcx_bytes
    return None


def read_recordings(data: bytes, filename: str) -> list[Recording]:
    """Read the recordings in one activity file given as bytes.

    Parameters
    ----------
    data : bytes
        The file content: FIT, GPX or TCX, plain or gzip-compressed.
    filename : str
        The file's name, used in messages (and as a hint for XML dialects).

    Returns
    -------
    list of Recording
        Possibly empty: a route or course file holds no activity.

    Raises
    ------
    ActivityFileError
        Too large, not an activity file, corrupt, truncated or hostile.

    References
    ----------
    activities.md section 1.
    """
    check_size(len(data), file=filename)
    if data[:2] == _GZIP_MAGIC:
        data = gunzip_bounded(data, file=filename)
    if is_fit(data):
        return from_fit_bytes(data, file=filename)
    reader = _xml_reader(data, file=filename)
    if reader is None:
        if filename.lower().endswith((".fit", ".fit.gz")):
            raise ActivityFileError(
                filename,
                "not a FIT file (no FIT header)",
                kind=ActivityProblem.NOT_ACTIVITY_FILE,
            )
        raise ActivityFileError(
            filename,
            "not an activity file (expected FIT, GPX or TCX, plain or .gz)",
            kind=ActivityProblem.NOT_ACTIVITY_FILE,
        )
    return list(reader(data, file=filename))


def from_activity_bytes(
    data: bytes, filename: str, *, timezone: tzinfo | None = None
) -> list[Activity]:
    """Read and summarise the activities in one file given as bytes.

    Parameters
    ----------
    data : bytes
        FIT, GPX or TCX content, plain or gzipped.
    filename : str
        Name shown in messages and stored on each activity.
    timezone : datetime.tzinfo, optional
        The runner's time zone, for local dates (see `summarize`).

    Returns
    -------
    list of Activity
        One per activity in the file (several for multisport FIT or multi-activity
        TCX); empty for a route or course.

    Raises
    ------
    ActivityFileError
        As `read_recordings`.
    """
    return [summarize(r, timezone=timezone) for r in read_recordings(data, filename)]


def from_activity_file(
    path: str | os.PathLike[str], *, timezone: tzinfo | None = None
) -> list[Activity]:
    """Read and summarise the activities in one file on disk.

    The size is checked with ``stat`` before the file is read, so an oversized
    file is refused without loading it.

    Raises
    ------
    ActivityFileError
        If the file cannot be opened, or as `read_recordings`.
    """
    file = Path(path)
    try:
        check_size(file.stat().st_size, file=str(file), limit_bytes=MAX_FILE_BYTES)
        data = file.read_bytes()
    except OSError as exc:
        raise ActivityFileError(
            str(file),
            f"cannot read file ({exc.strerror})",
            kind=ActivityProblem.UNREADABLE,
        ) from None
    return from_activity_bytes(data, str(file), timezone=timezone)
