"""The runner's record and who may see it.

Everything about a runner (symptom checks, activities, videos, programmes)
hangs off `Runner`. A clinic sees a runner's record only through an active
`AccessGrant`, which the runner gives and can withdraw; withdrawn grants are kept
(with their dates) as the audit trail of consent.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils import timezone

from clinic.clinics.models import Clinic


def _default_timezone() -> str:
    return settings.TIME_ZONE


class Runner(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="runner"
    )
    date_of_birth = models.DateField(null=True, blank=True)
    # IANA name; gives each run its local date (a 23:30 run belongs to that evening).
    timezone = models.CharField(max_length=64, default=_default_timezone)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__full_name", "user__email"]

    def __str__(self) -> str:
        return str(self.user)

    def local_today(self, now: datetime) -> date:
        """The runner's calendar day at the moment `now`, in their own time zone.

        "Today", "tomorrow" and the weeks of the load page follow the runner, not
        the server: at 00:30 UTC it is still yesterday evening in Recife.
        """
        return now.astimezone(ZoneInfo(self.timezone)).date()


class Area(models.TextChoices):
    """The parts of a runner's record a grant can cover."""

    TRIAGE = "triage", "Symptom checks"
    TRAINING = "training", "Training history"
    MOTION = "motion", "Videos and movement analysis"
    REHAB = "rehab", "Rehab programme and outcomes"


class AccessGrantQuerySet(models.QuerySet["AccessGrant"]):
    def active(self) -> AccessGrantQuerySet:
        return self.filter(withdrawn_at__isnull=True)

    def covering(self, area: Area) -> AccessGrantQuerySet:
        return self.filter(**{f"share_{area.value}": True})


class AccessGrant(models.Model):
    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="grants")
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="grants")
    share_triage = models.BooleanField("symptom checks", default=True)
    share_training = models.BooleanField("training history", default=True)
    share_motion = models.BooleanField("videos and movement analysis", default=True)
    share_rehab = models.BooleanField("rehab programme and outcomes", default=True)
    granted_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = AccessGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at"]
        constraints = [
            # At most one active grant per runner and clinic; history rows are withdrawn.
            models.UniqueConstraint(
                fields=["runner", "clinic"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_active_grant_per_clinic",
            )
        ]

    def __str__(self) -> str:
        state = "withdrawn" if self.withdrawn_at else "active"
        return f"{self.runner} → {self.clinic} ({state})"

    @property
    def areas(self) -> list[Area]:
        return [a for a in Area if getattr(self, f"share_{a.value}")]

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
