"""The head-to-toe assessment: normalisation, cut-offs, findings for the plan, JSON."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tractus.assessment as assessment
from tractus.assessment import (
    FootPosture,
    HeadToToeExam,
    LegExam,
    SquatRating,
    TestResult,
    exam_from_dict,
    exam_to_dict,
    foot_posture,
    interpret,
    normalise_strength,
    to_assessment_findings,
)
from tractus.errors import AssessmentInputError
from tractus.rehab.findings import Side


def _exam(**changes: object) -> HeadToToeExam:
    base = HeadToToeExam(
        affected_side=Side.RIGHT, body_mass_kg=70.0, height_m=1.75, hip_lever_arm_m=0.42
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_the_public_api_is_listed_and_sorted() -> None:
    assert assessment.__all__ == sorted(assessment.__all__)
    assert all(hasattr(assessment, name) for name in assessment.__all__)


class TestNormaliseStrength:
    def test_known_values(self) -> None:
        torque, per_kg, pct = normalise_strength(
            100.0, body_mass_kg=50.0, height_m=2.0, lever_arm_m=0.5
        )
        assert torque == pytest.approx(50.0)
        assert per_kg == pytest.approx(1.0)
        assert pct == pytest.approx(100 * 50.0 / (50.0 * 9.81 * 2.0))

    def test_without_lever_arm_no_torque_is_claimed(self) -> None:
        assert normalise_strength(
            100.0, body_mass_kg=50.0, height_m=2.0, lever_arm_m=None
        ) == (None, None, None)

    @given(
        force=st.floats(1, 1000),
        mass=st.floats(20, 250),
        height=st.floats(1.0, 2.5),
        lever=st.floats(0.1, 1.2),
        scale=st.floats(0.5, 2.0),
    )
    def test_torque_per_kg_is_unchanged_when_force_and_mass_scale_together(
        self, force: float, mass: float, height: float, lever: float, scale: float
    ) -> None:
        _, a, _ = normalise_strength(
            force, body_mass_kg=mass, height_m=height, lever_arm_m=lever
        )
        _, b, _ = normalise_strength(
            force * scale, body_mass_kg=mass * scale, height_m=height, lever_arm_m=lever
        )
        assert a == pytest.approx(b)


class TestHipWeakness:
    def test_a_20_percent_deficit_on_the_painful_side_is_weakness(self) -> None:
        exam = _exam(
            left=LegExam(hip_abduction_n=200.0), right=LegExam(hip_abduction_n=160.0)
        )
        assert to_assessment_findings(exam).weak_hip_abductors
        assert "Weak hip abductors" in interpret(exam).findings[0].text

    def test_a_smaller_deficit_is_not(self) -> None:
        exam = _exam(
            left=LegExam(hip_abduction_n=200.0), right=LegExam(hip_abduction_n=161.0)
        )
        assert not to_assessment_findings(exam).weak_hip_abductors

    def test_the_painless_side_being_weaker_is_not_weakness_of_the_painful_one(
        self,
    ) -> None:
        exam = _exam(
            left=LegExam(hip_abduction_n=100.0), right=LegExam(hip_abduction_n=200.0)
        )
        assert not to_assessment_findings(exam).weak_hip_abductors

    def test_with_both_knees_painful_no_side_is_compared(self) -> None:
        exam = _exam(
            affected_side=Side.BOTH,
            left=LegExam(hip_abduction_n=100.0),
            right=LegExam(hip_abduction_n=200.0),
        )
        assert not to_assessment_findings(exam).weak_hip_abductors

    def test_unmeasured_strength_is_not_weakness(self) -> None:
        assert not to_assessment_findings(_exam()).weak_hip_abductors

    def test_symmetry_is_reported_both_ways(self) -> None:
        exam = _exam(
            left=LegExam(hip_abduction_n=200.0), right=LegExam(hip_abduction_n=150.0)
        )
        by_side = {r.side: r for r in interpret(exam).strength}
        assert by_side[Side.RIGHT].symmetry_pct == pytest.approx(75.0)
        assert by_side[Side.LEFT].symmetry_pct == pytest.approx(400 / 3)


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (-12, FootPosture.HIGHLY_SUPINATED),
        (-5, FootPosture.HIGHLY_SUPINATED),
        (-4, FootPosture.SUPINATED),
        (-1, FootPosture.SUPINATED),
        (0, FootPosture.NORMAL),
        (5, FootPosture.NORMAL),
        (6, FootPosture.PRONATED),
        (9, FootPosture.PRONATED),
        (10, FootPosture.HIGHLY_PRONATED),
        (12, FootPosture.HIGHLY_PRONATED),
    ],
)
def test_foot_posture_bands_follow_redmond(total: int, band: FootPosture) -> None:
    items = [0] * 6
    remaining = total
    for i in range(6):
        step = max(-2, min(2, remaining))
        items[i], remaining = step, remaining - step
    assert foot_posture(tuple(items)) == (total, band)


def test_an_fpi_item_out_of_range_is_refused_naming_it() -> None:
    with pytest.raises(AssessmentInputError, match="talar head palpation"):
        LegExam(foot_posture_index=(3, 0, 0, 0, 0, 0))
    with pytest.raises(AssessmentInputError, match="needs 6 items"):
        LegExam(foot_posture_index=(0, 0))


@pytest.mark.parametrize(
    ("field", "value"),
    [("body_mass_kg", 5.0), ("height_m", 3.0), ("hip_lever_arm_m", 2.0)],
)
def test_implausible_body_measures_are_refused(field: str, value: float) -> None:
    with pytest.raises(AssessmentInputError, match=field):
        _exam(**{field: value})


class TestFlexibilityAndControl:
    def test_thomas_knee_flexion_under_67_is_short_rectus_femoris(self) -> None:
        assert to_assessment_findings(
            _exam(right=LegExam(thomas_knee_flexion_deg=66.0))
        ).tight_quadriceps
        assert not to_assessment_findings(
            _exam(right=LegExam(thomas_knee_flexion_deg=67.0))
        ).tight_quadriceps

    def test_ober_positive_or_thigh_abducting_is_tight_tfl(self) -> None:
        assert to_assessment_findings(
            _exam(right=LegExam(ober=TestResult.POSITIVE))
        ).tight_tfl_itb
        assert to_assessment_findings(
            _exam(right=LegExam(thomas_thigh_abducts=True))
        ).tight_tfl_itb
        assert not to_assessment_findings(
            _exam(left=LegExam(ober=TestResult.POSITIVE))
        ).tight_tfl_itb

    def test_a_poor_squat_on_the_painful_side_is_a_finding(self) -> None:
        found = to_assessment_findings(
            _exam(right=LegExam(single_leg_squat=SquatRating.POOR))
        )
        assert found.poor_single_leg_squat
        assert found.affected_side is Side.RIGHT

    @pytest.mark.parametrize(
        ("straight", "bent", "muscle"),
        [(15.0, 15.0, "soleus"), (15.0, 20.0, "gastrocnemius"), (15.0, None, "gastro")],
    )
    def test_dorsiflexion_under_18_names_the_short_muscle(
        self, straight: float, bent: float | None, muscle: str
    ) -> None:
        exam = _exam(
            left=LegExam(
                dorsiflexion_knee_straight_deg=straight,
                dorsiflexion_knee_bent_deg=bent,
            )
        )
        texts = [f.text for f in interpret(exam).findings]
        assert any(f"short {muscle}" in t for t in texts)

    def test_normal_dorsiflexion_says_nothing(self) -> None:
        exam = _exam(left=LegExam(dorsiflexion_knee_straight_deg=18.0))
        assert interpret(exam).findings == ()

    def test_a_positive_lumbar_screen_is_said_first(self) -> None:
        exam = _exam(
            lumbar=assessment.LumbarScreen(slump=TestResult.POSITIVE),
            right=LegExam(noble=TestResult.POSITIVE),
        )
        findings = interpret(exam).findings
        assert "Lumbar screen positive" in findings[0].text
        assert "no validity study" in findings[-1].text

    def test_every_finding_cites_clinical_md(self) -> None:
        exam = exam_from_dict(exam_to_dict(_full_exam()))
        assert all(
            f.source.startswith("clinical.md §") for f in interpret(exam).findings
        )


def _full_exam() -> HeadToToeExam:
    right = LegExam(
        hip_abduction_n=150.0,
        hip_external_rotation_n=80.0,
        ober=TestResult.POSITIVE,
        ober_angle_deg=-5.0,
        thomas_hip_angle_deg=5.0,
        thomas_knee_flexion_deg=60.0,
        thomas_thigh_abducts=True,
        noble=TestResult.POSITIVE,
        epicondyle_tenderness=TestResult.POSITIVE,
        joint_line_tenderness=TestResult.NEGATIVE,
        dorsiflexion_knee_straight_deg=15.0,
        foot_posture_index=(1, 1, 2, 1, 1, 1),
        single_leg_squat=SquatRating.FAIR,
        side_plank_s=45.0,
    )
    return _exam(
        left=LegExam(hip_abduction_n=200.0, hip_external_rotation_n=100.0),
        right=right,
        trunk_lean=True,
        pelvic_drop=True,
        leg_length_difference_mm=8.0,
        running_video="abc",
        lumbar=assessment.LumbarScreen(back_symptoms=True, neurological_deficit=True),
    )


class TestJson:
    def test_round_trip_gives_an_equal_exam(self) -> None:
        exam = _full_exam()
        assert exam_from_dict(exam_to_dict(exam)) == exam

    @pytest.mark.parametrize(
        ("data", "field"),
        [
            ({"left": {"ober": "maybe"}}, "left.ober"),
            ({"right": {"hip_abduction_n": "strong"}}, "right.hip_abduction_n"),
            ({"right": {"hip_abduction_n": True}}, "right.hip_abduction_n"),
            ({"lumbar": {"slump": "yes"}}, "lumbar.slump"),
            ({"trunk_lean": "yes"}, "trunk_lean"),
            ({"left": {"obr": "positive"}}, "left.obr"),
            ({"body_mass_kg": None}, "body_mass_kg"),
            ({"left": {"foot_posture_index": [1, "2"]}}, "left.foot_posture_index"),
        ],
    )
    def test_bad_values_name_their_field(
        self, data: dict[str, object], field: str
    ) -> None:
        good = exam_to_dict(_exam())
        for key, value in data.items():
            if isinstance(value, dict):
                good[key] = {**good[key], **value}
            else:
                good[key] = value
        with pytest.raises(AssessmentInputError) as error:
            exam_from_dict(good)
        assert error.value.field == field
