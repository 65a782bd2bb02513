"""Managing a clinic's staff."""

from __future__ import annotations

from django.db import transaction

from clinic.accounts.models import User
from clinic.clinics.models import Clinic, Membership
from clinic.lib.mail import queue_mail


class MembershipError(ValueError):
    """A change to the staff that would leave the clinic in a bad state."""


@transaction.atomic
def add_member(
    *,
    clinic: Clinic,
    email: str,
    full_name: str,
    job_title: str,
    is_clinician: bool,
    is_admin: bool,
) -> Membership:
    """Add someone to the clinic; a new account gets an e-mail to set its password."""
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    membership, _ = Membership.objects.update_or_create(
        clinic=clinic,
        user=user,
        defaults={
            "is_clinician": is_clinician,
            "is_admin": is_admin,
            "job_title": job_title,
        },
    )
    if created:
        queue_mail(template="clinics/welcome", to=[user], about=membership)
    return membership


@transaction.atomic
def remove_member(*, membership: Membership) -> None:
    """Remove a member; the last admin cannot be removed (someone must manage staff)."""
    others = Membership.objects.filter(clinic=membership.clinic, is_admin=True).exclude(
        pk=membership.pk
    )
    if membership.is_admin and not others.exists():
        raise MembershipError(
            "A clinic needs at least one admin: add another admin first."
        )
    membership.delete()
