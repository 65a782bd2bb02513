"""A runner's rehab programme, what they log against it, and their outcomes.

`Programme` keeps the findings it was generated from (the core regenerates the phased
plan from them) and where the runner is on it (`level`, `run_stage`, `stage_runs`:
`tractus.rehab.PlanState`). The exercises of the current level are rows
(`PlannedExercise`) so a clinician can edit any of them and the runner sees the edit at
once; a weekly review replaces them with the next level's. Logs and outcomes are rows
the runner adds; nothing is derived and stored twice.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from clinic.clinics.models import Clinic
from clinic.runners.models import Runner
from tractus.motion.coached_set import CoachedSet, parse_coached_set
from tractus.outcomes import Measure
from tractus.rehab import Action, Exercise, PlanState, get_exercise
from tractus.rehab.findings import FindingCode

PAIN = [MinValueValidator(0), MaxValueValidator(10)]


def _calendar_token() -> str:
    return secrets.token_urlsafe(24)


class Programme(models.Model):
    runner = models.ForeignKey(
        Runner, on_delete=models.CASCADE, related_name="programmes"
    )
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_on = models.DateField()
    version = models.CharField(max_length=40)
    findings: models.JSONField[dict[str, Any]] = models.JSONField()
    level = models.PositiveSmallIntegerField(default=1)
    run_stage = models.PositiveSmallIntegerField(default=0)
    stage_runs = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    clinician_note = models.TextField(blank=True)
    # Secret part of the private calendar feed address; a new one revokes the old.
    calendar_token = models.CharField(
        max_length=64, unique=True, default=_calendar_token
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["runner"],
                condition=models.Q(is_active=True),
                name="one_active_programme_per_runner",
            )
        ]

    @property
    def state(self) -> PlanState:
        return PlanState(self.level, self.run_stage, self.stage_runs)


class PlannedExercise(models.Model):
    """One exercise of the current level, as the runner will do it."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="exercises"
    )
    position = models.PositiveSmallIntegerField()
    exercise_id = models.CharField(max_length=60)
    sets = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_s = models.PositiveSmallIntegerField(null=True, blank=True)
    rest_s = models.PositiveSmallIntegerField(default=60)
    per_side = models.BooleanField(default=True)
    optional = models.BooleanField(default=False)
    answers: models.JSONField[list[str]] = models.JSONField(default=list)
    reason = models.CharField(max_length=200, blank=True)
    source = models.TextField(blank=True)
    note = models.CharField(max_length=300, blank=True)
    edited_by_clinician = models.BooleanField(default=False)

    class Meta:
        ordering = ["position"]

    @property
    def exercise(self) -> Exercise:
        return get_exercise(self.exercise_id)

    @property
    def answer_labels(self) -> list[str]:
        """What the exercise answers, in words ("Weak hip abductors", not its code);
        a code this version does not know (an old import) shows as it is."""
        known = {code.value: code.label for code in FindingCode}
        return [known.get(code, code) for code in self.answers]

    @property
    def dose_text(self) -> str:
        amount = f"{self.reps}" if self.reps else f"{self.hold_s} s"
        side = " each side" if self.per_side else ""
        return f"{self.sets} x {amount}{side}"


ACTION_CHOICES = [
    (Action.ADVANCE.value, "Moved on"),
    (Action.HOLD.value, "Held"),
    (Action.STEP_BACK.value, "Stepped back"),
]


class WeekReview(models.Model):
    """A weekly decision of the pain-response progression, with its reasons."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="reviews"
    )
    week_start = models.DateField()
    action = models.CharField(max_length=12, choices=ACTION_CHOICES)
    reasons: models.JSONField[list[str]] = models.JSONField(default=list)
    level_before = models.PositiveSmallIntegerField()
    level_after = models.PositiveSmallIntegerField()
    sessions_done = models.PositiveSmallIntegerField()
    sessions_planned = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["week_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "week_start"], name="one_review_per_week"
            )
        ]


class SessionLog(models.Model):
    """A strength session done on a day, with pain during it and the next morning."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="sessions"
    )
    day = models.DateField()
    logged_at = models.DateTimeField()
    pain_during = models.PositiveSmallIntegerField(validators=PAIN)
    pain_next_morning = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=PAIN
    )
    # "Is the knee worse this morning than before yesterday's session?" (§5.9)
    worse_next_morning = models.BooleanField(null=True, blank=True)
    notes = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "day"], name="one_session_a_day"
            )
        ]


