"""The live form coach: the exercise list, the coach page, logging a set, the set log.

A set is logged into the day's session of the runner's rehab programme, whether the
live coach counted it (`save`, the set's numbers as JSON) or the runner counted it
(`by_hand`: no camera, no pose found, or an exercise a camera cannot judge).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from clinic.coach.forms import ByHandForm, SetPainForm
from clinic.coach.selectors import sets_of, sets_today
from clinic.lib.http import AuthenticatedHttpRequest
from clinic.programmes.models import Programme
from clinic.programmes.selectors import active_programme
from clinic.programmes.services import log_set
from clinic.runners.access import get_viewable_runner
from clinic.runners.models import Area, Runner
from clinic.runners.services import ensure_runner
from tractus.errors import MotionError, RehabInputError
from tractus.motion.coached_set import parse_coached_set
from tractus.motion.rules import RULES, Exercise, ExerciseRule, rules_document
from tractus.rehab import EXERCISES, get_exercise
from tractus.rehab.exercise import Exercise as LibraryExercise

# The coach page adds to the site's policy what in-browser pose estimation needs: the
# model is WebAssembly, which a CSP allows only with 'wasm-unsafe-eval', and the camera
# stream is a mediastream: (browser-pose.md §6.2); connect-src 'self' keeps every
# request on this site. It is the one page allowed to ask for the camera.
COACH_CSP = {
    "script-src": ["'wasm-unsafe-eval'"],
    "connect-src": ["'self'"],
    "media-src": ["mediastream:"],
    "worker-src": ["'self'", "blob:"],
}
MAX_SET_BYTES = 64 * 1024
"""A set's numbers fit in a few kB; anything much larger is not a set."""
NO_PROGRAMME = "start your rehab programme first: sets are kept in its daily log"


@require_GET
def rules(request: HttpRequest) -> JsonResponse:
    """The exercise records of `tractus.motion.rules`, as the browser's form check reads
    them (no health data: the same for everyone)."""
    response = JsonResponse(rules_document())
    response["Cache-Control"] = "public, max-age=300"
    return response


def _exercise(slug: str) -> LibraryExercise:
    try:
        return get_exercise(slug)
    except RehabInputError:
        raise Http404("No such exercise") from None


def _rule(exercise: LibraryExercise) -> ExerciseRule | None:
    """The form check of a library exercise; None when a camera cannot judge it."""
    return RULES[Exercise(exercise.motion_check)] if exercise.motion_check else None


@login_required
@never_cache
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    runner = ensure_runner(request.user)
    programme = active_programme(runner)
    planned = (
        [get_exercise(row.exercise_id) for row in programme.exercises.all()]
        if programme
        else []
    )
    context = {
        "runner": runner,
        "programme": programme,
        "planned": planned,
        "others": [
            e for e in EXERCISES.values() if e.motion_check and e not in planned
        ],
        "sets": sets_today(programme, runner.local_today(timezone.now()))
        if programme
        else [],
    }
    return render(request, "coach/index.html", context)


def _with_camera() -> str:
    """The site's Permissions-Policy with the camera allowed for this site only."""
    policy = {**settings.PERMISSIONS_POLICY, "camera": ["self"]}
    return ", ".join(f"{name}=({' '.join(allow)})" for name, allow in policy.items())


def _dose_text(programme: Programme | None, exercise: LibraryExercise) -> str:
    row = (
        programme.exercises.filter(exercise_id=exercise.id).first()
        if programme
        else None
    )
    return row.dose_text if row else ""


def _render_live(
    request: AuthenticatedHttpRequest,
    runner: Runner,
    exercise: LibraryExercise,
    by_hand: ByHandForm | None = None,
) -> HttpResponse:
    programme = active_programme(runner)
    held = exercise.dose.reps is None
    today = runner.local_today(timezone.now())
    context = {
        "exercise": exercise,
        "rule": _rule(exercise),
        "runner": runner,
        "programme": programme,
        "dose": _dose_text(programme, exercise),
        "by_hand": by_hand or ByHandForm(held=held),
        "pain_form": SetPainForm(prefix="live"),
        "sets": [
            s
            for s in (sets_today(programme, today) if programme else [])
            if s.exercise_log.exercise_id == exercise.id
        ],
    }
    response = render(request, "coach/live.html", context)
    # What django-csp's `csp_update` and django-permissions-policy read off a response.
    response._csp_update = COACH_CSP  # type: ignore[attr-defined]
    response._permissions_policy_override = _with_camera()  # type: ignore[attr-defined]
    return response


