"""Moving an account to a new e-mail address, confirmed from the new mailbox.

The runner asks (with their password); a link goes to the new address and a
notice to the old one. Nothing about the account changes until the link is
opened and confirmed. The link carries a signed, time-stamped token naming the
request and the address the account had when it was asked for, so it expires
(`EMAIL_CHANGE_LINK_AGE_S`), cannot be forged without the secret key, and dies
once any change of address has happened. The token is made by the worker when
it sends the message; it is never stored.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse

from clinic.accounts.models import EmailChange, User
from clinic.lib.mail import queue_mail

# A day: long enough to reach the new mailbox, short enough that a link left in
# an old mailbox is dead.
EMAIL_CHANGE_LINK_AGE_S = 24 * 3600
_SALT = "clinic.accounts.email-change"


class EmailChangeError(Exception):
    """A confirmation that cannot go ahead; the message is for the person."""


@transaction.atomic
def request_email_change(*, user: User, new_email: str, now: datetime) -> EmailChange:
    """Record the request, write to the new address and tell the old one.

    An earlier request still waiting is cancelled: only the newest link works.
    Whether the new address belongs to another account is not said here (that
    would tell anyone logged in who has an account); the message to that
    address says so instead.
    """
    user.email_changes.filter(confirmed_at=None, cancelled_at=None).update(
        cancelled_at=now
    )
    change = EmailChange.objects.create(
        user=user, old_email=user.email, new_email=new_email, requested_at=now
    )
    taken = User.objects.filter(email=new_email).exclude(pk=user.pk).exists()
    queue_mail(
        template="accounts/email_change_taken"
        if taken
        else "accounts/email_change_confirm",
        to=[user],
        about=change,
        address_field="new_email",
    )
    queue_mail(
        template="accounts/email_change_requested",
        to=[user],
        about=change,
        address_field="old_email",
    )
    return change


def make_token(change: EmailChange) -> str:
    return signing.dumps(
        {"change": change.pk, "from": change.old_email, "to": change.new_email},
        salt=_SALT,
    )


def confirmation_url(change: EmailChange) -> str:
    path = reverse("accounts:email-confirm", args=[make_token(change)])
    return settings.SITE_URL.rstrip("/") + path


def change_for_token(token: str) -> EmailChange:
    """The waiting request a link is for; EmailChangeError says why not."""
    try:
        claim = signing.loads(token, salt=_SALT, max_age=EMAIL_CHANGE_LINK_AGE_S)
    except signing.SignatureExpired as exc:
        raise EmailChangeError(
            "This link has expired. Ask for the change again on My details."
        ) from exc
    except signing.BadSignature as exc:
        raise EmailChangeError("This link is not valid.") from exc
    change = (
        EmailChange.objects.select_related("user")
        .filter(pk=claim.get("change"), new_email=claim.get("to"))
        .first()
    )
    if change is None or not change.is_pending:
        raise EmailChangeError("This link was used already or replaced by a newer one.")
    if change.user.email != claim.get("from") or change.old_email != claim.get("from"):
        raise EmailChangeError("The account's address has changed since this link.")
    return change


@transaction.atomic
def confirm_email_change(*, token: str, now: datetime) -> EmailChange:
    """Move the account to the new address; EmailChangeError if the link cannot."""
    change = change_for_token(token)
    user = User.objects.select_for_update().get(pk=change.user_id)
    if User.objects.filter(email=change.new_email).exclude(pk=user.pk).exists():
        raise EmailChangeError(
            f"{change.new_email} belongs to another account now; nothing was changed."
        )
    user.email = change.new_email
    user.save(update_fields=["email"])
    change.confirmed_at = now
    change.save(update_fields=["confirmed_at"])
    queue_mail(
        template="accounts/email_changed",
        to=[user],
        about=change,
        address_field="old_email",
    )
    return change


def cancel_email_change(*, user: User, now: datetime) -> int:
    """Cancel the request waiting for confirmation; returns how many there were."""
    return user.email_changes.filter(confirmed_at=None, cancelled_at=None).update(
        cancelled_at=now
    )


def pending_email_change(user: User) -> EmailChange | None:
    return user.pending_email_change
