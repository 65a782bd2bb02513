"""A runner's own time zone, for the pages they read (`clinic.workspace.zones`).

The server's zone (UTC) is nobody's: a symptom check taken at 11:01 in Recife
read 14:01.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.http import HttpRequest

from clinic.runners.models import Runner


def runner_zone(request: HttpRequest) -> ZoneInfo | None:
    """The signed-in person's zone as a runner; None for a visitor, someone with no
    runner record, or an unknown zone name."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    name = Runner.objects.filter(user=user).values_list("timezone", flat=True).first()
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None
