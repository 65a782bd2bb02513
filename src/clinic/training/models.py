"""A runner's activities and the imports that brought them in.

An `Activity` row is the core's `tractus.activities.Activity` summary, stored;
the raw file is not kept (a GPS track says where someone lives). An
`ImportBatch` is one upload of one or more files, worked through by a task; its
`ImportItem` rows say what became of each file (and of each entry of an export
zip), so the runner sees the status of every file.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from clinic.jobs.models import Job
from clinic.runners.models import Runner


class Activity(models.Model):
    runner = models.ForeignKey(
        Runner, on_delete=models.CASCADE, related_name="activities"
    )
    # Start minute and kind; duplicates are found by it (see tractus.activities.dedupe).
    fingerprint = models.CharField(max_length=40)
    source_file = models.CharField(max_length=300)
    source_index = models.PositiveIntegerField(default=0)
    source_format = models.CharField(max_length=12)
    name = models.CharField(max_length=300, blank=True)
    sport = models.CharField(max_length=20)
    sport_inferred = models.BooleanField(default=False)
    start_time = models.DateTimeField()
    local_date = models.DateField()
    local_date_basis = models.CharField(max_length=12)
    duration_s = models.FloatField()
    moving_time_s = models.FloatField(null=True)
    distance_m = models.FloatField(null=True)
    distance_source = models.CharField(max_length=20)
    elevation_gain_m = models.FloatField(null=True)
    elevation_loss_m = models.FloatField(null=True)
    elevation_source = models.CharField(max_length=20)
    downhill_distance_m = models.FloatField(null=True)
    grade_adjusted_distance_m = models.FloatField(null=True)
    avg_cadence_spm = models.FloatField(null=True)
    avg_hr_bpm = models.FloatField(null=True)
    n_samples = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_time"]
        verbose_name_plural = "activities"
        indexes = [
            models.Index(fields=["runner", "fingerprint"]),
            models.Index(fields=["runner", "-start_time"]),
        ]

    def __str__(self) -> str:
        return f"{self.sport} {self.start_time:%Y-%m-%d %H:%M}"

    @property
    def is_run(self) -> bool:
        return self.sport == "running"

    @property
    def pace_s_per_km(self) -> float | None:
        moving = self.moving_time_s or self.duration_s
        if not self.distance_m or self.distance_m < 100:
            return None
        return moving / (self.distance_m / 1000)


class ImportBatch(Job):
    STATUS_LABELS: ClassVar[dict[str, str]] = {Job.Status.RUNNING: "Importing"}
    # An import is idempotent (each file is saved in its own transaction, a run
    # already stored is recognised), so a batch whose worker died is queued again;
    # three tries in all, so a file that kills the worker every time (memory)
    # cannot keep a batch going round for ever.
    MAX_ATTEMPTS: ClassVar[int] = 3
    INPUTS_GLOB: ClassVar[str] = "uploads/*"

    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="imports")
    files_total = models.PositiveIntegerField(default=0)
    files_done = models.PositiveIntegerField(default=0)

    class Meta(Job.Meta):
        pass

    def __str__(self) -> str:
        return f"Import {self.created_at:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return (
            round(100 * self.files_done / self.files_total) if self.files_total else 0
        )

    @property
    def progress_text(self) -> str:
        noun = "file" if self.files_total == 1 else "files"
        return f"{self.files_done} of {self.files_total} {noun}"

    def enqueue(self) -> None:
        from clinic.training.services import queue_import

        queue_import(self)

    def after_giving_up(self) -> None:
        from clinic.dispatch.services import forget
        from clinic.training.services import import_turn

        forget(import_turn, batch_id=self.pk)
        from clinic.lib.problems import IMPORT_STOPPED

        self.items.filter(status=ImportItem.Status.PENDING).update(
            status=ImportItem.Status.ERROR,
            message="Not read: the import stopped before this file.",
            error_kind=IMPORT_STOPPED,
            stored_path="",
        )

    def stale_message(self) -> str:
        return (
            f"The import stopped {self.attempts} times because the computer running "
            "it stopped. The runs imported so far are kept; upload the rest again."
        )


class ImportItem(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        IMPORTED = "imported", "Imported"
        DUPLICATE = "duplicate", "Already imported"
        NOT_A_RUN = "not_a_run", "Skipped: not a run"
        NO_ACTIVITY = "no_activity", "Skipped: no activity in it"
        ERROR = "error", "Could not be read"

    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="items"
    )
    name = models.CharField(max_length=400)
    # Where the upload waits for the worker; emptied once it is read.
    stored_path = models.CharField(max_length=500, blank=True)
    size_bytes = models.BigIntegerField(default=0)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.PENDING
    )
    # Our own words for a result; for an error, the reader's technical detail,
    # which the page puts behind a "details" toggle (clinic.lib.problems).
    message = models.TextField(blank=True)
    # The kind of error (tractus.errors.ActivityProblem, or IMPORT_STOPPED): the
    # page words it plainly from the kind, never from the message.
    error_kind = models.CharField(max_length=24, blank=True)
    activities_added = models.PositiveIntegerField(default=0)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.name}: {self.status}"
