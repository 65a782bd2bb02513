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
from typing import Any, TypeVar

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.models import QuerySet, Value
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
    """A thread that marks rows alive until stopped (`with Heartbeat(rows, ...):`).

    `rows` selects the row as this run owns it; it is written `heartbeat_at`
    every `every_s` seconds, and the beat stops once nothing matches (the run
    ended, or a newer one took over).
    """

    def __init__(self, rows: QuerySet[Any], *, every_s: float, name: str) -> None:
        self._rows = rows
        self._every_s = every_s
        self._name = name
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=name, daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _beat(self) -> None:
        try:
            while not self._stop.wait(self._every_s):
                try:
                    if not self._rows.update(heartbeat_at=timezone.now()):
                        return  # ended or taken over: the run learns it at its next save
                except DatabaseError:
                    # A busy database (SQLite's write lock) delays one beat; the
                    # stale limit allows for many.
                    logger.warning("%s missed a beat", self._name, exc_info=True)
        finally:
            connections.close_all()  # this thread's own connections


def running_rows(job: Job) -> QuerySet[Any]:
    """The job's row while this attempt runs it."""
    return type(job)._default_manager.filter(
        pk=job.pk, attempts=job.attempts, status=Job.Status.RUNNING
    )


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
    with Heartbeat(
        running_rows(job),
        every_s=settings.JOB_HEARTBEAT_S,
        name=f"heartbeat-{job.public_id}",
    ):
        try:
            yield job
        except JobSupersededError:
            logger.warning("%s: taken over by a newer attempt; this run stops", job)
