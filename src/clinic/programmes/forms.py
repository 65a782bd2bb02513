"""Forms of the rehab pages: start, log a session, the next morning, a run, outcomes."""

from __future__ import annotations

from typing import Any

from django import forms

from clinic.lib.forms import cap_fields
from clinic.programmes.models import PlannedExercise, ProgrammeTemplate
from clinic.programmes.selectors import SessionItem
from clinic.runners.models import Runner
from tractus.outcomes import LEFS_ITEMS, LEFS_OPTIONS
from tractus.rehab import EXERCISES, Equipment
from tractus.rehab.findings import MAX_DAYS_PER_WEEK, MIN_DAYS_PER_WEEK

PAIN_CHOICES = [(i, str(i)) for i in range(11)]
EQUIPMENT_LABELS = {
    Equipment.BAND: "A resistance band",
    Equipment.STEP: "A step or stair",
    Equipment.FOAM_ROLLER: "A foam roller",
}


class PainField(forms.TypedChoiceField):
    def __init__(self, label: str, **kwargs: Any) -> None:
        super().__init__(
            label=label,
            choices=PAIN_CHOICES,
            coerce=int,
            widget=forms.RadioSelect(attrs={"class": "pain-scale"}),
            **kwargs,
        )


class StartForm(forms.Form):
    days_per_week = forms.TypedChoiceField(
        label="Strength sessions a week",
        choices=[(d, str(d)) for d in range(MIN_DAYS_PER_WEEK, MAX_DAYS_PER_WEEK + 1)],
        coerce=int,
        initial=3,
    )
    equipment = forms.MultipleChoiceField(
        label="What you have at home",
        choices=[(e.value, EQUIPMENT_LABELS[e]) for e in Equipment],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class SessionLogForm(forms.Form):
    """Sets (and reps) done per exercise, and the worst pain during the session.

    Each exercise starts at what today's log already holds, else at 0 sets: the
    prescription was pre-filled before, so a runner who did one exercise and saved
    logged all of them as done. "Done as planned" on the page fills the prescription.
    """

    pain_during = PainField("Worst knee pain during the session (0 none, 10 worst)")
    notes = forms.CharField(label="Notes", required=False, max_length=500)

    def __init__(self, *args: Any, items: list[SessionItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            done = item.done
            self.fields[f"sets_{item.row.pk}"] = forms.IntegerField(
                label=f"{item.exercise.name}: sets done",
                min_value=0,
                max_value=20,
                required=False,  # left empty: not done, as 0
                initial=done.sets_done if done else 0,
            )
            if item.row.reps:
                self.fields[f"reps_{item.row.pk}"] = forms.IntegerField(
                    label=f"{item.exercise.name}: repetitions per set",
                    min_value=0,
                    max_value=100,
                    required=False,
                    initial=done.reps_done if done else None,
                )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for item in self.items:
            sets = cleaned.get(f"sets_{item.row.pk}")
            reps_name = f"reps_{item.row.pk}"
            if sets and reps_name in self.fields and not cleaned.get(reps_name):
                self.add_error(
                    reps_name,
                    f"{item.exercise.name}: give the repetitions per set "
                    f"(planned: {item.row.reps}), or 0 sets if you did not do it.",
                )
        sets_fields = [f"sets_{item.row.pk}" for item in self.items]
        if sets_fields and not any(cleaned.get(name) for name in sets_fields):
            raise forms.ValidationError(
                "No exercise is marked as done, so nothing was saved. Tap "
                "'Done as planned' on each exercise you did (or type its sets), "
                "or 'All done as planned'."
            )
        return cleaned

    def fields_for(self, item: SessionItem) -> list[forms.BoundField]:
        """The sets (and reps) fields of one exercise, for its card."""
        names = [f"sets_{item.row.pk}", f"reps_{item.row.pk}"]
        return [self[name] for name in names if name in self.fields]

    def done(self) -> list[tuple[SessionItem, int, int | None]]:
        """Each exercise with its sets and reps done; those not done are left out."""
        data = self.cleaned_data
        rows = []
        for item in self.items:
            sets = data.get(f"sets_{item.row.pk}")
            if sets:
                rows.append((item, sets, data.get(f"reps_{item.row.pk}")))
        return rows


class MorningForm(forms.Form):
    pain = PainField("Knee pain this morning (0-10)")
    worse = forms.TypedChoiceField(
        label="Is the knee worse than before yesterday's session?",
        choices=[("no", "No"), ("yes", "Yes, worse or stiffer")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )


class RunLogForm(forms.Form):
    # <input type=date> takes only ISO dates: en-gb's "07/12/2026" left it blank.
    day = forms.DateField(
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    distance_km = forms.DecimalField(
        label="Distance (km)", min_value=0, max_value=200, decimal_places=2
    )
    duration_min = forms.IntegerField(
        label="Time (minutes)", min_value=1, max_value=600
    )
    pain_max = PainField("Worst knee pain during the run")
    pain_started_km = forms.DecimalField(
        label="Where the pain started (km into the run; empty if it did not)",
        min_value=0,
        max_value=200,
        decimal_places=2,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, distance = cleaned.get("pain_started_km"), cleaned.get("distance_km")
        if start is not None and distance is not None and start > distance:
            self.add_error("pain_started_km", "Pain cannot start after the run ended.")
        return cleaned


class PainOutcomeForm(forms.Form):
    pain_run = PainField("Worst pain during your last run", required=False)
    pain_rest = PainField("Pain at rest today")
    pain_free_distance_km = forms.DecimalField(
        label="How far you can run without pain (km)",
        min_value=0,
        max_value=200,
        decimal_places=2,
        required=False,
    )


class LefsForm(forms.Form):
    """The 20 LEFS items; every one must be answered (a partial form is not scored)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number, text in enumerate(LEFS_ITEMS, start=1):
            self.fields[f"item_{number}"] = forms.TypedChoiceField(
                label=f"{number}. {text}",
                choices=LEFS_OPTIONS,
                coerce=int,
                widget=forms.RadioSelect,
            )

    def answers(self) -> list[int]:
        return [self.cleaned_data[f"item_{n}"] for n in range(1, len(LEFS_ITEMS) + 1)]


PLANNED_MAX = {"sets": 20, "reps": 100, "hold_s": 600, "rest_s": 900}


class PlannedExerciseForm(forms.ModelForm[PlannedExercise]):
    exercise_id = forms.ChoiceField(
        label="Exercise",
        choices=[
            ("", "Add an exercise"),
            *((e.id, e.name) for e in EXERCISES.values()),
        ],
    )

    class Meta:
        model = PlannedExercise
        fields = ["exercise_id", "sets", "reps", "hold_s", "rest_s", "per_side", "note"]
        labels = {"hold_s": "Hold (s)", "rest_s": "Rest (s)", "per_side": "Each side"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Upper bounds a typing slip cannot pass (not dosing rules: the plan's
        # own rules choose the dose).
        cap_fields(self, PLANNED_MAX)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if bool(cleaned.get("reps")) == bool(cleaned.get("hold_s")):
            raise forms.ValidationError("Give either repetitions or a hold time.")
        return cleaned


PlannedExerciseFormSet = forms.modelformset_factory(
    PlannedExercise, form=PlannedExerciseForm, extra=1, can_delete=True
)


class TemplateForm(forms.Form):
    name = forms.CharField(label="Template name", max_length=120)


class AssignForm(forms.Form):
    template = forms.ModelChoiceField(
        label="Template", queryset=ProgrammeTemplate.objects.none()
    )
    runners = forms.ModelMultipleChoiceField(
        label="Runners",
        queryset=Runner.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, templates: Any, runners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates  # type: ignore[attr-defined]
        self.fields["runners"].queryset = runners  # type: ignore[attr-defined]
