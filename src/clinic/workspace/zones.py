"""The time zone pages write times in.

A clinician reads a record in their own clinic's time, as on their day page (the
location they work at: `clinic.workspace.day.clinician_zone`); a runner reads
their own record in their own zone. The server's zone (UTC) is nobody's.
`ViewerTimeZoneMiddleware` sets it for every page of a signed-in person, so a
symptom check or a motion result opened from the timeline reads the same time as
the timeline; pages that show another zone's time say so (a booking, in the
clinic's zone, with `{% timezone %}`).
"""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone

from clinic.accounts.models import User
from clinic.clinics.models import Membership
from clinic.runners.models import Runner
from clinic.runners.zone import runner_zone
from clinic.workspace.day import clinician_zone


def viewer_zone(viewer: User, runner: Runner) -> ZoneInfo:
    if runner.user_id == viewer.pk:
        return ZoneInfo(runner.timezone)
    return clinician_zone(viewer)


def request_zone(request: HttpRequest) -> ZoneInfo | None:
    """The signed-in person's zone: their clinic's if they are on a clinic's staff
    (a clinician who tried the coach has a runner row too), else their own as a
    runner; None for a visitor."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if Membership.objects.filter(user=user).exists():
        return clinician_zone(user)
    return runner_zone(request)


class ViewerTimeZoneMiddleware:
    """Renders each response in the signed-in person's zone (after auth)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        zone = request_zone(request)
        if zone is None:
            return self.get_response(request)
        with timezone.override(zone):
            return self.get_response(request)
