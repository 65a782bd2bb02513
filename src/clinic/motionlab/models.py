"""Video analyses of running gait and exercise form.

The video itself is kept only until the worker has analysed it: what stays is
the report (numbers with their uncertainty and the conditions they hold under)
and a few key-frame pictures, which are health data and are served only
through a view that checks who is asking.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models

from clinic.runners.models import Runner


class Kind(models.TextChoices):
    GAIT = "gait", "Running gait"
    EXERCISE = "exercise", "Exercise form"


class ExerciseChoice(models.TextChoices):
    CLAMSHELL = "clamshell", "Clamshell"
    HIP_BRIDGE = "hip_bridge", "Hip bridge (both legs)"
    SINGLE_LEG_BRIDGE = "single_leg_bridge", "Single-leg bridge"
    SIDE_LYING_HIP_ABDUCTION = "side_lying_hip_abduction", "Side-lying leg raise"
    SIDE_PLANK = "side_plank", "Side plank"
    SINGLE_LEG_SQUAT = "single_leg_squat", "Single-leg squat"


class ViewChoice(models.TextChoices):
    AUTO = "", "Work it out from the video"
    SIDE = "side", "From the side"
    REAR = "rear", "From behind"


class ModelChoice(models.TextChoices):
    LITE = "lite", "Fast (lite model)"
    FULL = "full", "Balanced (full model)"
    HEAVY = "heavy", "Most accurate, slowest (heavy model)"


class Analysis(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Analysing"
        DONE = "done", "Finished"
        FAILED = "failed", "Could not be analysed"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    runner = models.ForeignKey(
        Runner, on_delete=models.CASCADE, related_name="analyses"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    exercise = models.CharField(
        max_length=30, choices=ExerciseChoice.choices, blank=True
    )
    view = models.CharField(max_length=10, choices=ViewChoice.choices, blank=True)
    model = models.CharField(
        max_length=10, choices=ModelChoice.choices, default=ModelChoice.FULL
    )
    video_name = models.CharField(max_length=300)
    video_path = models.CharField(max_length=500, blank=True)
    # Where the user tapped the subject: fractions of width and height, and the time.
    hint_x = models.FloatField(null=True, blank=True)
    hint_y = models.FloatField(null=True, blank=True)
    hint_time_s = models.FloatField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress_pct = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    report: models.JSONField[dict[str, Any] | None] = models.JSONField(
        null=True, blank=True
    )
    key_frames: models.JSONField[list[dict[str, Any]]] = models.JSONField(default=list)
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "analyses"

    def __str__(self) -> str:
        what = (
            self.get_exercise_display()
            if self.kind == Kind.EXERCISE
            else "running gait"
        )
        return f"{what} {self.created_at:%Y-%m-%d}"

    @property
    def title(self) -> str:
        return (
            self.get_exercise_display()
            if self.kind == Kind.EXERCISE
            else "Running gait"
        )

    @property
    def folder(self) -> Path:
        return Path(settings.DATA_DIR) / "motion" / str(self.public_id)
