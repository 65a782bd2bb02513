"""The clinician's workspace: timeline, head-to-toe assessment, notes."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from clinic.lib.http import AuthenticatedHttpRequest
from clinic.runners.access import (
    check_clinical_item,
    clinics_writing_for,
    get_clinical_runner,
    get_exportable_record,
    is_clinician,
)
from clinic.runners.models import Runner
from clinic.workspace import selectors
from clinic.workspace.day import clinician_today, day_of
from clinic.workspace.fhir_record import record_bundle_of
from clinic.workspace.forms import AssessmentForm, NoteForm
from clinic.workspace.models import Assessment, ClinicalNote
from clinic.workspace.patients import SORTS, patients_of
from clinic.workspace.services import record_assessment, send_summary, write_note
from clinic.workspace.timeline import timeline_of
from clinic.workspace.zones import viewer_zone
from tractus.assessment import interpret, to_assessment_findings


def _render(
    request: AuthenticatedHttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    runner: Runner,
) -> HttpResponse:
    """A workspace page with its times in the viewer's zone (`zones.viewer_zone`)."""
    with timezone.override(viewer_zone(request.user, runner)):
        return render(request, template, context)


def _treating_clinic(
    request: AuthenticatedHttpRequest, runner_id: int
) -> tuple[Runner, int]:
    """The runner and the clinic a clinician writes for; 404 for anyone else."""
    runner = get_clinical_runner(request.user, runner_id)
    clinics = clinics_writing_for(request.user, runner)
    if not clinics:
        raise Http404("Not a clinician of this runner")
    return runner, clinics[0]


@login_required
@never_cache
def day(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The clinician's appointments on one date.

    Not audited, deliberately: it is the clinic's appointment book (who, when,
    what, where), shown whether or not a runner shares anything, like the calendar
    feed; no part of the record. Each row opens the record, which is audited.
    """
    if not is_clinician(request.user):
        raise Http404("Not a clinician")
    try:
        on = date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        on = clinician_today(request.user, timezone.now())
    context = {
        "on": on,
        "visits": day_of(request.user, on),
        "previous": on - timedelta(days=1),
        "next": on + timedelta(days=1),
        "today": clinician_today(request.user, timezone.now()),
    }
    return render(request, "workspace/day.html", context)


@login_required
@never_cache
def patient_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not is_clinician(request.user):
        raise Http404("Not a clinician")
    query = request.GET.get("q", "").strip()
    sort = request.GET.get("sort", "name")
    rows = patients_of(request.user, now=timezone.now(), query=query, sort=sort)
    context = {"rows": rows, "query": query, "sort": sort, "sorts": SORTS}
    return render(request, "workspace/patients.html", context)


@login_required
@never_cache
def timeline(request: AuthenticatedHttpRequest, runner_id: int) -> HttpResponse:
    runner = get_clinical_runner(request.user, runner_id)
    context = {
        "runner": runner,
        "timeline": timeline_of(
            request.user, runner, today=runner.local_today(timezone.now())
        ),
        "is_own": runner.user_id == request.user.pk,
    }
    return _render(request, "workspace/timeline.html", context, runner=runner)


@login_required
def record_fhir(request: AuthenticatedHttpRequest, runner_id: int) -> HttpResponse:
    """The record as a FHIR R5 Bundle: all of it for the runner, what their clinic
    may see for a clinician (no-store, as every health page)."""
    runner, scope = get_exportable_record(request.user, runner_id)
    bundle = record_bundle_of(runner, now=timezone.now(), scope=scope)
    response = HttpResponse(
        # Compact: json's C encoder serves only unindented output, and indenting
        # in Python took 200 ms of the demo record's download (bench/fhir_record.py).
        json.dumps(bundle, separators=(",", ":")),
        content_type="application/fhir+json; charset=utf-8",
    )
    filename = f"tractus-record-{runner.local_today(timezone.now()):%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@never_cache
def assessment_new(request: AuthenticatedHttpRequest, runner_id: int) -> HttpResponse:
    runner, clinic_id = _treating_clinic(request, runner_id)
    videos = selectors.gait_videos_of(
        request.user, runner, zone=viewer_zone(request.user, runner)
    )
    form = AssessmentForm(
        request.POST or None, videos=videos, initial=selectors.last_body(runner)
    )
    note = NoteForm(request.POST or None, required=False, prefix="note")
    if request.method == "POST" and form.is_valid() and note.is_valid():
        exam = form.to_exam()
        if exam is not None:
            saved, outcome = record_assessment(
                runner=runner,
                clinician=request.user,
                clinic_id=clinic_id,
                exam=exam,
                note=None if note.is_blank() else note.cleaned_data,
                update_programme=form.cleaned_data["update_programme"],
                now=timezone.now(),
            )
            messages.success(request, f"Assessment saved. {outcome}".strip())
            return redirect("workspace:assessment", public_id=saved.public_id)
    context = {"runner": runner, "form": form, "note": note}
    return _render(request, "workspace/assessment_form.html", context, runner=runner)


@login_required
@never_cache
def assessment(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    item = get_object_or_404(
        Assessment.objects.select_related("runner__user", "clinic"),
        public_id=public_id,
    )
    check_clinical_item(request.user, item.runner, item.clinic_id)
    exam = item.to_core()
    context = {
        "assessment": item,
        "runner": item.runner,
        "exam": exam,
        "summary": interpret(exam),
        "plan_findings": [c.label for c in selectors.plan_codes(exam)],
        "findings_for_plan": to_assessment_findings(exam),
        "notes": item.notes.all(),
        "is_own": item.runner.user_id == request.user.pk,
        "video": selectors.video_of(item.runner, exam.running_video),
    }
    return _render(request, "workspace/assessment.html", context, runner=item.runner)


@login_required
@require_POST
def assessment_send(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    item = get_object_or_404(Assessment, public_id=public_id)
    _, clinic_id = _treating_clinic(request, item.runner_id)
    if item.clinic_id != clinic_id:
        raise Http404("Another clinic's assessment")
    send_summary(assessment=item, now=timezone.now())
    messages.success(request, f"The summary was sent to {item.runner}.")
    return redirect("workspace:assessment", public_id=item.public_id)


@login_required
@never_cache
def note_new(request: AuthenticatedHttpRequest, runner_id: int) -> HttpResponse:
    runner, clinic_id = _treating_clinic(request, runner_id)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        write_note(
            runner=runner,
            author=request.user,
            clinic_id=clinic_id,
            text=form.cleaned_data,
            now=timezone.now(),
        )
        messages.success(request, "Note saved.")
        return redirect("workspace:timeline", runner_id=runner.pk)
    return render(request, "workspace/note_form.html", {"runner": runner, "form": form})


@login_required
@never_cache
def note(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    item = get_object_or_404(
        ClinicalNote.objects.select_related("runner__user", "clinic"),
        public_id=public_id,
    )
    check_clinical_item(request.user, item.runner, item.clinic_id)
    context = {"note": item, "runner": item.runner}
    return _render(request, "workspace/note.html", context, runner=item.runner)
