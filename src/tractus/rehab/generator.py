"""The programme generator: findings in, a phased, cited programme out.

`generate_programme` walks the strength ladder (`protocols.LEVELS`), swaps exercises the
runner has no equipment for, keeps stretches to the tightness a clinician found (all
three when there is no assessment yet, as the clinic's standard advice), and names for
each prescription the findings it answers. A red flag gives a referral and nothing else
(clinical.md §3).
"""

from __future__ import annotations

from tractus.rehab.exercise import Category, Dose
from tractus.rehab.findings import FindingCode, Findings
from tractus.rehab.guidance import running_guidance
from tractus.rehab.library import EXERCISES, LIBRARY_VERSION
from tractus.rehab.programme import (
    DayPlan,
    LevelPlan,
    Prescription,
    Programme,
    Referral,
)
from tractus.rehab.protocols import (
    LEVELS,
    RUN_STAGES,
    RUNS_PER_WEEK,
    Level,
)
from tractus.triage.result import Likelihood

__all__ = ["EXERCISE_ANSWERS", "NOTES", "PROGRAMME_VERSION", "generate_programme"]

PROGRAMME_VERSION = f"1+library{LIBRARY_VERSION}"

_C = FindingCode

EXERCISE_ANSWERS: dict[str, tuple[tuple[FindingCode, ...], str]] = {
    "hip_bridge": ((_C.WEAK_HIP_ABDUCTORS,), "Glute activation to start the ladder."),
    "single_leg_bridge": (
        (_C.WEAK_HIP_ABDUCTORS, _C.PELVIC_DROP),
        "Glutes of one leg with the pelvis held level.",
    ),
    "clamshell": (
        (_C.WEAK_HIP_EXTERNAL_ROTATORS, _C.WEAK_HIP_ABDUCTORS, _C.TIGHT_TFL_ITB),
        "Glutes with the least TFL (index 115, Selkowitz 2013).",
    ),
    "banded_clamshell": (
        (_C.WEAK_HIP_EXTERNAL_ROTATORS, _C.WEAK_HIP_ABDUCTORS, _C.TIGHT_TFL_ITB),
        "More load on the same glute-dominant movement.",
    ),
    "side_lying_hip_abduction": (
        (_C.WEAK_HIP_ABDUCTORS, _C.HIP_ADDUCTION),
        "Gluteus medius, the hip abductor that holds the thigh in line.",
    ),
    "banded_side_lying_hip_abduction": (
        (_C.WEAK_HIP_ABDUCTORS, _C.HIP_ADDUCTION),
        "Loaded hip abduction.",
    ),
    "side_plank_knees": (
        (_C.LOW_SIDE_PLANK_ENDURANCE, _C.TRUNK_LEAN, _C.WEAK_HIP_ABDUCTORS),
        "Side-of-trunk and hip endurance (Schmitz 2014).",
    ),
    "side_plank": (
        (_C.LOW_SIDE_PLANK_ENDURANCE, _C.TRUNK_LEAN, _C.WEAK_HIP_ABDUCTORS),
        "Side-of-trunk and hip strength.",
    ),
    "side_plank_abduction": (
        (_C.LOW_SIDE_PLANK_ENDURANCE, _C.WEAK_HIP_ABDUCTORS),
        "Highest gluteus medius activation measured.",
    ),
    "hip_hike": (
        (_C.PELVIC_DROP, _C.WEAK_HIP_ABDUCTORS),
        "The standing hip holding the pelvis level.",
    ),
    "step_down": (
        (_C.POOR_SINGLE_LEG_SQUAT, _C.HIP_ADDUCTION, _C.PELVIC_DROP),
        "Single-leg control of hip, pelvis and knee.",
    ),
    "single_leg_squat": (
        (_C.POOR_SINGLE_LEG_SQUAT, _C.HIP_ADDUCTION, _C.PELVIC_DROP, _C.TRUNK_LEAN),
        "The running stance as an exercise.",
    ),
    "lateral_band_walk": (
        (_C.WEAK_HIP_ABDUCTORS, _C.HIP_ADDUCTION),
        "Hip abductors working upright (index 64, Selkowitz 2013).",
    ),
    "foam_roll_glutes_tfl": ((_C.TIGHT_TFL_ITB, _C.TIGHT_GLUTES), "Optional relief."),
    "foam_roll_lateral_thigh": ((_C.TIGHT_QUADRICEPS,), "Optional relief."),
    "glute_stretch": ((_C.TIGHT_GLUTES,), "Ease tight glutes."),
    "quadriceps_stretch": ((_C.TIGHT_QUADRICEPS,), "Ease tight quadriceps."),
    "tfl_stretch": ((_C.TIGHT_TFL_ITB,), "Ease a tight outer hip."),
}
"""For each exercise: the findings it answers and a one-line reason (clinical.md §6)."""

# Without the equipment, the nearest exercise that needs none (None: leave it out).
_WITHOUT_EQUIPMENT: dict[str, str | None] = {
    "banded_clamshell": "clamshell",
    "banded_side_lying_hip_abduction": "side_lying_hip_abduction",
    "lateral_band_walk": None,
    "hip_hike": None,
    "step_down": "single_leg_squat",
    "foam_roll_glutes_tfl": None,
    "foam_roll_lateral_thigh": None,
}

