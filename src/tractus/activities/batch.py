"""Reading many files at once, with one result per file and no exceptions.

`FileResult` is what an import shows the runner for each file: imported, not a
run, no activity (a route or course), or the error. A bad file never stops the
batch. `read_paths` walks files, folders and export archives in the order
given (folders sorted by name). References: DESIGN.md "Data rules".
"""

from __future__ import annotations

import enum
import os
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path

from tractus.activities.reader import from_activity_bytes, is_activity_name
from tractus.activities.safety import MAX_ARCHIVE_BYTES, MAX_FILE_BYTES, check_size
from tractus.activities.schema import Activity
from tractus.errors import ActivityFileError, ActivityProblem

__all__ = [
    "FileResult",
    "ImportStatus",
    "read_file_result",
    "read_paths",
    "unexpected_error_result",
]


class ImportStatus(enum.StrEnum):
    """Outcome of reading one file (duplicates are decided by the caller's store)."""

    IMPORTED = "imported"
    NOT_A_RUN = "not_a_run"
    NO_ACTIVITY = "no_activity"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class FileResult:
    """The activities read from one file, or why there are none.

    `internal_error` holds the traceback when a reader failed in a way it does
    not foresee (a bug, not a bad file): `error` then tells the runner, and the
    caller logs the traceback for the maintainers.
    """

    file: str
    activities: tuple[Activity, ...] = ()
    error: str | None = None
    # What kind of problem `error` describes, for a product to word it plainly.
    error_kind: ActivityProblem | None = None
    note: str | None = None
    internal_error: str | None = None

    def __post_init__(self) -> None:
        if (self.error is None) != (self.error_kind is None):
            raise ValueError("an error comes with its kind, and a kind with its error")

    @classmethod
    def failed(cls, file: str, exc: ActivityFileError) -> FileResult:
        """The result of a file its reader refused."""
        return cls(file=file, error=str(exc), error_kind=exc.kind)

    @property
    def status(self) -> ImportStatus:
        """`ERROR`, `NO_ACTIVITY`, `NOT_A_RUN` (no run in it) or `IMPORTED`."""
        if self.error is not None:
            return ImportStatus.ERROR
        if not self.activities:
            return ImportStatus.NO_ACTIVITY
        if not any(a.is_run for a in self.activities):
            return ImportStatus.NOT_A_RUN
        return ImportStatus.IMPORTED


_NO_ACTIVITY_NOTE = "no activity in this file (a route, course or track without times)"


def read_file_result(
    data: bytes, filename: str, *, timezone: tzinfo | None = None
) -> FileResult:
    """Read one activity file given as bytes; errors become the result's `error`.

    Parameters
    ----------
    data : bytes
        FIT, GPX or TCX content, plain or gzipped.
    filename : str
        Name shown in messages.
    timezone : datetime.tzinfo, optional
        The runner's time zone (see `summarize`).

    Returns
    -------
    FileResult
        Never raises for bad content; the error names the file and the problem.
    """
    try:
        activities = from_activity_bytes(data, filename, timezone=timezone)
    except ActivityFileError as exc:
        return FileResult.failed(filename, exc)
    except Exception as exc:  # noqa: BLE001 - one file's bug must not stop the batch
        return unexpected_error_result(filename, exc)
    note = None if activities else _NO_ACTIVITY_NOTE
    return FileResult(file=filename, activities=tuple(activities), note=note)


def unexpected_error_result(file: str, exc: Exception) -> FileResult:
    """The result of a file whose reader raised something other than a `TractusError`.

    The runner sees that the file could not be read; the traceback goes to
    `FileResult.internal_error` for the caller to log.
    """
    return FileResult(
        file=file,
        error=f"{file}: could not be read (internal error {type(exc).__name__})",
        error_kind=ActivityProblem.INTERNAL,
        internal_error="".join(traceback.format_exception(exc)),
    )


def _read_one_path(path: Path, timezone: tzinfo | None) -> Iterator[FileResult]:
    from tractus.activities.archive import read_archive  # archive imports batch

    name = str(path)
    try:
        is_zip = path.suffix.lower() == ".zip"
        limit = MAX_ARCHIVE_BYTES if is_zip else MAX_FILE_BYTES
        check_size(path.stat().st_size, file=name, limit_bytes=limit)
        if is_zip:
            yield from read_archive(path, name=name, timezone=timezone)
            return
        data = path.read_bytes()
    except ActivityFileError as exc:
        yield FileResult.failed(name, exc)
        return
    except OSError as exc:
        yield FileResult(
            file=name,
            error=f"{name}: cannot read file ({exc.strerror})",
            error_kind=ActivityProblem.UNREADABLE,
        )
        return
    yield read_file_result(data, name, timezone=timezone)


def read_paths(
    paths: Iterable[str | os.PathLike[str]], *, timezone: tzinfo | None = None
) -> Iterator[FileResult]:
    """Read files, folders (recursively: activity files and zips) and archives.

    Yields
    ------
    FileResult
        One per file (per activity file inside an archive, per CSV-only row of
        a Strava export).
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                lower = child.name.lower()
                if child.is_file() and (
                    is_activity_name(lower) or lower.endswith(".zip")
                ):
                    yield from _read_one_path(child, timezone)
        else:
            yield from _read_one_path(path, timezone)
