"""Shorter sessions for the people who can see other people's records."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from clinic.accounts.models import User


def is_staff_account(user: User) -> bool:
    """Clinic staff (clinician or admin) and site staff: their sessions are short."""
    return user.is_staff or user.memberships.exists()


@receiver(user_logged_in, dispatch_uid="clinic.accounts.staff_session")
def shorten_staff_session(
    sender: Any, request: HttpRequest | None, user: User, **kwargs: Any
) -> None:
    """A stolen or forgotten staff session opens many records: it ends within a day."""
    if request is not None and is_staff_account(user):
        request.session.set_expiry(settings.STAFF_SESSION_AGE_S)
