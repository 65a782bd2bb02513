"""Zip archives of activity files, including Strava bulk exports, read safely.

The whole central directory is checked before any entry is inflated: number
of entries, declared sizes (each activity entry and the total), compression
ratio, and paths that are absolute or climb out with ``..``. A hostile
archive is refused as a whole with one `ActivityFileError`. Entries are read
in memory with a bounded read (the declared size is not trusted), never
extracted to disk. A Strava export (an ``activities.csv`` beside an
``activities/`` folder) is joined on the CSV's ``Filename`` column; rows without
a file become activities from the CSV alone; the CSV's activity type, which
the athlete chose, decides the sport. Any other zip is read as a bag of
activity files. References: activities.md section 3; DESIGN.md "Data rules".
"""

from __future__ import annotations

import dataclasses
import functools
import io
import itertools
import lzma
import os
import posixpath
import zipfile
import zlib
from collections.abc import Callable, Iterator
from datetime import tzinfo

from tractus.activities.batch import (
    FileResult,
    read_file_result,
    unexpected_error_result,
)
from tractus.activities.names import clean_name
from tractus.activities.reader import is_activity_name
from tractus.activities.safety import (
    MAX_ARCHIVE_ENTRIES,
    MAX_ARCHIVE_TOTAL_BYTES,
    MAX_COMPRESSION_RATIO,
    MAX_FILE_BYTES,
)
from tractus.activities.sports import sport_from_label
from tractus.activities.strava_csv import (
    StravaRow,
    activity_from_row,
    parse_activities_csv,
)
from tractus.activities.summary import with_sport
from tractus.errors import ActivityFileError, ActivityProblem
from tractus.sizes import format_size

__all__ = ["check_archive", "read_archive"]

# Small entries compress extremely well without being bombs; the ratio limit
# applies from this size on.
_RATIO_CHECK_MIN_BYTES = 1024 * 1024


def _entry_label(name: str, entry: str) -> str:
    """How an entry is named in results: ``archive:entry``, made safe to store."""
    return f"{name}:{clean_name(entry) or '(unnamed entry)'}"


def _is_escaping(name: str) -> bool:
    normalised = name.replace("\\", "/")
    if normalised.startswith("/") or (len(normalised) > 1 and normalised[1] == ":"):
        return True
    return ".." in posixpath.normpath(normalised).split("/")


def _check_entry(info: zipfile.ZipInfo, *, name: str) -> None:
    if _is_escaping(info.filename):
        raise ActivityFileError(
            name,
            f"entry {info.filename!r} points outside the archive; refused",
            kind=ActivityProblem.UNSAFE,
        )
    wanted = is_activity_name(info.filename) or info.filename.endswith("activities.csv")
    if wanted and info.file_size > MAX_FILE_BYTES:
        raise ActivityFileError(
            name,
            f"entry {info.filename!r} is {format_size(info.file_size)}, over "
            f"the {format_size(MAX_FILE_BYTES)} limit per file",
            kind=ActivityProblem.TOO_LARGE,
        )
    if info.file_size >= _RATIO_CHECK_MIN_BYTES:
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > MAX_COMPRESSION_RATIO:
            raise ActivityFileError(
                name,
                f"entry {info.filename!r} inflates {ratio:.0f}x (limit "
                f"{MAX_COMPRESSION_RATIO:.0f}x); refused as a possible zip bomb",
                kind=ActivityProblem.UNSAFE,
            )


