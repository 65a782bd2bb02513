"""Pages that belong to no single app: the home page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from clinic.bookings import selectors as bookings
from clinic.runners.access import is_clinician
from clinic.runners.models import Runner


def home(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {}
    if request.user.is_authenticated:
        runner = Runner.objects.filter(user=request.user).first()
        context["runner"] = runner
        context["latest_check"] = runner.triage_assessments.first() if runner else None
        context["is_clinician"] = is_clinician(request.user)
        if runner:
            context["programme"] = runner.programmes.filter(is_active=True).first()
            context["next_visit"] = (
                bookings.upcoming_for(runner, timezone.now())
                .order_by("starts_at")
                .first()
            )
            context["zone"] = bookings.zone_named(runner.timezone)
    return render(request, "home.html", context)
