"""The clinic's own part of a runner's record: assessments and clinical notes.

Both belong to the clinic that wrote them (its clinicians read them while the
runner shares anything with it) and to the runner, who always sees them. The exam
is stored as the core's JSON (`tractus.assessment.exam_to_dict`) and read back
through the same serialiser, never picked apart by hand.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models

from clinic.clinics.models import Clinic
from clinic.runners.models import Runner
from tractus.assessment import HeadToToeExam, exam_from_dict


class Assessment(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    runner = models.ForeignKey(
        Runner, on_delete=models.CASCADE, related_name="assessments"
    )
    clinic = models.ForeignKey(
        Clinic, on_delete=models.CASCADE, related_name="assessments"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    clinician_name = models.CharField(max_length=200)
    exam: models.JSONField[dict[str, Any]] = models.JSONField()
    created_at = models.DateTimeField()
    sent_to_runner_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["runner", "-created_at"])]

    def __str__(self) -> str:
        return f"Assessment {self.created_at:%Y-%m-%d} by {self.clinician_name}"

    def to_core(self) -> HeadToToeExam:
        return exam_from_dict(self.exam)


class ClinicalNote(models.Model):
    """A SOAP note: subjective, objective, assessment, plan."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    runner = models.ForeignKey(
        Runner, on_delete=models.CASCADE, related_name="clinical_notes"
    )
    clinic = models.ForeignKey(
        Clinic, on_delete=models.CASCADE, related_name="clinical_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_name = models.CharField(max_length=200)
    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notes",
    )
    subjective = models.TextField(blank=True)
    objective = models.TextField(blank=True)
    analysis = models.TextField("assessment", blank=True)
    plan = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["runner", "-created_at"])]

    def __str__(self) -> str:
        return f"Note {self.created_at:%Y-%m-%d} by {self.author_name}"

    @property
    def first_line(self) -> str:
        for text in (self.analysis, self.plan, self.subjective, self.objective):
            if text.strip():
                return text.strip().splitlines()[0][:140]
        return ""