def check_archive(archive: zipfile.ZipFile, *, name: str) -> list[zipfile.ZipInfo]:
    """Check every entry of an open archive before anything is inflated.

    Returns
    -------
    list of zipfile.ZipInfo
        The file entries (directories left out).

    Raises
    ------
    ActivityFileError
        Too many entries, too much data, a bomb-like ratio or an escaping path.

    References
    ----------
    DESIGN.md "Data rules"; limits in `safety`.
    """
    infos = archive.infolist()
    if len(infos) > MAX_ARCHIVE_ENTRIES:
        raise ActivityFileError(
            name,
            f"archive has {len(infos)} entries, over the limit of "
            f"{MAX_ARCHIVE_ENTRIES}",
            kind=ActivityProblem.TOO_LARGE,
        )
    total = sum(info.file_size for info in infos)
    if total > MAX_ARCHIVE_TOTAL_BYTES:
        raise ActivityFileError(
            name,
            f"archive inflates to {format_size(total)}, over the limit of "
            f"{format_size(MAX_ARCHIVE_TOTAL_BYTES)}",
            kind=ActivityProblem.TOO_LARGE,
        )
    for info in infos:
        _check_entry(info, name=name)
    # An entry may have an empty name (`is_dir` then fails): it names no file.
    return [info for info in infos if info.filename and not info.is_dir()]


def _is_nested_zip(path: str) -> bool:
    return path.lower().endswith(".zip") and "__MACOSX" not in path


def _nested_zip_result(name: str, path: str) -> FileResult:
    """A zip inside the zip is named, not opened.

    Opening it would need every archive limit again one level down (nested
    zip bombs multiply their ratio at each level) for a layout no export
    uses; the runner can upload it on its own.
    """
    label = _entry_label(name, path)
    return FileResult(
        file=label,
        error=f"{label}: a zip inside the zip is not opened; upload it on its own",
        error_kind=ActivityProblem.NESTED_ARCHIVE,
    )


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, name: str) -> bytes:
    label = _entry_label(name, info.filename)
    try:
        with archive.open(info) as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except RuntimeError:  # zipfile's word for an encrypted entry
        raise ActivityFileError(
            label,
            "archive entry is encrypted; export it without a password",
            kind=ActivityProblem.ENCRYPTED,
        ) from None
    except ValueError:
        # zipfile seeks to the offset the directory states; a wrong one gives
        # "negative seek value" when the archive is read from bytes.
        raise ActivityFileError(
            label,
            "cannot read archive entry (its offset points outside the archive)",
            kind=ActivityProblem.CORRUPT,
        ) from None
    except (
        zipfile.BadZipFile,
        OSError,
        EOFError,
        NotImplementedError,
        zlib.error,  # a corrupt deflate stream
        lzma.LZMAError,
    ) as exc:
        raise ActivityFileError(
            label, f"cannot read archive entry ({exc})", kind=ActivityProblem.CORRUPT
        ) from None
    if len(data) > MAX_FILE_BYTES:
        raise ActivityFileError(
            label,
            "entry inflates past its declared size; refused",
            kind=ActivityProblem.UNSAFE,
        )
    return data


def _entry_result(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    *,
    name: str,
    timezone: tzinfo | None,
) -> FileResult:
    label = _entry_label(name, info.filename)
    try:
        data = _read_entry(archive, info, name=name)
    except ActivityFileError as exc:
        return FileResult.failed(label, exc)
    return read_file_result(data, label, timezone=timezone)


def _strava_row_result(
    archive: zipfile.ZipFile,
    row: StravaRow,
    entries: dict[str, zipfile.ZipInfo],
    *,
    base: str,
    name: str,
    timezone: tzinfo | None,
) -> FileResult:
    if row.filename is None:
        label = _entry_label(name, f"activities.csv#{row.activity_id or row.line}")
        activity = activity_from_row(row, file=label, timezone=timezone)
        return FileResult(
            file=label, activities=(activity,), note="from activities.csv"
        )
    info = entries.get(posixpath.join(base, row.filename))
    if info is None:
        label = _entry_label(name, row.filename)
        return FileResult(
            file=label,
            error=f"{label}: listed in activities.csv but absent",
            error_kind=ActivityProblem.MISSING_FROM_EXPORT,
        )
    result = _entry_result(archive, info, name=name, timezone=timezone)
    sport = sport_from_label(row.type_label)
    activities = tuple(with_sport(a, sport) for a in result.activities)
    return dataclasses.replace(result, activities=activities)


# A result not yet read: resuming an archive part-way passes over the first ones
# without inflating their entries.
_Pending = Callable[[], FileResult]


