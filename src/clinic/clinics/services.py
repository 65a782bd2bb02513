"""Managing a clinic's staff: invitations, approval of clinical access, removal.

Least privilege for health data: nobody joins a staff without accepting an
invitation, and clinical access (the right to read shared records) takes effect
only when an admin other than the one who asked for it approves. Every step is
written to the clinic's staff trail (`StaffEvent`).

A clinic with a single admin (a physiotherapist's own practice) has nobody to
approve. There the admin confirms alone (`confirm_alone`): with their password
again, and the access starts only after `SOLE_ADMIN_WAIT_H` hours, during which
every runner who shares records with the clinic and every member of its staff
is told by e-mail who is getting access and when. A runner can withdraw their
grant before then, a second admin can approve at once, and the admin can cancel.
So access to health data is still never given silently or at once by one person;
docs/decisions.md says why this rather than a site superuser.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from clinic.accounts.models import User
from clinic.clinics.models import Clinic, Invitation, Membership, StaffEvent
from clinic.lib.mail import queue_mail
from clinic.runners.models import Runner


class MembershipError(ValueError):
    """A change to the staff that would leave the clinic in a bad state."""


def _record(
    clinic: Clinic, kind: str, actor: User, subject: str, now: datetime
) -> None:
    StaffEvent.objects.create(
        clinic=clinic,
        kind=kind,
        actor=actor,
        actor_name=str(actor),
        subject=subject,
        at=now,
    )


@transaction.atomic
def invite(
    *,
    clinic: Clinic,
    email: str,
    job_title: str,
    is_clinician: bool,
    is_admin: bool,
    by: User,
    now: datetime,
) -> Invitation:
    """Invite `email` to the staff; the same for an existing account or a new one.

    A new address gets an account without a password, so the invitation can
    carry the link to choose one; the admin is told neither way.
    """
    user, created = User.objects.get_or_create(email=email)
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    invitation = Invitation.objects.create(
        clinic=clinic,
        email=email,
        job_title=job_title,
        as_clinician=is_clinician,
        as_admin=is_admin,
        invited_by=by,
        created_at=now,
    )
    _record(clinic, StaffEvent.Kind.INVITED, by, email, now)
    queue_mail(template="clinics/invitation", to=[user], about=invitation)
    return invitation


def open_invitation(token: str, user: User) -> Invitation | None:
    """The unaccepted invitation with `token`, if it is addressed to `user`."""
    return (
        Invitation.objects.select_related("clinic")
        .filter(token=token, email__iexact=user.email, accepted_at__isnull=True)
        .first()
    )


@transaction.atomic
def accept_invitation(
    *, invitation: Invitation, user: User, now: datetime
) -> Membership:
    """Join the staff; clinical access asked for by the inviter awaits approval."""
    membership = Membership.objects.filter(
        clinic=invitation.clinic, user=user
    ).first() or Membership(
        clinic=invitation.clinic,
        user=user,
        is_clinician=False,
        job_title=invitation.job_title,
    )
    membership.is_admin = membership.is_admin or invitation.as_admin
    if invitation.as_clinician and not membership.is_clinician:
        membership.clinician_requested_at = now
        membership.clinician_requested_by = invitation.invited_by
    membership.save()
    invitation.accepted_at = now
    invitation.save(update_fields=["accepted_at"])
    _record(invitation.clinic, StaffEvent.Kind.JOINED, user, user.email, now)
    if membership.awaits_approval:
        requester = invitation.invited_by or user
        _record(
            invitation.clinic,
            StaffEvent.Kind.CLINICAL_REQUESTED,
            requester,
            user.email,
            now,
        )
    return membership


def _is_admin(clinic: Clinic, user: User) -> bool:
    return clinic.memberships.filter(user=user, is_admin=True).exists()


def has_second_admin(membership: Membership) -> bool:
    """An admin who may approve: neither the person nor the one who asked."""
    others = membership.clinic.memberships.filter(is_admin=True).exclude(
        user_id=membership.user_id
    )
    if membership.clinician_requested_by_id is not None:
        others = others.exclude(user_id=membership.clinician_requested_by_id)
    return others.exists()


def may_confirm_alone(membership: Membership, admin: User) -> bool:
    """The clinic's admin, when no other admin could approve, and not yet confirmed."""
    return (
        membership.awaits_approval
        and membership.clinician_effective_at is None
        and _is_admin(membership.clinic, admin)
        and not has_second_admin(membership)
    )


def may_approve(membership: Membership, admin: User) -> bool:
    """Another admin than the member and than the one who asked."""
    return (
        membership.awaits_approval
        and admin.pk != membership.user_id
        and admin.pk != membership.clinician_requested_by_id
        and _is_admin(membership.clinic, admin)
    )


