"""The privacy notice and each runner's consent to the processing of health data.

Sign-up asks for explicit consent (an unticked box) and records it with the
notice's version and the time. When the notice changes, `PRIVACY_NOTICE_VERSION`
changes with it, and everyone with a runner record who has not agreed to that
version is asked again at their next log-in: until they agree, every page but
the notice, the consent page and their account controls (details, erasure,
download, log-out) sends them to the consent page. Rights over one's data never
wait for consent.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from clinic.accounts.models import PrivacyConsent, User
from clinic.runners.models import Runner

SESSION_KEY = "privacy_consent_needed"
# Pages open to someone who has not agreed to the current notice.
OPEN_WITHOUT_CONSENT = {
    "accounts:privacy",
    "accounts:consent",
    "accounts:logout",
    "runners:details",
    "runners:delete",
    "workspace:record-fhir",
    "runners:data-download",
}


def notice_version() -> str:
    """The version of the privacy notice in force (a setting: the clinic's text)."""
    return str(settings.PRIVACY_NOTICE_VERSION)


def has_consented(user: User) -> bool:
    return user.privacy_consents.filter(
        notice_version=notice_version(), imported=False
    ).exists()


def needs_consent(user: User) -> bool:
    """A person whose health data we hold, who has not agreed to the current notice."""
    return Runner.objects.filter(user=user).exists() and not has_consented(user)


def record_consent(*, user: User, now: datetime) -> PrivacyConsent:
    consent, _ = PrivacyConsent.objects.get_or_create(
        user=user,
        notice_version=notice_version(),
        imported=False,
        defaults={"given_at": now},
    )
    return consent


@receiver(user_logged_in, dispatch_uid="clinic.accounts.privacy_consent")
def ask_for_consent_at_log_in(
    sender: Any, request: HttpRequest | None, user: User, **kwargs: Any
) -> None:
    if request is not None and needs_consent(user):
        request.session[SESSION_KEY] = True


def consent_given(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)


class ConsentMiddleware:
    """Sends someone asked for consent at log-in to the consent page first.

    Only a flag in the session is read on each request: the database is asked
    once, at log-in.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: object, args: object, kwargs: object
    ) -> HttpResponse | None:
        if not request.session.get(SESSION_KEY):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_WITHOUT_CONSENT:
            return None
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('accounts:consent')}?{query}")


def safe_next(request: HttpRequest, default: str) -> str:
    """The `next` address of a form, if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else default
