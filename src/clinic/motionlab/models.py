"""Video analyses of running gait and exercise form.

The video itself is kept only until the worker has analysed it: what stays is
the report (numbers with their uncertainty and the conditions they hold under)
and a few key-frame pictures, which are health data and are served only
through a view that checks who is asking.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from clinic.jobs.models import Job
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


class Analysis(Job):
    STATUS_LABELS: ClassVar[dict[str, str]] = {
        Job.Status.RUNNING: "Analysing",
        Job.Status.FAILED: "Could not be analysed",
    }
    # Queued once more after its worker died (pose estimation starts again from the
    # first frame); a clip that stops the worker twice is likely to do it again
    # (memory), so then it fails with a message.
    MAX_ATTEMPTS: ClassVar[int] = 2
    INPUTS_GLOB: ClassVar[str] = "motion/*/video"

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
    progress_pct = models.PositiveSmallIntegerField(default=0)
    # Why the analysis failed, as a kind (tractus.errors.MotionProblem): the page
    # words it plainly and keeps `error` (the technical detail) behind a toggle.
    error_kind = models.CharField(max_length=24, blank=True)
    report: models.JSONField[dict[str, Any] | None] = models.JSONField(
        null=True, blank=True
    )
    key_frames: models.JSONField[list[dict[str, Any]]] = models.JSONField(default=list)

    class Meta(Job.Meta):
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
    def percent(self) -> int:
        return 100 if self.status == self.Status.DONE else self.progress_pct

    @property
    def progress_text(self) -> str:
        return f"{self.percent}%"

    def enqueue(self) -> None:
        from clinic.motionlab.services import queue_analysis

        queue_analysis(self)

    def after_giving_up(self) -> None:
        from clinic.dispatch.services import forget
        from clinic.motionlab.services import analysis_turn

        forget(analysis_turn, analysis_id=self.pk)

    def stale_message(self) -> str:
        return (
            f"The analysis stopped {self.attempts} times because the computer "
            "running it stopped, perhaps for lack of memory. A shorter clip, or the "
            "fast model, is more likely to work."
        )

    @property
    def folder(self) -> Path:
        return Path(settings.DATA_DIR) / "motion" / str(self.public_id)
