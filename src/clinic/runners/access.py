"""Who may see a runner's record.

One rule, used by every view that shows health data: the viewer is the runner,
or a clinician of a clinic holding an active grant that covers the area. Views
answer 404 (not 403) otherwise, so a stranger cannot learn that a record exists.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from clinic.accounts.models import User
from clinic.runners.models import AccessGrant, Area, Runner

Viewer = User | AnonymousUser


def clinics_treating(user: Viewer) -> list[int]:
    """Ids of the clinics where `user` works as a clinician."""
    if not user.is_authenticated:
        return []
    return list(
        user.memberships.filter(is_clinician=True).values_list("clinic_id", flat=True)
    )


def is_clinician(user: Viewer) -> bool:
    return bool(clinics_treating(user))


def can_view(user: Viewer, runner: Runner, area: Area) -> bool:
    if not user.is_authenticated:
        return False
    if runner.user_id == user.pk:
        return True
    return (
        AccessGrant.objects.active()
        .covering(area)
        .filter(runner=runner, clinic_id__in=clinics_treating(user))
        .exists()
    )


def get_viewable_runner(user: Viewer, runner_id: int, area: Area) -> Runner:
    """The runner with `runner_id` if `user` may see `area` of their record; else 404."""
    runner = Runner.objects.select_related("user").filter(pk=runner_id).first()
    if runner is None or not can_view(user, runner, area):
        raise Http404("No such runner")
    return runner


def runners_visible_to(user: Viewer, area: Area) -> QuerySet[Runner]:
    """Runners who shared `area` with a clinic where `user` is a clinician."""
    clinic_ids = clinics_treating(user)
    grants = (
        AccessGrant.objects.active().covering(area).filter(clinic_id__in=clinic_ids)
    )
    return (
        Runner.objects.filter(pk__in=grants.values("runner_id"))
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
