"""Creating accounts.

Sign-up answers the same way whether or not the address has an account: the
next step is always in the mailbox. A new address gets a link that confirms
it (and logs in); the owner of an existing account is told someone tried.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode

from clinic.accounts.forms import SignUpForm
from clinic.accounts.models import User
from clinic.accounts.privacy import record_consent
from clinic.lib.mail import queue_mail
from clinic.runners.services import ensure_runner


@transaction.atomic
def sign_up_runner(*, form: SignUpForm, now: datetime) -> None:
    """Create the unconfirmed account and its runner record, or write to the owner.

    The consent ticked on the form is recorded with the notice's version and `now`.
    """
    existing = User.objects.filter(email=form.cleaned_data["email"]).first()
    if existing is not None:
        # Nothing about the account changes: a second sign-up must not set the
        # password of an account awaiting its owner's confirmation.
        template = (
            "accounts/signup_existing" if existing.is_active else "accounts/confirm"
        )
        queue_mail(template=template, to=[existing])
        return
    user = form.save(commit=False)
    user.is_active = False  # until the owner of the address confirms it
    user.save()
    record_consent(user=user, now=now)
    runner = ensure_runner(user)
    if form.cleaned_data.get("timezone"):
        runner.timezone = form.cleaned_data["timezone"]
        runner.save(update_fields=["timezone"])
    queue_mail(template="accounts/confirm", to=[user])


def confirm_sign_up(*, uidb64: str, token: str) -> User | None:
    """Activate the account the link was made for; None if the link is not valid."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    user = User.objects.filter(pk=pk).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    return user
