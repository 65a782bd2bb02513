"""Noting staff access during a request, and writing it to the log at its end.

`clinic.runners.access.can_view` calls `note_access` each time it lets a member
of staff into a record; `AuditMiddleware` opens the list before the view runs and
saves it once the response is known, so a refused or failed request logs nothing
and a view cannot forget to log. Outside a request (tasks, shell) nothing is noted.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from clinic.audit.models import Action, AuditEntry

# Opening a page fetches its key frames or polls its status a few times in a row;
# repeated views of the same page (and part of the record) by the same person
# within this window are one entry.
REPEAT_VIEW_WINDOW = timedelta(minutes=5)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True, slots=True)
class StaffAccess:
    actor_id: int
    actor_name: str
    runner_id: int
    clinic_id: int
    area: str


_noted: ContextVar[list[StaffAccess] | None] = ContextVar("audit_noted", default=None)


def note_access(access: StaffAccess) -> None:
    """Remember that staff entered a record during the current request."""
    noted = _noted.get()
    if noted is not None and access not in noted:
        noted.append(access)


def action_of(request: HttpRequest, response: HttpResponse) -> Action:
    """A change is an unsafe request that redirected (our views post, save, redirect).

    A form shown again with its errors saved nothing: that is a view.
    """
    saved = 300 <= response.status_code < 400
    return (
        Action.CHANGE if request.method not in SAFE_METHODS and saved else Action.VIEW
    )


def write_entries(
    accesses: list[StaffAccess], *, request: HttpRequest, action: Action, now: datetime
) -> list[AuditEntry]:
    """Save one entry per access, folding a repeated view of the same page.

    In two queries whatever the number of accesses: a patient list notes one
    access per runner shown.
    """
    match = request.resolver_match
    page = match.view_name if match else ""
    seen = _seen_recently(accesses, page, now) if action == Action.VIEW else set()
    entries = [
        AuditEntry(
            runner_id=access.runner_id,
            actor_id=access.actor_id,
            actor_name=access.actor_name,
            clinic_id=access.clinic_id,
            action=action,
            area=access.area,
            page=page,
            path=request.get_full_path()[:500],
            at=now,
        )
        for access in accesses
        if (access.runner_id, access.actor_id, access.area) not in seen
    ]
    return AuditEntry.objects.bulk_create(entries)


def _seen_recently(
    accesses: list[StaffAccess], page: str, now: datetime
) -> set[tuple[int, int, str]]:
    """(runner, actor, area) of the views of `page` logged within the window."""
    recent = AuditEntry.objects.filter(
        runner_id__in={a.runner_id for a in accesses},
        actor_id__in={a.actor_id for a in accesses},
        action=Action.VIEW,
        page=page,
        at__gte=now - REPEAT_VIEW_WINDOW,
    ).values_list("runner_id", "actor_id", "area")
    return set(recent)


class AuditMiddleware:
    """Collects the staff accesses of a request and logs them if it succeeded."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _noted.set([])
        try:
            response = self.get_response(request)
            noted = _noted.get() or []
        finally:
            _noted.reset(token)
        if noted and response.status_code < 400:
            action = action_of(request, response)
            write_entries(noted, request=request, action=action, now=timezone.now())
        return response
