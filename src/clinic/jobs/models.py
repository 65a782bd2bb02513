"""The one shape of a background job a person waits for.

An import of watch files (`training.ImportBatch`) and a video analysis
(`motionlab.Analysis`) are both a row the page polls: a status, a progress, the
times it was queued, started, last seen alive and finished, how many times it
was queued, and a plain error. They inherit it from `Job`, so the heartbeat, the
stale-job sweep (`clinic.jobs.sweep`) and the status partial treat them alike.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone


class JobSupersededError(Exception):
    """This run no longer owns its job: the sweep queued it again, or it ended.

    Raised when a worker that was taken for dead (its heartbeat late past the
    stale limit) comes back: it stops, and the newer attempt carries on.
    """


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Working"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    error = models.TextField(blank=True)
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    # Written every few seconds while a worker runs the job (clinic.jobs.heartbeat);
    # a running job whose heartbeat stopped lost its worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # How many times the job was queued: 1, then one more for each re-queue by the
    # sweep. A task carries the attempt it was queued for, so a stale task of an
    # earlier attempt never runs the job a second time.
    attempts = models.PositiveSmallIntegerField(default=1)

    # What the status reads as for this kind of job (the page's words).
    STATUS_LABELS: ClassVar[dict[str, str]] = {}
    # How many times the job may be queued in all before the sweep gives up on it.
    MAX_ATTEMPTS: ClassVar[int] = 1
    # Where the job's uploaded inputs wait for the worker, as a pattern under
    # DATA_DIR whose second part is the job's public id ("uploads/<id>").
    INPUTS_GLOB: ClassVar[str] = ""

    class Meta:
        abstract = True
        ordering = ["-created_at"]
        # The sweep looks for running jobs with an old heartbeat every minute.
        indexes = [
            models.Index(
                fields=["status", "heartbeat_at"], name="%(app_label)s_%(class)s_live"
            )
        ]

    @property
    def is_live(self) -> bool:
        """Queued or running: the page keeps polling."""
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def status_label(self) -> str:
        if self.status == self.Status.QUEUED and self.started_at is not None:
            # Started, now waiting between two turns (clinic.dispatch) or to be
            # taken up again after its worker died.
            return "Waiting for its turn"
        return self.STATUS_LABELS.get(self.status) or self.Status(self.status).label

    def save_progress(self, *fields: str) -> None:
        """Save `fields` as the worker that runs this attempt, and beat its heart.

        The row is written only while it is running this attempt; otherwise
        raises `JobSupersededError`.
        """
        self.heartbeat_at = timezone.now()
        values = {name: getattr(self, name) for name in (*fields, "heartbeat_at")}
        owned = type(self)._default_manager.filter(
            pk=self.pk, attempts=self.attempts, status=self.Status.RUNNING
        )
        if not owned.update(**values):
            raise JobSupersededError(
                f"{self} is no longer run by attempt {self.attempts}"
            )

    def finish(
        self, status: str, *, error: str = "", fields: tuple[str, ...] = ()
    ) -> None:
        """End the job (done or failed), saving `fields` with it."""
        self.status, self.error, self.finished_at = status, error, timezone.now()
        self.save_progress("status", "error", "finished_at", *fields)

    def after_giving_up(self) -> None:
        """What else ends with the job when the sweep gives up on it."""

    @property
    def percent(self) -> int:
        """Progress from 0 to 100."""
        raise NotImplementedError

    @property
    def progress_text(self) -> str:
        """Progress in words ("20 of 68 files")."""
        raise NotImplementedError

    @classmethod
    def input_paths(cls) -> list[Path]:
        """Every stored input of this kind of job, live or not."""
        return sorted(Path(settings.DATA_DIR).glob(cls.INPUTS_GLOB))

    @classmethod
    def public_id_of(cls, path: Path) -> str:
        return path.relative_to(settings.DATA_DIR).parts[1]

    def enqueue(self) -> None:
        """Queue the task that runs this job's current attempt."""
        raise NotImplementedError

    def stale_message(self) -> str:
        """What the person reads when the job is given up after its worker died."""
        raise NotImplementedError
