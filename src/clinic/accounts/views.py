"""Sign-up, log-in, log-out, password reset and change, e-mail change, consent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_POST

from clinic.accounts import email_change, privacy
from clinic.accounts.forms import (
    ConsentForm,
    EmailAuthenticationForm,
    EmailChangeForm,
    QueuedPasswordResetForm,
    SignUpForm,
)
from clinic.accounts.services import confirm_sign_up, sign_up_runner
from clinic.accounts.throttle import sign_up_throttled
from clinic.lib.http import AuthenticatedHttpRequest
from clinic.lib.mail import queue_mail
from clinic.triage.services import claim_session_assessments


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        if sign_up_throttled(request):
            context = {"form": form, "throttled": True}
            return render(request, "accounts/signup.html", context, status=429)
        if form.is_valid():
            sign_up_runner(form=form, now=timezone.now())
            # The same page for a new address and a taken one.
            context = {"email": form.cleaned_data["email"]}
            return render(request, "accounts/signup_sent.html", context)
    return render(request, "accounts/signup.html", {"form": form})


def confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link from the sign-up e-mail: the address is confirmed, the runner is in."""
    user = confirm_sign_up(uidb64=uidb64, token=token)
    if user is None:
        return render(request, "accounts/confirm_invalid.html", status=400)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    kept = claim_session_assessments(request=request, user=user)
    if kept:
        messages.success(
            request, "Welcome. Your symptom check is saved to your record."
        )
    else:
        messages.success(request, "Welcome to Tractus.")
    return redirect("home")


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        claim_session_assessments(request=self.request, user=form.get_user())
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's own view (it keeps this session logged in); the owner is told by e-mail."""

    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("runners:details")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        queue_mail(template="accounts/password_changed", to=[form.user])
        messages.success(self.request, "Your password is changed.")
        return response


@login_required
def change_email(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = EmailChangeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        change = email_change.request_email_change(
            user=request.user,
            new_email=form.cleaned_data["new_email"],
            now=timezone.now(),
        )
        messages.success(
            request,
            f"We sent a link to {change.new_email}. Your address stays "
            f"{change.old_email} until you open it.",
        )
        return redirect("runners:details")
    pending = email_change.pending_email_change(request.user)
    return render(
        request, "accounts/email_change.html", {"form": form, "pending": pending}
    )


@login_required
@require_POST
def cancel_email_change(request: AuthenticatedHttpRequest) -> HttpResponse:
    if email_change.cancel_email_change(user=request.user, now=timezone.now()):
        messages.success(request, "The change of e-mail address is cancelled.")
    return redirect("runners:details")


def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the new mailbox: a page with a button (a mail scanner that
    follows links must not confirm), then the change."""
    try:
        if request.method == "POST":
            change = email_change.confirm_email_change(token=token, now=timezone.now())
            if request.user.is_authenticated and request.user.pk == change.user_id:
                messages.success(
                    request, f"Your e-mail address is now {change.new_email}."
                )
                return redirect("runners:details")
            return render(request, "accounts/email_changed.html", {"change": change})
        change = email_change.change_for_token(token)
    except email_change.EmailChangeError as exc:
        context = {"reason": str(exc)}
        return render(
            request, "accounts/email_confirm_invalid.html", context, status=400
        )
    return render(request, "accounts/email_confirm.html", {"change": change})


def privacy_notice(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {
        "version": privacy.notice_version(),
        "contact": settings.PRIVACY_CONTACT,
    }
    return render(request, "accounts/privacy.html", context)


@login_required
def consent(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Agreeing to the current privacy notice (asked at log-in when it changed)."""
    next_url = privacy.safe_next(request, default=str(reverse_lazy("home")))
    if not privacy.needs_consent(request.user):
        privacy.consent_given(request)
        return redirect(next_url)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        privacy.record_consent(user=request.user, now=timezone.now())
        privacy.consent_given(request)
        messages.success(request, "Thank you. Your consent is recorded.")
        return redirect(next_url)
    earlier = request.user.latest_privacy_consent
    context = {
        "form": form,
        "next": next_url,
        "version": privacy.notice_version(),
        "earlier": earlier,
    }
    return render(request, "accounts/consent.html", context)
