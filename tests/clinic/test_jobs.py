"""The shared job shape: claiming an attempt, the heartbeat, the stale-job sweep.

A worker killed for real is in test_worker_kill.py; here the state a dead worker
leaves behind (a running row whose heartbeat stopped) is made directly.
"""

from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from clinic.dispatch.models import Ticket
from clinic.dispatch.services import claim_next, run_turn, take_turn
from clinic.jobs.models import Job, JobSupersededError
from clinic.jobs.running import Heartbeat, claim, running_rows
from clinic.jobs.sweep import sweep_jobs
from clinic.motionlab.models import Analysis
from clinic.training.models import Activity, ImportBatch, ImportItem
from clinic.training.services import (
    import_turn,
    run_import,
    start_import,
    upload_dir,
)
from tests.clinic.factories import RunnerFactory
from tests.clinic.worker_processes import (
    flush_redis,
    manage,
    require_postgresql,
    rq_env,
    start_worker,
)
from tractus.activities import read_archive

DATA = Path(__file__).resolve().parents[1] / "data" / "activities"
GPX = sorted((DATA / "gpx").glob("*.gpx"))[:3]
HISTORY = DATA / "history" / "runpandas_nrc_sessions_2020-07_2021-07.zip"


def _batch_of_three() -> ImportBatch:
    uploads = [SimpleUploadedFile(p.name, p.read_bytes()) for p in GPX]
    return start_import(
        runner=RunnerFactory(), uploads=uploads, now=timezone.now(), queue=False
    )


def _die_running(job: Job, *, silent_s: float) -> None:
    """Leave the job as a killed worker does: running, its heartbeat stopped."""
    assert claim(type(job), job.pk, attempt=job.attempts) is not None
    type(job)._default_manager.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - timedelta(seconds=silent_s)
    )
    job.refresh_from_db()


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    for p in [path, *path.rglob("*")]:
        os.utime(p, (then, then))


@pytest.mark.django_db(transaction=True)
def test_a_dead_import_is_queued_again_and_then_finishes(settings) -> None:
    batch = _batch_of_three()
    _die_running(batch, silent_s=settings.JOB_STALE_AFTER_S + 1)

    report = sweep_jobs(now=timezone.now())

    batch.refresh_from_db()
    assert report.requeued == [str(batch.public_id)]
    assert (batch.status, batch.attempts, batch.heartbeat_at) == ("queued", 2, None)
    # Queued again in the fair queue (clinic.dispatch): a ticket waiting for a
    # turn, which claims the batch's current attempt.
    queued = DBTaskResult.objects.get(status="READY")
    assert queued.task_path == "clinic.dispatch.services.take_turn"
    ticket = Ticket.objects.get()
    assert (ticket.arguments, ticket.started_at) == (f'{{"batch_id":{batch.pk}}}', None)
    assert upload_dir(batch).is_dir()  # the files wait for the new attempt

    call_command("worker", burst=True)

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert batch.files_done == batch.files_total == len(GPX)
    assert not upload_dir(batch).exists()
    assert not batch.items.filter(status=ImportItem.Status.PENDING).exists()


@pytest.mark.django_db
def test_a_job_alive_or_recently_seen_is_left_alone(settings) -> None:
    batch = _batch_of_three()
    _die_running(batch, silent_s=settings.JOB_STALE_AFTER_S - 30)

    report = sweep_jobs(now=timezone.now())

    batch.refresh_from_db()
    assert (report.requeued, report.failed, report.deleted) == ([], [], [])
    assert (batch.status, batch.attempts) == ("running", 1)
    assert upload_dir(batch).is_dir()


@pytest.mark.django_db
def test_after_its_last_attempt_an_import_fails_plainly_and_its_upload_goes() -> None:
    batch = _batch_of_three()
    ImportBatch.objects.filter(pk=batch.pk).update(attempts=ImportBatch.MAX_ATTEMPTS)
    batch.refresh_from_db()
    _die_running(batch, silent_s=3600)

    report = sweep_jobs(now=timezone.now())

    batch.refresh_from_db()
    assert report.failed == [str(batch.public_id)]
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.error == (
        "The import stopped 3 times because the computer running it stopped. "
        "The runs imported so far are kept; upload the rest again."
    )
    assert batch.finished_at is not None
    assert set(batch.items.values_list("status", "message")) == {
        ("error", "Not read: the import stopped before this file.")
    }


@pytest.mark.django_db(transaction=True)
def test_a_failed_import_loses_its_upload_at_once(settings) -> None:
    batch = _batch_of_three()
    ImportBatch.objects.filter(pk=batch.pk).update(attempts=ImportBatch.MAX_ATTEMPTS)
    batch.refresh_from_db()
    _die_running(batch, silent_s=3600)

    report = sweep_jobs(now=timezone.now())

    assert report.deleted == [upload_dir(batch)]
    assert not upload_dir(batch).exists()


