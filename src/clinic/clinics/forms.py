from __future__ import annotations

from typing import Any

from django import forms


class InviteForm(forms.Form):
    email = forms.EmailField(label="E-mail")
    job_title = forms.CharField(label="Job title", max_length=100, required=False)
    is_clinician = forms.BooleanField(
        label="Clinician (sees the records runners share with the clinic; "
        "another admin approves)",
        required=False,
        initial=True,
    )
    is_admin = forms.BooleanField(
        label="Admin (manages the clinic's staff)", required=False
    )

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("is_clinician") and not cleaned.get("is_admin"):
            raise forms.ValidationError("Give the person at least one role.")
        return cleaned
