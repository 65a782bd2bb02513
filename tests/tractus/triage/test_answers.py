"""Answers are checked against the questionnaire; skip logic hides and drops answers."""

from __future__ import annotations

import pytest

from tractus.errors import TriageInputError
from tractus.triage import (
    QUESTIONNAIRE,
    Answers,
    AnswerValue,
    validate_answers,
    validate_partial_answers,
    visible_pages,
    visible_questions,
)

from .vignettes import CLASSIC, QUIET


def _error(raw) -> TriageInputError:
    with pytest.raises(TriageInputError) as caught:
        validate_answers(raw)
    return caught.value


def test_valid_answers_become_an_immutable_mapping():
    answers = validate_answers(CLASSIC)
    assert isinstance(answers, Answers)
    assert answers["age_years"] == 34
    assert answers["pain_locations"] == ("lateral_epicondyle",)
    with pytest.raises(TypeError):
        answers["age_years"] = 3  # type: ignore[index]


def test_multi_choice_answers_are_kept_in_questionnaire_order():
    raw = QUIET | {"pain_locations": ["outer_thigh", "lateral_epicondyle"]}
    assert validate_answers(raw)["pain_locations"] == (
        "lateral_epicondyle",
        "outer_thigh",
    )


def test_yes_no_accepts_the_words_yes_and_no():
    answers = validate_answers(QUIET | {"knee_swelling": "no", "giving_way": "Yes"})
    assert answers["knee_swelling"] is False and answers["giving_way"] is True


def test_integral_floats_count_as_whole_numbers():
    assert validate_answers(QUIET | {"age_years": 40.0})["age_years"] == 40


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"age_years": 230}, "age_years: 230 is above the maximum of 110"),
        ({"age_years": 3}, "age_years: 3 is below the minimum of 10"),
        (
            {"age_years": "forty"},
            "age_years: expected a whole number, got the text 'forty'",
        ),
        ({"age_years": 40.5}, "age_years: expected a whole number, got 40.5"),
        ({"age_years": True}, "age_years: expected a whole number, got true"),
        (
            {"weekly_distance_km": float("nan")},
            "weekly_distance_km: expected a number, got nan",
        ),
        (
            {"weekly_distance_km": 300.5},
            "weekly_distance_km: 300.5 is above the maximum of 300",
        ),
        (
            {"weekly_distance_km": -1},
            "weekly_distance_km: -1 is below the minimum of 0",
        ),
        ({"knee_swelling": 1}, "knee_swelling: expected yes or no (true/false), got 1"),
        (
            {"knee_swelling": "maybe"},
            "knee_swelling: expected yes or no (true/false), got the text 'maybe'",
        ),
        (
            {"onset": "sideways"},
            "onset: 'sideways' is not one of gradual, sudden_no_injury, after_injury",
        ),
        ({"onset": 3}, "onset: expected an option code, got 3"),
        (
            {"pain_locations": "hip"},
            "pain_locations: expected a list of option codes, got the text 'hip'",
        ),
        (
            {"pain_locations": ["hip", "hip"]},
            "pain_locations: an option is listed more than once",
        ),
        ({"pain_locations": ["elbow"]}, "pain_locations: 'elbow' is not one of"),
        ({"pain_locations": []}, "pain_locations: choose at least one option"),
        (
            {"shoe_size": 42},
            "shoe_size: unknown question (not in questionnaire 2026.2)",
        ),
    ],
)
def test_it_names_the_question_and_the_problem(change, message):
    assert str(_error(QUIET | change)).startswith(message)


def test_the_error_carries_question_and_problem():
    error = _error(QUIET | {"age_years": 230})
    assert error.question_id == "age_years"
    assert error.problem == "230 is above the maximum of 110"


def test_a_missing_required_answer_is_an_error():
    raw = dict(QUIET)
    del raw["onset"]
    assert str(_error(raw)) == "onset: an answer is required"


def test_null_counts_as_missing():
    assert str(_error(QUIET | {"fever_or_unwell": None})) == (
        "fever_or_unwell: an answer is required"
    )


def test_a_question_shown_by_skip_logic_becomes_required():
    raw = QUIET | {"pain_onset_in_run": "after_predictable_time"}
    assert str(_error(raw)) == "pain_start_minutes: an answer is required"


def test_answers_to_hidden_questions_are_dropped_even_if_invalid():
    raw = QUIET | {"pain_start_minutes": "lots", "injury_mechanism": ["twist"]}
    answers = validate_answers(raw)
    assert "pain_start_minutes" not in answers and "injury_mechanism" not in answers


def test_optional_questions_may_be_left_out():
    answers = validate_answers(QUIET)
    assert "pain_quality" not in answers and "running_faster" not in answers


def test_it_rejects_a_non_mapping():
    assert str(_error(["age_years"])).startswith("answers: expected an object")


