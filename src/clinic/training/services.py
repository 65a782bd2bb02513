"""Importing activity files: accept the upload, then read it in a task.

The request only stores the uploaded files and queues `run_import`, so a
years-long export never holds up a page. The task reads each file with the
core, skips what is not a run, drops what is already stored, and saves each
file's activities in a transaction of its own: a file either imports whole
or not at all, and the others go on. Uploaded files are deleted once read;
only the summaries are kept.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import shutil
import time
import zipfile
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, QuerySet
from django_tasks import task

from clinic.dispatch.services import enqueue_fairly
from clinic.jobs.models import JobSupersededError
from clinic.jobs.running import run_job
from clinic.lib.problems import IMPORT_STOPPED
from clinic.runners.models import Runner
from clinic.training.convert import row_fields, to_core
from clinic.training.models import Activity as ActivityRow
from clinic.training.models import ImportBatch, ImportItem
from tractus.activities import (
    Activity,
    FileResult,
    ImportStatus,
    deduplicate,
    fingerprint,
    is_activity_name,
    read_archive,
    read_file_result,
)
from tractus.activities.dedupe import SAME_START_TOLERANCE_S
from tractus.activities.names import clean_name
from tractus.errors import ActivityProblem

logger = logging.getLogger(__name__)


# Positions of a batch's rows: file n is at n * _ENTRY_SLOTS, entry k of an export
# zip right after its archive (the archive's position + k).
_ENTRY_SLOTS = 100_000


def upload_dir(batch: ImportBatch) -> Path:
    return Path(settings.DATA_DIR) / "uploads" / str(batch.public_id)


@transaction.atomic
def start_import(
    *,
    runner: Runner,
    uploads: Iterable[UploadedFile],
    now: datetime,
    queue: bool = True,
) -> ImportBatch:
    """Store the uploads and queue their import; returns the batch to follow.

    With `queue=False` the caller runs `run_import` itself (the demo loader does,
    before any worker is up).
    """
    batch = ImportBatch.objects.create(runner=runner, created_at=now)
    folder = upload_dir(batch)
    folder.mkdir(parents=True, exist_ok=True)
    items = []
    for position, upload in enumerate(uploads):
        path = folder / f"{position:05d}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        items.append(
            ImportItem(
                batch=batch,
                name=_item_name(upload, position),
                stored_path=str(path),
                size_bytes=upload.size or 0,
                position=position * _ENTRY_SLOTS,
            )
        )
    ImportItem.objects.bulk_create(items)
    batch.files_total = len(items)
    batch.save(update_fields=["files_total"])
    if queue:
        queue_import(batch)
    return batch


def _item_name(upload: UploadedFile, position: int) -> str:
    fallback = f"file {position + 1}"
    return (clean_name(Path(upload.name or fallback).name) or fallback)[:400]


def queue_import(batch: ImportBatch) -> None:
    """Queue the batch's import in the fair queue (clinic.dispatch) after commit."""
    enqueue_fairly(import_turn, owner=f"runner:{batch.runner_id}", batch_id=batch.pk)


@task()
def run_import(*, batch_id: int, attempt: int = 1) -> int:
    """Import every file of the batch in one go; returns the activities added.

    Uploads go through the fair queue (`import_turn`); this is for callers
    that run a whole import themselves (the demo loader, tests). `attempt` is
    the batch's attempt this task was queued for (see `clinic.jobs`).
    """
    with run_job(ImportBatch, batch_id, attempt=attempt) as batch:
        if batch is None:
            return 0
        _, added = _import_batch(batch, deadline=math.inf)
        return added
    return 0  # a newer attempt took the batch over


def import_turn(*, batch_id: int, deadline: float) -> bool:
    """One turn of the batch's import (clinic.dispatch); True once it is over.

    Between turns the batch waits as queued, so the stale-job sweep (which
    watches running jobs' heartbeats) leaves it alone while it waits its turn.
    """
    attempt = (
        ImportBatch.objects.filter(pk=batch_id)
        .values_list("attempts", flat=True)
        .first()
    )
    if attempt is None:
        return True  # erased with its runner while it waited
    with run_job(ImportBatch, batch_id, attempt=attempt) as batch:
        if batch is None:
            return True  # not waiting to run: finished, failed or running elsewhere
        finished, _ = _import_batch(batch, deadline=deadline)
        if not finished:
            batch.status = ImportBatch.Status.QUEUED
            batch.save_progress("status")
        return finished
    return True  # a newer attempt took the batch over and queued it itself


