"""The audit log: who looked at or changed which runner's record, and when.

Entries are written by `AuditMiddleware` for every request in which
`clinic.runners.access` let a member of staff into a runner's record, so every
record view is covered without each view remembering to log. An entry outlives
the staff account (the name is kept) but not the runner's erasure of their record.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from clinic.runners.models import Area

# Parts of the record kept by the clinic itself rather than shared by the runner.
EXTRA_AREAS = {
    "clinical": "Assessments and clinical notes",
    "patient_list": "Summary in the clinic's patient list",
}


class Action(models.TextChoices):
    VIEW = "view", "Viewed"
    CHANGE = "change", "Changed"


class AuditEntry(models.Model):
    runner = models.ForeignKey(
        "runners.Runner", on_delete=models.CASCADE, related_name="audit_entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    actor_name = models.CharField(max_length=200)
    clinic = models.ForeignKey(
        "clinics.Clinic",
        on_delete=models.SET_NULL,
        null=True,
        related_name="audit_entries",
    )
    action = models.CharField(max_length=8, choices=Action.choices)
    area = models.CharField(max_length=16)
    page = models.CharField(max_length=100)  # the URL name, e.g. "training:load"
    path = models.CharField(max_length=500)
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["runner", "-at"]),
            models.Index(fields=["clinic", "-at"]),
        ]

    @property
    def area_label(self) -> str:
        """The part of the record, as the sharing page names it."""
        labels = {**dict(Area.choices), **EXTRA_AREAS}
        return str(labels.get(self.area, self.area)).lower()

    def __str__(self) -> str:
        return (
            f"{self.actor_name} {self.action} {self.path} at {self.at:%Y-%m-%d %H:%M}"
        )
