"""The head-to-toe assessment form: one row per test, left and right side by side.

The rows follow clinical.md §1.6 region by region. The form only parses what was
typed; `to_exam` hands it to the core, whose errors name the field they concern.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms

from tractus.assessment import (
    HeadToToeExam,
    LegExam,
    LumbarScreen,
    SquatRating,
    TestResult,
)
from tractus.assessment.norms import FPI_ITEMS
from tractus.errors import AssessmentInputError
from tractus.rehab.findings import Side

TEST_CHOICES = [
    (TestResult.NOT_TESTED.value, "·"),
    (TestResult.NEGATIVE.value, "−"),
    (TestResult.POSITIVE.value, "+"),
]
SQUAT_CHOICES = [("", "·")] + [(r.value, r.value.capitalize()) for r in SquatRating]
FPI_CHOICES = [("", "·")] + [(str(v), f"{v:+d}") for v in range(-2, 3)]


@dataclass(frozen=True)
class Row:
    name: str  # the LegExam field
    label: str
    kind: str  # "number", "test", "check", "squat", "fpi"
    low: float = 0.0
    high: float = 0.0


REGIONS: list[tuple[str, str, list[Row]]] = [
    ("Hip strength", "Hand-held dynamometer, side-lying; peak force of 3 (§1.2, §4.3)", [
        Row("hip_abduction_n", "Abduction", "number", 10, 1000),
        Row("hip_external_rotation_n", "External rotation", "number", 10, 1000),
        Row("hip_extension_n", "Extension", "number", 10, 1000),
    ]),
    ("Flexibility", "Ober in a standardised position; modified Thomas (§1.2)", [
        Row("ober", "Ober (leg stays up)", "test"),
        Row("ober_angle_deg", "Ober angle (inclinometer)", "number", -40, 40),
        Row("thomas_hip_angle_deg", "Thomas: hip above horizontal", "number", -30, 60),
        Row("thomas_knee_flexion_deg", "Thomas: knee flexion", "number", 0, 150),
        Row("thomas_thigh_abducts", "Thomas: thigh drifts into abduction", "check"),
    ]),
    ("Knee", "Palpation and provocation (§1.2, §2)", [
        Row("epicondyle_tenderness", "Lateral epicondyle tender", "test"),
        Row("noble", "Noble compression", "test"),
        Row("joint_line_tenderness", "Joint-line tenderness", "test"),
        Row("effusion", "Effusion", "test"),
        Row("meniscal_tests", "McMurray / Thessaly", "test"),
        Row("varus_valgus_stress", "Varus / valgus stress", "test"),
        Row("patellofemoral_tests", "Patellofemoral tests", "test"),
    ]),
    ("Ankle and foot", "Passive dorsiflexion (§1.6); FPI-6 (§7.4)", [
        Row("dorsiflexion_knee_straight_deg", "Dorsiflexion, knee straight", "number", -20, 60),
        Row("dorsiflexion_knee_bent_deg", "Dorsiflexion, knee bent", "number", -20, 60),
        *[Row(f"fpi_{i}", f"FPI: {name}", "fpi") for i, name in enumerate(FPI_ITEMS)],
    ]),
    ("Control and trunk", "Single-leg squat (§7.5); side plank (§1.6)", [
        Row("single_leg_squat", "Single-leg squat", "squat"),
        Row("side_plank_s", "Side-plank hold", "number", 0, 600),
    ]),
]  # fmt: skip
LEGS = (("left", Side.LEFT), ("right", Side.RIGHT))


# A number field's unit, from its name's suffix (names carry units, STYLE.md).
_UNIT_SUFFIXES = {
    "_n": "N",
    "_deg": "°",
    "_cm": "cm",
    "_mm": "mm",
    "_km": "km",
    "_kg": "kg",
    "_m": "m",
    "_s": "s",
}


def unit_of(field_name: str) -> str:
    """The unit a number field is entered in ("" when its name carries none)."""
    return next(
        (
            unit
            for suffix, unit in _UNIT_SUFFIXES.items()
            if field_name.endswith(suffix)
        ),
        "",
    )


def _field(row: Row) -> forms.Field:
    if row.kind == "number":
        return forms.FloatField(
            required=False, min_value=row.low, max_value=row.high, label=row.label
        )
    if row.kind == "test":
        return forms.ChoiceField(
            choices=TEST_CHOICES,
            initial=TestResult.NOT_TESTED.value,
            widget=forms.RadioSelect(attrs={"class": "pm"}),
            label=row.label,
        )
    if row.kind == "check":
        return forms.BooleanField(required=False, label=row.label)
    choices = SQUAT_CHOICES if row.kind == "squat" else FPI_CHOICES
    return forms.ChoiceField(choices=choices, required=False, label=row.label)


def _spoken_name(label: str, unit: str) -> str:
    """An input's accessible name with its unit ("Abduction, left, in N")."""
    return f"{label}, in {unit}" if unit else label


