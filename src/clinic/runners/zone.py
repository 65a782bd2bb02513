"""Pages a runner reads show times in the runner's own time zone.

The server's zone (UTC) is nobody's: a symptom check taken at 11:01 in Recife
read 14:01. Pages that show another zone's time say so themselves (a booking,
in the clinic's zone, with `{% timezone %}`; the clinician's workspace in the
clinic's), and override this one.
"""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone

from clinic.runners.models import Runner


def runner_zone(request: HttpRequest) -> ZoneInfo | None:
    """The signed-in runner's zone; None for a visitor, staff, or an unknown name."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    name = Runner.objects.filter(user=user).values_list("timezone", flat=True).first()
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


class RunnerTimeZoneMiddleware:
    """Renders each response of a signed-in runner in their zone (after auth)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        zone = runner_zone(request)
        if zone is None:
            return self.get_response(request)
        with timezone.override(zone):
            return self.get_response(request)
