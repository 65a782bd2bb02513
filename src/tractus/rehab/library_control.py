"""Standing hip exercises: step-down, single-leg squat, lateral band walk, hip hike.

These train the hip to hold the pelvis and knee in line on one leg, as in running
(clinical.md §6.2). Doses follow the published progression (clinical.md §5.4.1).
"""

from __future__ import annotations

from tractus.rehab import sources as src
from tractus.rehab.exercise import (
    Activation,
    Category,
    Dose,
    Equipment,
    EvidenceLevel,
    Exercise,
    ExerciseFault,
)
from tractus.rehab.library_strength import STRENGTH_TEMPO

__all__ = ["STANDING"]

_GMED, _GMAX = "gluteus medius", "gluteus maximus"

_VALGUS = ExerciseFault(
    "The knee falls inwards",
    "Dynamic knee valgus: the hip lets the thigh turn in and drift across.",
    "Knees apart, kneecap in line with the second and third toes.",
)
_DROP = ExerciseFault(
    "The pelvis drops on the free side",
    "The standing hip is not holding the pelvis level.",
    "Keep both hip bones level; go less deep.",
    "pelvic_drop",
)
_LEAN = ExerciseFault(
    "The trunk leans over the standing leg",
    "Leaning shortens the lever the hip has to hold.",
    "Stay tall, chest over the standing foot, not past it.",
    "trunk_lean_stance_side",
)
_FAST = ExerciseFault(
    "Dropping quickly",
    "Speed hides the control the exercise trains.",
    "Two seconds down, two seconds up.",
)

_SL_CUES = (
    "Stand tall on one leg, hip bones level.",
    "Bend the knee slowly, kneecap pointing over the second and third toes.",
    "Go only as deep as the pelvis stays level and the knee stays in line.",
    "Squeeze your buttock to come back up.",
)

STANDING: tuple[Exercise, ...] = (
    Exercise(
        id="step_down",
        name="Step-down",
        category=Category.STRENGTH,
        purpose="Control of hip and knee on one leg, lowering the other foot to the floor.",
        dose=Dose(sets=2, reps=10, tempo=STRENGTH_TEMPO),
        setup="Stand on one leg on a low step, the other foot over the edge.",
        cues=(*_SL_CUES[:3], "Touch the heel of the free foot to the floor, come up."),
        feel="In the buttock and the front of the thigh of the standing leg.",
        faults=(_VALGUS, _DROP, _LEAN, _FAST),
        easier=None,
        harder="single_leg_squat",
        equipment=(Equipment.STEP,),
        activation=(Activation(_GMED, 43, 59, src.EMG_TABLE + ": lateral step-up"),),
        evidence_level=EvidenceLevel.WEAK,
        evidence_note=(
            "Step-down and single-leg squat produce different movements, so each is "
            "tracked on its own (Lewis 2015). The form check reads the single-leg "
            "squat only."
        ),
        sources=(src.EMG_TABLE, src.SINGLE_LEG_SQUAT_RATING, src.TECHNIQUE),
        motion_check=None,
    ),
    Exercise(
        id="single_leg_squat",
        name="Single-leg squat",
        category=Category.STRENGTH,
        purpose="The running stance as an exercise: hip, pelvis and knee in line.",
        dose=Dose(sets=2, reps=10, tempo=STRENGTH_TEMPO),
        setup="Stand on one leg, arms forward or hands on hips, near a wall.",
        cues=_SL_CUES,
        feel="In the buttock and thigh of the standing leg.",
        faults=(_VALGUS, _DROP, _LEAN, _FAST),
        easier="step_down",
        harder=None,
        equipment=(),
        activation=(Activation(_GMAX, 65.6, 65.6, "McCurdy 2018, JSCR: modified"),),
        evidence_level=EvidenceLevel.WEAK,
        evidence_note=(
            "Single-leg-squat practice with a mirror improved hip adduction and pelvic "
            "drop in the squat, but strength work alone did not change running form "
            "(Willy & Davis 2011)."
        ),
        sources=(src.EMG_TABLE, src.SINGLE_LEG_SQUAT_RATING, src.J_ORTHOP_2020),
        motion_check="single_leg_squat",
    ),
    Exercise(
        id="lateral_band_walk",
        name="Lateral band walk",
        category=Category.STRENGTH,
        purpose="Hip abductors working while standing and moving sideways.",
        dose=Dose(sets=2, reps=15, rest_s=45, tempo=None),
        setup="Band around the knees or ankles, feet hip-width, in a mini-squat.",
        cues=(
            "Step sideways half your stance width, keeping the band taut.",
            "Keep the trunk still and the toes pointing forward.",
            "15 steps one way, then 15 back.",
        ),
        feel="At the side of both hips.",
        faults=(
            ExerciseFault(
                "The trunk sways from side to side",
                "The trunk moves the body instead of the hips.",
                "Hands on hips; keep them level.",
            ),
            _VALGUS,
            ExerciseFault(
                "Toes turn out",
                "Turning the leg out hands the work to other muscles.",
                "Toes forward.",
            ),
        ),
        easier=None,
        harder=None,
        equipment=(Equipment.BAND,),
        activation=(),
        evidence_level=EvidenceLevel.WEAK,
        evidence_note=(
            "Glutes clearly more active than TFL (gluteal-to-TFL index 64). "
            "Weeks 3-4 of the published progression."
        ),
        sources=(src.SELKOWITZ_2013, src.J_ORTHOP_2020, src.TECHNIQUE),
        motion_check=None,
    ),
    Exercise(
        id="hip_hike",
        name="Hip hike",
        category=Category.STRENGTH,
        purpose="The standing hip's abductors lift the pelvis, as they hold it in running.",
        dose=Dose(sets=3, reps=10, tempo=STRENGTH_TEMPO),
        setup="Stand sideways on a step on one leg, the other leg hanging free.",
        cues=(
            "Keep the standing knee straight.",
            "Let the free side of the pelvis drop a little, then lift it above level.",
            "Move at the hip, not the waist.",
        ),
        feel="At the side of the standing hip.",
        faults=(
            ExerciseFault(
                "The trunk bends sideways",
                "The waist lifts the pelvis instead of the hip.",
                "Shoulders level and still.",
            ),
            ExerciseFault(
                "The standing knee bends",
                "It shortens the movement the hip makes.",
                "Lock the knee gently straight.",
            ),
        ),
        easier=None,
        harder=None,
        equipment=(Equipment.STEP,),
        activation=(),
        evidence_level=EvidenceLevel.EXPERT_OPINION,
        evidence_note=(
            "Weeks 1-2 of the published progression. Often attributed to the "
            "Fredericson 2000 programme, which could not be verified."
        ),
        sources=(src.J_ORTHOP_2020, src.TECHNIQUE),
        motion_check=None,
    ),
)
"""Standing strength exercises, in library order."""
