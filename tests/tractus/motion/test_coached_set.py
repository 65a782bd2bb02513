"""A coached set's numbers: read back into the same type, refused with the field named."""

from __future__ import annotations

import copy

import pytest

from tractus.errors import MotionError
from tractus.motion.coached_set import parse_coached_set

GOOD = {
    "exercise": "clamshell",
    "rules_version": "2026-12-07.1",
    "view": "front",
    "side": "left",
    "reps": [
        {"range_deg": 30.0, "up_s": 1.2, "hold_s": 0.5, "down_s": 1.4, "faults": []},
        {
            "range_deg": 34.0,
            "up_s": 1.0,
            "hold_s": 0.4,
            "down_s": 1.6,
            "faults": ["pelvis_rolls_back"],
        },
        {"range_deg": 40.0, "up_s": 1.1, "hold_s": 0.3, "down_s": 1.5, "faults": []},
    ],
    "hold_s": None,
    "duration_s": 14.2,
    "frames_analysed": 400,
    "frames_per_s": 28.2,
}


def test_a_set_reads_back_into_the_same_numbers() -> None:
    result = parse_coached_set(GOOD)
    assert result.rep_count == 3
    assert result.median_range_deg == 34.0
    assert result.median_rep_s == pytest.approx(3.0)
    assert result.fault_counts() == {"pelvis_rolls_back": 1}
    assert parse_coached_set(result.to_dict()) == result


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d.update(frames=[[0.1, 0.2]]), "frames"),
        (lambda d: d.update(video="AAAA"), "video"),
        (lambda d: d["reps"][0].update(faults=["hips_sag"]), "reps[0].faults"),
        (lambda d: d["reps"][1].update(range_deg="wide"), "range_deg"),
        (lambda d: d.update(duration_s=-1), "duration_s"),
        (lambda d: d.update(exercise="burpee"), "exercise"),
        (lambda d: d.update(reps=[{}] * 201), "reps"),
        (lambda d: d["reps"][2].pop("up_s"), "reps[2]"),
    ],
)
def test_anything_but_a_sets_numbers_is_refused_by_name(change, field: str) -> None:
    data = copy.deepcopy(GOOD)
    change(data)
    with pytest.raises(
        MotionError, match=field.replace("[", r"\[").replace("]", r"\]")
    ):
        parse_coached_set(data)


def test_a_set_reads_as_one_sentence_with_the_camera_uncertainty() -> None:
    assert parse_coached_set(GOOD).describe() == (
        "3 reps, typical range 34° (±8°), typical rep 3.0 s; "
        "pelvis rolls back in 1 of 3"
    )
    hold = {**GOOD, "exercise": "side_plank", "reps": [], "hold_s": 24.6}
    assert parse_coached_set(hold).describe() == (
        "held 25 s in good position; no compensation seen"
    )
