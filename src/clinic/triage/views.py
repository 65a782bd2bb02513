"""The symptom check pages, the result page and its FHIR download."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from clinic.runners.access import can_view
from clinic.runners.models import Area, Runner
from clinic.triage import flow
from clinic.triage.forms import PageForm
from clinic.triage.knee_map import KNEE_MAP_QUESTION, KNEE_VIEWS, OFF_KNEE_CODES
from clinic.triage.models import TriageAssessment
from clinic.triage.services import (
    clear_answers,
    complete_check,
    correct_stopped_check,
    owns_anonymous,
    prefill_from_training,
    prefilled_questions,
    remember_anonymous,
    result_of,
    session_answers,
    stop_check,
    store_answers,
)
from tractus.errors import TriageInputError
from tractus.fhir import triage_bundle
from tractus.triage import questionnaire_for
from tractus.triage.voices import clinician_findings


def _own_runner(request: HttpRequest) -> Runner | None:
    """The signed-in user's runner record; None for a visitor or a user without one."""
    if not request.user.is_authenticated:
        return None
    return Runner.objects.filter(user=request.user).first()


def _prefill(request: HttpRequest) -> None:
    """Answer the training questions from the signed-in runner's imported runs."""
    runner = _own_runner(request)
    if runner is not None:
        today = runner.local_today(timezone.now())
        prefill_from_training(request.session, runner, today=today)


def start(request: HttpRequest) -> HttpResponse:
    _prefill(request)
    answers = session_answers(request.session)
    first = flow.first_page_id(answers)
    return render(
        request,
        "triage/start.html",
        {
            "in_progress": bool(
                set(answers) - set(prefilled_questions(request.session))
            ),
            "first": first,
            # As many pages as the progress bar will count ("Step 1 of 17").
            "steps": flow.progress(first, answers)["steps"],
        },
    )


@require_POST
def restart(request: HttpRequest) -> HttpResponse:
    clear_answers(request.session)
    # Starting again skips the start page: fill the training answers here too.
    _prefill(request)
    return redirect("triage:page", page_id=flow.first_page_id({}))


def page(request: HttpRequest, page_id: str) -> HttpResponseBase:
    answers = session_answers(request.session)
    if page_id not in flow.page_ids():
        raise Http404("No such page")
    if request.method != "POST":
        form = PageForm(
            flow.renderable_on_page(page_id, answers), initial_answers=answers
        )
        return _render_page(request, page_id, form, answers)

    form = flow.bind_page(page_id, request.POST, answers)
    if request.POST.get("nav") == "back":
        store_answers(
            request.session, flow.merge(answers, page_id, form.partial_answers())
        )
        return redirect(flow.previous_url(page_id, answers))
    if not form.is_valid():
        return _render_page(request, page_id, form, answers)
    answers = flow.merge(answers, page_id, form.answers())
    store_answers(request.session, answers)
    if flow.emergency_so_far(flow.answers_through(page_id, answers)) is not None:
        return _stop(request, page_id, answers)
    next_id = flow.next_page_id(page_id, answers)
    if next_id is not None:
        return redirect("triage:page", page_id=next_id)
    return _finish(request, answers)


def _render_page(
    request: HttpRequest, page_id: str, form: PageForm, answers: dict[str, Any]
) -> HttpResponse:
    context = {
        "form": form,
        "page": flow.page(page_id),
        **flow.progress(page_id, answers),
    }
    context["enable_when"] = json.dumps(flow.enable_when_for_page(page_id))
    context.update(
        knee_map_question=KNEE_MAP_QUESTION,
        knee_views=KNEE_VIEWS,
        off_knee=OFF_KNEE_CODES,
    )
    prefilled = set(prefilled_questions(request.session))
    context["prefilled"] = [q for q in form.questions if q.id in prefilled]
    return render(request, "triage/page.html", context)


def _stop(request: HttpRequest, page_id: str, answers: dict[str, Any]) -> HttpResponse:
    """An answer on this page makes it an emergency: stop here and say what to do."""
    runner = _own_runner(request)
    assessment = stop_check(raw_answers=answers, runner=runner, now=timezone.now())
    clear_answers(request.session)
    if runner is None:
        remember_anonymous(request.session, assessment)
    context = {
        "page": flow.page(page_id),
        "assessment": assessment,
        "result": result_of(assessment),
        "emergency_contact": settings.TRIAGE_EMERGENCY_CONTACT,
    }
    return render(request, "triage/stop.html", context)


def _finish(request: HttpRequest, answers: dict[str, Any]) -> HttpResponse:
    runner = _own_runner(request)
    try:
        assessment = complete_check(
            raw_answers=answers, runner=runner, now=timezone.now()
        )
    except TriageInputError as exc:
        messages.error(request, f"Please check this answer: {exc.problem}")
        return redirect("triage:page", page_id=flow.page_of_question(exc.question_id))
    clear_answers(request.session)
    if runner is None:
        remember_anonymous(request.session, assessment)
    return redirect("triage:result", public_id=assessment.public_id)


def _viewable_assessment(request: HttpRequest, public_id: str) -> TriageAssessment:
    assessment = get_object_or_404(
        TriageAssessment.objects.select_related("runner__user"), public_id=public_id
    )
    if assessment.runner is None:
        allowed = owns_anonymous(request.session, assessment)
    else:
        allowed = can_view(request.user, assessment.runner, Area.TRIAGE)
    if not allowed:
        raise Http404("No such result")
    return assessment


def _is_own(request: HttpRequest, assessment: TriageAssessment) -> bool:
    """The runner who took the check (or, for an anonymous one, this browser)."""
    if assessment.runner is None:
        return owns_anonymous(request.session, assessment)
    return assessment.runner.user_id == request.user.pk


@require_POST
def correct(request: HttpRequest, public_id: str) -> HttpResponse:
    """The runner's "I answered this wrongly": back to the page that stopped the check.

    Only the runner who took it may say so, and only of a check stopped at an
    emergency; a clinician reading it cannot.
    """
    assessment = get_object_or_404(TriageAssessment, public_id=public_id)
    if not _is_own(request, assessment) or not assessment.stopped_at_emergency:
        raise Http404("No such result")
    correct_stopped_check(request.session, assessment, now=timezone.now())
    return redirect("triage:page", page_id=flow.stop_page_id(assessment.answers))


def result(request: HttpRequest, public_id: str) -> HttpResponse:
    assessment = _viewable_assessment(request, public_id)
    result = result_of(assessment)
    context = {
        "assessment": assessment,
        "result": result,
        "is_own": _is_own(request, assessment),
        "answered": flow.answered_questions(
            assessment.answers, questionnaire_for(assessment.questionnaire_version)
        ),
        "emergency_contact": settings.TRIAGE_EMERGENCY_CONTACT,
        "findings": clinician_findings(result),
    }
    return render(request, "triage/result.html", context)


def result_fhir(request: HttpRequest, public_id: str) -> HttpResponse:
    assessment = _viewable_assessment(request, public_id)
    result = result_of(assessment)
    questionnaire = questionnaire_for(assessment.questionnaire_version)
    bundle = triage_bundle(
        flow.validated(assessment.answers, questionnaire, complete=result.complete),
        result,
        subject_reference=f"Patient/{assessment.runner_id or 'anonymous'}",
        authored=assessment.created_at,
        questionnaire=questionnaire,
    )
    response = HttpResponse(
        json.dumps(bundle, indent=2),
        content_type="application/fhir+json; charset=utf-8",
    )
    filename = f"tractus-symptom-check-{assessment.created_at:%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
