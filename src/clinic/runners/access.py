"""Who may see a runner's record.

One rule, used by every view that shows health data: the viewer is the runner,
or a clinician of a clinic holding an active grant that covers the area. Views
answer 404 (not 403) otherwise, so a stranger cannot learn that a record exists.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from clinic.accounts.models import User
from clinic.audit.recorder import StaffAccess, note_access
from clinic.clinics.models import Clinic
from clinic.runners.models import AccessGrant, Area, Runner

if TYPE_CHECKING:
    from clinic.bookings.models import Appointment

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


def _note_staff(user: User, runner: Runner, clinic_id: int, area: str) -> None:
    note_access(
        StaffAccess(
            actor_id=user.pk,
            actor_name=str(user),
            runner_id=runner.pk,
            clinic_id=clinic_id,
            area=area,
        )
    )


def _granting_clinic(user: User, runner: Runner, area: Area | None) -> int | None:
    """A clinic of `user` holding an active grant from `runner` (covering `area`)."""
    grants = AccessGrant.objects.active().filter(
        runner=runner, clinic_id__in=clinics_treating(user)
    )
    if area is not None:
        grants = grants.covering(area)
    return grants.values_list("clinic_id", flat=True).first()


def can_view(user: Viewer, runner: Runner, area: Area) -> bool:
    """Whether `user` may see `area` of the record; staff who may are audited.

    Each time a clinician is let in, the access is noted for the audit log
    (`clinic.audit`), so every record view that asks here is logged.
    """
    if not isinstance(user, User):
        return False
    if runner.user_id == user.pk:
        return True
    clinic_id = _granting_clinic(user, runner, area)
    if clinic_id is None:
        return False
    _note_staff(user, runner, clinic_id, area.value)
    return True


# The clinic's own part of the record: its assessments and clinical notes.
CLINICAL = "clinical"


def clinics_writing_for(user: Viewer, runner: Runner) -> list[int]:
    """Clinics of `user` the runner shares anything with: where they may assess and
    write notes, and whose notes they may read. A runner never writes here."""
    if not isinstance(user, User) or runner.user_id == user.pk:
        return []
    grants = AccessGrant.objects.active().filter(
        runner=runner, clinic_id__in=clinics_treating(user)
    )
    return list(grants.values_list("clinic_id", flat=True))


def get_clinical_runner(user: Viewer, runner_id: int) -> Runner:
    """The runner if `user` is them or treats them at a clinic they share with.

    Staff access is audited as the "clinical" part of the record; else 404.
    """
    runner = Runner.objects.select_related("user").filter(pk=runner_id).first()
    if runner is None or not isinstance(user, User):
        raise Http404("No such runner")
    if runner.user_id == user.pk:
        return runner
    clinic_id = _granting_clinic(user, runner, None)
    if clinic_id is None:
        raise Http404("No such runner")
    _note_staff(user, runner, clinic_id, CLINICAL)
    return runner


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


# The patient list's summary of a runner (latest check, flags, adherence at a glance).
PATIENT_LIST = "patient_list"


def shared_areas_by_clinic(user: Viewer) -> dict[int, dict[int, set[Area]]]:
    """Runner id -> {clinic id -> areas} over the active grants to `user`'s clinics."""
    grants = AccessGrant.objects.active().filter(clinic_id__in=clinics_treating(user))
    shared: dict[int, dict[int, set[Area]]] = {}
    for grant in grants:
        shared.setdefault(grant.runner_id, {}).setdefault(
            grant.clinic_id, set()
        ).update(grant.areas)
    return shared


def note_listed(user: User, runner: Runner, clinic_ids: Iterable[int]) -> None:
    """A runner's row shown in `user`'s patient list: audited once per granting clinic.

    The row shows the latest check, red flag, load flag and adherence, parts of the
    record the runner shared; the runner's "who looked" page names it as the list.
    """
    for clinic_id in clinic_ids:
        _note_staff(user, runner, clinic_id, PATIENT_LIST)


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


def check_clinical_item(user: Viewer, runner: Runner, clinic_id: int) -> None:
    """An assessment or note of `clinic_id`: its runner, or that clinic's clinicians
    while the runner shares anything with it (audited); else 404."""
    get_clinical_runner(user, runner.pk)
    if runner.user_id != user.pk and clinic_id not in clinics_writing_for(user, runner):
        raise Http404("No such record")