def _import_batch(batch: ImportBatch, *, deadline: float) -> tuple[bool, int]:
    """Import files until `deadline` (a time.monotonic() value).

    Returns whether the batch is over, and how many activities were added. A
    call always reads at least one file or archive entry, so every turn moves
    the batch on.
    """
    if batch.attempts > 1 or batch.files_done:
        _recount(batch)  # a retry or a later turn: what was read stays read
    added = 0
    try:
        for n, item in enumerate(_uploaded_files_waiting(batch)):
            if n and time.monotonic() > deadline:
                return False, added
            added += _import_item_guarded(batch, item, deadline=deadline)
            if item.status == ImportItem.Status.PENDING:
                return False, added  # an export stopped between entries
    except JobSupersededError:
        raise  # the newer attempt needs the uploads
    except Exception:
        logger.exception("Import %s stopped", batch.public_id)
        _stop_pending(batch, "Not read: the import stopped before this file.")
        batch.finish(
            ImportBatch.Status.FAILED,
            error=(
                f"The import stopped on an internal error after {batch.files_done} files. "
                "The runs imported so far are kept; upload the rest again."
            ),
        )
        shutil.rmtree(upload_dir(batch), ignore_errors=True)
        raise
    # An archive that failed part-way was counted by its listing; the count shown
    # at the end is what was worked through.
    batch.files_total = batch.files_done
    batch.finish(ImportBatch.Status.DONE, fields=("files_total",))
    shutil.rmtree(upload_dir(batch), ignore_errors=True)
    return True, added


def _uploaded_files_waiting(batch: ImportBatch) -> list[ImportItem]:
    """The uploaded files not yet read, in upload order.

    Not the entries of an export: a worker that died between listing an entry
    and reading it leaves the entry's row waiting, and its archive (read again)
    is what reads it.
    """
    waiting = batch.items.filter(status=ImportItem.Status.PENDING).order_by("position")
    return [item for item in waiting if item.position % _ENTRY_SLOTS == 0]


def _stop_pending(batch: ImportBatch, message: str) -> None:
    """Files not yet read will not be: each says so."""
    batch.items.filter(status=ImportItem.Status.PENDING).update(
        status=ImportItem.Status.ERROR,
        message=message,
        error_kind=IMPORT_STOPPED,
        stored_path="",
    )