@pytest.mark.django_db(transaction=True)
def test_rows_left_running_before_heartbeats_existed_are_swept(settings) -> None:
    """Rows stuck "running" from before this change have no heartbeat."""
    batch = _batch_of_three()
    old = timezone.now() - timedelta(days=3)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status="running", created_at=old, started_at=old, heartbeat_at=None
    )

    report = sweep_jobs(now=timezone.now())

    assert report.requeued == [str(batch.public_id)]


@pytest.mark.django_db
def test_a_dead_video_analysis_is_queued_once_more_then_fails_plainly(
    settings,
) -> None:
    analysis = Analysis.objects.create(
        runner=RunnerFactory(),
        kind="gait",
        video_name="clip.mp4",
        created_at=timezone.now(),
    )
    analysis.folder.mkdir(parents=True)
    video = analysis.folder / "video"
    video.write_bytes(b"\0" * 1000)
    (analysis.folder / "key_0.jpg").write_bytes(b"kept")
    Analysis.objects.filter(pk=analysis.pk).update(video_path=str(video))

    _die_running(analysis, silent_s=settings.JOB_STALE_AFTER_S + 1)
    assert sweep_jobs(now=timezone.now()).requeued == [str(analysis.public_id)]
    analysis.refresh_from_db()
    assert (analysis.status, analysis.attempts) == ("queued", 2)
    assert video.exists()

    _die_running(analysis, silent_s=settings.JOB_STALE_AFTER_S + 1)
    report = sweep_jobs(now=timezone.now())

    analysis.refresh_from_db()
    assert report.failed == [str(analysis.public_id)]
    assert analysis.status == "failed"
    assert analysis.status_label == "Could not be analysed"
    assert analysis.error.startswith(
        "The analysis stopped 2 times because the computer"
    )


@pytest.mark.django_db
def test_inputs_no_live_job_will_read_are_deleted_once_old(settings) -> None:
    uploads = Path(settings.DATA_DIR) / "uploads"
    orphan = uploads / "0b2f6c1e-55a4-4a5e-9a63-3c51a7ef7a10"  # no such batch
    young = uploads / "7d1c9e2a-2f0b-4c2e-8f5e-6a1b2c3d4e5f"  # being written now
    for folder in (orphan, young):
        folder.mkdir(parents=True)
        (folder / "00000").write_bytes(b"<gpx/>")
    _age(orphan, settings.JOB_ORPHAN_AFTER_S + 60)
    done = Analysis.objects.create(
        runner=RunnerFactory(),
        kind="gait",
        video_name="clip.mp4",
        created_at=timezone.now(),
        status="done",
    )
    done.folder.mkdir(parents=True)
    (done.folder / "video").write_bytes(b"left by a worker killed after its end")
    (done.folder / "key_0.jpg").write_bytes(b"a result, kept")
    _age(done.folder, settings.JOB_ORPHAN_AFTER_S + 60)
    live = _batch_of_three()
    _age(upload_dir(live), settings.JOB_ORPHAN_AFTER_S + 60)  # queued for long

    report = sweep_jobs(now=timezone.now())

    assert sorted(report.deleted) == sorted([orphan, done.folder / "video"])
    assert young.is_dir() and upload_dir(live).is_dir()
    assert (done.folder / "key_0.jpg").exists()


@pytest.mark.django_db
def test_a_task_of_an_earlier_attempt_does_nothing() -> None:
    batch = _batch_of_three()
    ImportBatch.objects.filter(pk=batch.pk).update(attempts=2)

    assert run_import.call(batch_id=batch.pk, attempt=1) == 0

    batch.refresh_from_db()
    assert (batch.status, batch.files_done) == ("queued", 0)


@pytest.mark.django_db
def test_a_worker_taken_for_dead_stops_at_its_next_step() -> None:
    batch = _batch_of_three()
    running = claim(ImportBatch, batch.pk, attempt=1)
    assert running is not None
    ImportBatch.objects.filter(pk=batch.pk).update(status="queued", attempts=2)

    running.files_done = 1
    with pytest.raises(JobSupersededError):
        running.save_progress("files_done")

    batch.refresh_from_db()
    assert batch.files_done == 0 and Activity.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_moves_while_the_job_runs() -> None:
    batch = _batch_of_three()
    running = claim(ImportBatch, batch.pk, attempt=1)
    assert running is not None and running.heartbeat_at is not None
    first = running.heartbeat_at

    with Heartbeat(running_rows(running), every_s=0.05, name="test-beat"):
        deadline = time.monotonic() + 60
        while ImportBatch.objects.get(pk=batch.pk).heartbeat_at == first:
            assert time.monotonic() < deadline, "no heartbeat within a minute"
            time.sleep(0.05)


