"""The exercise library: complete records, consistent links, honest evidence."""

from __future__ import annotations

import subprocess
import sys

import pytest

import tractus.rehab
from tractus.errors import RehabInputError
from tractus.motion.exercise import Exercise as MotionExercise
from tractus.rehab import (
    EXERCISES,
    FOAM_ROLLING_NOTE,
    Category,
    EvidenceLevel,
    Exercise,
    get_exercise,
)

ALL = list(EXERCISES.values())


def test_all_is_sorted_and_complete():
    assert tractus.rehab.__all__ == sorted(tractus.rehab.__all__)
    for name in tractus.rehab.__all__:
        assert hasattr(tractus.rehab, name), name


def test_the_library_imports_without_django_or_the_video_stack():
    code = (
        "import sys, tractus.rehab; "
        "print('django' in sys.modules, 'mediapipe' in sys.modules, "
        "'cv2' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["False", "False", "False"]


def test_it_holds_the_exercises_the_clinic_prescribes():
    wanted = {
        "foam_roll_glutes_tfl",
        "foam_roll_lateral_thigh",
        "hip_bridge",
        "single_leg_bridge",
        "clamshell",
        "banded_clamshell",
        "side_lying_hip_abduction",
        "banded_side_lying_hip_abduction",
        "side_plank_knees",
        "side_plank",
        "side_plank_abduction",
        "step_down",
        "single_leg_squat",
        "lateral_band_walk",
        "hip_hike",
        "glute_stretch",
        "quadriceps_stretch",
        "tfl_stretch",
    }
    assert set(EXERCISES) == wanted
    assert all(key == e.id for key, e in EXERCISES.items())


@pytest.mark.parametrize("exercise", ALL, ids=lambda e: e.id)
def test_each_exercise_is_complete(exercise: Exercise):
    assert exercise.name and exercise.purpose and exercise.setup
    assert exercise.cues, "cues"
    assert exercise.feel, "what to feel and where"
    assert exercise.faults, "common faults"
    assert any("clinical.md §" in source for source in exercise.sources)
    assert exercise.evidence_note


@pytest.mark.parametrize("exercise", ALL, ids=lambda e: e.id)
def test_easier_and_harder_versions_point_both_ways(exercise: Exercise):
    if exercise.harder is not None:
        assert get_exercise(exercise.harder).easier == exercise.id
    if exercise.easier is not None:
        harder_of_easier = get_exercise(exercise.easier).harder
        # Side-lying abduction steps down to the clamshell, whose own next step is
        # the banded clamshell: a branch, not a chain.
        assert harder_of_easier is not None


@pytest.mark.parametrize(
    "exercise", [e for e in ALL if e.motion_check], ids=lambda e: e.id
)
def test_each_form_check_is_a_motion_lab_analyser(exercise: Exercise):
    assert exercise.motion_check in {m.value for m in MotionExercise}


@pytest.mark.parametrize(
    "exercise", [e for e in ALL if e.motion_check], ids=lambda e: e.id
)
def test_faults_the_form_check_reports_are_named_with_its_codes(exercise: Exercise):
    codes = [f.motion_fault for f in exercise.faults if f.motion_fault]
    assert codes, "an exercise with a form check names at least one fault it finds"


def test_the_form_checks_cover_the_exercises_the_motion_lab_knows():
    checked = {e.motion_check for e in ALL}
    assert {m.value for m in MotionExercise} <= checked


def test_step_down_is_not_read_by_the_single_leg_squat_check():
    # Lewis 2015: the two movements differ; clinical.md §7.5 says not to mix them.
    assert get_exercise("step_down").motion_check is None


@pytest.mark.parametrize(
    "exercise",
    [e for e in ALL if e.category is Category.FOAM_ROLLING],
    ids=lambda e: e.id,
)
def test_foam_rolling_says_its_effect_is_short_lived(exercise: Exercise):
    assert exercise.evidence_note == FOAM_ROLLING_NOTE
    assert "short" in FOAM_ROLLING_NOTE and "does not" in FOAM_ROLLING_NOTE


def test_evidence_is_percent_mvic_with_its_source():
    clam = get_exercise("clamshell")
    gmed = clam.activation[0]
    assert (gmed.muscle, gmed.low_pct, gmed.high_pct) == ("gluteus medius", 38, 67)
    assert "PMC4004121" in gmed.source
    assert get_exercise("side_plank").activation[0].describe() == (
        "gluteus medius 74-103% MVIC"
    )


def test_no_exercise_claims_more_than_weak_evidence():
    # clinical.md §5: no high-quality RCT shows any single treatment cures ITBS.
    assert {e.evidence_level for e in ALL} <= {
        EvidenceLevel.WEAK,
        EvidenceLevel.EXPERT_OPINION,
    }


def test_published_week_one_doses():
    # J Orthop Surg Res 2020, Table 2 (clinical.md §5.4.1).
    assert get_exercise("side_lying_hip_abduction").dose.describe() == (
        "2 x 10 each side"
    )
    assert get_exercise("hip_hike").dose.describe() == "3 x 10 each side"
    assert get_exercise("side_plank_knees").dose.describe() == "2 x 30 s each side"
    assert get_exercise("hip_bridge").dose.describe() == "3 x 10"


def test_an_unknown_exercise_is_named():
    with pytest.raises(RehabInputError, match="exercise: unknown exercise 'lunge'"):
        get_exercise("lunge")


def test_a_dose_has_reps_or_a_hold_but_not_both():
    from tractus.rehab import Dose

    with pytest.raises(ValueError):
        Dose(sets=2, reps=10, hold_s=30)
    with pytest.raises(ValueError):
        Dose(sets=2)


def test_to_dict_is_json_ready():
    import json

    data = json.loads(json.dumps(get_exercise("clamshell").to_dict()))
    assert data["motion_check"] == "clamshell"
    assert data["dose"]["text"] == "1 x 20 each side"
    assert data["faults"][0]["motion_fault"] == "pelvis_rolls_back"


def test_evidence_levels_read_as_words():
    assert EvidenceLevel.EXPERT_OPINION.label == "expert opinion"
    assert EvidenceLevel.WEAK.label == "weak"