def get_own_record(user: Viewer) -> Runner:
    """The record of `user` themself, for what only a runner does with their own
    record as a whole (downloading all of it); 404 for anyone without one."""
    runner = (
        Runner.objects.select_related("user").filter(user_id=user.pk).first()
        if isinstance(user, User)
        else None
    )
    if runner is None:
        raise Http404("No record")
    return runner


def get_own_runner(user: Viewer, runner_id: int) -> Runner:
    """The runner with `runner_id` if it is `user` themself; else 404.

    For what only the runner does on their own record (logging a session or a pain
    score); a clinician who may see the record cannot write in the runner's name.
    """
    runner = Runner.objects.select_related("user").filter(pk=runner_id).first()
    if runner is None or not isinstance(user, User) or runner.user_id != user.pk:
        raise Http404("No such runner")
    return runner


def get_treated_runner(user: Viewer, runner_id: int, area: Area) -> Runner:
    """The runner if `user` is a clinician of a clinic granted `area`; else 404.

    For what only the treating clinician does (editing a rehab programme).
    """
    runner = Runner.objects.select_related("user").filter(pk=runner_id).first()
    if (
        runner is None
        or not isinstance(user, User)
        or runner.user_id == user.pk
        or not can_view(user, runner, area)
    ):
        raise Http404("No such runner")
    return runner


def can_see_appointment(
    user: Viewer, appointment: Appointment, booked_here: list[str]
) -> bool:
    """The runner, the browser that booked it, or the staff of its clinic.

    An appointment says who is seen when, not what is wrong: any member of the
    clinic (clinician or admin, who runs the diary) may see it.
    """
    if str(appointment.public_id) in booked_here:
        return True
    if not user.is_authenticated:
        return False
    if appointment.runner.user_id == user.pk:
        return True
    return user.memberships.filter(clinic_id=appointment.clinic_id).exists()


def may_change_appointment(user: Viewer, appointment: Appointment) -> bool:
    """Only the runner changes their own booking online (staff use the clinic diary)."""
    return user.is_authenticated and appointment.runner.user_id == user.pk


def get_treating_clinic(user: Viewer, slug: str) -> Clinic:
    """The clinic with `slug` if `user` is one of its clinicians; else 404."""
    clinic = Clinic.objects.filter(slug=slug, pk__in=clinics_treating(user)).first()
    if clinic is None:
        raise Http404("No such clinic")
    return clinic


def runners_shared_with(clinic: Clinic, area: Area) -> QuerySet[Runner]:
    """Runners with an active grant of `area` to `clinic` (for a clinician of it)."""
    grants = AccessGrant.objects.active().covering(area).filter(clinic=clinic)
    return (
        Runner.objects.filter(pk__in=grants.values("runner_id"))
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def clinics_granted(user: Viewer, runner: Runner, area: Area) -> QuerySet[Clinic]:
    """Clinics where `user` is a clinician and `runner` has an active grant of `area`."""
    grants = (
        AccessGrant.objects.active()
        .covering(area)
        .filter(runner=runner, clinic_id__in=clinics_treating(user))
    )
    return Clinic.objects.filter(pk__in=grants.values("clinic_id"))


@dataclass(frozen=True, slots=True)
class RecordScope:
    """What of a record a download holds: its areas, and the clinics whose grants
    and visits it shows (None: every clinic)."""

    areas: frozenset[Area]
    clinic_ids: frozenset[int] | None = None


WHOLE_RECORD = RecordScope(areas=frozenset(Area))


def get_exportable_record(user: Viewer, runner_id: int) -> tuple[Runner, RecordScope]:
    """The runner and what of their record `user` may download; else 404.

    The runner gets all of it. A clinician of a clinic the runner shares with gets
    the areas those clinics' active grants cover and only those clinics' grants and
    visits, so a download never tells one clinic about another; each area is audited.
    """
    runner = Runner.objects.select_related("user").filter(pk=runner_id).first()
    if runner is None or not isinstance(user, User):
        raise Http404("No such runner")
    if runner.user_id == user.pk:
        return runner, WHOLE_RECORD
    grants = list(
        AccessGrant.objects.active().filter(
            runner=runner, clinic_id__in=clinics_treating(user)
        )
    )
    if not grants:
        raise Http404("No such runner")
    areas: set[Area] = set()
    for grant in grants:
        _note_staff(user, runner, grant.clinic_id, CLINICAL)
        for area in grant.areas:
            _note_staff(user, runner, grant.clinic_id, area.value)
            areas.add(area)
    return runner, RecordScope(frozenset(areas), frozenset(g.clinic_id for g in grants))
