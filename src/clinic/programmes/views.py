"""The runner's day, logging, outcomes, the clinician's edits, the exercise guide."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from clinic.lib.http import AuthenticatedHttpRequest
from clinic.programmes import services
from clinic.programmes.charts import outcome_chart
from clinic.programmes.exports import calendar_ics, fhir_bundle, programme_pdf
from clinic.programmes.forms import (
    AssignForm,
    LefsForm,
    MorningForm,
    PainOutcomeForm,
    PlannedExerciseFormSet,
    RunLogForm,
    SessionLogForm,
    StartForm,
    TemplateForm,
)
from clinic.programmes.models import Programme, ProgrammeTemplate
from clinic.programmes.selectors import (
    active_programme,
    adherence,
    outcome_series,
    recent_form_checks,
    session_items_on,
    today_for,
)
from clinic.runners.access import (
    can_view,
    clinics_granted,
    get_own_runner,
    get_treated_runner,
    get_treating_clinic,
    get_viewable_runner,
    runners_shared_with,
)
from clinic.runners.models import Area, Runner
from clinic.runners.services import ensure_runner
from tractus.errors import RehabInputError
from tractus.motion.exercise import EXERCISE_VIEWS
from tractus.motion.exercise import Exercise as MotionExercise
from tractus.outcomes import LEFS_ATTRIBUTION, LEFS_LICENCE_NOTE, LEFS_STEM, Measure
from tractus.rehab import EXERCISES, Category, Equipment, Preferences
from tractus.rehab.demo_svg import demo_svg
from tractus.rehab.demonstration import demonstration_for
from tractus.rehab.exercise import Exercise
from tractus.rehab.programme import Programme as CoreProgramme


def _programme_or_404(runner: Runner):  # type: ignore[no-untyped-def]
    programme = active_programme(runner)
    if programme is None:
        raise Http404("No programme")
    return programme


@login_required
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    runner = ensure_runner(request.user)
    if active_programme(runner) is None:
        return redirect("programmes:start")
    return redirect("programmes:today", runner_id=runner.pk)


@login_required
@never_cache
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    runner = ensure_runner(request.user)
    form = StartForm(request.POST or None)
    check = runner.triage_assessments.order_by("-created_at").first()
    if request.method == "POST" and form.is_valid() and check is not None:
        preferences = Preferences(
            form.cleaned_data["days_per_week"],
            frozenset(Equipment(e) for e in form.cleaned_data["equipment"]),
        )
        findings = services.findings_for_check(check, preferences=preferences)
        services.start_programme(
            runner=runner,
            findings=findings,
            started_on=runner.local_today(timezone.now()),
            now=timezone.now(),
            created_by=request.user,
        )
        return redirect("programmes:today", runner_id=runner.pk)
    context = {"form": form, "check": check, "existing": active_programme(runner)}
    return render(request, "programmes/start.html", context)


@login_required
@never_cache
def today(request: AuthenticatedHttpRequest, runner_id: int) -> HttpResponse:
    runner = get_viewable_runner(request.user, runner_id, Area.REHAB)
    programme = active_programme(runner)
    is_own = runner.user_id == request.user.pk
    if programme is None:
        return render(
            request, "programmes/none.html", {"runner": runner, "is_own": is_own}
        )
    day = runner.local_today(timezone.now())
    view = today_for(programme, day)
    context = {
        "runner": runner,
        "is_own": is_own,
        "today": view,
        "adherence": adherence(programme, day, services.planned_sessions(programme))[
            -8:
        ],
        "reviews": list(programme.reviews.order_by("-week_start")[:4]),
        "morning_form": MorningForm(),
        "runs": list(programme.runs.all()[:5]),
        "calendar_url": request.build_absolute_uri(
            reverse("programmes:calendar", args=[programme.calendar_token])
        )
        if is_own
        else "",
    }
    return render(request, "programmes/today.html", context)


@login_required
@never_cache
def plan(request: AuthenticatedHttpRequest, runner_id: int) -> HttpResponse:
    runner = get_viewable_runner(request.user, runner_id, Area.REHAB)
    programme = _programme_or_404(runner)
    core: CoreProgramme = services.core_programme(programme)
    context = {
        "runner": runner,
        "is_own": runner.user_id == request.user.pk,
        "programme": programme,
        "core": core,
        "levels": [
            (level, [(p, EXERCISES[p.exercise_id]) for p in level.prescriptions])
            for level in core.levels
        ],
    }
    return render(request, "programmes/plan.html", context)


@login_required
@never_cache
def session(request: AuthenticatedHttpRequest, runner_id: int) -> HttpResponse:
    runner = get_own_runner(request.user, runner_id)
    programme = _programme_or_404(runner)
    day = runner.local_today(timezone.now())
    items = session_items_on(programme, day)
    logged = programme.sessions.filter(day=day).first()
    initial = (
        {"pain_during": logged.pain_during, "notes": logged.notes} if logged else {}
    )
    form = SessionLogForm(request.POST or None, items=items, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = [
            services.DoneExercise(item.row.exercise_id, sets, reps)
            for item, sets, reps in form.done()
        ]
        services.log_session(
            programme=programme,
            day=day,
            pain_during=data["pain_during"],
            done=done,
            notes=data["notes"],
            now=timezone.now(),
        )
        messages.success(
            request, "Session logged. Tell us tomorrow morning how the knee is."
        )
        return redirect("programmes:today", runner_id=runner.pk)
    rows = [(item, form.fields_for(item)) for item in items]
    context = {
        "runner": runner,
        "rows": rows,
        "form": form,
        "programme": programme,
        "logged": logged,
    }
    return render(request, "programmes/session.html", context)


@login_required
@require_POST
def morning(request: AuthenticatedHttpRequest, runner_id: int) -> HttpResponse:
    runner = get_own_runner(request.user, runner_id)
    programme = _programme_or_404(runner)
    pending = (
        programme.sessions.filter(pain_next_morning__isnull=True)
        .order_by("-day")
        .first()
    )
    form = MorningForm(request.POST)
    if pending is not None and form.is_valid():
        services.log_next_morning(
            session=pending,
            pain=form.cleaned_data["pain"],
            worse=form.cleaned_data["worse"],
        )
        messages.success(request, "Thank you: the next-morning response is saved.")
    elif pending is not None:
        messages.error(request, "Choose the pain score and whether the knee is worse.")
    return redirect("programmes:today", runner_id=runner.pk)


@login_required
@never_cache
def runs(request: AuthenticatedHttpRequest, runner_id: int) -> HttpResponse:
    runner = get_viewable_runner(request.user, runner_id, Area.REHAB)
    programme = _programme_or_404(runner)
    is_own = runner.user_id == request.user.pk
    form = RunLogForm(
        request.POST or None, initial={"day": runner.local_today(timezone.now())}
    )
    if request.method == "POST":
        get_own_runner(request.user, runner_id)
        if form.is_valid():
            services.log_run(
                programme=programme, now=timezone.now(), **form.cleaned_data
            )
            messages.success(request, "Run logged.")
            return redirect("programmes:today", runner_id=runner.pk)
    context = {
        "runner": runner,
        "is_own": is_own,
        "form": form,
        "runs": programme.runs.all(),
    }
    return render(request, "programmes/runs.html", context)


@login_required
@never_cache
def outcomes(request: AuthenticatedHttpRequest, runner_id: int) -> HttpResponse:
    runner = get_viewable_runner(request.user, runner_id, Area.REHAB)
    series = outcome_series(runner)
    programme = active_programme(runner)
    context = {
        "runner": runner,
        "is_own": runner.user_id == request.user.pk,
        "series": [(s, outcome_chart(s)) for s in series],
        "adherence": adherence(
            programme,
            runner.local_today(timezone.now()),
            services.planned_sessions(programme),
        )
        if programme
        else [],
        "lefs_attribution": LEFS_ATTRIBUTION,
        # Form checks are videos: shown only to who may see that part of the record.
        "form_checks": recent_form_checks(runner)
        if can_view(request.user, runner, Area.MOTION)
        else None,
    }
    return render(request, "programmes/outcomes.html", context)


@login_required
@never_cache
def pain(request: AuthenticatedHttpRequest, runner_id: int) -> HttpResponse:
    runner = get_own_runner(request.user, runner_id)
    form = PainOutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        day = runner.local_today(timezone.now())
        values = {
            Measure.PAIN_RUN: form.cleaned_data["pain_run"],
            Measure.PAIN_REST: form.cleaned_data["pain_rest"],
            Measure.PAIN_FREE_DISTANCE_KM: form.cleaned_data["pain_free_distance_km"],
        }
        for measure, value in values.items():
            if value not in (None, ""):
                services.record_outcome(
                    runner=runner, measure=measure, value=float(value), recorded_on=day
                )
        messages.success(request, "Saved.")
        return redirect("programmes:outcomes", runner_id=runner.pk)
    return render(request, "programmes/pain.html", {"runner": runner, "form": form})


@login_required
@never_cache
def lefs(request: AuthenticatedHttpRequest, runner_id: int) -> HttpResponse:
    runner = get_own_runner(request.user, runner_id)
    form = LefsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.record_lefs(
            runner=runner,
            answers=form.answers(),
            recorded_on=runner.local_today(timezone.now()),
        )
        messages.success(request, "Your LEFS score is saved.")
        return redirect("programmes:outcomes", runner_id=runner.pk)
    context = {
        "runner": runner,
        "form": form,
        "stem": LEFS_STEM,
        "attribution": LEFS_ATTRIBUTION,
        "licence": LEFS_LICENCE_NOTE,
    }
    return render(request, "programmes/lefs.html", context)


@login_required
@require_POST
def review(request: AuthenticatedHttpRequest, runner_id: int) -> HttpResponse:
    runner = get_viewable_runner(request.user, runner_id, Area.REHAB)
    programme = _programme_or_404(runner)
    try:
        done = services.review_week(
            programme=programme,
            today=runner.local_today(timezone.now()),
            now=timezone.now(),
        )
    except RehabInputError:
        messages.error(request, "This week is not over yet.")
    else:
        messages.success(request, " ".join(done.reasons))
    return redirect("programmes:today", runner_id=runner.pk)


@login_required
@never_cache
def edit(request: AuthenticatedHttpRequest, runner_id: int) -> HttpResponse:
    runner = get_treated_runner(request.user, runner_id, Area.REHAB)
    programme = _programme_or_404(runner)
    formset = PlannedExerciseFormSet(
        request.POST or None, queryset=programme.exercises.all()
    )
    if request.method == "POST" and formset.is_valid():
        rows = formset.save(commit=False)
        for row in formset.deleted_objects:
            row.delete()
        for i, row in enumerate(rows):
            if row.position is None:
                row.position = programme.exercises.count() + i
        services.save_planned_exercises(programme=programme, rows=rows)
        messages.success(request, "Plan saved; the runner sees it now.")
        return redirect("programmes:plan", runner_id=runner.pk)
    clinics = clinics_granted(request.user, runner, Area.REHAB)
    context = {
        "runner": runner,
        "programme": programme,
        "formset": formset,
        "clinics": clinics,
        "template_form": TemplateForm(),
    }
    return render(request, "programmes/edit.html", context)


def library(request: HttpRequest) -> HttpResponse:
    groups = [
        (category, [e for e in EXERCISES.values() if e.category is category])
        for category in (Category.STRENGTH, Category.STRETCH, Category.FOAM_ROLLING)
    ]
    return render(request, "programmes/library.html", {"groups": groups})


def exercise(request: HttpRequest, exercise_id: str) -> HttpResponse:
    found: Exercise | None = EXERCISES.get(exercise_id)
    if found is None:
        raise Http404("No such exercise")
    views = (
        EXERCISE_VIEWS[MotionExercise(found.motion_check)] if found.motion_check else ()
    )
    context = {
        "exercise": found,
        "film_from": " or ".join(str(v) for v in views),
        "easier": EXERCISES.get(found.easier or ""),
        "harder": EXERCISES.get(found.harder or ""),
    }
    return render(request, "programmes/exercise.html", context)


def demo(request: HttpRequest, exercise_id: str) -> HttpResponse:
    """The exercise's animated demonstration (SVG, no script)."""
    try:
        demonstration = demonstration_for(exercise_id)
    except RehabInputError:
        raise Http404("No such exercise") from None
    svg = demo_svg(demonstration, title=f"{EXERCISES[exercise_id].name}")
    return HttpResponse(svg, content_type="image/svg+xml")


