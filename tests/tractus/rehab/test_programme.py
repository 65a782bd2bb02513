"""Plans for vignettes contain what the evidence says and nothing it rules out."""

from __future__ import annotations

import json

import pytest

from tractus.rehab import (
    EXERCISES,
    AssessmentFindings,
    Category,
    Equipment,
    FindingCode,
    Findings,
    LoadFindings,
    MotionFindings,
    Phase,
    Preferences,
    Programme,
    TriageSummary,
    generate_programme,
    render_programme,
)
from tractus.triage import assess

from ..triage.vignettes import VIGNETTES, VIGNETTES_BY_NAME

RED_FLAG_VIGNETTES = [v for v in VIGNETTES if v.urgency != "none"]
ALL_KIT = frozenset(Equipment)

WEAK_HIPS = AssessmentFindings(weak_hip_abductors=True, tight_tfl_itb=True)


def _plan(name: str, **parts: object) -> Programme:
    return generate_programme(
        Findings.from_triage(assess(VIGNETTES_BY_NAME[name].answers), **parts)
    )


def _exercises(programme: Programme) -> set[str]:
    return {p.exercise_id for level in programme.levels for p in level.prescriptions}


def _guidance(programme: Programme) -> set[str]:
    return {g.id for g in programme.guidance}


class TestClassicItbsWithWeakHips:
    plan = _plan(
        "classic_itbs",
        assessment=WEAK_HIPS,
        preferences=Preferences(3, ALL_KIT),
    )

    def test_it_has_three_phases_in_order(self):
        phases = [level.phase for level in self.plan.levels]
        assert phases == sorted(phases, key=list(Phase).index)
        assert set(phases) == set(Phase)

    def test_it_holds_the_clinics_strength_work(self):
        # Hip bridges, clamshells and side leg raises, then their progressions.
        settle = {p.exercise_id for p in self.plan.level(1).prescriptions}
        assert {"hip_bridge", "clamshell", "side_lying_hip_abduction"} <= settle
        later = _exercises(self.plan)
        assert {"single_leg_bridge", "side_plank", "single_leg_squat"} <= later

    def test_every_item_names_a_present_finding_and_cites_its_source(self):
        present = set(self.plan.findings)
        for level in self.plan.levels:
            for item in level.prescriptions:
                assert item.answers and set(item.answers) <= present
                assert "clinical.md §" in item.source
        for guidance in self.plan.guidance:
            assert guidance.answers and set(guidance.answers) <= present
            assert "clinical.md §" in guidance.source

    def test_weak_hip_abductors_are_answered_by_abduction_work(self):
        answering = {
            p.exercise_id
            for level in self.plan.levels
            for p in level.prescriptions
            if FindingCode.WEAK_HIP_ABDUCTORS in p.answers
        }
        assert {
            "side_lying_hip_abduction",
            "clamshell",
            "lateral_band_walk",
        } <= answering

    def test_stretches_only_for_the_tightness_found(self):
        stretches = {
            e
            for e in _exercises(self.plan)
            if EXERCISES[e].category is Category.STRETCH
        }
        assert stretches == {"tfl_stretch"}

    def test_running_advice_without_cadence_or_step_width(self):
        # No motion analysis: nothing measured low, no crossover seen (§4.5, §4.6).
        assert _guidance(self.plan) == {"cut_volume", "avoid_downhill"}

    def test_foam_rolling_is_optional_and_honest(self):
        rolls = [
            p
            for level in self.plan.levels
            for p in level.prescriptions
            if EXERCISES[p.exercise_id].category is Category.FOAM_ROLLING
        ]
        assert rolls and all(p.optional for p in rolls)
        text = render_programme(self.plan)
        assert "release" not in text.lower().replace("does not lengthen", "")

    def test_return_to_run_has_rest_days_between_runs(self):
        run_days = [d.weekday for d in self.plan.schedule if d.run]
        assert all(b - a >= 2 for a, b in zip(run_days, run_days[1:], strict=False))
        assert len(self.plan.run_stages) == 6
        assert self.plan.run_stages[-1].run_s is None  # continuous


def test_low_cadence_gets_a_five_to_ten_percent_target():
    plan = _plan(
        "classic_itbs", motion=MotionFindings(cadence_spm=160, low_cadence=True)
    )
    cadence = next(g for g in plan.guidance if g.id == "raise_cadence")
    assert "168-176" in cadence.text
    assert cadence.answers == (FindingCode.LOW_CADENCE,)


