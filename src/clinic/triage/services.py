"""The symptom check: answers kept in the session, then assessed and saved.

Answers live in the visitor's session until the last page, so reloading or
going back keeps them and nothing is stored about an anonymous visitor who
stops half-way. A finished check is saved; an anonymous one is owned by the
session until its visitor signs up or logs in and claims it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.http import HttpRequest

from clinic.accounts.models import User
from clinic.lib.mail import queue_mail
from clinic.runners.models import AccessGrant, Area, Runner
from clinic.runners.services import ensure_runner
from clinic.training.selectors import runs_table
from clinic.triage.models import TriageAssessment
from tractus.triage import (
    QUESTIONNAIRE,
    Answers,
    TriageResult,
    assess,
    validate_answers,
)
from tractus.triage.from_load import answers_from_runs

ANSWERS_KEY = "triage_answers"
OWNED_KEY = "triage_owned"
PREFILLED_KEY = "triage_prefilled"


def session_answers(session: SessionBase) -> dict[str, Any]:
    stored = session.get(ANSWERS_KEY) or {}
    if stored.get("version") != QUESTIONNAIRE.version:
        return {}
    return dict(stored.get("answers", {}))


def store_answers(session: SessionBase, answers: Mapping[str, Any]) -> None:
    session[ANSWERS_KEY] = {"version": QUESTIONNAIRE.version, "answers": dict(answers)}


def clear_answers(session: SessionBase) -> None:
    session.pop(ANSWERS_KEY, None)
    session.pop(PREFILLED_KEY, None)


def prefill_from_training(
    session: SessionBase, runner: Runner, *, today: date
) -> list[str]:
    """Answer the training questions from the runner's imported runs, once per check.

    Only questions not answered yet are filled; the ids filled are remembered so
    the page can say where the values came from.
    """
    answers = session_answers(session)
    derived = answers_from_runs(runs_table(runner), today=today)
    filled = {k: v for k, v in derived.items() if k not in answers}
    if filled:
        store_answers(session, {**answers, **filled})
        session[PREFILLED_KEY] = sorted(filled)
    return sorted(filled)


def prefilled_questions(session: SessionBase) -> list[str]:
    return list(session.get(PREFILLED_KEY, []))


def owns_anonymous(session: SessionBase, assessment: TriageAssessment) -> bool:
    return assessment.runner_id is None and str(assessment.public_id) in session.get(
        OWNED_KEY, []
    )


@transaction.atomic
def complete_check(
    *, raw_answers: Mapping[str, Any], runner: Runner | None, now: datetime
) -> TriageAssessment:
    """Validate and assess the answers and save the result (raises TriageInputError)."""
    answers = validate_answers(raw_answers)
    return _save(answers, assess(answers), runner=runner, now=now)


@transaction.atomic
def stop_check(
    *, raw_answers: Mapping[str, Any], runner: Runner | None, now: datetime
) -> TriageAssessment:
    """Save a check stopped at an emergency: the answers so far and their result.

    The clinics the runner shares checks with are told, as for a finished check.
    """
    answers = validate_answers(raw_answers, complete=False)
    return _save(answers, assess(answers, complete=False), runner=runner, now=now)


def _save(
    answers: Answers, result: TriageResult, *, runner: Runner | None, now: datetime
) -> TriageAssessment:
    assessment = TriageAssessment.objects.create(
        runner=runner,
        answers=dict(answers),
        result=result.to_dict(),
        questionnaire_version=result.questionnaire_version,
        engine_version=result.engine_version,
        itbs_likelihood=result.itbs_likelihood.value,
        urgency=result.urgency.value,
        created_at=now,
    )
    if runner is not None and assessment.has_red_flag:
        transaction.on_commit(lambda: notify_clinics_of_red_flag(assessment=assessment))
    return assessment


def correct_stopped_check(
    session: SessionBase, assessment: TriageAssessment, *, now: datetime
) -> None:
    """The runner says an answer that stopped the check was a mis-tap.

    The stopped check is kept and only marked as corrected (the emergency advice
    was shown and a clinician must see that); its answers go back into the
    session, so the runner changes the wrong one and the check carries on to be
    saved as a new check.
    """
    if assessment.corrected_at is None:
        assessment.corrected_at = now
        assessment.save(update_fields=["corrected_at"])
    clear_answers(session)
    store_answers(session, assessment.answers)


def remember_anonymous(session: SessionBase, assessment: TriageAssessment) -> None:
    session[OWNED_KEY] = [*session.get(OWNED_KEY, []), str(assessment.public_id)]


@transaction.atomic
def claim_session_assessments(*, request: HttpRequest, user: User) -> int:
    """Attach the checks this browser took anonymously to `user`'s record."""
    owned = request.session.get(OWNED_KEY, [])
    if not owned:
        return 0
    runner = ensure_runner(user)
    claimed = TriageAssessment.objects.filter(
        public_id__in=owned, runner__isnull=True
    ).update(runner=runner)
    request.session[OWNED_KEY] = []
    return claimed


def result_of(assessment: TriageAssessment) -> TriageResult:
    return TriageResult.from_dict(assessment.result)


def notify_clinics_of_red_flag(*, assessment: TriageAssessment) -> None:
    """E-mail the clinicians of every clinic the runner shares checks with."""
    assert assessment.runner is not None
    grants = (
        AccessGrant.objects.active()
        .covering(Area.TRIAGE)
        .filter(runner=assessment.runner)
    )
    recipients = {
        m.user
        for grant in grants.select_related("clinic")
        for m in grant.clinic.memberships.filter(is_clinician=True).select_related(
            "user"
        )
    }
    queue_mail(template="triage/red_flag", to=recipients, about=assessment)
