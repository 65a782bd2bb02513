"""Foam rolling and stretches: glutes, quadriceps, TFL.

Both are optional symptom relief. Neither lengthens or "releases" the IT band: foam
rolling did not change ITB stiffness and the forces needed to deform fascia lata are far
outside what a roller gives (clinical.md §5.2); stretching is low-risk, may help symptoms
or range, and is weak as a treatment on its own (clinical.md §5.3). No trial tested a
dose, so the doses here are clinical convention and say so.
"""

from __future__ import annotations

from tractus.rehab import sources as src
from tractus.rehab.exercise import (
    Category,
    Dose,
    Equipment,
    EvidenceLevel,
    Exercise,
    ExerciseFault,
)

__all__ = ["FOAM_ROLLING_NOTE", "MOBILITY"]

FOAM_ROLLING_NOTE = (
    "Foam rolling may ease pain and stiffness for a short while. It does not lengthen, "
    "loosen or 'release' the IT band, and no trial shows it speeds recovery."
)
"""Shown wherever foam rolling is offered (clinical.md §5.2 design note)."""

_ROLL_DOSE = Dose(sets=1, hold_s=60, rest_s=15)
_STRETCH_DOSE = Dose(sets=2, hold_s=30, rest_s=15)

_TOO_HARD = ExerciseFault(
    "Rolling hard on the sore spot at the side of the knee",
    "Pressure on the irritated area can flare it; the band itself does not change.",
    "Roll the muscles above the knee, at a pressure you can breathe through.",
)
_BOUNCE = ExerciseFault(
    "Bouncing or forcing into pain",
    "A stretch should be a steady pull, not pain.",
    "Ease in until you feel a gentle pull, then hold still and breathe.",
)

MOBILITY: tuple[Exercise, ...] = (
    Exercise(
        id="foam_roll_glutes_tfl",
        name="Foam roll: buttock and front of the hip",
        category=Category.FOAM_ROLLING,
        purpose="Short-term relief of tightness in the glutes and TFL.",
        dose=_ROLL_DOSE,
        setup="Sit on the roller, tilted onto one buttock; then roll onto the TFL, "
        "just below and in front of the hip bone.",
        cues=(
            "Roll slowly, a few centimetres a second.",
            "Pause on a tender spot for a few breaths.",
        ),
        feel="Pressure in the buttock or front-side of the hip; tender, not sharp.",
        faults=(_TOO_HARD,),
        easier=None,
        harder=None,
        equipment=(Equipment.FOAM_ROLLER,),
        activation=(),
        evidence_level=EvidenceLevel.WEAK,
        evidence_note=FOAM_ROLLING_NOTE,
        sources=(src.FOAM_ROLLING, src.CONVENTION),
    ),
    Exercise(
        id="foam_roll_lateral_thigh",
        name="Foam roll: outer thigh muscles",
        category=Category.FOAM_ROLLING,
        purpose="Short-term relief of tightness in the outer quadriceps.",
        dose=_ROLL_DOSE,
        setup="Lie on your side with the roller under the outer thigh, the top leg "
        "crossed in front with its foot on the floor to take some weight.",
        cues=(
            "Roll from just below the hip to a hand's width above the knee.",
            "Turn slightly face-down to reach the outer quadriceps.",
        ),
        feel="Pressure along the outer front of the thigh.",
        faults=(_TOO_HARD,),
        easier=None,
        harder=None,
        equipment=(Equipment.FOAM_ROLLER,),
        activation=(),
        evidence_level=EvidenceLevel.WEAK,
        evidence_note=FOAM_ROLLING_NOTE,
        sources=(src.FOAM_ROLLING, src.CONVENTION),
    ),
    Exercise(
        id="glute_stretch",
        name="Buttock stretch",
        category=Category.STRETCH,
        purpose="Ease tightness in the gluteal muscles.",
        dose=_STRETCH_DOSE,
        setup="On your back, cross one ankle over the opposite knee, then pull that "
        "thigh towards your chest.",
        cues=("Keep your head and shoulders relaxed on the floor.", "Breathe slowly."),
        feel="A gentle pull deep in the buttock of the crossed leg.",
        faults=(_BOUNCE,),
        easier=None,
        harder=None,
        equipment=(),
        activation=(),
        evidence_level=EvidenceLevel.WEAK,
        evidence_note=(
            "In cadavers, hip flexion with adduction and external rotation strained "
            "the IT band more than a straight-leg stretch, but lengthened it <0.5%."
        ),
        sources=(src.STRETCHING, src.CONVENTION),
    ),
    Exercise(
        id="quadriceps_stretch",
        name="Front-of-thigh stretch",
        category=Category.STRETCH,
        purpose="Ease tightness in the quadriceps.",
        dose=_STRETCH_DOSE,
        setup="Stand holding a wall; bend one knee and hold that ankle behind you.",
        cues=(
            "Knees together; tuck the tailbone under.",
            "Bring the heel towards the buttock without arching the back.",
        ),
        feel="A gentle pull down the front of the thigh.",
        faults=(
            _BOUNCE,
            ExerciseFault(
                "Arching the back and letting the knee drift forward",
                "It takes the stretch off the thigh.",
                "Tuck the pelvis under and keep the knees side by side.",
            ),
        ),
        easier=None,
        harder=None,
        equipment=(),
        activation=(),
        evidence_level=EvidenceLevel.WEAK,
        evidence_note="Low risk; no study shows stretching speeds ITBS recovery.",
        sources=(src.STRETCHING, src.CONVENTION),
    ),
    Exercise(
        id="tfl_stretch",
        name="Standing side stretch (TFL and IT band)",
        category=Category.STRETCH,
        purpose="Ease tightness at the outer hip (TFL and the IT band complex).",
        dose=_STRETCH_DOSE,
        setup="Stand side-on to a wall; cross the leg nearer the wall behind the "
        "other one.",
        cues=(
            "Push the hip towards the wall.",
            "Reach the arm on that side up and over your head.",
        ),
        feel="A gentle pull at the outer hip of the back leg.",
        faults=(
            _BOUNCE,
            ExerciseFault(
                "Bending forward at the waist",
                "It takes the stretch off the side of the hip.",
                "Keep the chest facing forward and lean sideways only.",
            ),
        ),
        easier=None,
        harder=None,
        equipment=(),
        activation=(),
        evidence_level=EvidenceLevel.WEAK,
        evidence_note=(
            "In 5 healthy elite runners the overhead-arm version lengthened the IT "
            "band complex most; none had ITBS. Stretching does not lengthen the band "
            "itself by more than a fraction of a percent."
        ),
        sources=(src.STRETCHING, src.CONVENTION),
    ),
)
"""Foam rolling and stretches, in library order."""
