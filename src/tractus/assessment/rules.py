"""The rules that read a head-to-toe exam, and what it tells the programme.

Hip strength normalised to body mass (and body weight x height) with the limb
symmetry, the FPI-6 band, the flexibility and control rules, each citing the
clinical.md section it comes from. `to_assessment_findings` gives the programme
generator (`tractus.rehab`) the yes/no findings it plans from.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tractus.assessment.exam import (
    HeadToToeExam,
    LegExam,
    SquatRating,
    TestResult,
)
from tractus.assessment.norms import (
    GRAVITY_M_PER_S2,
    STRENGTH_DEFICIT_WEAK_PCT,
    THOMAS_KNEE_SHORT_BELOW_DEG,
)
from tractus.rehab.findings import AssessmentFindings, Side

__all__ = [
    "FootPosture",
    "LEGS",
    "HipMovement",
    "StrengthResult",
    "foot_posture",
    "is_short_rectus_femoris",
    "is_tight_tfl_itb",
    "hhd_force",
    "is_weak",
    "normalise_strength",
    "other_leg",
    "painful_legs",
    "strength_results",
    "to_assessment_findings",
]


class HipMovement(StrEnum):
    ABDUCTION = "abduction"
    EXTERNAL_ROTATION = "external_rotation"
    EXTENSION = "extension"

    @property
    def label(self) -> str:
        """Plain name: "external rotation"."""
        return self.value.replace("_", " ")


class FootPosture(StrEnum):
    """FPI-6 bands (clinical.md §7.4, Redmond 2006)."""

    HIGHLY_SUPINATED = "highly supinated"
    SUPINATED = "supinated"
    NORMAL = "normal"
    PRONATED = "pronated"
    HIGHLY_PRONATED = "highly pronated"


@dataclass(frozen=True, slots=True)
class StrengthResult:
    """One HHD measurement, normalised; symmetry is this leg as % of the other."""

    side: Side
    movement: HipMovement
    force_n: float
    torque_nm: float | None
    torque_nm_per_kg: float | None
    pct_bw_h: float | None  # torque as % body weight x height (Fredericson 2000)
    force_n_per_kg: float
    symmetry_pct: float | None


def normalise_strength(
    force_n: float, *, body_mass_kg: float, height_m: float, lever_arm_m: float | None
) -> tuple[float | None, float | None, float | None]:
    """Torque (N·m), torque per kg (N·m/kg) and %BW·h from an HHD force.

    References
    ----------
    clinical.md §1.2, §4.3, §7.6: normalise to body weight x height or to body
    mass x lever arm (Fredericson 2000 reports %BW·h).
    """
    if lever_arm_m is None:
        return None, None, None
    torque = force_n * lever_arm_m
    pct_bw_h = 100 * torque / (body_mass_kg * GRAVITY_M_PER_S2 * height_m)
    return torque, torque / body_mass_kg, pct_bw_h


def foot_posture(items: tuple[int, ...]) -> tuple[int, FootPosture]:
    """FPI-6 total (-12 to +12) and its band (clinical.md §7.4)."""
    total = sum(items)
    if total >= 10:
        return total, FootPosture.HIGHLY_PRONATED
    if total >= 6:
        return total, FootPosture.PRONATED
    if total >= 0:
        return total, FootPosture.NORMAL
    if total >= -4:
        return total, FootPosture.SUPINATED
    return total, FootPosture.HIGHLY_SUPINATED


_FORCE_FIELD = {
    HipMovement.ABDUCTION: "hip_abduction_n",
    HipMovement.EXTERNAL_ROTATION: "hip_external_rotation_n",
    HipMovement.EXTENSION: "hip_extension_n",
}
LEGS = (Side.LEFT, Side.RIGHT)


def other_leg(side: Side) -> Side:
    return Side.RIGHT if side is Side.LEFT else Side.LEFT


def hhd_force(exam: HeadToToeExam, side: Side, movement: HipMovement) -> float | None:
    value: float | None = getattr(exam.leg(side), _FORCE_FIELD[movement])
    return value


def strength_results(exam: HeadToToeExam) -> tuple[StrengthResult, ...]:
    """Every HHD force recorded, normalised, with the symmetry to the other leg."""
    results = []
    for movement in HipMovement:
        for side in LEGS:
            force = hhd_force(exam, side, movement)
            if force is None:
                continue
            other = hhd_force(exam, other_leg(side), movement)
            torque, per_kg, pct = normalise_strength(
                force,
                body_mass_kg=exam.body_mass_kg,
                height_m=exam.height_m,
                lever_arm_m=exam.hip_lever_arm_m,
            )
            symmetry = 100 * force / other if other else None
            results.append(
                StrengthResult(
                    side=side,
                    movement=movement,
                    force_n=force,
                    torque_nm=torque,
                    torque_nm_per_kg=per_kg,
                    pct_bw_h=pct,
                    force_n_per_kg=force / exam.body_mass_kg,
                    symmetry_pct=symmetry,
                )
            )
    return tuple(results)


def painful_legs(exam: HeadToToeExam) -> tuple[Side, ...]:
    return LEGS if exam.affected_side is Side.BOTH else (exam.affected_side,)


def is_weak(exam: HeadToToeExam, movement: HipMovement) -> bool:
    """The painful leg is at least 20% weaker than the other (clinical.md §4.3).

    With both knees painful there is no healthy leg to compare with, so no
    weakness is called from the numbers.
    """
    if exam.affected_side is Side.BOTH:
        return False
    side = exam.affected_side
    force, other = (
        hhd_force(exam, side, movement),
        hhd_force(exam, other_leg(side), movement),
    )
    if force is None or not other:
        return False
    return 100 * (other - force) / other >= STRENGTH_DEFICIT_WEAK_PCT


def is_tight_tfl_itb(leg: LegExam) -> bool:
    """Positive Ober, or the thigh drifting into abduction on the Thomas test (§1.2)."""
    return leg.ober is TestResult.POSITIVE or leg.thomas_thigh_abducts


def is_short_rectus_femoris(leg: LegExam) -> bool:
    """Modified Thomas knee flexion under 67° (clinical.md §1.2)."""
    knee = leg.thomas_knee_flexion_deg
    return knee is not None and knee < THOMAS_KNEE_SHORT_BELOW_DEG


def to_assessment_findings(exam: HeadToToeExam) -> AssessmentFindings:
    """The findings the programme generator plans from (clinical.md §1.6)."""
    painful = [exam.leg(s) for s in painful_legs(exam)]
    return AssessmentFindings(
        weak_hip_abductors=is_weak(exam, HipMovement.ABDUCTION),
        weak_hip_external_rotators=is_weak(exam, HipMovement.EXTERNAL_ROTATION),
        tight_tfl_itb=any(is_tight_tfl_itb(leg) for leg in painful),
        tight_quadriceps=any(is_short_rectus_femoris(leg) for leg in painful),
        poor_single_leg_squat=any(
            leg.single_leg_squat is SquatRating.POOR for leg in painful
        ),
        affected_side=exam.affected_side,
    )