def _strava_results(
    archive: zipfile.ZipFile,
    csv_info: zipfile.ZipInfo,
    entries: dict[str, zipfile.ZipInfo],
    *,
    name: str,
    timezone: tzinfo | None,
) -> Iterator[_Pending]:
    base = posixpath.dirname(csv_info.filename)
    csv_label = _entry_label(name, csv_info.filename)
    rows = parse_activities_csv(
        _read_entry(archive, csv_info, name=name), file=csv_label
    )
    used: set[str] = set()
    for row in rows:
        if isinstance(row, ActivityFileError):
            yield functools.partial(FileResult.failed, row.file, row)
            continue
        if row.filename is not None:
            used.add(posixpath.join(base, row.filename))
        yield functools.partial(
            _strava_row_result,
            archive,
            row,
            entries,
            base=base,
            name=name,
            timezone=timezone,
        )
    for path, info in entries.items():
        if path not in used and is_activity_name(path):
            yield functools.partial(
                _entry_result, archive, info, name=name, timezone=timezone
            )
        elif _is_nested_zip(path):
            yield functools.partial(_nested_zip_result, name, path)


def _bag_results(
    archive: zipfile.ZipFile,
    infos: list[zipfile.ZipInfo],
    *,
    name: str,
    timezone: tzinfo | None,
) -> Iterator[_Pending]:
    for info in infos:
        if is_activity_name(info.filename) and "__MACOSX" not in info.filename:
            yield functools.partial(
                _entry_result, archive, info, name=name, timezone=timezone
            )
        elif _is_nested_zip(info.filename):
            yield functools.partial(_nested_zip_result, name, info.filename)


def _archive_results(
    archive: zipfile.ZipFile, *, name: str, timezone: tzinfo | None
) -> Iterator[_Pending]:
    infos = check_archive(archive, name=name)
    entries = {info.filename: info for info in infos}
    csvs = [i for i in infos if posixpath.basename(i.filename) == "activities.csv"]
    if csvs:
        shallowest = min(csvs, key=lambda i: i.filename.count("/"))
        return _strava_results(
            archive, shallowest, entries, name=name, timezone=timezone
        )
    return _bag_results(archive, infos, name=name, timezone=timezone)


def read_archive(
    source: bytes | str | os.PathLike[str],
    *,
    name: str,
    timezone: tzinfo | None = None,
    skip: int = 0,
) -> Iterator[FileResult]:
    """Read every activity in a zip archive (a Strava export or a bag of files).

    Parameters
    ----------
    source : bytes or path
        The archive content or its path.
    name : str
        Name shown in messages; entries are reported as ``name:entry``.
    timezone : datetime.tzinfo, optional
        The runner's time zone (see `summarize`).
    skip : int, optional
        Results to pass over without reading their entries: a caller that
        read an archive part-way resumes after what it has (the order of
        results is the same on every read). The archive is checked whole
        whatever `skip` is.

    Yields
    ------
    FileResult
        One per activity file and per CSV-only activity. A hostile or broken
        archive yields a single error result and nothing else.

    References
    ----------
    activities.md section 3 (Strava bulk export format).
    """
    try:
        with _open_archive(source, name=name) as archive:
            pending = _archive_results(archive, name=name, timezone=timezone)
            for make in itertools.islice(pending, skip, None):
                yield make()
    except ActivityFileError as exc:
        yield FileResult.failed(name, exc)
    except Exception as exc:  # noqa: BLE001 - a reader bug ends this archive only
        yield unexpected_error_result(name, exc)


def _open_archive(
    source: bytes | str | os.PathLike[str], *, name: str
) -> zipfile.ZipFile:
    handle = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        return zipfile.ZipFile(handle)
    except ValueError:
        # zipfile seeks to the central-directory offset the file states; a
        # wrong one gives "negative seek value" on a bytes buffer.
        raise ActivityFileError(
            name,
            "not a readable zip archive (its directory points outside the file)",
            kind=ActivityProblem.CORRUPT,
        ) from None
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
        # NotImplementedError: a zip version or feature zipfile does not read.
        raise ActivityFileError(
            name, f"not a readable zip archive ({exc})", kind=ActivityProblem.CORRUPT
        ) from None
