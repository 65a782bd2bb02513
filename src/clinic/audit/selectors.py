"""Reading the audit log: a runner's own trail and a clinic's."""

from __future__ import annotations

from django.db.models import QuerySet

from clinic.audit.models import AuditEntry
from clinic.clinics.models import Clinic
from clinic.runners.models import Runner

PAGE_SIZE = 200


def entries_about(runner: Runner) -> QuerySet[AuditEntry]:
    """Who of the staff looked at or changed this runner's record, newest first."""
    return AuditEntry.objects.filter(runner=runner).select_related("clinic")[:PAGE_SIZE]


def entries_of_clinic(clinic: Clinic, *, query: str = "") -> QuerySet[AuditEntry]:
    """Everything the clinic's staff looked at or changed, newest first."""
    entries = AuditEntry.objects.filter(clinic=clinic).select_related("runner__user")
    if query:
        entries = entries.filter(actor_name__icontains=query) | entries.filter(
            runner__user__full_name__icontains=query
        )
    return entries[:PAGE_SIZE]