def test_a_cadence_measured_but_not_low_gets_no_target():
    plan = _plan("classic_itbs", motion=MotionFindings(cadence_spm=182))
    assert "raise_cadence" not in _guidance(plan)


def test_low_cadence_without_a_measurement_gets_no_number():
    plan = _plan("classic_itbs", motion=MotionFindings(low_cadence=True))
    assert "raise_cadence" not in _guidance(plan)


def test_crossover_alone_gets_a_wider_step():
    plan = _plan("classic_itbs", motion=MotionFindings(crossover=True))
    assert "widen_step" in _guidance(plan)
    assert "widen_step" not in _guidance(_plan("classic_itbs"))


def test_a_load_spike_gets_the_spike_rules_and_a_cap():
    plan = _plan(
        "classic_itbs_after_mileage_jump",
        load=LoadFindings(
            weekly_distance_spike=True,
            long_run_spike=True,
            downhill=True,
            weekly_distance_km=35.0,
        ),
    )
    ids = _guidance(plan)
    assert {"long_run_limit", "weekly_rise_limit", "avoid_downhill"} <= ids
    downhill = next(g for g in plan.guidance if g.id == "avoid_downhill")
    assert downhill.answers == (FindingCode.DOWNHILL,)
    assert plan.weekly_run_cap_km == 35.0


def test_the_triage_load_risks_alone_give_the_spike_rules():
    plan = _plan("classic_itbs_after_mileage_jump")
    assert {"long_run_limit", "weekly_rise_limit"} <= _guidance(plan)


@pytest.mark.parametrize("vignette", RED_FLAG_VIGNETTES, ids=lambda v: v.name)
def test_a_red_flag_gets_the_referral_and_nothing_else(vignette):
    result = assess(vignette.answers)
    plan = generate_programme(Findings.from_triage(result, assessment=WEAK_HIPS))
    assert plan.referral is not None
    assert plan.referral.red_flags == result.red_flags
    assert not plan.has_exercises and not plan.guidance and not plan.run_stages
    assert not plan.schedule
    text = render_programme(plan)
    assert "No exercises or running" in text
    assert not any(e.name in text for e in EXERCISES.values())


def test_without_a_band_or_step_the_plan_swaps_or_leaves_out():
    plan = generate_programme(Findings(TriageSummary(), preferences=Preferences(3)))
    used = _exercises(plan)
    for exercise_id in used:
        assert not EXERCISES[exercise_id].equipment, exercise_id
    assert {"clamshell", "single_leg_squat"} <= used


def test_unassessed_runners_get_the_clinics_standard_stretches():
    plan = generate_programme(Findings(TriageSummary()))
    assert {"glute_stretch", "quadriceps_stretch", "tfl_stretch"} <= _exercises(plan)


def test_an_unlikely_itbs_result_is_told_to_see_a_clinician():
    plan = _plan("patellofemoral_pain")
    assert plan.notes[0].startswith("The symptom check did not fit")


def test_the_programme_never_prescribes_what_the_evidence_rules_out():
    plan = _plan(
        "classic_itbs",
        motion=MotionFindings(
            cadence_spm=160, low_cadence=True, crossover=True, pelvic_drop=True
        ),
        assessment=WEAK_HIPS,
    )
    text = json.dumps(plan.to_dict()).lower()
    for word in (
        "orthotic",
        "injection",
        "nsaid",
        "ibuprofen",
        "surgery",
        "stretch the it band",
    ):
        assert word not in text


@pytest.mark.parametrize("days", [2, 3, 4, 5, 6])
def test_the_week_has_the_chosen_number_of_strength_sessions(days: int):
    plan = generate_programme(Findings(TriageSummary(), preferences=Preferences(days)))
    assert sum(d.strength for d in plan.schedule) == days
    assert any(not d.strength and not d.run for d in plan.schedule)


def test_to_dict_is_json():
    plan = _plan("classic_itbs", assessment=WEAK_HIPS)
    data = json.loads(json.dumps(plan.to_dict()))
    assert data["referral"] is None
    assert data["levels"][0]["phase"] == "settle"
    assert data["findings"][0]["code"] == "lateral_knee_pain"
