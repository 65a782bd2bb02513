"""Sign-up, log-in and password-reset forms."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html

from clinic.accounts.models import User
from clinic.lib.mail import queue_mail


def _consent_help() -> str:
    return format_html(
        'Read the <a href="{}">privacy notice</a>: what is kept, who sees it, '
        "how to download or erase it. You can withdraw by erasing your account.",
        reverse_lazy("accounts:privacy"),
    )


def consent_field() -> forms.BooleanField:
    """Explicit consent: an unticked box the person ticks themselves."""
    return forms.BooleanField(
        label="I agree that Tractus keeps and uses my health data (symptoms, "
        "runs, videos, rehab and appointments) to give me this service, as "
        "the privacy notice describes.",
        help_text=lazy(_consent_help, str)(),
        error_messages={
            "required": "Tick the box to agree: Tractus cannot hold your health "
            "data without your consent."
        },
    )


class ConsentForm(forms.Form):
    consent = consent_field()


class SignUpForm(forms.ModelForm[User]):
    # Filled in by the browser (Intl API); an unknown or missing value keeps the default.
    timezone = forms.CharField(required=False, widget=forms.HiddenInput)

    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent = consent_field()

    class Meta:
        model = User
        fields = ["full_name", "email"]
        labels = {"full_name": "Your name", "email": "E-mail"}
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "email"})}

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        # A taken address is not refused here: that would tell anyone who has an
        # account (sign_up_runner writes to its owner instead).
        return email.strip().lower()

    def validate_unique(self) -> None:
        """Skipped: "already exists" would disclose the account (see clean_email)."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "The two passwords differ.")
        elif p1:
            user = User(
                email=cleaned.get("email", ""), full_name=cleaned.get("full_name", "")
            )
            try:
                password_validation.validate_password(p1, user)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned

    def clean_timezone(self) -> str:
        name = str(self.cleaned_data.get("timezone") or "")
        return name if name in zoneinfo.available_timezones() else ""

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        user.set_password(self.cleaned_data["password1"])
        if commit:
            user.save()
        return user


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label="E-mail",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()


class QueuedPasswordResetForm(PasswordResetForm):
    """Password reset whose e-mail goes through the task worker.

    Only the account's id is queued: the worker makes the link when it sends,
    so no reset link ever sits in the task table.
    """

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        queue_mail(template="accounts/password_reset", to=[context["user"]])


class EmailChangeForm(forms.Form):
    """A new address, and the password: whoever holds an open session alone
    cannot move the account (and its password resets) to their own mailbox."""

    new_email = forms.EmailField(
        label="New e-mail address",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="We send a link there. Nothing changes until you open it.",
    )
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_new_email(self) -> str:
        email = str(self.cleaned_data["new_email"]).strip().lower()
        if email == self.user.email:
            raise forms.ValidationError("That is already your address.")
        return email

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password
