"""Forms of the booking flow."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django import forms
from django.db.models import QuerySet

from clinic.accounts.forms import consent_field
from clinic.accounts.models import User
from clinic.bookings.models import (
    AppointmentType,
    BookingSettings,
    Location,
    TimeOff,
    WorkingHours,
)
from clinic.bookings.selectors import zone_named
from clinic.lib.forms import cap_fields

# The formats <input type=date> and datetime-local accept; the locale's (en-gb:
# "07/12/2026") leaves them blank.
ISO_DATE = "%Y-%m-%d"
ISO_MINUTE = "%Y-%m-%dT%H:%M"


class SlotChoiceForm(forms.Form):
    """The slot a runner picked: a clinician and a start time (UTC, ISO 8601)."""

    # Bounded to the id column's range: a larger number is a 400, not a database error.
    clinician = forms.IntegerField(min_value=1, max_value=2**63 - 1)
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

    def __init__(
        self, *args: Any, guest: bool, already_shared: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.guest = guest
        if already_shared:
            # The clinic sees the intake already: an unticked box would read as "not shared".
            del self.fields["share"]
        if guest:
            self.fields["full_name"].required = True
            self.fields["email"].required = True
            # Booking without an account makes one: the same explicit consent as sign-up.
            self.fields["consent"] = consent_field()
        else:
            del self.fields["full_name"], self.fields["email"]

    def clean_timezone(self) -> str:
        name = str(self.cleaned_data.get("timezone") or "")
        return name if zone_named(name) else ""


class WaitlistForm(forms.Form):
    earliest_on = forms.DateField(
        label="From", widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE)
    )
    latest_on = forms.DateField(
        label="Until", widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE)
    )
    clinician = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, empty_label="Anyone"
    )

    def __init__(self, *args: Any, clinicians: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["clinician"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = clinicians


# Upper bounds a clinic's settings never need to pass (a week of notice, a year ahead).
SETTINGS_MAX = {
    "min_notice_min": 7 * 24 * 60,
    "horizon_days": 366,
    "step_min": 240,
    "cancel_cutoff_hours": 7 * 24,
    "claim_window_min": 24 * 60,
    "reminder_hours_before": 7 * 24,
}
APPOINTMENT_MAX = {
    "duration_min": 8 * 60,
    "buffer_before_min": 120,
    "buffer_after_min": 120,
}


class BookingSettingsForm(forms.ModelForm[BookingSettings]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cap_fields(self, SETTINGS_MAX)

    class Meta:
        model = BookingSettings
        fields = [
            "is_open",
            "min_notice_min",
            "horizon_days",
            "step_min",
            "cancel_cutoff_hours",
            "claim_window_min",
            "reminder_hours_before",
        ]

    def clean_step_min(self) -> int:
        step = int(self.cleaned_data["step_min"])
        if step < 5:
            raise forms.ValidationError(
                "Start times need at least 5 minutes between them."
            )
        return step


class LocationForm(forms.ModelForm[Location]):
    class Meta:
        model = Location
        fields = ["name", "address", "time_zone"]

    def clean_time_zone(self) -> str:
        name = str(self.cleaned_data["time_zone"])
        if zone_named(name) is None:
            raise forms.ValidationError(
                f"{name!r} is not a time zone: use a name like Europe/London."
            )
        return name


class AppointmentTypeForm(forms.ModelForm[AppointmentType]):
    class Meta:
        model = AppointmentType
        fields = [
            "name",
            "kind",
            "description",
            "duration_min",
            "buffer_before_min",
            "buffer_after_min",
            "open_to_new_patients",
            "is_active",
            "clinicians",
        ]
        widgets = {"clinicians": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, clinicians: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cap_fields(self, APPOINTMENT_MAX)
        field = self.fields["clinicians"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = clinicians


class WorkingHoursForm(forms.ModelForm[WorkingHours]):
    class Meta:
        model = WorkingHours
        fields = ["weekday", "opens", "closes", "location"]
        widgets = {
            "opens": forms.TimeInput(attrs={"type": "time"}),
            "closes": forms.TimeInput(attrs={"type": "time"}),
        }

    def __init__(
        self, *args: Any, locations: QuerySet[Location], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["location"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = locations

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens"), data.get("closes")
        if opens and closes and closes <= opens:
            raise forms.ValidationError("Closing time must come after opening time.")
        return data


class TimeOffForm(forms.ModelForm[TimeOff]):
    """Dates and times are read in the clinic's zone (the view activates it)."""

    class Meta:
        model = TimeOff
        fields = ["starts_at", "ends_at", "reason"]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format=ISO_MINUTE
            ),
            "ends_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format=ISO_MINUTE
            ),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            raise forms.ValidationError("Time off must end after it starts.")
        return data
