"""Running a job in the worker: claim the attempt, keep its heart beating.

A task calls `run_job(Model, pk, attempt=...)`: the row moves from queued to
running only for the attempt the task was queued for, so a task left over from
an earlier attempt (its worker was taken for dead and the job queued again)
does nothing. While the task works, a thread writes the job's `heartbeat_at`
every `JOB_HEARTBEAT_S` seconds; the sweep (`clinic.jobs.sweep`) takes a
running job whose heartbeat is older than `JOB_STALE_AFTER_S` as having lost
its worker. A thread rather than the task's own progress writes, because one
large file can hold the task for minutes between two progress steps.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from clinic.jobs.models import Job, JobSupersededError

logger = logging.getLogger(__name__)

J = TypeVar("J", bound=Job)


def claim(model: type[J], pk: int, *, attempt: int) -> J | None:
    """The job, now running this attempt; None if the attempt is not the job's."""
    now = timezone.now()
    claimed = model._default_manager.filter(
        pk=pk, attempts=attempt, status=Job.Status.QUEUED
    ).update(
        status=Job.Status.RUNNING,
        started_at=Coalesce("started_at", Value(now)),  # the first turn's start
        heartbeat_at=now,
    )
    if not claimed:
        logger.info(
            "%s %s: attempt %s is not current; skipped", model.__name__, pk, attempt
        )
        return None
    return model._default_manager.get(pk=pk)


class Heartbeat:
    """A thread that marks the job alive until stopped (`with Heartbeat(job):`)."""

    def __init__(self, job: Job, *, every_s: float) -> None:
        self._job = job
        self._every_s = every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._beat, name=f"heartbeat-{job.public_id}", daemon=True
        )

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _beat(self) -> None:
        job = self._job
        rows = type(job)._default_manager.filter(
            pk=job.pk, attempts=job.attempts, status=Job.Status.RUNNING
        )
        try:
            while not self._stop.wait(self._every_s):
                try:
                    if not rows.update(heartbeat_at=timezone.now()):
                        return  # ended or queued again: the task learns it at its next save
                except DatabaseError:
                    # A busy database (SQLite's write lock) delays one beat; the
                    # stale limit allows for many.
                    logger.warning("Heartbeat of %s missed", job, exc_info=True)
        finally:
            connections.close_all()  # this thread's own connections


@contextmanager
def run_job(model: type[J], pk: int, *, attempt: int) -> Iterator[J | None]:
    """Claim the job's attempt and keep it alive while the block runs.

    Yields None when there is nothing to run. A `JobSupersededError` from the
    block (a newer attempt owns the job) ends the block quietly.
    """
    job = claim(model, pk, attempt=attempt)
    if job is None:
        yield None
        return
    with Heartbeat(job, every_s=settings.JOB_HEARTBEAT_S):
        try:
            yield job
        except JobSupersededError:
            logger.warning("%s: taken over by a newer attempt; this run stops", job)
