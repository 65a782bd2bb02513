"""What a head-to-toe exam shows, in a clinician's words, each line with its source.

`interpret` gives the `ExamSummary` the clinician reads and prints: the normalised
strength table and the findings, positive ones first per region. Where the notes
call the evidence weak, the line says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tractus.assessment.exam import HeadToToeExam, LegExam, SquatRating, TestResult
from tractus.assessment.norms import (
    DORSIFLEXION_SHORT_BELOW_DEG,
    STRENGTH_DEFICIT_WEAK_PCT,
    THOMAS_HIP_SHORT_ABOVE_DEG,
    THOMAS_KNEE_SHORT_BELOW_DEG,
)
from tractus.assessment.rules import (
    LEGS,
    HipMovement,
    StrengthResult,
    foot_posture,
    is_weak,
    strength_results,
)
from tractus.rehab.findings import Side

__all__ = ["ExamFinding", "ExamSummary", "interpret"]


@dataclass(frozen=True, slots=True)
class ExamFinding:
    """One line of the summary: what it shows, on which side, and the source."""

    text: str
    source: str
    side: Side | None = None


@dataclass(frozen=True, slots=True)
class ExamSummary:
    strength: tuple[StrengthResult, ...]
    findings: tuple[ExamFinding, ...]


def interpret(exam: HeadToToeExam) -> ExamSummary:
    """Normalised strength and the findings of the exam, each with its source."""
    lines = [*_lumbar(exam), *_hip_strength(exam), *_whole_body(exam)]
    for side in LEGS:
        leg = exam.leg(side)
        lines += [
            ExamFinding(text, source, side)
            for text, source in (*_flexibility(leg), *_knee(leg), *_ankle_foot(leg))
        ]
    return ExamSummary(strength_results(exam), tuple(lines))


def _lumbar(exam: HeadToToeExam) -> Iterator[ExamFinding]:
    screen = exam.lumbar
    signs = [
        screen.back_symptoms,
        screen.neurological_deficit,
        screen.slump is TestResult.POSITIVE,
        screen.straight_leg_raise is TestResult.POSITIVE,
    ]
    if any(signs):
        yield ExamFinding(
            "Lumbar screen positive: referred pain from the lumbar spine not excluded.",
            "clinical.md §1.6, §2 (Brukner & Khan)",
        )
    if screen.neurological_deficit:
        yield ExamFinding(
            "Neurological deficit: check the red flags before loading.",
            "clinical.md §3",
        )


def _hip_strength(exam: HeadToToeExam) -> Iterator[ExamFinding]:
    names = {
        HipMovement.ABDUCTION: "hip abductors",
        HipMovement.EXTERNAL_ROTATION: "hip external rotators",
        HipMovement.EXTENSION: "hip extensors",
    }
    for movement, name in names.items():
        if is_weak(exam, movement):
            yield ExamFinding(
                f"Weak {name} on the painful side (deficit of "
                f"{STRENGTH_DEFICIT_WEAK_PCT:.0f}% or more against the other side). "
                "Weakness is present in some ITBS samples; causation is unproven.",
                "clinical.md §4.3, §8.3",
                exam.affected_side,
            )


def _whole_body(exam: HeadToToeExam) -> Iterator[ExamFinding]:
    if exam.trunk_lean:
        yield ExamFinding(
            "Ipsilateral trunk lean in single-leg squat or running.",
            "clinical.md §1.6 (Foch 2015)",
        )
    if exam.pelvic_drop:
        yield ExamFinding(
            "Contralateral pelvic drop. Linked to running injuries in general, "
            "not found in the ITBS-specific study.",
            "clinical.md §1.6, §8.4 (Bramah 2018)",
        )
    if exam.leg_length_difference_mm is not None and exam.leg_length_difference_mm:
        yield ExamFinding(
            f"Leg-length difference {exam.leg_length_difference_mm:.0f} mm.",
            "clinical.md §1.6 (BMJ Best Practice)",
        )


def _flexibility(leg: LegExam) -> Iterator[tuple[str, str]]:
    if leg.ober is TestResult.POSITIVE:
        angle = (
            f" ({leg.ober_angle_deg:.0f}°)" if leg.ober_angle_deg is not None else ""
        )
        yield (
            f"Ober positive{angle}: lateral hip tissue stiffness (TFL, gluteal, "
            "capsule), not ITB length.",
            "clinical.md §1.2, §4.8",
        )
    hip = leg.thomas_hip_angle_deg
    if hip is not None and hip > THOMAS_HIP_SHORT_ABOVE_DEG:
        yield (
            f"Modified Thomas: hip {hip:.0f}° above horizontal, short one-joint "
            "hip flexors (poor validity unless pelvic tilt controlled).",
            "clinical.md §1.2",
        )
    knee = leg.thomas_knee_flexion_deg
    if knee is not None and knee < THOMAS_KNEE_SHORT_BELOW_DEG:
        yield (
            f"Modified Thomas: knee flexion {knee:.0f}° (under "
            f"{THOMAS_KNEE_SHORT_BELOW_DEG:.0f}°), short rectus femoris/TFL.",
            "clinical.md §1.2",
        )
    if leg.thomas_thigh_abducts:
        yield (
            "Modified Thomas: thigh drifts into abduction, stiff TFL/ITB/abductors.",
            "clinical.md §1.2",
        )


_KNEE_TESTS = (
    ("noble", "Noble compression positive (no validity study exists).", "§1.2, §1.4"),
    ("epicondyle_tenderness", "Tender over the lateral femoral epicondyle.", "§1.2"),
    ("joint_line_tenderness", "Joint-line tenderness: consider the meniscus.", "§2"),
    ("effusion", "Effusion: consider internal derangement.", "§2"),
    ("meniscal_tests", "McMurray/Thessaly positive: consider the meniscus.", "§2"),
    ("varus_valgus_stress", "Pain or laxity on varus/valgus stress: LCL.", "§2"),
    ("patellofemoral_tests", "Patellofemoral tests positive.", "§2"),
)


def _knee(leg: LegExam) -> Iterator[tuple[str, str]]:
    for name, text, section in _KNEE_TESTS:
        if getattr(leg, name) is TestResult.POSITIVE:
            yield text, f"clinical.md {section}"


def _ankle_foot(leg: LegExam) -> Iterator[tuple[str, str]]:
    straight = leg.dorsiflexion_knee_straight_deg
    bent = leg.dorsiflexion_knee_bent_deg
    limit = DORSIFLEXION_SHORT_BELOW_DEG
    if straight is not None and straight < limit:
        short_soleus = bent is not None and bent < limit
        muscle = "soleus" if short_soleus else "gastrocnemius"
        yield (
            f"Dorsiflexion {straight:.0f}° knee straight"
            + (f", {bent:.0f}° knee bent" if bent is not None else "")
            + f" (under {limit:.0f}°): short {muscle}.",
            "clinical.md §1.6",
        )
    if leg.foot_posture_index is not None:
        total, band = foot_posture(leg.foot_posture_index)
        yield (
            f"FPI-6 {total:+d}, {band}. Describes the foot; predicts ITBS poorly.",
            "clinical.md §7.4, §4.7",
        )
    if (
        leg.single_leg_squat is not None
        and leg.single_leg_squat is not SquatRating.GOOD
    ):
        yield (
            f"Single-leg squat {leg.single_leg_squat}.",
            "clinical.md §7.5 (Crossley 2011)",
        )
