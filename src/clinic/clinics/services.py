"""Managing a clinic's staff: invitations, approval of clinical access, removal.

Least privilege for health data: nobody joins a staff without accepting an
invitation, and clinical access (the right to read shared records) takes effect
only when an admin other than the one who asked for it approves. Every step is
written to the clinic's staff trail (`StaffEvent`).
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from clinic.accounts.models import User
from clinic.clinics.models import Clinic, Invitation, Membership, StaffEvent
from clinic.lib.mail import queue_mail


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


def may_approve(membership: Membership, admin: User) -> bool:
    """Another admin than the member and than the one who asked."""
    return (
        membership.awaits_approval
        and admin.pk != membership.user_id
        and admin.pk != membership.clinician_requested_by_id
        and membership.clinic.memberships.filter(user=admin, is_admin=True).exists()
    )


@transaction.atomic
def approve_clinician(*, membership: Membership, by: User, now: datetime) -> None:
    if not may_approve(membership, by):
        raise MembershipError(
            "Clinical access is approved by an admin other than the person and "
            "the admin who asked for it."
        )
    membership.is_clinician = True
    membership.save(update_fields=["is_clinician"])
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
