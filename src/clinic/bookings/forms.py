"""Forms of the booking flow."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django import forms
from django.db.models import QuerySet

from clinic.accounts.models import User
from clinic.bookings.selectors import zone_named


class SlotChoiceForm(forms.Form):
    """The slot a runner picked: a clinician and a start time (UTC, ISO 8601)."""

    clinician = forms.IntegerField(min_value=1)
    at = forms.CharField(max_length=40)

    def clean_at(self) -> datetime:
        raw = self.cleaned_data["at"]
        try:
            value = datetime.fromisoformat(raw)
        except ValueError as exc:
            raise forms.ValidationError(f"{raw!r} is not a date and time") from exc
        if value.tzinfo is None:
            raise forms.ValidationError("the start time needs its time zone")
        return value.astimezone(UTC)


class ConfirmForm(forms.Form):
    full_name = forms.CharField(label="Your name", max_length=150, required=False)
    email = forms.EmailField(
        label="E-mail",
        required=False,
        help_text="We send the confirmation here. If you have an account, use its "
        "e-mail and the visit is added to it.",
    )
    share = forms.BooleanField(
        required=False,
        label="Share my symptom checks, training history and videos with the clinic, "
        "so my physiotherapist can prepare (you can withdraw this at any time)",
    )
    timezone = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, guest: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.guest = guest
        if guest:
            self.fields["full_name"].required = True
            self.fields["email"].required = True
        else:
            del self.fields["full_name"], self.fields["email"]

    def clean_timezone(self) -> str:
        name = str(self.cleaned_data.get("timezone") or "")
        return name if zone_named(name) else ""


class WaitlistForm(forms.Form):
    earliest_on = forms.DateField(
        label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    latest_on = forms.DateField(
        label="Until", widget=forms.DateInput(attrs={"type": "date"})
    )
    clinician = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, empty_label="Anyone"
    )

    def __init__(self, *args: Any, clinicians: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["clinician"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = clinicians
