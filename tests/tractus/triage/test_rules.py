"""Every rule is auditable: unique id, version, clinical.md source, real questions."""

from __future__ import annotations

import re

import pytest

from tractus.triage import ALL_RULES, QUESTIONNAIRE, OutcomeKind, Rule
from tractus.triage.rules import (
    AllOf,
    AnyOf,
    Chosen,
    Is,
    Not,
    NumberAbove,
    NumberAtLeast,
    Yes,
)

# Section numbers of /work/shared/reference/clinical.md (its headings, §0-§9).
CLINICAL_SECTIONS = {
    "0",
    "1",
    "1.1",
    "1.2",
    "1.3",
    "1.4",
    "1.5",
    "1.6",
    "2",
    "3",
    "4",
    "4.1",
    "4.2",
    "4.3",
    "4.4",
    "4.5",
    "4.6",
    "4.7",
    "4.8",
    "5",
    "6",
    "7",
    "8",
    "9",
}
_SECTION = re.compile(r"§(\d+(?:\.\d+)?)")
# The national guidelines a red flag may cite when clinical.md §3 does not list it
# (issue 9: "each item cited: clinical.md §3, or the national guideline, named").
NATIONAL_GUIDELINES = (
    "NICE NG158",
    "GIRFT National Suspected Cauda Equina",
    "IOC REDs",
)


def test_rule_ids_are_unique():
    ids = [rule.id for rule in ALL_RULES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_every_rule_cites_a_section_of_clinical_md(rule: Rule):
    if rule.source.startswith(NATIONAL_GUIDELINES):
        assert rule.id.startswith("red_flag.")
        assert re.search(r"\b(19|20)\d\d\b", rule.source), "guideline year"
        return
    assert rule.source.startswith("clinical.md §")
    cited = _SECTION.findall(rule.source)
    assert cited and set(cited) <= CLINICAL_SECTIONS
    # ... and names a source beyond the section number.
    assert "—" in rule.source or "(" in rule.source


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_every_question_a_rule_reads_exists(rule: Rule):
    assert rule.reads
    for question_id in rule.reads:
        assert QUESTIONNAIRE.has_question(question_id), question_id


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_every_rule_has_a_version_and_an_outcome(rule: Rule):
    assert rule.version
    assert isinstance(rule.outcome, OutcomeKind)
    assert rule.id.split(".")[0] in {"red_flag", "itbs", "ddx", "load"}


def test_each_outcome_kind_is_used():
    assert {rule.outcome for rule in ALL_RULES} == set(OutcomeKind)


def test_every_question_is_read_by_some_rule_or_controls_skip_logic():
    read = {q for rule in ALL_RULES for q in rule.reads}
    controllers = {
        q.enable_when.question_id for q in QUESTIONNAIRE.questions if q.enable_when
    }
    # Context questions kept for the clinician, not scored (yet).
    context = {
        "pain_side",
        "pain_start_minutes",
        "weekly_distance_km",
        "pain_walking",
        "sex",
        "pain_duration",
    }
    unused = {q.id for q in QUESTIONNAIRE.questions} - read - controllers - context
    assert unused == set()


class TestConditions:
    ANSWERS = {"a": True, "b": "x", "c": ("p", "q"), "n": 5, "flag": 1}

    def test_absent_answers_never_fire(self):
        for condition in (
            Yes("z"),
            Is("z", ("x",)),
            Chosen("z", ("p",)),
            NumberAbove("z", 0),
        ):
            assert not condition.holds(self.ANSWERS)
        assert Not(Yes("z")).holds(self.ANSWERS)

    def test_yes_needs_a_real_boolean(self):
        assert Yes("a").holds(self.ANSWERS)
        assert not Yes("flag").holds(self.ANSWERS)
        assert not Is("flag", (True,)).holds(self.ANSWERS)

    def test_numbers_compare_strictly_or_inclusively(self):
        assert NumberAtLeast("n", 5).holds(self.ANSWERS)
        assert not NumberAbove("n", 5).holds(self.ANSWERS)
        assert not NumberAbove("a", 0).holds(self.ANSWERS)

    def test_combinators_read_the_union_of_their_parts(self):
        condition = AllOf((Yes("a"), AnyOf((Chosen("c", ("q",)), Is("b", ("y",))))))
        assert condition.reads == {"a", "b", "c"}
        assert condition.holds(self.ANSWERS)
