"""The stale-job sweep: no job stays "running" after its worker died.

A worker killed mid-job (SIGKILL, out of memory, a machine switched off) leaves
its job running with a heartbeat that no longer moves, and its upload or video
on disk. The sweep, run by every worker on start and every `JOB_SWEEP_EVERY_S`
(and by `manage.py sweep_jobs`), finds such jobs: it queues each again while
it has attempts left (`Job.MAX_ATTEMPTS`), or marks it failed with a plain
message and deletes its inputs. Queuing a job again marks the dead worker's
turn task failed (`clinic.dispatch.enqueue_fairly`). Inputs that no live job
will read (left by a worker killed after its job ended, or by an erased record)
are deleted too. In the fair queue (`clinic.dispatch`), a ticket whose turn
fell silent outside its job (the worker died just before the job started or
just after it ended) waits again, and a ticket waiting with no turn task to take
it (the task was lost) gets one queued again.

Every change is a conditional UPDATE on the row as it was seen, so two workers
sweeping at once never queue one job twice.
"""

from __future__ import annotations

import logging
import shutil
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections, transaction
from django.db.models import F, Q
from django.utils import timezone

from clinic.dispatch.services import queue_lost_turns, queue_silent_turns
from clinic.jobs.models import Job

logger = logging.getLogger(__name__)


@dataclass
class SweepReport:
    requeued: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    deleted: list[Path] = field(default_factory=list)
    silent_turns: int = 0
    lost_turns: int = 0

    @property
    def acted(self) -> bool:
        return bool(
            self.requeued
            or self.failed
            or self.deleted
            or self.silent_turns
            or self.lost_turns
        )

    def __str__(self) -> str:
        return (
            f"{len(self.requeued)} job(s) queued again, {len(self.failed)} failed, "
            f"{len(self.deleted)} orphaned input(s) deleted, "
            f"{self.silent_turns} silent and {self.lost_turns} lost turn(s) queued again"
        )


def job_models() -> list[type[Job]]:
    return [m for m in apps.get_models() if issubclass(m, Job)]


def sweep_jobs(*, now: datetime) -> SweepReport:
    """Recover jobs whose worker died or whose turn was lost; delete unneeded inputs."""
    report = SweepReport()
    for model in job_models():
        for job in model._default_manager.filter(_silent_since(now)):
            _recover(job, now=now, report=report)
        _delete_orphan_inputs(model, now=now, report=report)
    # After the recoveries, which set their tickets waiting and queued their
    # turns (on commit). The same limit as for a silent job: a live turn beats
    # many times within it, a queued turn starts within it on a live worker pool.
    stale_s = settings.JOB_STALE_AFTER_S
    report.silent_turns = queue_silent_turns(now=now, silent_s=stale_s)
    report.lost_turns = queue_lost_turns(now=now, waited_s=stale_s)
    if report.acted:
        logger.warning("Job sweep: %s", report)
    return report


def _silent_since(now: datetime) -> Q:
    """Running, with no sign of life since the stale limit (older rows: no heartbeat)."""
    cutoff = now - timedelta(seconds=settings.JOB_STALE_AFTER_S)
    return Q(status=Job.Status.RUNNING) & (
        Q(heartbeat_at__lt=cutoff)
        | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
        | Q(heartbeat_at__isnull=True, started_at__isnull=True, created_at__lt=cutoff)
    )


def _recover(job: Job, *, now: datetime, report: SweepReport) -> None:
    as_seen = type(job)._default_manager.filter(
        _silent_since(now), pk=job.pk, attempts=job.attempts
    )
    if job.attempts < job.MAX_ATTEMPTS:
        with transaction.atomic():
            if as_seen.update(
                status=Job.Status.QUEUED, attempts=F("attempts") + 1, heartbeat_at=None
            ):
                job.refresh_from_db()
                transaction.on_commit(job.enqueue)
                report.requeued.append(str(job.public_id))
        return
    with transaction.atomic():
        if as_seen.update(
            status=Job.Status.FAILED, error=job.stale_message(), finished_at=now
        ):
            job.after_giving_up()
            report.failed.append(str(job.public_id))
            transaction.on_commit(lambda: _delete_inputs_of(job, report=report))


def _delete_inputs_of(job: Job, *, report: SweepReport) -> None:
    for path in type(job).input_paths():
        if type(job).public_id_of(path) == str(job.public_id):
            _delete(path, report=report)


def _delete_orphan_inputs(
    model: type[Job], *, now: datetime, report: SweepReport
) -> None:
    live = {
        str(public_id)
        for public_id in model._default_manager.filter(
            status__in=[Job.Status.QUEUED, Job.Status.RUNNING]
        ).values_list("public_id", flat=True)
    }
    oldest = (now - timedelta(seconds=settings.JOB_ORPHAN_AFTER_S)).timestamp()
    for path in model.input_paths():
        if model.public_id_of(path) not in live and _last_written(path) < oldest:
            _delete(path, report=report)


def _last_written(path: Path) -> float:
    """The newest modification time of a file, or of a folder and what is in it."""
    try:
        times = [path.stat().st_mtime]
        if path.is_dir():
            times += [child.stat().st_mtime for child in path.iterdir()]
    except FileNotFoundError:
        return float("inf")  # gone meanwhile
    return max(times)


def _delete(path: Path, *, report: SweepReport) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
    report.deleted.append(path)


def sweep_now_and_then(*, every_s: float) -> threading.Event:
    """Sweep in a thread of this process every `every_s` seconds; set the event to stop."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(every_s):
            try:
                sweep_jobs(now=timezone.now())
            except Exception:  # the next round tries again
                logger.exception("Job sweep failed")
            finally:
                # Closed between rounds: an RQ worker forks a process per task,
                # which must not inherit (and on exit close) an open connection.
                connections.close_all()

    threading.Thread(target=loop, name="job-sweep", daemon=True).start()
    return stop
