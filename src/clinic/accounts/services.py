"""Creating accounts."""

from __future__ import annotations

from django.db import transaction

from clinic.accounts.forms import SignUpForm
from clinic.accounts.models import User
from clinic.runners.services import ensure_runner


@transaction.atomic
def sign_up_runner(*, form: SignUpForm) -> User:
    """Create the account and its runner record together, or neither."""
    user = form.save()
    runner = ensure_runner(user)
    if form.cleaned_data.get("timezone"):
        runner.timezone = form.cleaned_data["timezone"]
        runner.save(update_fields=["timezone"])
    return user