@login_required
@never_cache
def live(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    exercise = _exercise(slug)
    return _render_live(request, ensure_runner(request.user), exercise)


_BODY_KEYS = {"set", "pain"}


def _set_from(body: bytes) -> tuple[object, int]:
    """The live set's numbers and the runner's pain, or ValueError naming the field."""
    try:
        data = json.loads(body)
    except ValueError:  # UnicodeDecodeError too: not UTF-8 text
        raise ValueError("body: must be JSON text") from None
    if not isinstance(data, dict):
        raise ValueError("body: must be a JSON object with the set and its pain")
    if unknown := sorted(set(data) - _BODY_KEYS):
        raise ValueError(f"{', '.join(unknown)}: not part of a saved set")
    if missing := sorted(_BODY_KEYS - set(data)):
        raise ValueError(f"{', '.join(missing)}: missing")
    pain = data["pain"]
    if isinstance(pain, bool) or not isinstance(pain, int) or not 0 <= pain <= 10:
        raise ValueError("pain: must be a whole number from 0 to 10")
    return data["set"], pain


@login_required
@require_POST
def save(request: AuthenticatedHttpRequest, slug: str) -> JsonResponse:
    """A set the live coach counted, as JSON: `{"set": {numbers}, "pain": 0-10}`."""
    exercise = _exercise(slug)
    runner = ensure_runner(request.user)
    if len(request.body) > MAX_SET_BYTES:
        return JsonResponse(
            {"error": "set: too large to be a set's numbers"}, status=400
        )
    try:
        data, pain = _set_from(request.body)
        coached = parse_coached_set(data)
    except (ValueError, MotionError) as exc:
        # Both name the field first ("reps[2].up_s: must be 0 to 60, not 99"); the page
        # shows it to the runner as it is.
        problem = exc.problem if isinstance(exc, MotionError) else str(exc)
        return JsonResponse({"error": problem}, status=400)
    programme = active_programme(runner)
    if programme is None:
        return JsonResponse({"error": NO_PROGRAMME}, status=409)
    try:
        log_set(
            programme=programme,
            day=runner.local_today(timezone.now()),
            exercise_id=exercise.id,
            pain=pain,
            coached=coached,
            now=timezone.now(),
        )
    except RehabInputError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    log = reverse("programmes:today", args=[runner.pk])
    return JsonResponse({"log": log}, status=201)


@login_required
@require_POST
def by_hand(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A set the runner counted themself (the manual fallback), from a plain form."""
    exercise = _exercise(slug)
    runner = ensure_runner(request.user)
    form = ByHandForm(request.POST, held=exercise.dose.reps is None)
    programme = active_programme(runner)
    if not form.is_valid():
        return _render_live(request, runner, exercise, form)
    if programme is None:
        messages.error(request, f"Not logged: {NO_PROGRAMME}.")
        return _render_live(request, runner, exercise, form)
    log_set(
        programme=programme,
        day=runner.local_today(timezone.now()),
        exercise_id=exercise.id,
        now=timezone.now(),
        **form.cleaned_data,
    )
    messages.success(request, f"{exercise.name}: set logged in today's session.")
    return redirect("coach:live", slug=exercise.id)


@login_required
@never_cache
def sets(request: AuthenticatedHttpRequest, runner_id: int) -> HttpResponse:
    runner = get_viewable_runner(request.user, runner_id, Area.REHAB)
    context = {
        "runner": runner,
        "sets": sets_of(runner),
        "is_own": runner.user_id == request.user.pk,
    }
    return render(request, "coach/sets.html", context)