def test_unknown_ids_are_reported_in_sorted_order_whatever_the_input_order():
    raw_a = {"zzz": 1, "aaa": 2} | QUIET
    raw_b = QUIET | {"aaa": 2, "zzz": 1}
    assert (
        str(_error(raw_a))
        == str(_error(raw_b))
        == ("aaa: unknown question (not in questionnaire 2026.2)")
    )


class TestSkipLogic:
    def test_injury_questions_show_only_after_an_injury(self):
        shown = {q.id for q in visible_questions(validate_answers(QUIET))}
        assert "injury_mechanism" not in shown and "felt_pop" not in shown
        injured = QUIET | {
            "onset": "after_injury",
            "injury_how_long_ago": "within_7_days",
            "injury_mechanism": ["twist"],
            "injury_high_impact": False,
            "felt_pop": True,
            "swelling_after_injury": "no",
            "walked_4_steps_after_injury": True,
            "can_bend_to_right_angle": True,
            "can_straight_leg_raise": True,
            "tender_kneecap_only": False,
            "tender_fibular_head": False,
        }
        shown = {q.id for q in visible_questions(validate_answers(injured))}
        assert {"injury_mechanism", "felt_pop", "can_bend_to_right_angle"} <= shown

    def test_a_page_with_no_shown_question_is_skipped(self):
        pages = [p.id for p in visible_pages(validate_answers(QUIET))]
        assert "after_injury" not in pages
        assert pages[0] == "about_you" and pages[-1] == "training_changes"

    def test_with_no_answers_yet_only_unconditional_questions_show(self):
        shown = visible_questions({})
        assert all(q.enable_when is None for q in shown)
        assert len(shown) < len(QUESTIONNAIRE.questions)

    def test_multi_choice_controllers_match_any_ticked_option(self):
        raw = QUIET | {
            "numbness_tingling": True,
            "numbness_where": ["outer_thigh"],
            "numbness_worsening": False,
        }
        shown = {q.id for q in visible_questions(validate_answers(raw))}
        assert {"numbness_where", "numbness_worsening"} <= shown

    def test_hopping_is_not_asked_of_a_runner_who_cannot_bear_weight(self):
        answers = validate_answers(QUIET | {"can_bear_weight": False})
        assert "pain_on_hopping" not in answers


class TestPartialAnswers:
    def test_it_checks_one_page(self):
        answers = validate_partial_answers(
            {"age_years": 30, "sex": "male", "low_energy_intake": False},
            page_id="about_you",
        )
        assert dict(answers) == {
            "age_years": 30,
            "sex": "male",
            "low_energy_intake": False,
        }

    def test_it_uses_earlier_answers_for_skip_logic(self):
        page = {"swelling_after_injury": "within_2_hours"}
        with pytest.raises(
            TriageInputError, match="walked_4_steps_after_injury: an answer"
        ):
            validate_partial_answers(
                page, page_id="after_injury", earlier={"onset": "after_injury"}
            )
        hidden = validate_partial_answers(
            page, page_id="after_injury", earlier={"onset": "gradual"}
        )
        assert dict(hidden) == {}

    def test_it_rejects_a_question_of_another_page(self):
        with pytest.raises(
            TriageInputError, match="onset: is not a question on this page"
        ):
            validate_partial_answers(
                {"age_years": 30, "sex": "male", "onset": "gradual"},
                page_id="about_you",
            )

    def test_it_rejects_an_unknown_page(self):
        with pytest.raises(TriageInputError, match="page: 'nope' is not a page"):
            validate_partial_answers({}, page_id="nope")

    def test_pages_validated_one_by_one_equal_the_whole(self):
        collected: dict[str, AnswerValue] = {}
        for page in QUESTIONNAIRE.pages:
            raw = {q: CLASSIC[q] for q in page.question_ids if q in CLASSIC}
            collected |= validate_partial_answers(
                raw, page_id=page.id, earlier=collected
            )
        assert Answers(collected) == validate_answers(CLASSIC)


class TestAnswersMapping:
    def test_equal_answers_hash_alike_whatever_the_order(self):
        first = Answers({"a": 1, "b": True})
        second = Answers({"b": True, "a": 1})
        assert first == second and hash(first) == hash(second)
        assert first != {"a": 1, "b": True}
        assert repr(first) == "Answers({'a': 1, 'b': True})"

    def test_to_dict_gives_json_lists(self):
        answers = validate_answers(CLASSIC)
        data = answers.to_dict()
        assert data["pain_locations"] == ["lateral_epicondyle"]
        assert validate_answers(data) == answers


@pytest.mark.parametrize(
    ("value", "described"),
    [([1], "a list"), ({"x": 1}, "an object"), (False, "false")],
)
def test_wrong_values_are_described_in_words(value, described):
    assert str(_error(QUIET | {"sex": value})).endswith(f"got {described}")
