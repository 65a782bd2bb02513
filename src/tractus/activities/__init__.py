"""Activity files: readers for FIT, GPX, TCX (plain or gzipped) and Strava exports.

Read with `from_activity_bytes` / `from_activity_file` (one file),
`read_file_result` (one file, errors as values), `read_archive` (a zip or a
Strava bulk export) or `read_paths` (files, folders, archives). Each activity
is summarised into an `Activity` (see `schema` and `summary` for units and
methods); `fingerprint`, `is_same_activity` and `deduplicate` recognise the same
activity arriving twice. References: activities.md.
"""

from __future__ import annotations

from tractus.activities.archive import check_archive, read_archive
from tractus.activities.batch import (
    FileResult,
    ImportStatus,
    read_file_result,
    read_paths,
)
from tractus.activities.dedupe import deduplicate, fingerprint, is_same_activity
from tractus.activities.reader import (
    ACTIVITY_SUFFIXES,
    from_activity_bytes,
    from_activity_file,
    is_activity_name,
    read_recordings,
)
from tractus.activities.safety import (
    MAX_ARCHIVE_BYTES,
    MAX_ARCHIVE_ENTRIES,
    MAX_ARCHIVE_TOTAL_BYTES,
    MAX_COMPRESSION_RATIO,
    MAX_FILE_BYTES,
)
from tractus.activities.schema import (
    SAMPLE_COLUMNS,
    Activity,
    DeviceTotals,
    DistanceSource,
    ElevationSource,
    LocalDateBasis,
    Recording,
    SourceFormat,
    Sport,
    validate_samples,
)
from tractus.activities.summary import summarize

__all__ = [
    "ACTIVITY_SUFFIXES",
    "Activity",
    "DeviceTotals",
    "DistanceSource",
    "ElevationSource",
    "FileResult",
    "ImportStatus",
    "LocalDateBasis",
    "MAX_ARCHIVE_BYTES",
    "MAX_ARCHIVE_ENTRIES",
    "MAX_ARCHIVE_TOTAL_BYTES",
    "MAX_COMPRESSION_RATIO",
    "MAX_FILE_BYTES",
    "Recording",
    "SAMPLE_COLUMNS",
    "SourceFormat",
    "Sport",
    "check_archive",
    "deduplicate",
    "fingerprint",
    "from_activity_bytes",
    "from_activity_file",
    "is_activity_name",
    "is_same_activity",
    "read_archive",
    "read_file_result",
    "read_paths",
    "read_recordings",
    "summarize",
    "validate_samples",
]
