"""Sign-up, log-in, log-out and password reset."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy

from clinic.accounts.forms import (
    EmailAuthenticationForm,
    QueuedPasswordResetForm,
    SignUpForm,
)
from clinic.accounts.services import confirm_sign_up, sign_up_runner
from clinic.accounts.throttle import sign_up_throttled
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
            sign_up_runner(form=form)
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
