"""The triage engine: validated answers in, an auditable `TriageResult` out.

`assess` runs every rule family (red flags, ITBS likelihood features,
differentials, load risks) over the answers and records each rule that fired.
A red flag always wins the next step: it becomes the urgent-care advice and the
result says not to start exercises. It does not change the likelihood band,
which says only how well the answers fit IT band pain (issue 9).
Every rule is evaluated on the answers as a mapping, never on their order, so
the same answers give the same result whatever order they came in.
"""

from __future__ import annotations

from collections.abc import Mapping

from tractus.triage.answers import Answers, validate_answers
from tractus.triage.catalogue import QUESTIONNAIRE
from tractus.triage.differentials import DIFFERENTIAL_SPECS, rank_differentials
from tractus.triage.likelihood import ITBS_FEATURES, assess_likelihood
from tractus.triage.load_risks import LOAD_RISK_SPECS, find_load_risks
from tractus.triage.questionnaire import Questionnaire
from tractus.triage.red_flags import RED_FLAG_SPECS, find_red_flags
from tractus.triage.result import (
    FiredRule,
    Likelihood,
    NextStep,
    TriageResult,
    Urgency,
)
from tractus.triage.rules import Rule

__all__ = ["ALL_RULES", "ENGINE_VERSION", "EVIDENCE_NOTE", "assess", "next_step_for"]

# Bump when any rule, weight, band threshold or advice text changes.
ENGINE_VERSION = "2026.2.0"

EVIDENCE_NOTE = (
    "This band rests on how well your answers match the typical history of IT band "
    "syndrome. No question or test for it has a known accuracy (no sensitivity or "
    "specificity has been published), so it is not a diagnosis: a clinician's "
    "examination confirms it. (clinical.md §1.4, §8)"
)


_NEXT_STEP_ADVICE = {
    NextStep.EMERGENCY_CARE: (
        "Get medical care today: go to an emergency department (call an ambulance "
        "if you cannot get there safely). Do not run and do not start any exercises "
        "until you have been seen."
    ),
    NextStep.URGENT_GP: (
        "See a doctor within the next few days; book today. Stop running and do not "
        "start any exercises until you have been seen."
    ),
    NextStep.SELF_MANAGE_AND_BOOK: (
        "Your answers fit IT band pain well. You can start easing your running and the "
        "self-care programme, and book a total body diagnostic so a physiotherapist "
        "can "
        "confirm it and find the root cause."
    ),
    NextStep.BOOK_DIAGNOSTIC: (
        "Book a total body diagnostic: a physiotherapist should examine your knee to "
        "find the cause before you start a programme."
    ),
}

ALL_RULES: tuple[Rule, ...] = (
    *(spec.rule for spec in RED_FLAG_SPECS),
    *(feature.rule for feature in ITBS_FEATURES),
    *(pointer.rule for spec in DIFFERENTIAL_SPECS for pointer in spec.pointers),
    *(spec.rule for spec in LOAD_RISK_SPECS),
)


def next_step_for(urgency: Urgency, likelihood: Likelihood) -> NextStep:
    """The next step: urgent care for any red flag, otherwise by likelihood band.

    References
    ----------
    clinical.md §3 design note (red flags stop the ITBS pathway before any
    exercise content).
    """
    if urgency is Urgency.EMERGENCY:
        return NextStep.EMERGENCY_CARE
    if urgency is Urgency.URGENT:
        return NextStep.URGENT_GP
    if likelihood is Likelihood.LIKELY:
        return NextStep.SELF_MANAGE_AND_BOOK
    return NextStep.BOOK_DIAGNOSTIC


def assess(
    answers: Mapping[str, object],
    *,
    questionnaire: Questionnaire = QUESTIONNAIRE,
    complete: bool = True,
) -> TriageResult:
    """Assess a symptom check, or the answers given so far.

    Parameters
    ----------
    answers
        `Answers` from `validate_answers`, or raw answers (validated here).
    questionnaire
        The questionnaire the answers belong to.
    complete
        False to assess the answers given so far (a check stopped at an
        emergency); the result says so. Every rule reads only answers that are
        present, so missing answers add nothing.

    Returns
    -------
    TriageResult
        Likelihood band with reasons, red flags and overall urgency, ranked
        differentials, load risks, next step and the rules that fired.

    Raises
    ------
    TriageInputError
        When raw answers do not validate.

    References
    ----------
    clinical.md §1.1, §1.4 (likelihood), §2 (differentials), §3 (red flags,
    Ottawa knee rule), §4.1-§4.2 (load risks), §8 (evidence limits).
    """
    if not isinstance(answers, Answers):
        answers = validate_answers(
            answers, questionnaire=questionnaire, complete=complete
        )
    flags = find_red_flags(answers)
    urgency = max((spec.urgency for spec in flags), default=Urgency.NONE)
    band = assess_likelihood(answers)
    differentials, ddx_rules = rank_differentials(answers)
    risks = find_load_risks(answers)
    fired_rules = (
        *(spec.rule for spec in flags),
        *(feature.rule for feature in band.fired),
        *ddx_rules,
        *(spec.rule for spec in risks),
    )
    step = next_step_for(urgency, band.likelihood)
    return TriageResult(
        questionnaire_version=questionnaire.version,
        engine_version=ENGINE_VERSION,
        itbs_likelihood=band.likelihood,
        itbs_score=band.score,
        reasons_for=band.reasons_for,
        reasons_against=band.reasons_against,
        urgency=urgency,
        red_flags=tuple(spec.to_red_flag() for spec in flags),
        differentials=differentials,
        load_risks=tuple(spec.to_load_risk() for spec in risks),
        next_step_code=step,
        next_step=_NEXT_STEP_ADVICE[step],
        evidence_note=EVIDENCE_NOTE,
        rules_fired=tuple(FiredRule(r.id, r.version, r.source) for r in fired_rules),
        complete=complete,
    )