@pytest.mark.django_db
def test_sweep_jobs_command_reports_what_it_did(settings, capsys) -> None:
    batch = _batch_of_three()
    _die_running(batch, silent_s=settings.JOB_STALE_AFTER_S + 1)

    call_command("sweep_jobs")

    out = capsys.readouterr().out
    assert "1 job(s) queued again, 0 failed, 0 orphaned input(s) deleted" in out
    assert str(batch.public_id) in out


@pytest.mark.django_db(transaction=True)
def test_an_export_whose_worker_died_between_listing_and_reading_an_entry(
    settings,
) -> None:
    """The killed worker listed entry k+1 (its row waits) but never read it.

    The retry reads the export again: entry k+1 is read into its row, nothing
    is read twice or as a file of its own, and the count ends at 68 of 68.
    """
    runner = RunnerFactory(timezone="America/Recife")
    batch = start_import(
        runner=runner,
        uploads=[SimpleUploadedFile(HISTORY.name, HISTORY.read_bytes())],
        now=timezone.now(),
        queue=False,
    )
    for _ in range(5):  # five short turns: five entries read
        assert not import_turn(batch_id=batch.pk, deadline=0)
    archive = batch.items.get(position=0)
    listed = next(read_archive(HISTORY, name=archive.name, skip=5)).file
    ImportItem.objects.create(batch=batch, name=listed, position=6)
    _die_running(batch, silent_s=settings.JOB_STALE_AFTER_S + 1)
    settings.TASK_TURN_S = 3600  # the rest in one turn, past the waiting entry's row

    assert sweep_jobs(now=timezone.now()).requeued == [str(batch.public_id)]
    call_command("worker", burst=True)

    batch.refresh_from_db()
    assert (batch.status, batch.attempts) == ("done", 2)
    assert batch.files_done == batch.files_total == 68
    entries = batch.items.exclude(position=0)
    assert entries.count() == 68
    assert not entries.filter(status__in=["pending", "error"]).exists()
    assert entries.get(position=6).status in ("imported", "not_a_run")
    assert Activity.objects.filter(runner=runner).count() == 66


def _lose_turns(batch: ImportBatch, *, waited_s: float) -> None:
    """The batch's ticket waits with no turn task: the task row was deleted."""
    DBTaskResult.objects.all().delete()
    Ticket.objects.filter(arguments=f'{{"batch_id":{batch.pk}}}').update(
        waiting_since=timezone.now() - timedelta(seconds=waited_s)
    )