@login_required
def pdf(request: AuthenticatedHttpRequest, runner_id: int) -> HttpResponse:
    runner = get_viewable_runner(request.user, runner_id, Area.REHAB)
    programme = _programme_or_404(runner)
    body = programme_pdf(
        programme, runner_name=str(runner), today=runner.local_today(timezone.now())
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="rehab-programme.pdf"'
    return response


@login_required
def fhir(request: AuthenticatedHttpRequest, runner_id: int) -> HttpResponse:
    runner = get_viewable_runner(request.user, runner_id, Area.REHAB)
    programme = _programme_or_404(runner)
    response = JsonResponse(fhir_bundle(programme, now=timezone.now()))
    response["Content-Type"] = "application/fhir+json"
    response["Content-Disposition"] = 'attachment; filename="rehab-careplan.json"'
    return response


def calendar(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed: whoever holds the address sees the session days (no pain or
    findings in it); a new address from the runner's page revokes the old one."""
    programme = Programme.objects.filter(calendar_token=token, is_active=True).first()
    if programme is None:
        raise Http404("No such calendar")
    body = calendar_ics(
        programme,
        today=programme.runner.local_today(timezone.now()),
        now=timezone.now(),
        site_url=settings.SITE_URL,
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@login_required
@require_POST
def new_calendar_address(
    request: AuthenticatedHttpRequest, runner_id: int
) -> HttpResponse:
    runner = get_own_runner(request.user, runner_id)
    services.renew_calendar_token(programme=_programme_or_404(runner))
    messages.success(request, "New calendar address: the old one no longer works.")
    return redirect("programmes:today", runner_id=runner.pk)


@login_required
@require_POST
def save_as_template(request: AuthenticatedHttpRequest, runner_id: int) -> HttpResponse:
    runner = get_treated_runner(request.user, runner_id, Area.REHAB)
    programme = _programme_or_404(runner)
    granted = clinics_granted(request.user, runner, Area.REHAB)
    clinic = granted.filter(slug=request.POST.get("clinic", "")).first()
    form = TemplateForm(request.POST)
    if clinic is None or not form.is_valid():
        messages.error(request, "Give the template a name.")
        return redirect("programmes:edit", runner_id=runner.pk)
    services.save_template(
        programme=programme,
        clinic=clinic,
        name=form.cleaned_data["name"],
        user=request.user,
        now=timezone.now(),
    )
    messages.success(request, "Saved as a template of the clinic.")
    return redirect("programmes:templates", slug=clinic.slug)


@login_required
@never_cache
def templates(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    clinic = get_treating_clinic(request.user, slug)
    form = AssignForm(
        request.POST or None,
        templates=ProgrammeTemplate.objects.filter(clinic=clinic),
        runners=runners_shared_with(clinic, Area.REHAB),
    )
    if request.method == "POST" and form.is_valid():
        count = services.assign_template(
            template=form.cleaned_data["template"], runners=form.cleaned_data["runners"]
        )
        messages.success(request, f"Assigned to {count} runner(s) with a programme.")
        return redirect("programmes:templates", slug=clinic.slug)
    context = {
        "clinic": clinic,
        "form": form,
        "templates": ProgrammeTemplate.objects.filter(clinic=clinic),
    }
    return render(request, "programmes/templates.html", context)