@transaction.atomic
def approve_clinician(*, membership: Membership, by: User, now: datetime) -> None:
    if not may_approve(membership, by):
        raise MembershipError(
            "Clinical access is approved by an admin other than the person and "
            "the admin who asked for it."
        )
    membership.is_clinician = True
    membership.clinician_effective_at = None
    membership.save(update_fields=["is_clinician", "clinician_effective_at"])
    _record(
        membership.clinic,
        StaffEvent.Kind.CLINICAL_APPROVED,
        by,
        membership.user.email,
        now,
    )


@transaction.atomic
def remove_member(*, membership: Membership, by: User, now: datetime) -> None:
    """Remove a member; the last admin cannot be removed (someone must manage staff)."""
    others = Membership.objects.filter(clinic=membership.clinic, is_admin=True).exclude(
        pk=membership.pk
    )
    if membership.is_admin and not others.exists():
        raise MembershipError(
            "A clinic needs at least one admin: add another admin first."
        )
    _record(membership.clinic, StaffEvent.Kind.REMOVED, by, membership.user.email, now)
    membership.delete()


@transaction.atomic
def confirm_alone(
    *, membership: Membership, by: User, password: str, now: datetime
) -> datetime:
    """Confirm clinical access in a clinic with no second admin; returns when it starts.

    The admin gives their password again (whoever sits at an open session cannot
    do it), and the access starts only after the waiting period. Runners who
    share with the clinic and the staff are told now, so nobody's records are
    opened to someone new without notice and a chance to withdraw.
    """
    if not by.check_password(password):
        raise MembershipError("That is not your password; nothing was changed.")
    if not may_confirm_alone(membership, by):
        raise MembershipError(
            "This clinic has another admin, who approves clinical access; "
            "or it is confirmed already."
        )
    starts = now + timedelta(hours=settings.SOLE_ADMIN_WAIT_H)
    membership.clinician_confirmed_by = by
    membership.clinician_effective_at = starts
    membership.save(update_fields=["clinician_confirmed_by", "clinician_effective_at"])
    _record(
        membership.clinic,
        StaffEvent.Kind.CONFIRMED_ALONE,
        by,
        membership.user.email,
        now,
    )
    _notify_of_new_access(membership, confirmed_by=by)
    transaction.on_commit(
        lambda: start_clinical_access.using(run_after=starts).enqueue(
            membership_id=membership.pk
        )
    )
    return starts


def _notify_of_new_access(membership: Membership, *, confirmed_by: User) -> None:
    clinic = membership.clinic
    sharing = Runner.objects.filter(
        grants__clinic=clinic, grants__withdrawn_at__isnull=True
    ).select_related("user")
    queue_mail(
        template="clinics/new_clinician_runner",
        to=[runner.user for runner in sharing],
        about=membership,
    )
    staff = [
        m.user
        for m in clinic.memberships.select_related("user")
        if m.user_id != confirmed_by.pk
    ]
    queue_mail(template="clinics/new_clinician_staff", to=staff, about=membership)


@transaction.atomic
def cancel_confirmation(*, membership: Membership, by: User, now: datetime) -> None:
    """Undo a sole admin's confirmation before it takes effect (the request stays)."""
    if (
        membership.is_clinician
        or membership.clinician_effective_at is None
        or not _is_admin(membership.clinic, by)
    ):
        raise MembershipError("There is no waiting confirmation to cancel.")
    membership.clinician_confirmed_by = None
    membership.clinician_effective_at = None
    membership.save(update_fields=["clinician_confirmed_by", "clinician_effective_at"])
    _record(
        membership.clinic,
        StaffEvent.Kind.CONFIRMATION_CANCELLED,
        by,
        membership.user.email,
        now,
    )


@transaction.atomic
def start_access_when_due(*, membership_id: int, now: datetime) -> bool:
    """Give clinical access once a sole admin's waiting period is over; True if given.

    Does nothing if the confirmation was cancelled, the member removed, or the
    access already given (a second admin approved meanwhile).
    """
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("clinic", "user", "clinician_confirmed_by")
        .filter(
            pk=membership_id,
            is_clinician=False,
            clinician_requested_at__isnull=False,
            clinician_effective_at__lte=now,
        )
        .first()
    )
    if membership is None or membership.clinician_confirmed_by is None:
        return False
    membership.is_clinician = True
    membership.save(update_fields=["is_clinician"])
    _record(
        membership.clinic,
        StaffEvent.Kind.CLINICAL_EFFECTIVE,
        membership.clinician_confirmed_by,
        membership.user.email,
        now,
    )
    return True


@task()
def start_clinical_access(*, membership_id: int) -> bool:
    """Queued for the end of the waiting period by `confirm_alone`."""
    return start_access_when_due(membership_id=membership_id, now=timezone.now())
