"""Request types for views that run only for a signed-in user."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from clinic.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request a `@login_required` view receives: `user` is a signed-in `User`.

    An annotation only (the pattern django-stubs documents): Django still builds a
    plain `HttpRequest`, and `login_required` is what makes the narrower type true.
    """

    user: User
