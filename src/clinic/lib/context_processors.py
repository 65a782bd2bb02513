"""What the navigation bar needs to know about the viewer."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from clinic.runners.access import is_clinician
from clinic.runners.models import Runner


def nav(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {"nav": {}}
    runner_id = Runner.objects.filter(user=user).values_list("pk", flat=True).first()
    administered = list(
        user.memberships.filter(is_admin=True).values_list("clinic__slug", flat=True)
    )
    return {
        "nav": {
            "is_clinician": is_clinician(user),
            "runner_id": runner_id,
            "admin_of": administered,
        }
    }