@pytest.mark.django_db(transaction=True)
def test_a_ticket_whose_turn_was_lost_gets_one_again_and_its_job_finishes(
    settings,
) -> None:
    uploads = [SimpleUploadedFile(p.name, p.read_bytes()) for p in GPX]
    batch = start_import(runner=RunnerFactory(), uploads=uploads, now=timezone.now())
    _lose_turns(batch, waited_s=settings.JOB_STALE_AFTER_S - 30)
    assert sweep_jobs(now=timezone.now()).lost_turns == 0  # may still be on its way

    _lose_turns(batch, waited_s=settings.JOB_STALE_AFTER_S + 1)
    assert sweep_jobs(now=timezone.now()).lost_turns == 1
    assert sweep_jobs(now=timezone.now()).lost_turns == 0  # one is queued now
    assert DBTaskResult.objects.ready().count() == 1

    call_command("worker", burst=True)

    batch.refresh_from_db()
    assert (batch.status, batch.files_done, batch.attempts) == ("done", len(GPX), 1)
    assert not Ticket.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_turn_too_many_never_runs_a_job_twice(settings) -> None:
    settings.TASK_TURN_S = 3600  # the whole import in one turn
    uploads = [SimpleUploadedFile(p.name, p.read_bytes()) for p in GPX]
    runner = RunnerFactory()
    batch = start_import(runner=runner, uploads=uploads, now=timezone.now())
    take_turn.enqueue()  # as two sweeps that both found the turn lost would

    call_command("worker", burst=True)

    turns = sorted(DBTaskResult.objects.values_list("status", "return_value"))
    assert turns == [
        ("SUCCESSFUL", ""),  # it found nothing to claim
        (
            "SUCCESSFUL",
            f'{import_turn.__module__}.import_turn({{"batch_id":{batch.pk}}}) turn 1',
        ),
    ]
    batch.refresh_from_db()
    assert (batch.status, batch.files_done) == ("done", len(GPX))
    imported = batch.items.filter(status=ImportItem.Status.IMPORTED).count()
    assert Activity.objects.filter(runner=runner).count() == imported


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_on_rq_a_turn_lost_with_redis_is_queued_again_by_the_sweep(
    settings, redis_url: str
) -> None:
    require_postgresql()
    flush_redis(redis_url)  # Redis lost the turn (the test queued its own here)
    env = rq_env(redis_url)
    uploads = [SimpleUploadedFile(p.name, p.read_bytes()) for p in GPX]
    batch = start_import(runner=RunnerFactory(), uploads=uploads, now=timezone.now())
    _lose_turns(batch, waited_s=settings.JOB_STALE_AFTER_S + 1)

    swept = manage("sweep_jobs", env=env).stdout
    assert "1 lost turn(s) queued again" in swept
    again = manage("sweep_jobs", env=env).stdout
    assert "0 lost turn(s) queued again" in again  # the turn waits on RQ now
    worker = start_worker(env, burst=True)
    output, _ = worker.communicate(timeout=300)
    assert worker.returncode == 0, output

    batch.refresh_from_db()
    assert (batch.status, batch.files_done) == ("done", len(GPX))
    assert not Ticket.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_queuing_again_a_job_whose_worker_died_fails_the_dead_turns_task() -> None:
    """A worker killed in a turn leaves its task row running; the requeue ends it."""
    batch = start_import(
        runner=RunnerFactory(),
        uploads=[SimpleUploadedFile(GPX[0].name, GPX[0].read_bytes())],
        now=timezone.now(),
    )
    turn = DBTaskResult.objects.get()
    turn.claim("a-worker-about-to-die")  # as db_worker does
    assert claim_next(turn_id=str(turn.pk)) is not None  # as the turn does

    batch.enqueue()  # as the sweep does, having found the batch silent

    turn.refresh_from_db()
    assert (turn.status, turn.exception_class_path) == (
        "FAILED",
        "clinic.dispatch.services.TurnLostError",
    )
    ticket = Ticket.objects.get()
    assert (ticket.started_at, ticket.turn_id) == (None, "")
    assert DBTaskResult.objects.ready().count() == 1  # its new turn


@pytest.mark.django_db(transaction=True)
def test_a_turn_whose_worker_died_before_its_job_started_is_taken_again(
    settings,
) -> None:
    """Killed between claiming the ticket and claiming the job: no job heartbeat."""
    batch = start_import(
        runner=RunnerFactory(),
        uploads=[SimpleUploadedFile(p.name, p.read_bytes()) for p in GPX],
        now=timezone.now(),
    )
    turn = DBTaskResult.objects.get()
    turn.claim("a-worker-about-to-die")  # as db_worker does
    assert claim_next(turn_id=str(turn.pk)) is not None  # the worker died here
    silent_since = timezone.now() - timedelta(seconds=settings.JOB_STALE_AFTER_S + 1)
    Ticket.objects.update(heartbeat_at=silent_since)

    report = sweep_jobs(now=timezone.now())

    assert (report.requeued, report.silent_turns) == ([], 1)  # the job never ran
    turn.refresh_from_db()
    assert turn.status == "FAILED"
    call_command("worker", burst=True)
    batch.refresh_from_db()
    assert (batch.status, batch.files_done, batch.attempts) == ("done", len(GPX), 1)
    assert not Ticket.objects.exists()


def beat_twice(*, deadline: float, ticket_id: int) -> bool:
    """A turn that lasts until its ticket's heartbeat has moved (a long file)."""
    first = Ticket.objects.get(pk=ticket_id).heartbeat_at
    give_up = time.monotonic() + 60
    while Ticket.objects.get(pk=ticket_id).heartbeat_at == first:
        assert time.monotonic() < give_up, "no heartbeat within a minute"
        time.sleep(0.05)
    return True


@pytest.mark.django_db(transaction=True)
def test_a_long_turn_keeps_its_ticket_alive(settings) -> None:
    settings.JOB_HEARTBEAT_S = 0.05
    now = timezone.now()
    ticket = Ticket.objects.create(
        owner="runner:1",
        job=f"{__name__}.beat_twice",
        arguments="{}",
        queued_at=now,
        waiting_since=now,
    )
    Ticket.objects.filter(pk=ticket.pk).update(arguments=f'{{"ticket_id":{ticket.pk}}}')

    assert (
        run_turn(turn_id="a-turn")
        == f'{__name__}.beat_twice({{"ticket_id":{ticket.pk}}}) turn 1'
    )
    assert not Ticket.objects.exists()
