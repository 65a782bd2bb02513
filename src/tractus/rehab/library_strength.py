"""Hip strength exercises lying down: bridges, clamshells, side-lying abduction, side planks.

Doses are week-1 doses of the fully reported 8-week progression (*J Orthop Surg Res*
2020, clinical.md §5.4.1) unless another source is named; technique, cues and faults
follow clinical.md §6.2; activation figures are %MVIC from healthy subjects
(clinical.md §6.1), and EMG amplitude is not strength gain.
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
    Tempo,
)

__all__ = ["STRENGTH_LYING", "STRENGTH_TEMPO", "CLAM_TEMPO"]

STRENGTH_TEMPO = Tempo(up_s=2.0, hold_s=1.0, down_s=2.0)
"""Slow lift, short squeeze, slow lower: clinical convention (clinical.md §6.2)."""
CLAM_TEMPO = Tempo(up_s=2.0, hold_s=0.0, down_s=2.0)
"""~2 s up, 2 s down (clinical.md §6.2, clamshell row)."""

_GMED, _GMAX = "gluteus medius", "gluteus maximus"

_ARCH = ExerciseFault(
    "Arching the lower back instead of lifting from the hips",
    "The back takes the load and the glutes do less.",
    "Brace the trunk and stop when shoulders, hips and knees form a line.",
    "back_arches",
)
_SHORT = ExerciseFault(
    "Lifting only part of the way",
    "The glutes are worked through a short range.",
    "Push through the heels until hips and knees are in line.",
    "incomplete_lift",
)
_HAMSTRING = ExerciseFault(
    "Pushing through the toes; cramp in the back of the thigh",
    "The hamstrings take over from the glutes.",
    "Press the heels down; bring the feet a little closer to the hips.",
)
_CLAM_ROLL = ExerciseFault(
    "The top hip rolls backwards as the knee opens",
    "It favours the TFL and the trunk over the glutes.",
    "Keep the hips stacked; open only as far as the pelvis stays still.",
    "pelvis_rolls_back",
)
_CLAM_FEET = ExerciseFault(
    "The feet come apart",
    "The movement turns into a hip rotation the glutes do not lead.",
    "Keep the heels touching throughout.",
    "feet_separate",
)
_ABD_FLEX = ExerciseFault(
    "The leg drifts forward as it lifts",
    "Hip flexion hands the work to the TFL (52% MVIC with a flexion set).",
    "Keep the leg slightly behind the body line; lead with the heel.",
    "hip_flexes",
)
_ABD_ROLL = ExerciseFault(
    "The pelvis rolls back and the toes turn up",
    "An outwardly rotated leg becomes a hip-flexor lift.",
    "Keep the kneecap and toes facing forward; roll the top hip slightly forward.",
    "pelvis_rolls_back",
)
_HIKE = ExerciseFault(
    "Hitching the hip up with the waist",
    "The trunk side-benders lift the leg instead of the hip abductors.",
    "Keep the waist long; lift only as high as the pelvis stays still.",
)
_SAG = ExerciseFault(
    "Hips sag or pike",
    "The side of the trunk and hip stop holding the line.",
    "Push the lower hip up into a straight line from head to knees or feet.",
    "hips_sag",
)
_TWIST = ExerciseFault(
    "Trunk turns forward or back; shoulder shrugs",
    "The load moves off the side of the hip.",
    "Stack the shoulders and hips; elbow under the shoulder; neck long.",
)

_BRIDGE_SETUP = (
    "On your back, knees bent to about 90°, feet flat and hip-width apart, "
    "arms by your sides."
)

_BRIDGES = (
    Exercise(
        id="hip_bridge",
        name="Hip bridge",
        category=Category.STRENGTH,
        purpose="Wake up and strengthen the glutes as hip extensors, both legs.",
        dose=Dose(sets=3, reps=10, per_side=False, tempo=STRENGTH_TEMPO),
        setup=_BRIDGE_SETUP,
        cues=(
            "Brace your stomach as if for a cough.",
            "Push through your heels and lift until shoulders, hips and knees line up.",
            "Squeeze your buttocks at the top, then lower slowly.",
            "A band just above the knees: press the knees gently out against it.",
        ),
        feel="In both buttocks, not the lower back or the back of the thighs.",
        faults=(_ARCH, _SHORT, _HAMSTRING),
        easier=None,
        harder="single_leg_bridge",
        equipment=(),
        activation=(
            Activation(_GMED, 28, 28, src.EMG_TABLE),
            Activation(_GMAX, 25, 25, src.EMG_TABLE),
        ),
        evidence_level=EvidenceLevel.WEAK,
        evidence_note=(
            "Low activation (below 45% MVIC): an endurance and activation exercise. "
            "Bridging with the knees pressed out (30° abduction) raised gluteus maximus "
            "and lowered lower-back activity."
        ),
        sources=(src.EMG_TABLE, src.BRIDGE_ABDUCTION, src.J_ORTHOP_2020, src.TECHNIQUE),
        motion_check="hip_bridge",
    ),
    Exercise(
        id="single_leg_bridge",
        name="Single-leg bridge",
        category=Category.STRENGTH,
        purpose="Strengthen the glutes of one leg while the pelvis stays level.",
        dose=Dose(sets=2, reps=10, tempo=STRENGTH_TEMPO),
        setup=_BRIDGE_SETUP + " Lift one foot and hold that knee straight or bent.",
        cues=(
            "Push through the heel of the foot on the floor.",
            "Keep both hip bones level as you lift; no dropping on the free side.",
            "Lower slowly.",
        ),
        feel="In the buttock of the leg on the floor.",
        faults=(
            _ARCH,
            _HAMSTRING,
            ExerciseFault(
                "The pelvis drops on the side of the lifted leg",
                "The working hip is not holding the pelvis.",
                "Lift less high, or go back to the two-leg bridge for a week.",
            ),
        ),
        easier="hip_bridge",
        harder=None,
        equipment=(),
        activation=(
            Activation(_GMED, 47, 55, src.EMG_TABLE),
            Activation(_GMAX, 40, 54, src.EMG_TABLE),
        ),
        evidence_level=EvidenceLevel.WEAK,
        evidence_note=(
            "Above the 45% MVIC strengthening threshold for gluteus medius; the glutes "
            "were more active than the TFL (gluteal-to-TFL index 59)."
        ),
        sources=(src.EMG_TABLE, src.SELKOWITZ_2013, src.EKSTROM_2007, src.TECHNIQUE),
        motion_check="single_leg_bridge",
    ),
)

_CLAM_SETUP = (
    "On your side, hips bent to about 45-60°, knees bent to 90°, heels in line with "
    "your spine, hips stacked one above the other, head resting on your arm."
)

_CLAM_CUES = (
    "Keep the heels together and lift the top knee by turning at the hip.",
    "Lift only as far as the pelvis stays still; do not roll back.",
    "Two seconds up, two seconds down.",
)

_CLAMS = (
    Exercise(
        id="clamshell",
        name="Clamshell",
        category=Category.STRENGTH,
        purpose="Work the hip abductors and rotators with little help from the TFL.",
        dose=Dose(sets=1, reps=20, tempo=CLAM_TEMPO),
        setup=_CLAM_SETUP,
        cues=_CLAM_CUES,
        feel=(
            "Deep in the side and back of the top buttock, behind the hip bone; "
            "not at the front of the hip."
        ),
        faults=(_CLAM_ROLL, _CLAM_FEET),
        easier=None,
        harder="banded_clamshell",
        equipment=(),
        activation=(
            Activation(_GMED, 38, 67, src.EMG_TABLE),
            Activation(_GMAX, 34, 53, src.EMG_TABLE),
        ),
        evidence_level=EvidenceLevel.WEAK,
        evidence_note=(
            "Highest gluteal-to-TFL index of 11 exercises (115): the choice when the "
            "aim is glutes without the TFL. Moderate activation."
        ),
        sources=(src.EMG_TABLE, src.SELKOWITZ_2013, src.CLAM_DOSE, src.TECHNIQUE),
        motion_check="clamshell",
    ),
    Exercise(
        id="banded_clamshell",
        name="Clamshell with a band",
        category=Category.STRENGTH,
        purpose="The clamshell against a band, for more load on the same muscles.",
        dose=Dose(sets=2, reps=10, tempo=CLAM_TEMPO),
        setup=_CLAM_SETUP + " A light band just above the knees.",
        cues=_CLAM_CUES,
        feel="Deep in the side and back of the top buttock.",
        faults=(_CLAM_ROLL, _CLAM_FEET),
        easier="clamshell",
        harder=None,
        equipment=(Equipment.BAND,),
        activation=(
            Activation(_GMED, 38, 67, src.EMG_TABLE),
            Activation(_GMAX, 34, 53, src.EMG_TABLE),
        ),
        evidence_level=EvidenceLevel.WEAK,
        evidence_note=(
            "Activation measured without a band; the band adds load. Weeks 3-4 of the "
            "published progression (side plank with a banded clam)."
        ),
        sources=(src.EMG_TABLE, src.J_ORTHOP_2020, src.TECHNIQUE),
        motion_check="clamshell",
    ),
)

_ABD_SETUP = (
    "On your side, body in one straight line, hips stacked and the top hip rolled "
    "slightly forward; bottom knee may bend for balance."
)

_ABD_CUES = (
    "Tighten the buttock first, as if pushing the heel slightly backwards.",
    "Lift the top leg, heel leading, toes pointing forward.",
    "Lift only as high as the pelvis stays still, then lower slowly.",
)

_ABDUCTION = (
    Exercise(
        id="side_lying_hip_abduction",
        name="Side-lying leg raise",
        category=Category.STRENGTH,
        purpose="Strengthen gluteus medius, the main hip abductor.",
        dose=Dose(sets=2, reps=10, tempo=STRENGTH_TEMPO),
        setup=_ABD_SETUP,
        cues=_ABD_CUES,
        feel=(
            "At the side of the top hip, just below the rim of the pelvis; "
            "not at the front of the hip."
        ),
        faults=(_ABD_FLEX, _ABD_ROLL, _HIKE),
        easier="clamshell",
        harder="banded_side_lying_hip_abduction",
        equipment=(),
        activation=(
            Activation(_GMED, 42, 81, src.EMG_TABLE),
            Activation(_GMAX, 39, 51, src.EMG_TABLE),
        ),
        evidence_level=EvidenceLevel.WEAK,
        evidence_note=(
            "A slight hip-extension set raised gluteus medius and maximus to about 51% "
            "and 52% MVIC and left TFL at 30%; a hip-flexion set raised TFL to 52%. "
            "Rolling the pelvis slightly forward helped people with weak gluteus medius."
        ),
        sources=(
            src.EMG_TABLE,
            src.HIP_ABDUCTION_TFL,
            src.LOG_ROLL,
            src.J_ORTHOP_2020,
            src.TECHNIQUE,
        ),
        motion_check="side_lying_hip_abduction",
    ),
    Exercise(
        id="banded_side_lying_hip_abduction",
        name="Side-lying leg raise with a band",
        category=Category.STRENGTH,
        purpose="The side-lying raise against a band around the ankles.",
        dose=Dose(sets=3, reps=10, tempo=STRENGTH_TEMPO),
        setup=_ABD_SETUP + " A light band around the ankles.",
        cues=_ABD_CUES,
        feel="At the side of the top hip, just below the rim of the pelvis.",
        faults=(_ABD_FLEX, _ABD_ROLL, _HIKE),
        easier="side_lying_hip_abduction",
        harder=None,
        equipment=(Equipment.BAND,),
        activation=(Activation(_GMED, 99.9, 99.9, "MacAskill, IJSPT: 10-RM loaded"),),
        evidence_level=EvidenceLevel.WEAK,
        evidence_note="Loaded to a 10-repetition maximum, gluteus medius reached ~100%.",
        sources=(src.EMG_TABLE, src.HIP_ABDUCTION_TFL, src.TECHNIQUE),
        motion_check="side_lying_hip_abduction",
    ),
)

_PLANK_CUES = (
    "Elbow under the shoulder.",
    "Push the lower hip up until head, pelvis and knees (or feet) form a line.",
    "Breathe; keep the shoulders and hips stacked.",
)

_PLANK_ACTIVATION = (
    Activation(_GMED, 74, 103, src.EMG_TABLE),
    Activation(_GMAX, 21, 71, src.EMG_TABLE),
)

_PLANKS = (
    Exercise(
        id="side_plank_knees",
        name="Side plank on the knees",
        category=Category.STRENGTH,
        purpose="Endurance of the side of the trunk and hip, in a shorter lever.",
        dose=Dose(sets=2, hold_s=30, rest_s=45),
        setup="On your side, propped on the elbow, knees bent behind you.",
        cues=_PLANK_CUES,
        feel="At the side of the lower hip and waist.",
        faults=(_SAG, _TWIST),
        easier=None,
        harder="side_plank",
        equipment=(),
        activation=_PLANK_ACTIVATION,
        evidence_level=EvidenceLevel.WEAK,
        evidence_note=(
            "The side plank gave the highest gluteus medius activation in the EMG "
            "table (measured on the full plank). Side-plank endurance was linked to "
            "peak hip internal rotation in runners (r = -0.357, Schmitz 2014)."
        ),
        sources=(src.EMG_TABLE, src.J_ORTHOP_2020, src.TECHNIQUE),
        motion_check="side_plank",
    ),
    Exercise(
        id="side_plank",
        name="Side plank",
        category=Category.STRENGTH,
        purpose="Strengthen the side of the hip and trunk together.",
        dose=Dose(sets=2, hold_s=15, rest_s=45),
        setup="On your side, propped on the elbow, legs straight, feet stacked.",
        cues=_PLANK_CUES,
        feel="At the side of the lower hip and waist.",
        faults=(_SAG, _TWIST),
        easier="side_plank_knees",
        harder="side_plank_abduction",
        equipment=(),
        activation=_PLANK_ACTIVATION,
        evidence_level=EvidenceLevel.WEAK,
        evidence_note="Gluteus medius 74-103% MVIC: well above the 45% threshold.",
        sources=(src.EMG_TABLE, src.EKSTROM_2007, src.J_ORTHOP_2020, src.TECHNIQUE),
        motion_check="side_plank",
    ),
    Exercise(
        id="side_plank_abduction",
        name="Side plank with leg lift",
        category=Category.STRENGTH,
        purpose="Both hips at once: the lower holds the plank, the upper lifts.",
        dose=Dose(sets=2, reps=10, tempo=STRENGTH_TEMPO),
        setup="Side plank on the elbow and the side of the lower foot.",
        cues=(
            *_PLANK_CUES,
            "Lift the top leg a hand's width, heel leading, and lower.",
        ),
        feel="At the side of both hips.",
        faults=(_SAG, _TWIST, _ABD_FLEX),
        easier="side_plank",
        harder=None,
        equipment=(),
        activation=_PLANK_ACTIVATION,
        evidence_level=EvidenceLevel.WEAK,
        evidence_note=(
            "The highest gluteus medius activation in a systematic review (Macadam "
            "2015). Weeks 7-8 of the published progression."
        ),
        sources=(src.EMG_TABLE, src.J_ORTHOP_2020, src.TECHNIQUE),
        motion_check="side_plank",
    ),
)

STRENGTH_LYING: tuple[Exercise, ...] = _BRIDGES + _CLAMS + _ABDUCTION + _PLANKS
"""Strength exercises done lying down, in library order."""
