"""Pages that belong to no single app: the home page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clinic.runners.access import is_clinician
from clinic.runners.models import Runner


def home(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {}
    if request.user.is_authenticated:
        runner = Runner.objects.filter(user=request.user).first()
        context["runner"] = runner
        context["latest_check"] = runner.triage_assessments.first() if runner else None
        context["is_clinician"] = is_clinician(request.user)
    return render(request, "home.html", context)
