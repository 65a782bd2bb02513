"""Sign-up, log-in and password-reset forms."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm

from clinic.accounts.models import User
from clinic.lib.mail import queue_mail


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