# Which weekdays hold strength sessions, by sessions a week (spread, with rest days).
_STRENGTH_DAYS = {
    2: (0, 3),
    3: (0, 2, 4),
    4: (0, 1, 3, 5),
    5: (0, 1, 2, 4, 5),
    6: (0, 1, 2, 3, 4, 5),
}
_RUN_DAYS = (1, 3, 5)  # every other day, a rest day between runs (clinical.md §5.8 A)

NOTES = (
    "Most runners with IT band pain are better in 6-8 weeks; some take up to 6 months. "
    "These figures come from case series (clinical.md §5.7).",
    "Pain during exercises: 0-3/10 is fine, 4-5/10 acceptable, over 5 too much. If the "
    "knee is worse the next morning, the plan steps back. This pain-monitoring model "
    "was tested in Achilles tendon pain, not the IT band (clinical.md §5.9).",
    "No single treatment has been shown to cure IT band pain in a good-quality trial; "
    "hip strengthening has the most support (clinical.md §5).",
)


def _choose(exercise_id: str, findings: Findings) -> str | None:
    """The exercise to do in place of `exercise_id` given the runner's equipment."""
    have = findings.preferences.equipment
    current: str | None = exercise_id
    while current is not None and not set(EXERCISES[current].equipment) <= have:
        current = _WITHOUT_EQUIPMENT.get(current)
    return current


def _is_wanted(exercise_id: str, findings: Findings) -> bool:
    """Stretching and rolling: all when unassessed, else only for tightness found."""
    if EXERCISES[exercise_id].category is Category.STRENGTH:
        return True
    if findings.assessment is None:
        return True
    return any(findings.has(c) for c in EXERCISE_ANSWERS[exercise_id][0])


def _prescription(exercise_id: str, dose: Dose, findings: Findings) -> Prescription:
    codes, reason = EXERCISE_ANSWERS[exercise_id]
    exercise = EXERCISES[exercise_id]
    answers = tuple(c for c in codes if findings.has(c))
    if exercise.category is Category.STRENGTH or not answers:
        # Hip strengthening is the clinic's treatment of the pain itself (§5.4);
        # unassessed stretches are its standard advice.
        answers = (_C.LATERAL_KNEE_PAIN, *answers)
    return Prescription(
        exercise_id=exercise_id,
        dose=dose,
        answers=answers,
        reason=reason,
        source="; ".join(exercise.sources),
        optional=exercise.category is Category.FOAM_ROLLING,
    )


def _level_plan(level: Level, findings: Findings) -> LevelPlan:
    chosen: dict[str, Prescription] = {}
    for exercise_id, dose in level.items:
        actual = _choose(exercise_id, findings)
        if actual is None or actual in chosen or not _is_wanted(actual, findings):
            continue
        chosen[actual] = _prescription(actual, dose, findings)
    return LevelPlan(level.number, level.phase, tuple(chosen.values()))


def _schedule(findings: Findings) -> tuple[DayPlan, ...]:
    strength = _STRENGTH_DAYS[findings.preferences.days_per_week]
    return tuple(
        DayPlan(day, day in strength, day in _RUN_DAYS[:RUNS_PER_WEEK])
        for day in range(7)
    )


def _referral(findings: Findings) -> Programme:
    triage = findings.triage
    text = (
        "Your answers include a warning sign that needs a doctor before any exercise "
        "programme. " + (triage.next_step or "")
    ).strip()
    return Programme(
        version=PROGRAMME_VERSION,
        findings=(),
        referral=Referral(triage.urgency, triage.red_flags, text),
        levels=(),
        schedule=(),
        guidance=(),
        run_stages=(),
        weekly_run_cap_km=None,
        notes=(),
    )


def _run_cap_km(findings: Findings) -> float:
    """The weekly running the plan builds to: the usual weekly distance when known,
    else the last run-walk stage's week (then the clinician sets the next goal)."""
    ladder_top = RUNS_PER_WEEK * RUN_STAGES[-1].distance_km
    usual = findings.load.weekly_distance_km
    return round(usual if usual is not None else ladder_top, 1)


def _notes(findings: Findings) -> tuple[str, ...]:
    if findings.triage.itbs_likelihood is Likelihood.UNLIKELY:
        caution = (
            "The symptom check did not fit IT band pain well: have a clinician examine "
            "the knee before relying on this programme."
        )
        return (caution, *NOTES)
    return NOTES


def generate_programme(findings: Findings) -> Programme:
    """A phased programme for these findings; a referral only for a red flag.

    References
    ----------
    clinical.md §3 (red flags), §4 (findings), §5.1 (phases), §5.4.1 (doses),
    §5.8 (return to run), §5.9 (pain monitoring), §6 (exercises).
    """
    if findings.triage.has_red_flag:
        return _referral(findings)
    return Programme(
        version=PROGRAMME_VERSION,
        findings=findings.codes(),
        referral=None,
        levels=tuple(_level_plan(level, findings) for level in LEVELS),
        schedule=_schedule(findings),
        guidance=running_guidance(findings),
        run_stages=RUN_STAGES,
        weekly_run_cap_km=_run_cap_km(findings),
        notes=_notes(findings),
    )