class ExerciseLog(models.Model):
    """One exercise of a day's session: sets done and repetitions per set.

    Sets done from the coach page (counted by the live coach, or logged there by hand)
    also have a `SetLog` row each, with the set's own numbers.
    """

    session = models.ForeignKey(
        SessionLog, on_delete=models.CASCADE, related_name="exercises"
    )
    exercise_id = models.CharField(max_length=60)
    sets_done = models.PositiveSmallIntegerField()
    reps_done = models.PositiveSmallIntegerField(null=True, blank=True)

    @property
    def exercise(self) -> Exercise:
        return get_exercise(self.exercise_id)


class SetMethod(models.TextChoices):
    COACH = "coach", "Counted by the live coach"
    BY_HAND = "by_hand", "Logged by hand"


class SetLog(models.Model):
    """One set done from the coach page: its reps or hold, pain, and, when the live
    coach counted it, the coach's numbers (range, tempo, compensations per rep).

    The numbers are `tractus.motion.CoachedSet.to_dict()`, read back through `coached`;
    no picture and no landmark is ever stored.
    """

    exercise_log = models.ForeignKey(
        ExerciseLog, on_delete=models.CASCADE, related_name="sets"
    )
    logged_at = models.DateTimeField()
    method = models.CharField(max_length=10, choices=SetMethod.choices)
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_s = models.FloatField(null=True, blank=True)
    pain = models.PositiveSmallIntegerField(validators=PAIN)
    numbers: models.JSONField[dict[str, Any] | None] = models.JSONField(
        null=True, blank=True
    )

    class Meta:
        ordering = ["logged_at"]

    @property
    def coached(self) -> CoachedSet | None:
        """The live coach's numbers as the core's type (one serialiser both ways)."""
        return None if self.numbers is None else parse_coached_set(self.numbers)

    def describe(self) -> str:
        """The set in a plain sentence: what was done, how it looked, the pain."""
        coached = self.coached
        if coached is not None:
            done = coached.describe()
        elif self.hold_s is not None:
            done = f"held {self.hold_s:.0f} s"
        else:
            done = f"{self.reps} rep{'s' * (self.reps != 1)}"
        return f"{done}; pain {self.pain}/10"


class RunLog(models.Model):
    """A run during the programme: distance, time, worst pain and where it started."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="runs"
    )
    day = models.DateField()
    logged_at = models.DateTimeField()
    distance_km = models.DecimalField(max_digits=5, decimal_places=2)
    duration_min = models.PositiveSmallIntegerField()
    pain_max = models.PositiveSmallIntegerField(validators=PAIN)
    pain_started_km = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True
    )
    stopped_early = models.BooleanField(default=False)

    class Meta:
        ordering = ["-day", "-logged_at"]


class OutcomeEntry(models.Model):
    """One recorded value of an outcome measure (LEFS keeps its 20 answers too)."""

    runner = models.ForeignKey(
        Runner, on_delete=models.CASCADE, related_name="outcomes"
    )
    measure = models.CharField(
        max_length=30, choices=[(m.value, m.value) for m in Measure]
    )
    value = models.FloatField()
    recorded_on = models.DateField()
    lefs_answers: models.JSONField[list[int] | None] = models.JSONField(
        null=True, blank=True
    )

    class Meta:
        ordering = ["recorded_on", "pk"]


class ProgrammeTemplate(models.Model):
    """A clinic's saved set of exercises and doses, to assign to many runners."""

    clinic = models.ForeignKey(
        Clinic, on_delete=models.CASCADE, related_name="programme_templates"
    )
    name = models.CharField(max_length=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    items: models.JSONField[list[dict[str, Any]]] = models.JSONField(default=list)

    class Meta:
        ordering = ["name"]


class ReminderSent(models.Model):
    """Reminders sent for a planned session day: at most two (the first and one more)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="reminders"
    )
    day = models.DateField()
    count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "day"], name="one_reminder_row"
            )
        ]