class AssessmentForm(forms.Form):
    affected_side = forms.ChoiceField(
        choices=[(s.value, s.value.capitalize()) for s in Side],
        widget=forms.RadioSelect,
        label="Painful knee",
    )
    body_mass_kg = forms.FloatField(min_value=20, max_value=250, label="Body mass")
    height_cm = forms.FloatField(min_value=100, max_value=250, label="Height")
    hip_lever_arm_cm = forms.FloatField(
        required=False,
        min_value=10,
        max_value=120,
        label="Lever arm",
        help_text="Hip joint centre to the dynamometer pad; gives torque and %BW·h.",
    )
    back_symptoms = forms.BooleanField(required=False, label="Back or buttock symptoms")
    neurological_deficit = forms.BooleanField(
        required=False, label="Neurological deficit (dermatomes, myotomes, reflexes)"
    )
    slump = _field(Row("slump", "Slump", "test"))
    straight_leg_raise = _field(Row("straight_leg_raise", "Straight-leg raise", "test"))
    trunk_lean = forms.BooleanField(required=False, label="Trunk lean over stance leg")
    pelvic_drop = forms.BooleanField(required=False, label="Contralateral pelvic drop")
    leg_length_difference_mm = forms.FloatField(
        required=False, min_value=0, max_value=100, label="Leg-length difference"
    )
    shoe_distance_km = forms.FloatField(
        required=False, min_value=0, max_value=5000, label="Shoes: distance run"
    )
    running_video = forms.ChoiceField(
        required=False, label="Running video reviewed", choices=[("", "None")]
    )
    update_programme = forms.BooleanField(
        required=False,
        initial=True,
        label="Plan the runner's programme from these findings",
    )

    def __init__(self, *args: Any, videos: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for prefix, side in LEGS:
            for _, _, rows in REGIONS:
                for row in rows:
                    field = self.fields[f"{prefix}_{row.name}"] = _field(row)
                    # The table's row and column headers are not labels: each input
                    # is named for a screen reader (a group of choices in the template).
                    if not isinstance(field.widget, forms.RadioSelect):
                        field.widget.attrs["aria-label"] = _spoken_name(
                            f"{row.label}, {side.value}", unit_of(row.name)
                        )
        for name, field in self.fields.items():
            # The unit shows beside the input and is part of its spoken name.
            if isinstance(field, forms.FloatField) and not name.startswith(
                ("left_", "right_")
            ):
                field.widget.attrs["aria-label"] = _spoken_name(
                    str(field.label), unit_of(name)
                )
        video_field = self.fields["running_video"]
        assert isinstance(video_field, forms.ChoiceField)
        video_field.choices = [("", "None"), *videos]

    def regions(self) -> list[tuple[str, str, list[tuple[str, str, Any, Any]]]]:
        """Each region's rows as (label, unit, left bound field, right bound field)."""
        return [
            (title, hint, [(r.label, unit_of(r.name) if r.kind == "number" else "",
                            self[f"left_{r.name}"], self[f"right_{r.name}"])
                           for r in rows])
            for title, hint, rows in REGIONS
        ]  # fmt: skip

    def unit(self, name: str) -> str:
        return unit_of(name)

    def _leg(self, prefix: str) -> LegExam:
        data = self.cleaned_data
        values: dict[str, Any] = {}
        fpi: list[int] = []
        for _, _, rows in REGIONS:
            for row in rows:
                value = data.get(f"{prefix}_{row.name}")
                if row.kind == "fpi":
                    if value not in (None, ""):
                        fpi.append(int(value))
                elif row.kind == "squat":
                    values[row.name] = SquatRating(value) if value else None
                elif row.kind == "test":
                    values[row.name] = TestResult(value or TestResult.NOT_TESTED)
                else:
                    values[row.name] = value
        if fpi:
            values["foot_posture_index"] = tuple(fpi)
        return LegExam(**values)

    def to_exam(self) -> HeadToToeExam | None:
        """The exam, or None with the problem added to the form's errors."""
        d = self.cleaned_data
        lever = d.get("hip_lever_arm_cm")
        try:
            return HeadToToeExam(
                affected_side=Side(d["affected_side"]),
                body_mass_kg=d["body_mass_kg"],
                height_m=d["height_cm"] / 100,
                hip_lever_arm_m=None if lever is None else lever / 100,
                left=self._leg("left"),
                right=self._leg("right"),
                lumbar=LumbarScreen(
                    back_symptoms=d["back_symptoms"],
                    neurological_deficit=d["neurological_deficit"],
                    slump=TestResult(d["slump"]),
                    straight_leg_raise=TestResult(d["straight_leg_raise"]),
                ),
                trunk_lean=d["trunk_lean"],
                pelvic_drop=d["pelvic_drop"],
                leg_length_difference_mm=d.get("leg_length_difference_mm"),
                shoe_distance_km=d.get("shoe_distance_km"),
                running_video=d.get("running_video") or "",
            )
        except AssessmentInputError as exc:
            self.add_error(None, f"{exc.field.replace('_', ' ')}: {exc.problem}")
            return None


class NoteForm(forms.Form):
    subjective = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="S: subjective"
    )
    objective = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="O: objective"
    )
    analysis = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="A: assessment"
    )
    plan = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="P: plan"
    )

    def __init__(self, *args: Any, required: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.required = required  # beside an assessment, the note is optional

    def is_blank(self) -> bool:
        return not any(str(v).strip() for v in self.cleaned_data.values())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.required and not any(str(v).strip() for v in cleaned.values()):
            raise forms.ValidationError("Write at least one part of the note.")
        return cleaned
