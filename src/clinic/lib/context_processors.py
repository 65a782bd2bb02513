"""What the navigation bar needs to know about the viewer."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from clinic.lib.navigation import menu_for
from clinic.runners.access import is_clinician
from clinic.runners.models import Runner


def nav(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {"nav": {}}
    runner_id = Runner.objects.filter(user=user).values_list("pk", flat=True).first()
    administered = list(
        user.memberships.filter(is_admin=True).values_list(
            "clinic__slug", "clinic__name"
        )
    )
    clinician = is_clinician(user)
    return {
        "nav": {
            "is_clinician": clinician,
            "runner_id": runner_id,
            "admin_of": [slug for slug, _name in administered],
            "menu": menu_for(
                is_clinician=clinician,
                administered=administered,
                runner_id=runner_id,
                path=request.path,
            ),
        }
    }
