"""Properties of the engine: monotone urgency, order independence, range checks."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tractus.errors import TriageInputError
from tractus.triage import (
    QUESTIONNAIRE,
    assess,
    screen_so_far,
    validate_answers,
    visible_questions,
)

from .strategies import complete_answers

# Single answers that each raise a red flag on their own (clinical.md §3).
RED_FLAG_ANSWERS: tuple[tuple[str, object], ...] = (
    ("can_bear_weight", False),
    ("leg_weakness", True),
    ("unexplained_weight_loss", True),
    ("lump_near_knee", True),
    ("pain_on_hopping", "yes"),
    ("pain_unrelenting", True),
    ("numbness_worsening", True),
    ("can_fully_straighten", False),
    ("injury_high_impact", True),
    ("swelling_after_injury", "within_2_hours"),
)


@given(raw=complete_answers, flag=st.sampled_from(RED_FLAG_ANSWERS))
def test_adding_a_red_flag_answer_never_lowers_the_urgency(raw, flag):
    before = assess(raw)
    question_id, value = flag
    shown = {q.id for q in visible_questions(validate_answers(raw))}
    if question_id not in shown:
        # Answering a hidden question changes nothing; the engine must ignore it.
        assert assess(raw | {question_id: value}) == before
        return
    after = assess(raw | {question_id: value})
    assert after.urgency >= before.urgency
    assert after.red_flags, "a red-flag answer must raise a red flag"


@given(raw=complete_answers)
def test_any_red_flag_means_urgent_care_and_no_exercises(raw):
    result = assess(raw)
    if result.red_flags:
        assert result.next_step_code in {"emergency_care", "urgent_gp"}
        assert result.to_dict()["start_exercises"] is False


# Answers that each make the result an emergency once their question is shown.
EMERGENCY_ANSWERS: tuple[tuple[str, object], ...] = (
    ("can_bear_weight", False),
    ("injury_high_impact", True),
    ("can_straight_leg_raise", False),
    ("saddle_numbness", True),
    ("bladder_bowel_change", True),
    ("both_legs_numb_or_weak", True),
    ("breathless_or_chest_pain", True),
)


@given(raw=complete_answers, flag=st.sampled_from(EMERGENCY_ANSWERS))
def test_adding_an_emergency_answer_never_lowers_urgency(raw, flag):
    before = assess(raw)
    question_id, value = flag
    after = assess(raw | {question_id: value})
    assert after.urgency >= before.urgency
    shown = {
        q.id for q in visible_questions(validate_answers(raw | {question_id: value}))
    }
    if question_id in shown:
        assert after.urgency == "emergency"


@given(raw=complete_answers, data=st.data())
def test_removing_answers_never_raises_urgency(raw, data):
    answers = dict(validate_answers(raw))
    drop = data.draw(st.sets(st.sampled_from(sorted(answers)), min_size=1))
    fewer = {k: v for k, v in answers.items() if k not in drop}
    before = assess(answers)
    after = assess(fewer, complete=False)
    assert after.urgency <= before.urgency
    if before.urgency != "emergency":
        assert after.urgency != "emergency"


@given(raw=complete_answers, data=st.data())
def test_an_emergency_found_so_far_is_in_the_full_result(raw, data):
    answers = dict(validate_answers(raw))
    keep = data.draw(st.sets(st.sampled_from(sorted(answers))))
    so_far = validate_answers({k: answers[k] for k in keep}, complete=False)
    stop = screen_so_far(so_far)
    if stop is not None:
        assert assess(answers).urgency == "emergency"
        assert set(stop.flag_ids) <= {f.id for f in assess(answers).red_flags}


@given(raw=complete_answers, data=st.data())
def test_the_result_does_not_depend_on_answer_order(raw, data):
    keys = data.draw(st.permutations(list(raw)))
    shuffled = {key: raw[key] for key in keys}
    assert list(shuffled) == keys
    assert assess(shuffled) == assess(raw)
    assert assess(shuffled).to_dict() == assess(raw).to_dict()


@given(raw=complete_answers, data=st.data())
def test_multi_choice_order_does_not_matter(raw, data):
    reordered = {
        key: data.draw(st.permutations(value)) if isinstance(value, list) else value
        for key, value in raw.items()
    }
    assert assess(reordered) == assess(raw)


NUMERIC = [q for q in QUESTIONNAIRE.questions if q.answer_type in {"integer", "number"}]


@pytest.mark.parametrize("question", NUMERIC, ids=lambda q: q.id)
@given(data=st.data())
def test_validation_rejects_every_out_of_range_number(question, data):
    below: st.SearchStrategy[float]
    above: st.SearchStrategy[float]
    if question.answer_type == "integer":
        below = st.integers(max_value=int(question.minimum) - 1)
        above = st.integers(min_value=int(question.maximum) + 1)
    else:
        finite: dict[str, Any] = {"allow_nan": False, "allow_infinity": False}
        below = st.floats(max_value=question.minimum, exclude_max=True, **finite)
        above = st.floats(min_value=question.maximum, exclude_min=True, **finite)
    value = data.draw(st.one_of(below, above))
    raw = _answers_showing(question.id) | {question.id: value}
    with pytest.raises(TriageInputError) as caught:
        validate_answers(raw)
    assert caught.value.question_id == question.id
    assert "minimum" in caught.value.problem or "maximum" in caught.value.problem


@pytest.mark.parametrize("question", NUMERIC, ids=lambda q: q.id)
@given(data=st.data())
def test_validation_accepts_every_in_range_number(question, data):
    if question.answer_type == "integer":
        value = data.draw(st.integers(int(question.minimum), int(question.maximum)))
    else:
        value = data.draw(
            st.floats(question.minimum, question.maximum, allow_nan=False)
        )
    answers = validate_answers(_answers_showing(question.id) | {question.id: value})
    assert answers[question.id] == value


def _answers_showing(question_id: str) -> dict[str, object]:
    from .vignettes import CLASSIC

    assert question_id in {q.id for q in visible_questions(validate_answers(CLASSIC))}
    return dict(CLASSIC)
