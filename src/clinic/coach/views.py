"""The live form coach: the exercise list, the coach page, saving a set, the set log."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from clinic.coach.models import CoachSet
from clinic.coach.services import save_set
from clinic.lib.http import AuthenticatedHttpRequest
from clinic.runners.access import get_viewable_runner
from clinic.runners.models import Area
from clinic.runners.services import ensure_runner
from tractus.errors import MotionError
from tractus.motion.rules import RULES, ExerciseRule, parse_exercise, rules_document

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


@require_GET
def rules(request: HttpRequest) -> JsonResponse:
    """The exercise records of `tractus.motion.rules`, as the browser's form check reads
    them (no health data: the same for everyone)."""
    response = JsonResponse(rules_document())
    response["Cache-Control"] = "public, max-age=300"
    return response


def _rule(slug: str) -> ExerciseRule:
    try:
        return RULES[parse_exercise(slug)]
    except ValueError:
        raise Http404("No such exercise") from None


@login_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    runner = ensure_runner(request.user)
    context = {
        "rules": RULES.values(),
        "sets": CoachSet.objects.filter(runner=runner)[:10],
    }
    return render(request, "coach/index.html", context)


def _with_camera() -> str:
    """The site's Permissions-Policy with the camera allowed for this site only."""
    policy = {**settings.PERMISSIONS_POLICY, "camera": ["self"]}
    return ", ".join(f"{name}=({' '.join(allow)})" for name, allow in policy.items())


@login_required
def live(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    rule = _rule(slug)
    context = {"rule": rule, "slug": slug, "runner": ensure_runner(request.user)}
    response = render(request, "coach/live.html", context)
    # What django-csp's `csp_update` and django-permissions-policy read off a response.
    response._csp_update = COACH_CSP  # type: ignore[attr-defined]
    response._permissions_policy_override = _with_camera()  # type: ignore[attr-defined]
    return response


@login_required
@require_POST
def save(request: AuthenticatedHttpRequest, slug: str) -> JsonResponse:
    _rule(slug)
    runner = ensure_runner(request.user)
    if len(request.body) > MAX_SET_BYTES:
        return JsonResponse(
            {"error": "set: too large to be a set's numbers"}, status=400
        )
    try:
        saved = save_set(
            runner=runner, data=json.loads(request.body), now=timezone.now()
        )
    except (ValueError, MotionError) as exc:
        problem = exc.problem if isinstance(exc, MotionError) else "not JSON"
        return JsonResponse({"error": problem}, status=400)
    log = reverse("coach:sets", args=[runner.pk])
    return JsonResponse({"saved": str(saved.public_id), "log": log}, status=201)


@login_required
def sets(request: AuthenticatedHttpRequest, runner_id: int) -> HttpResponse:
    runner = get_viewable_runner(request.user, runner_id, Area.MOTION)
    rows = list(CoachSet.objects.filter(runner=runner)[:200])
    context = {
        "runner": runner,
        "sets": [(row, row.result) for row in rows],
        "is_own": runner.user_id == request.user.pk,
    }
    return render(request, "coach/sets.html", context)
