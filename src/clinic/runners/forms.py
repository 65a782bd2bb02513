from __future__ import annotations

import zoneinfo

from django import forms

from clinic.clinics.models import Clinic
from clinic.runners.models import Area


class GrantForm(forms.Form):
    clinic = forms.ModelChoiceField(
        queryset=Clinic.objects.all(), empty_label="Choose a clinic"
    )
    areas = forms.MultipleChoiceField(
        label="What the clinic may see",
        choices=Area.choices,
        initial=[a.value for a in Area],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one part of your record to share."
        },
    )

    def chosen_areas(self) -> list[Area]:
        return [Area(a) for a in self.cleaned_data["areas"]]


def _timezone_choices() -> list[tuple[str, str]]:
    return [
        (name, name.replace("_", " "))
        for name in sorted(zoneinfo.available_timezones())
    ]


class DetailsForm(forms.Form):
    """A runner's own details: the name shown to their clinic and their time zone."""

    full_name = forms.CharField(label="Your name", max_length=150)
    timezone = forms.ChoiceField(
        label="Time zone",
        choices=_timezone_choices,
        help_text="Gives each run its local date: a run at 23:30 counts for that evening.",
    )


class DeleteAccountForm(forms.Form):
    confirm_email = forms.EmailField(
        label="Type your e-mail address to confirm",
        help_text="This erases your account and your whole record: symptom checks, runs and "
        "videos. Clinics you shared with lose access at once. It cannot be undone.",
    )

    def __init__(self, *args: object, email: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.email = email

    def clean_confirm_email(self) -> str:
        typed = str(self.cleaned_data["confirm_email"]).strip().lower()
        if typed != self.email:
            raise forms.ValidationError(
                "That is not the e-mail address of this account."
            )
        return typed
