from __future__ import annotations

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
