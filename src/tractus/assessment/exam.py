"""The clinician's head-to-toe examination as data (clinical.md §1.6).

`HeadToToeExam` holds what the clinician records, region by region, for both legs.
Nothing is derived here: `tractus.assessment.interpret` reads the exam and says what
it shows. A value the clinician did not measure is `None` (or `TestResult.NOT_TESTED`),
never zero, so "not measured" is never read as "normal".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from tractus.assessment.norms import FPI_ITEM_MAX, FPI_ITEM_MIN, FPI_ITEMS
from tractus.errors import AssessmentInputError
from tractus.rehab.findings import Side

__all__ = [
    "HeadToToeExam",
    "LegExam",
    "LumbarScreen",
    "SquatRating",
    "TestResult",
]


class TestResult(StrEnum):
    """A provocation test: not done, negative, or positive (symptoms reproduced)."""

    __test__ = False  # not a pytest class, despite the name

    NOT_TESTED = "not_tested"
    NEGATIVE = "negative"
    POSITIVE = "positive"


class SquatRating(StrEnum):
    """Single-leg squat, rated as in Crossley 2011 (clinical.md §7.5)."""

    GOOD = "good"
    FAIR = "fair"
    POOR = "poor"


@dataclass(frozen=True, slots=True)
class LegExam:
    """One leg: hip strength (HHD force), flexibility, knee, ankle, foot, control."""

    hip_abduction_n: float | None = None
    hip_external_rotation_n: float | None = None
    hip_extension_n: float | None = None
    ober: TestResult = TestResult.NOT_TESTED
    ober_angle_deg: float | None = None
    thomas_hip_angle_deg: float | None = None
    thomas_knee_flexion_deg: float | None = None
    thomas_thigh_abducts: bool = False
    noble: TestResult = TestResult.NOT_TESTED
    epicondyle_tenderness: TestResult = TestResult.NOT_TESTED
    joint_line_tenderness: TestResult = TestResult.NOT_TESTED
    effusion: TestResult = TestResult.NOT_TESTED
    meniscal_tests: TestResult = TestResult.NOT_TESTED  # McMurray / Thessaly
    varus_valgus_stress: TestResult = TestResult.NOT_TESTED
    patellofemoral_tests: TestResult = TestResult.NOT_TESTED
    dorsiflexion_knee_straight_deg: float | None = None
    dorsiflexion_knee_bent_deg: float | None = None
    foot_posture_index: tuple[int, ...] | None = None  # the six FPI-6 items
    single_leg_squat: SquatRating | None = None
    side_plank_s: float | None = None

    def __post_init__(self) -> None:
        fpi = self.foot_posture_index
        if fpi is None:
            return
        if len(fpi) != len(FPI_ITEMS):
            raise AssessmentInputError(
                "foot_posture_index", f"needs {len(FPI_ITEMS)} items, not {len(fpi)}"
            )
        for name, score in zip(FPI_ITEMS, fpi, strict=True):
            if not FPI_ITEM_MIN <= score <= FPI_ITEM_MAX:
                raise AssessmentInputError(
                    "foot_posture_index",
                    f"{name} must be {FPI_ITEM_MIN} to +{FPI_ITEM_MAX}, not {score}",
                )


@dataclass(frozen=True, slots=True)
class LumbarScreen:
    """Lumbar spine: is the knee pain referred? (clinical.md §1.6, §2)."""

    back_symptoms: bool = False
    neurological_deficit: bool = False  # dermatomes, myotomes, reflexes
    slump: TestResult = TestResult.NOT_TESTED
    straight_leg_raise: TestResult = TestResult.NOT_TESTED


@dataclass(frozen=True, slots=True)
class HeadToToeExam:
    """Everything recorded at one head-to-toe assessment."""

    affected_side: Side
    body_mass_kg: float
    height_m: float
    # Distance from the hip joint centre to the dynamometer pad, for torque.
    hip_lever_arm_m: float | None = None
    left: LegExam = field(default_factory=LegExam)
    right: LegExam = field(default_factory=LegExam)
    lumbar: LumbarScreen = field(default_factory=LumbarScreen)
    trunk_lean: bool = False  # over the stance leg, in single-leg squat or running
    pelvic_drop: bool = False  # contralateral, in single-leg stance or squat
    leg_length_difference_mm: float | None = None
    shoe_distance_km: float | None = None
    running_video: str = ""  # the motion-lab analysis reviewed, if any

    def __post_init__(self) -> None:
        if not 20 <= self.body_mass_kg <= 250:
            raise AssessmentInputError(
                "body_mass_kg", f"must be 20 to 250 kg, not {self.body_mass_kg}"
            )
        if not 1.0 <= self.height_m <= 2.5:
            raise AssessmentInputError(
                "height_m", f"must be 1.0 to 2.5 m, not {self.height_m}"
            )
        lever = self.hip_lever_arm_m
        if lever is not None and not 0.1 <= lever <= 1.2:
            raise AssessmentInputError(
                "hip_lever_arm_m", f"must be 0.1 to 1.2 m, not {lever}"
            )

    def leg(self, side: Side) -> LegExam:
        """The exam of one leg (`Side.LEFT` or `Side.RIGHT`)."""
        return self.left if side is Side.LEFT else self.right
