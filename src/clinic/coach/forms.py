"""Logging a set on the coach page: by hand, or the pain after a set the camera counted."""

from __future__ import annotations

from typing import Any

from django import forms

from clinic.programmes.forms import PainField
from tractus.motion.coached_set import MAX_REPS

MAX_HOLD_S = 600
"""Ten minutes: longer than any hold or foam-rolling bout the exercise library doses
(a typing-error bound, not a clinical rule)."""
PAIN_LABEL = "Worst knee pain during the set (0 none, 10 worst)"


class SetPainForm(forms.Form):
    """The one question after a set the live coach counted."""

    pain = PainField(PAIN_LABEL)


class ByHandForm(forms.Form):
    """A set the runner counted themself: repetitions or seconds held, and pain."""

    def __init__(self, *args: Any, held: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if held:
            self.fields["hold_s"] = forms.IntegerField(
                label="Seconds held", min_value=1, max_value=MAX_HOLD_S
            )
        else:
            self.fields["reps"] = forms.IntegerField(
                label="Repetitions done", min_value=1, max_value=MAX_REPS
            )
        self.fields["pain"] = PainField(PAIN_LABEL)
