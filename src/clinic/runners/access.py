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
from clinic.audit.recorder import StaffAccess, note_access
from clinic.clinics.models import Clinic
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
    """Whether `user` may see `area` of the record; staff who may are audited.

    Each time a clinician is let in, the access is noted for the audit log
    (`clinic.audit`), so every record view that asks here is logged.
    """
    if not isinstance(user, User):
        return False
    if runner.user_id == user.pk:
        return True
    clinic_id = (
        AccessGrant.objects.active()
        .covering(area)
        .filter(runner=runner, clinic_id__in=clinics_treating(user))
        .values_list("clinic_id", flat=True)
        .first()
    )
    if clinic_id is None:
        return False
    note_access(
        StaffAccess(
            actor_id=user.pk,
            actor_name=str(user),
            runner_id=runner.pk,
            clinic_id=clinic_id,
            area=area.value,
        )
    )
    return True


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


def get_administered_clinic(user: Viewer, slug: str) -> Clinic:
    """The clinic with `slug` if `user` is one of its admins; else 404."""
    if not isinstance(user, User):
        raise Http404("No such clinic")
    clinic = Clinic.objects.filter(
        slug=slug, memberships__user_id=user.pk, memberships__is_admin=True
    ).first()
    if clinic is None:
        raise Http404("No such clinic")
    return clinic
