"""One bad file never stops an import: each gets its own error, the rest go on."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from clinic.training.models import Activity, ImportBatch, ImportItem
from clinic.training.services import run_import, start_import, upload_dir
from tests.clinic.conftest import Cast
from tests.clinic.factories import RunnerFactory
from tests.clinic.worker_processes import (
    flush_redis,
    manage,
    require_postgresql,
    rq_env,
)

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data" / "activities"
HOSTILE = Path(__file__).resolve().parents[1] / "data" / "hostile"
GOOD_FIT = DATA / "fit" / "runpandas__run.fit"
# Queues a stored batch's import the way an upload does, in a child process.
QUEUE_IMPORT = (
    "from clinic.training.models import ImportBatch;"
    "from clinic.training.services import queue_import;"
    "queue_import(ImportBatch.objects.get(pk={batch_id}))"
)


def upload(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def hostile_uploads() -> list[SimpleUploadedFile]:
    return [
        upload(HOSTILE / "fit_definition_past_data_size.fit"),
        upload(HOSTILE / "zip_corrupt_deflate.zip"),
        upload(HOSTILE / "zip_wrong_directory_offset.zip"),
        upload(GOOD_FIT),
    ]


def items_by_name(batch: ImportBatch) -> dict[str, ImportItem]:
    return {item.name: item for item in batch.items.all()}


def test_hostile_files_are_each_their_own_error_and_the_batch_finishes() -> None:
    runner = RunnerFactory()
    batch = start_import(
        runner=runner, uploads=hostile_uploads(), now=timezone.now(), queue=False
    )
    run_import.call(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert batch.files_done == batch.files_total
    items = items_by_name(batch)
    assert not [i for i in items.values() if i.status == ImportItem.Status.PENDING]
    fit = items["fit_definition_past_data_size.fit"]
    assert fit.status == ImportItem.Status.ERROR
    assert "runs past the data size" in fit.message
    for name in ("zip_corrupt_deflate.zip", "zip_wrong_directory_offset.zip"):
        entry = items[f"{name}:run.gpx"]
        assert entry.status == ImportItem.Status.ERROR
        assert entry.message.startswith(f"{name}:run.gpx: cannot read archive entry")
        # The archive's own row is not "Already imported": nothing was.
        assert items[name].status == ImportItem.Status.ERROR
        assert items[name].message == "Export read: 1 could not be read"
    assert items[GOOD_FIT.name].status == ImportItem.Status.IMPORTED
    assert Activity.objects.filter(runner=runner).count() == 1


def test_a_failure_outside_the_readers_is_that_file_s_error() -> None:
    """An upload gone from disk before the worker reads it fails alone."""
    runner = RunnerFactory()
    batch = start_import(
        runner=runner,
        uploads=[upload(GOOD_FIT, "gone.fit"), upload(GOOD_FIT)],
        now=timezone.now(),
        queue=False,
    )
    Path(batch.items.get(name="gone.fit").stored_path).unlink()
    run_import.call(batch_id=batch.pk)
    batch.refresh_from_db()
    items = items_by_name(batch)
    assert batch.status == ImportBatch.Status.DONE
    assert batch.files_done == batch.files_total == 2
    assert items["gone.fit"].status == ImportItem.Status.ERROR
    assert items["gone.fit"].message.startswith(
        "gone.fit: could not be read (internal error FileNotFoundError)"
    )
    assert items[GOOD_FIT.name].status == ImportItem.Status.IMPORTED


def test_an_empty_zip_is_not_already_imported() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "nothing to see")
    batch = start_import(
        runner=RunnerFactory(),
        uploads=[SimpleUploadedFile("empty.zip", buffer.getvalue())],
        now=timezone.now(),
        queue=False,
    )
    run_import.call(batch_id=batch.pk)
    batch.refresh_from_db()
    item = batch.items.get()
    assert item.status == ImportItem.Status.NO_ACTIVITY
    assert item.message == "Export read: no activity files found"
    assert batch.files_done == batch.files_total == 1


def test_the_worker_reports_each_hostile_file_and_imports_the_rest(
    cast: Cast, transactional_db: None
) -> None:
    client = cast.client_for("runner_a")
    client.post(reverse("training:upload"), {"files": hostile_uploads()})
    batch = ImportBatch.objects.get()
    call_command("worker", burst=True)
    status = client.get(reverse("training:import-status", args=[batch.public_id]))
    assert status.status_code == 286  # ended: the page stops polling
    assert "Finished" in status.text
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert not batch.items.filter(status=ImportItem.Status.PENDING).exists()
    errors = list(
        batch.items.filter(status=ImportItem.Status.ERROR).values_list(
            "name", flat=True
        )
    )
    assert "fit_definition_past_data_size.fit" in errors
    assert "zip_corrupt_deflate.zip:run.gpx" in errors
    assert Activity.objects.filter(runner=cast.runner_a).count() == 1


def test_nul_and_control_characters_in_names_never_reach_the_database() -> None:
    """PostgreSQL refuses a NUL in text; `make test-postgres` runs this there."""
    header = (
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance"
    )
    rows = "1,2024-05-01 07:00:00,Eve\x00ning\x07 run,Run,1800,6000\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("activities.csv", f"{header}\n{rows}")
        archive.writestr("odd\x01name.gpx", b"<gpx/>")
    runner = RunnerFactory()
    batch = start_import(
        runner=runner,
        uploads=[SimpleUploadedFile("ex\x00port.zip", buffer.getvalue())],
        now=timezone.now(),
        queue=False,
    )
    run_import.call(batch_id=batch.pk)
    batch.refresh_from_db()
    assert Activity.objects.get(runner=runner).name == "Evening run"
    names = sorted(batch.items.values_list("name", flat=True))
    assert names == [
        "export.zip",
        "export.zip:activities.csv#1",
        "export.zip:oddname.gpx",
    ]
    assert batch.status == ImportBatch.Status.DONE


def test_an_empty_file_is_named_and_skipped_alone(cast: Cast) -> None:
    response = cast.client_for("runner_a").post(
        reverse("training:upload"),
        {"files": [SimpleUploadedFile("empty.gpx", b""), upload(GOOD_FIT)]},
        follow=True,
    )
    assert "Not imported: empty.gpx: the file is empty" in response.text
    batch = ImportBatch.objects.get()
    assert [i.name for i in batch.items.all()] == [GOOD_FIT.name]


def test_an_upload_of_only_empty_files_names_each(cast: Cast) -> None:
    response = cast.client_for("runner_a").post(
        reverse("training:upload"),
        {"files": [SimpleUploadedFile("a.fit", b""), SimpleUploadedFile("b.tcx", b"")]},
    )
    assert "a.fit: the file is empty" in response.text
    assert "b.tcx: the file is empty" in response.text
    assert not ImportBatch.objects.exists()


@pytest.mark.redis
def test_on_rq_and_postgresql_an_unexpected_failure_is_one_file_s_error(
    redis_url: str, transactional_db: None
) -> None:
    """The same promise with the production engines: RQ worker process, PostgreSQL.

    One upload is gone from disk before the worker reads it (a FileNotFoundError
    no reader foresees) and three are hostile; each becomes its own error and the
    good file imports.
    """
    require_postgresql()
    flush_redis(redis_url)
    runner = RunnerFactory()
    batch = start_import(
        runner=runner,
        uploads=[upload(GOOD_FIT, "gone.fit"), *hostile_uploads()],
        now=timezone.now(),
        queue=False,
    )
    Path(batch.items.get(name="gone.fit").stored_path).unlink()
    env = rq_env(redis_url)
    manage("shell", "-c", QUEUE_IMPORT.format(batch_id=batch.pk), env=env)

    manage("worker", "--burst", env=env)

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert batch.files_done == batch.files_total
    items = items_by_name(batch)
    assert not [i for i in items.values() if i.status == ImportItem.Status.PENDING]
    assert items["gone.fit"].status == ImportItem.Status.ERROR
    assert "internal error FileNotFoundError" in items["gone.fit"].message
    assert items["fit_definition_past_data_size.fit"].status == ImportItem.Status.ERROR
    assert items["zip_corrupt_deflate.zip:run.gpx"].status == ImportItem.Status.ERROR
    assert items[GOOD_FIT.name].status == ImportItem.Status.IMPORTED
    assert Activity.objects.filter(runner=runner).count() == 1
    assert not upload_dir(batch).exists()  # the uploads are gone
