"""A clinician's private iCalendar feed and the page that gives its address."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from clinic.bookings.calendars import clinician_feed
from clinic.bookings.models import Appointment, CalendarFeed
from clinic.bookings.services import feed_of, renew_feed
from clinic.lib.http import AuthenticatedHttpRequest
from clinic.runners.access import is_clinician

# How far back the feed reaches, so last week's visits stay in the calendar.
FEED_PAST_DAYS = 30


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself: anyone holding the secret address may read it."""
    found = get_object_or_404(
        CalendarFeed.objects.select_related("clinician"), token=token
    )
    now = timezone.now()
    appointments = (
        Appointment.objects.live()
        .filter(
            clinician=found.clinician,
            ends_at__gte=now - timedelta(days=FEED_PAST_DAYS),
        )
        .select_related("clinic", "runner__user", "appointment_type", "location")
    )
    response = HttpResponse(
        clinician_feed(appointments, now=now),
        content_type="text/calendar; charset=utf-8",
    )
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
def feed_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not is_clinician(request.user):
        raise Http404("Only clinicians have a calendar feed")
    if request.method == "POST":
        renew_feed(clinician=request.user)
        messages.success(request, "New address made: the old one no longer works.")
        return redirect("bookings:feed-settings")
    token = feed_of(request.user).token
    url = request.build_absolute_uri(reverse("bookings:feed", args=[token]))
    return render(request, "bookings/feed_settings.html", {"feed_url": url})
