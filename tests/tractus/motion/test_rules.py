"""The exercise records: complete, JSON-ready, naming only signals both checks know."""

from __future__ import annotations

import json

import pytest

from tractus.motion.exercise_checks import POSTURES, SIDE_RULES, SIGNALS
from tractus.motion.rules import RULES, Exercise, parse_exercise, rules_document


def test_every_exercise_has_one_record() -> None:
    assert set(RULES) == set(Exercise)


@pytest.mark.parametrize("rule", list(RULES.values()), ids=str)
def test_a_record_names_only_known_signals_gates_and_side_rules(rule) -> None:
    for r in (rule, rule.side_view) if rule.side_view else (rule,):
        assert r.side_rule in SIDE_RULES
        assert set(r.posture) <= set(POSTURES)
        assert r.angle in SIGNALS and (r.detect is None or r.detect in SIGNALS)
        for fault in r.faults:
            assert fault.signal in SIGNALS and fault.threshold > 0
            assert fault.cue and "clinical.md" in fault.source
    assert rule.setup, "the coach needs set-up steps"


def test_the_document_is_json_and_names_its_version() -> None:
    doc = json.loads(json.dumps(rules_document()))
    assert doc["version"]
    assert set(doc["exercises"]) == {str(e) for e in Exercise}
    squat = doc["exercises"]["single_leg_squat"]
    assert squat["detect"] == "hip_descent_pct" and squat["side_view"]["faults"] == []


@pytest.mark.parametrize(
    "typed",
    [
        "side-lying hip abduction",
        "Side_Lying_Hip_Abduction",
        " side lying-hip  abduction ",
        "Side-lying leg raise",  # the name the pages show
        "side lying leg raise",
    ],
)
def test_exercise_names_accept_the_forms_people_type(typed: str) -> None:
    assert parse_exercise(typed) is Exercise.SIDE_LYING_HIP_ABDUCTION


def test_an_unknown_name_lists_the_choices() -> None:
    with pytest.raises(ValueError, match="single-leg-squat"):
        parse_exercise("burpee")