def _recount(batch: ImportBatch) -> None:
    """Count the files again from the rows, as a retry starts.

    An export zip counts as its entries once it has been opened (each has a
    row, positioned after the archive's); any other file counts as itself.
    """
    rows = list(batch.items.values_list("position", "status"))
    opened = {pos // _ENTRY_SLOTS for pos, _ in rows if pos % _ENTRY_SLOTS}
    counted = [
        status
        for pos, status in rows
        if pos % _ENTRY_SLOTS or pos // _ENTRY_SLOTS not in opened
    ]
    batch.files_total = len(counted)
    batch.files_done = sum(status != ImportItem.Status.PENDING for status in counted)
    batch.save_progress("files_total", "files_done")


def _runner_timezone(runner: Runner) -> ZoneInfo:
    return ZoneInfo(runner.timezone)


def _import_item_guarded(
    batch: ImportBatch, item: ImportItem, *, deadline: float
) -> int:
    """`_import_item`, with anything unforeseen becoming this item's error.

    The readers turn bad files into errors of their own; this catches what they
    do not foresee (a bug, a database refusing a value), so one file never
    stops the batch nor stays "Waiting".
    """
    try:
        return _import_item(batch, item, deadline=deadline)
    except JobSupersededError:
        raise
    except Exception as exc:
        logger.exception("Import %s: item %s failed", batch.public_id, item.pk)
        item.status = ImportItem.Status.ERROR
        item.message = (
            f"{item.name}: could not be read (internal error {type(exc).__name__}); "
            "the other files go on"
        )
        item.error_kind = ActivityProblem.INTERNAL
        item.stored_path = ""  # the upload folder goes when the batch ends
        item.save(update_fields=["status", "message", "error_kind", "stored_path"])
        # An export that failed part-way: its entry not yet read says so too.
        _archive_entries(item).filter(status=ImportItem.Status.PENDING).update(
            status=ImportItem.Status.ERROR,
            message=item.message,
            error_kind=ActivityProblem.INTERNAL,
        )
        # Counted from the rows, not +1: an export opened before it failed already
        # counts as its entries.
        _recount(batch)
        return 0


def _import_item(batch: ImportBatch, item: ImportItem, *, deadline: float) -> int:
    path = Path(item.stored_path)
    tz = _runner_timezone(batch.runner)
    if item.name.lower().endswith(".zip"):
        return _import_archive(batch, item, path, tz, deadline=deadline)
    result = read_file_result(path.read_bytes(), item.name, timezone=tz)
    added = _save_result(batch, item, result)
    _advance(batch)
    path.unlink(missing_ok=True)
    return added


def _archive_entries(item: ImportItem) -> QuerySet[ImportItem]:
    """The rows of an export's entries (positioned right after the archive's)."""
    return ImportItem.objects.filter(
        batch_id=item.batch_id,
        position__gt=item.position,
        position__lt=item.position + _ENTRY_SLOTS,
    )


def _import_archive(
    batch: ImportBatch, item: ImportItem, path: Path, tz: ZoneInfo, *, deadline: float
) -> int:
    """Each entry of the zip gets its own row and its own transaction.

    Entries are read in order, so the ones already read (in an earlier turn, or
    before a worker died) are the first ones: they keep their rows and runs and
    are passed over without being inflated again. Past the deadline the archive
    stops after an entry and stays pending for the next turn.
    """
    earlier = {entry.position: entry for entry in _archive_entries(item)}
    read = sum(e.status != ImportItem.Status.PENDING for e in earlier.values())
    # The archive counted as one file, or as its entries with rows so far.
    _grow_total(batch, _count_entries(path) - (len(earlier) or 1))
    added = 0
    results = read_archive(path, name=item.name, timezone=tz, skip=read)
    for offset, result in enumerate(results, start=read + 1):
        if result.file == item.name and result.error:  # the archive itself was refused
            _save_result(batch, item, result)
            _recount(batch)  # as one file, or as the entries read before it failed
            return added
        entry = earlier.get(item.position + offset) or ImportItem.objects.create(
            batch=batch, name=result.file[:400], position=item.position + offset
        )
        added += _save_result(batch, entry, result)
        _advance(batch)
        if time.monotonic() > deadline:
            return added  # the archive stays pending: the next turn goes on here
    counts = dict(
        _archive_entries(item)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    if not counts:
        _advance(batch)  # the archive itself is the one file worked through
    total_added = sum(_archive_entries(item).values_list("activities_added", flat=True))
    item.status = _archive_status(counts, total_added)
    item.message = _archive_message(counts)
    item.activities_added = total_added
    item.stored_path = ""
    item.save()
    return added


def _count_entries(path: Path) -> int:
    try:
        with zipfile.ZipFile(path) as archive:
            return sum(is_activity_name(n) for n in archive.namelist()) or 1
    except (zipfile.BadZipFile, OSError):
        return 1


# The archive's own row shows the best thing that happened to its entries;
# the message beside it counts them all.
_ARCHIVE_STATUS_ORDER = (
    ImportItem.Status.DUPLICATE,
    ImportItem.Status.NOT_A_RUN,
    ImportItem.Status.NO_ACTIVITY,
    ImportItem.Status.ERROR,
)


def _archive_status(counts: dict[str, int], added: int) -> str:
    """The archive row's status: duplicate only if entries were; an empty zip has none."""
    if added:
        return ImportItem.Status.IMPORTED
    for status in _ARCHIVE_STATUS_ORDER:
        if counts.get(status):
            return status
    return ImportItem.Status.NO_ACTIVITY


def _archive_message(counts: dict[str, int]) -> str:
    labels = dict(ImportItem.Status.choices)
    parts = [f"{n} {labels[status].lower()}" for status, n in sorted(counts.items())]
    return "Export read: " + (", ".join(parts) if parts else "no activity files found")


def _grow_total(batch: ImportBatch, extra: int) -> None:
    if extra > 0:
        batch.files_total += extra
        batch.save_progress("files_total")


def _advance(batch: ImportBatch) -> None:
    batch.files_done += 1
    batch.files_total = max(batch.files_total, batch.files_done)
    batch.save_progress("files_done", "files_total")


@transaction.atomic
def _save_result(batch: ImportBatch, item: ImportItem, result: FileResult) -> int:
    # Serialise imports of one runner, so two workers never store the same run twice.
    Runner.objects.select_for_update().filter(pk=batch.runner_id).first()
    if result.internal_error:
        logger.error(
            "Import %s: reader failed on %s\n%s",
            batch.public_id,
            result.file,
            result.internal_error,
        )
    status = result.status
    added = duplicates = 0
    if status is ImportStatus.IMPORTED:
        for activity in (a for a in result.activities if a.is_run):
            if store_activity(batch.runner, activity, source_name=item.name):
                added += 1
            else:
                duplicates += 1
    item.status = _item_status(status, added)
    item.message = (
        result.error
        or result.note
        or _not_a_run_message(result)
        or _counts_message(added, duplicates)
    )
    item.error_kind = result.error_kind or ""
    item.activities_added = added
    item.stored_path = ""
    item.save()
    return added


def _item_status(status: ImportStatus, added: int) -> str:
    if status is ImportStatus.IMPORTED:
        return ImportItem.Status.IMPORTED if added else ImportItem.Status.DUPLICATE
    return {
        ImportStatus.NOT_A_RUN: ImportItem.Status.NOT_A_RUN,
        ImportStatus.NO_ACTIVITY: ImportItem.Status.NO_ACTIVITY,
        ImportStatus.ERROR: ImportItem.Status.ERROR,
    }[status]


def _not_a_run_message(result: FileResult) -> str:
    if result.status is not ImportStatus.NOT_A_RUN:
        return ""
    sports = sorted({a.sport.value for a in result.activities})
    inferred = any(a.sport_inferred for a in result.activities)
    return f"Recorded as {', '.join(sports)}" + (
        " (judged from its speed)" if inferred else ""
    )


def _counts_message(added: int, duplicates: int) -> str:
    parts = []
    if added:
        parts.append(f"{added} run{'s' if added != 1 else ''} added")
    if duplicates:
        parts.append(f"{duplicates} already imported")
    return ", ".join(parts)


def _nearby_fingerprints(activity: Activity) -> Iterator[str]:
    reach = int(SAME_START_TOLERANCE_S // 60) + 1
    for minutes in range(-reach, reach + 1):
        shifted = activity.start_time + timedelta(minutes=minutes)
        yield fingerprint(_with_start(activity, shifted))


def _with_start(activity: Activity, start: datetime) -> Activity:
    return dataclasses.replace(activity, start_time=start)


def store_activity(runner: Runner, activity: Activity, *, source_name: str) -> bool:
    """Store `activity` unless the runner has it already; returns True if stored.

    When the same run arrives from a richer source (a FIT file after a GPX of
    the same run), the stored row is replaced by the richer one.
    """
    candidates = ActivityRow.objects.filter(
        runner=runner, fingerprint__in=set(_nearby_fingerprints(activity))
    )
    for row in candidates:
        existing = to_core(row)
        kept, _ = deduplicate([existing, activity])
        if len(kept) == 2:
            continue  # not the same run
        if kept[0] is activity:
            for name, value in row_fields(activity, source_name=source_name).items():
                setattr(row, name, value)
            row.save()
        return False
    ActivityRow.objects.create(
        runner=runner, **row_fields(activity, source_name=source_name)
    )
    return True
