"""The questionnaire is consistent data that covers the history of clinical.md §1-4."""

from __future__ import annotations

import json

import pytest

from tractus.triage import (
    QUESTIONNAIRE,
    AnswerType,
    EnableWhen,
    Page,
    Question,
    Questionnaire,
)
from tractus.triage.questionnaire import choice_question, yes_no_question


def test_it_is_versioned():
    assert QUESTIONNAIRE.version == "2026.2"


def test_every_page_holds_three_to_five_questions():
    assert all(3 <= len(page.question_ids) <= 5 for page in QUESTIONNAIRE.pages)


def test_pages_list_every_question_once_in_order():
    paged = [q for page in QUESTIONNAIRE.pages for q in page.question_ids]
    assert paged == [q.id for q in QUESTIONNAIRE.questions]


@pytest.mark.parametrize(
    "question_id",
    [
        "pain_locations",
        "pain_side",
        "onset",
        "injury_mechanism",
        "felt_pop",
        "swelling_after_injury",
        "knee_swelling",
        "locking_catching",
        "giving_way",
        "pain_onset_in_run",
        "pain_start_minutes",
        "worse_downhill",
        "worse_stairs_down",
        "worse_camber_or_track",
        "running_faster",
        "pain_sitting_bent",
        "pain_at_rest",
        "pain_at_night",
        "pain_walking",
        "pain_on_hopping",
        "numbness_tingling",
        "numbness_where",
        "back_or_buttock_pain",
        "fever_or_unwell",
        "hot_red_knee",
        "can_bear_weight",
        "can_fully_straighten",
        "unexplained_weight_loss",
        "lump_near_knee",
        "immunocompromised",
        "morning_stiffness_over_30_min",
        "other_swollen_joints",
        "weekly_distance_increase_pct",
        "longest_run_change",
        "new_hills_downhill",
        "new_speed_work",
        "new_shoes",
        "new_surface",
        "weekly_distance_km",
        "age_years",
        "sex",
    ],
)
def test_it_asks_about(question_id):
    assert QUESTIONNAIRE.has_question(question_id)


def test_body_map_covers_the_lateral_knee_and_its_neighbours():
    codes = set(QUESTIONNAIRE.question("pain_locations").option_codes)
    assert codes == {
        "lateral_epicondyle",
        "lateral_joint_line",
        "fibular_head",
        "top_of_shin",
        "back_outer_corner",
        "deep_hard_to_place",
        "whole_knee",
        "front_of_knee",
        "back_of_knee",
        "outer_thigh",
        "hip",
        "groin",
    }
    assert "both" in QUESTIONNAIRE.question("pain_side").option_codes


def test_numeric_questions_have_a_range_and_a_unit():
    numeric = [
        q for q in QUESTIONNAIRE.questions if q.answer_type in {"integer", "number"}
    ]
    assert numeric
    for question in numeric:
        assert question.minimum is not None and question.maximum is not None
        assert question.minimum < question.maximum and question.unit


def test_it_serialises_to_json_with_pages_and_skip_logic():
    data = json.loads(json.dumps(QUESTIONNAIRE.to_dict()))
    assert data["version"] == QUESTIONNAIRE.version
    assert [p["id"] for p in data["pages"]] == [p.id for p in QUESTIONNAIRE.pages]
    minutes = next(
        q
        for p in data["pages"]
        for q in p["questions"]
        if q["id"] == "pain_start_minutes"
    )
    assert minutes["enable_when"] == {
        "question_id": "pain_onset_in_run",
        "values": ["after_predictable_time"],
    }
    assert minutes["unit"] == "min"


def _questionnaire(*questions: Question) -> Questionnaire:
    page = Page("p", "P", tuple(q.id for q in questions))
    return Questionnaire("q", "1", "Q", (page,), questions)


def test_it_rejects_skip_logic_on_a_later_question():
    later = yes_no_question("b", "B?")
    early = yes_no_question("a", "A?", when=EnableWhen("b", (True,)))
    with pytest.raises(ValueError, match="earlier question"):
        _questionnaire(early, later)


def test_it_rejects_skip_logic_on_an_unknown_option():
    first = choice_question("a", "A?", (("x", "X"),))
    second = yes_no_question("b", "B?", when=EnableWhen("a", ("y",)))
    with pytest.raises(ValueError, match="skip logic values"):
        _questionnaire(first, second)


def test_it_rejects_duplicate_ids_and_non_snake_case_ids():
    with pytest.raises(ValueError, match="unique"):
        _questionnaire(yes_no_question("a", "A?"), yes_no_question("a", "A again?"))
    with pytest.raises(ValueError, match="snake_case"):
        _questionnaire(yes_no_question("NotSnake", "A?"))


def test_it_rejects_a_number_without_a_range():
    with pytest.raises(ValueError, match="range and a unit"):
        _questionnaire(Question("n", "N?", AnswerType.NUMBER))


def test_it_rejects_options_on_a_yes_no_question():
    bad = Question(
        "a",
        "A?",
        AnswerType.YES_NO,
        options=choice_question("x", "X", (("c", "C"),)).options,
    )
    with pytest.raises(ValueError, match="options"):
        _questionnaire(bad)


def test_pages_must_cover_the_questions():
    question = yes_no_question("a", "A?")
    with pytest.raises(ValueError, match="pages must list"):
        Questionnaire("q", "1", "Q", (Page("p", "P", ()),), (question,))
