"""Saved symptom checks.

The answers and the engine's result are stored as they were, with the
questionnaire and engine versions, so a clinician sees exactly what the runner
saw even after the rules change. Urgency and likelihood are copied into
columns so lists can be filtered without reading JSON.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models

from clinic.runners.models import Runner


class Urgency(models.TextChoices):
    NONE = "none", "No red flag"
    URGENT = "urgent", "Urgent (within days)"
    EMERGENCY = "emergency", "Emergency (today)"


class Likelihood(models.TextChoices):
    LIKELY = "likely", "Likely"
    POSSIBLE = "possible", "Possible"
    UNLIKELY = "unlikely", "Unlikely"


class TriageAssessment(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Null while the check belongs to an anonymous visitor's session.
    runner = models.ForeignKey(
        Runner,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="triage_assessments",
    )
    answers: models.JSONField[dict[str, Any]] = models.JSONField()
    result: models.JSONField[dict[str, Any]] = models.JSONField()
    questionnaire_version = models.CharField(max_length=20)
    engine_version = models.CharField(max_length=20)
    itbs_likelihood = models.CharField(max_length=10, choices=Likelihood.choices)
    urgency = models.CharField(max_length=10, choices=Urgency.choices)
    created_at = models.DateTimeField()
    # Set when the runner said an answer that stopped the check was a mis-tap
    # and went back to change it. The check and its red-flag result stay: a
    # clinician must see that the emergency advice was shown (clinical.md §3).
    corrected_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["runner", "-created_at"])]

    def __str__(self) -> str:
        return f"Symptom check {self.created_at:%Y-%m-%d} ({self.itbs_likelihood}, {self.urgency})"

    @property
    def has_red_flag(self) -> bool:
        return self.urgency != Urgency.NONE

    @property
    def stopped_at_emergency(self) -> bool:
        """The check stopped early at an emergency answer (not a finished check)."""
        return self.urgency == Urgency.EMERGENCY and not self.result.get(
            "complete", True
        )
