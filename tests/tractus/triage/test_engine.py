"""The engine's result: reasons, ranking, next step, audit trail and JSON form."""

from __future__ import annotations

import json

import pytest

from tractus.errors import TriageInputError
from tractus.triage import (
    ENGINE_VERSION,
    QUESTIONNAIRE,
    Likelihood,
    NextStep,
    TriageResult,
    Urgency,
    assess,
    validate_answers,
)

from .vignettes import CLASSIC, QUIET, VIGNETTES, VIGNETTES_BY_NAME


def test_classic_itbs_is_likely_with_its_reasons():
    result = assess(CLASSIC)
    assert result.itbs_likelihood is Likelihood.LIKELY
    joined = " ".join(result.reasons_for)
    assert "above the joint" in joined and "predictable time" in joined
    assert "downhill" in joined
    assert result.reasons_against == ()
    assert result.next_step_code is NextStep.SELF_MANAGE_AND_BOOK


def test_a_possible_band_sends_the_runner_to_a_diagnostic():
    result = assess(VIGNETTES_BY_NAME["lateral_and_front_knee_pain"].answers)
    assert result.itbs_likelihood is Likelihood.POSSIBLE
    assert result.next_step_code is NextStep.BOOK_DIAGNOSTIC
    assert any("front of the knee" in reason for reason in result.reasons_against)


def test_emergency_outranks_urgent():
    result = assess(VIGNETTES_BY_NAME["classic_itbs_with_several_flags"].answers)
    assert result.urgency is Urgency.EMERGENCY
    assert [f.urgency for f in result.red_flags][0] is Urgency.EMERGENCY
    assert result.next_step_code is NextStep.EMERGENCY_CARE


def test_urgency_is_ordered():
    assert Urgency.NONE < Urgency.URGENT < Urgency.EMERGENCY
    assert max(Urgency.URGENT, Urgency.NONE) is Urgency.URGENT


def test_red_flags_carry_advice_and_a_source():
    result = assess(QUIET | {"fever_or_unwell": True, "hot_red_knee": True})
    (flag,) = result.red_flags
    assert flag.id == "suspected_infection" and flag.urgency is Urgency.EMERGENCY
    assert "emergency department" in flag.advice and flag.source.startswith(
        "clinical.md §3"
    )


def test_a_red_flag_raises_urgency_but_leaves_the_band():
    result = assess(CLASSIC | {"lump_near_knee": True})
    assert result.itbs_likelihood == assess(CLASSIC).itbs_likelihood == "likely"
    assert result.urgency == "urgent" and result.next_step_code == "urgent_gp"
    assert not any("warning sign" in reason for reason in result.reasons_against)


def test_differentials_list_the_answers_that_point_to_them():
    result = assess(VIGNETTES_BY_NAME["lateral_meniscus_twist"].answers)
    top = result.differentials[0]
    assert top.id == "lateral_meniscus_tear"
    assert "The knee catches or locks." in top.reasons
    assert all(d.reasons for d in result.differentials)
    scores = [d.score for d in result.differentials]
    assert scores == sorted(scores, reverse=True)


def test_no_pointing_answer_means_no_differential():
    assert assess(QUIET | {"pain_sitting_bent": False}).differentials == ()


class TestLoadRisks:
    def test_a_weekly_jump_above_30_percent_is_flagged(self):
        ids = {
            r.id
            for r in assess(QUIET | {"weekly_distance_increase_pct": 31}).load_risks
        }
        assert "weekly_distance_spike" in ids

    def test_exactly_30_percent_is_not(self):
        ids = {
            r.id
            for r in assess(QUIET | {"weekly_distance_increase_pct": 30}).load_risks
        }
        assert "weekly_distance_spike" not in ids

    @pytest.mark.parametrize(
        ("band", "flagged"),
        [
            ("not_longer", False),
            ("up_to_10_pct", False),
            ("10_to_30_pct", True),
            ("30_to_100_pct", True),
            ("over_100_pct", True),
        ],
    )
    def test_a_run_more_than_10_percent_longer_is_flagged(self, band, flagged):
        ids = {r.id for r in assess(QUIET | {"longest_run_change": band}).load_risks}
        assert ("long_run_spike" in ids) is flagged

    def test_each_risk_carries_an_evidence_label_and_a_source(self):
        answers = QUIET | {
            "weekly_distance_increase_pct": 50,
            "longest_run_change": "over_100_pct",
            "new_hills_downhill": True,
            "new_speed_work": True,
            "new_shoes": True,
            "new_surface": True,
            "runs_camber_or_track": True,
        }
        risks = assess(answers).load_risks
        assert len(risks) == 7
        assert {r.evidence for r in risks} == {
            "[Moderate]",
            "[Weak]",
            "[Expert opinion]",
        }
        assert all(r.source.startswith("clinical.md §4") for r in risks)


class TestAudit:
    def test_rules_fired_name_id_version_and_source(self):
        result = assess(CLASSIC)
        ids = [r.rule_id for r in result.rules_fired]
        assert "itbs.for.epicondyle_pain" in ids and "itbs.for.predictable_onset" in ids
        assert all(
            r.rule_version and "clinical.md §" in r.source for r in result.rules_fired
        )

    def test_versions_are_recorded(self):
        result = assess(CLASSIC)
        assert result.questionnaire_version == QUESTIONNAIRE.version
        assert result.engine_version == ENGINE_VERSION

    def test_the_evidence_note_says_the_band_is_not_validated(self):
        note = assess(CLASSIC).evidence_note
        assert "not a diagnosis" in note and "§1.4" in note and "§8" in note


class TestJson:
    REQUIRED_KEYS = {
        "itbs_likelihood",
        "urgency",
        "red_flags",
        "differentials",
        "load_risks",
        "rules_fired",
        "reasons_for",
        "reasons_against",
        "questionnaire_version",
        "next_step",
        "evidence_note",
    }

    def test_to_dict_has_the_documented_keys(self):
        data = assess(
            VIGNETTES_BY_NAME["classic_itbs_with_fever_and_hot_knee"].answers
        ).to_dict()
        assert data.keys() >= self.REQUIRED_KEYS
        assert {"id", "urgency", "advice", "title", "source"} <= data["red_flags"][
            0
        ].keys()
        assert {"id", "name", "reasons", "score"} <= data["differentials"][0].keys()
        json.dumps(data)

    @pytest.mark.parametrize("vignette", VIGNETTES, ids=lambda v: v.name)
    def test_from_dict_round_trips_through_json(self, vignette):
        result = assess(vignette.answers)
        assert (
            TriageResult.from_dict(json.loads(json.dumps(result.to_dict()))) == result
        )


def test_assess_validates_raw_answers():
    with pytest.raises(TriageInputError, match="age_years"):
        assess(QUIET | {"age_years": 500})


def test_validated_and_raw_answers_give_the_same_result():
    assert assess(CLASSIC) == assess(validate_answers(CLASSIC))
