"""A runner's changes to their booking, the waitlist, and the .ics download."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from clinic.bookings import selectors as sel
from clinic.bookings.calendars import appointment_calendar
from clinic.bookings.changes import (
    cancel_appointment,
    check_cutoff,
    claim_offer,
    join_waitlist,
    reschedule_appointment,
)
from clinic.bookings.forms import SlotChoiceForm, WaitlistForm
from clinic.bookings.models import Appointment, AppointmentType
from clinic.bookings.services import BookingError, SlotTakenError
from clinic.bookings.views.booking import BOOKED_KEY, DAYS_SHOWN
from clinic.lib.http import AuthenticatedHttpRequest
from clinic.runners.access import can_see_appointment, may_change_appointment
from clinic.runners.services import ensure_runner

RELATED = ("clinic", "clinician", "runner__user", "appointment_type", "location")


def _appointment(public_id: str) -> Appointment:
    return get_object_or_404(
        Appointment.objects.select_related(*RELATED), public_id=public_id
    )


def _own(request: AuthenticatedHttpRequest, public_id: str) -> Appointment:
    found = _appointment(public_id)
    if not may_change_appointment(request.user, found):
        raise Http404("No such appointment")
    return found


@login_required
@require_POST
def cancel(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    found = _own(request, public_id)
    try:
        cancel_appointment(appointment=found, now=timezone.now())
    except BookingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Cancelled. We sent you an e-mail to confirm it.")
    return redirect("bookings:appointment", public_id=found.public_id)


@login_required
@require_POST
def claim(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    found = _own(request, public_id)
    try:
        claim_offer(appointment=found, now=timezone.now())
    except BookingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "It is yours: you are booked.")
    return redirect("bookings:appointment", public_id=found.public_id)


@login_required
def move(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    found, now = _own(request, public_id), timezone.now()
    try:
        check_cutoff(found, now=now)
    except BookingError as exc:
        messages.error(request, str(exc))
        return redirect("bookings:appointment", public_id=found.public_id)
    context: dict[str, object] = {"appointment": found}
    choice = SlotChoiceForm(request.POST)
    if request.method == "POST" and choice.is_valid():
        clinician = get_object_or_404(
            sel.clinicians_for(found.appointment_type),
            pk=choice.cleaned_data["clinician"],
        )
        try:
            reschedule_appointment(
                appointment=found,
                clinician=clinician,
                starts_at=choice.cleaned_data["at"],
                now=now,
            )
        except SlotTakenError as exc:
            context.update(taken=exc, alternatives=exc.alternatives)
        else:
            messages.success(request, "Moved. We sent you the new time.")
            return redirect("bookings:appointment", public_id=found.public_id)
    return render(request, "bookings/move.html", {**context, **_week(request, found)})


def _week(request: HttpRequest, found: Appointment) -> dict[str, object]:
    zone = sel.display_zone(found.runner, "", found.clinic)
    today = timezone.now().astimezone(zone).date()
    try:
        first_day = max(date.fromisoformat(request.GET.get("from", "")), today)
    except ValueError:
        first_day = today
    found_slots = sel.open_slots(
        appointment_type=found.appointment_type,
        clinicians=sel.clinicians_for(found.appointment_type),
        first_day=first_day,
        last_day=first_day + timedelta(days=DAYS_SHOWN - 1),
        now=timezone.now(),
        ignoring=found.pk,
    )
    return {
        "zone": zone,
        "days": sel.slots_by_day(found_slots, zone),
        "later": first_day + timedelta(days=DAYS_SHOWN),
    }


def calendar_file(request: HttpRequest, public_id: str) -> HttpResponse:
    found = _appointment(public_id)
    if not can_see_appointment(
        request.user, found, request.session.get(BOOKED_KEY, [])
    ):
        raise Http404("No such appointment")
    response = HttpResponse(
        appointment_calendar(found, now=timezone.now()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="appointment.ics"'
    return response


@login_required
@require_POST
def waitlist(
    request: AuthenticatedHttpRequest, slug: str, type_id: int
) -> HttpResponse:
    appointment_type = get_object_or_404(
        AppointmentType.objects.select_related("clinic"), clinic__slug=slug, pk=type_id
    )
    form = WaitlistForm(request.POST, clinicians=sel.clinicians_for(appointment_type))
    if not form.is_valid():
        problems = [
            f"{name}: {' '.join(str(e) for e in errors)}"
            for name, errors in form.errors.items()
        ]
        messages.error(request, "; ".join(problems))
        return redirect("bookings:slots", slug=slug, type_id=type_id)
    try:
        join_waitlist(
            runner=ensure_runner(request.user),
            appointment_type=appointment_type,
            now=timezone.now(),
            **form.cleaned_data,
        )
    except BookingError as exc:
        messages.error(request, str(exc))
        return redirect("bookings:slots", slug=slug, type_id=type_id)
    messages.success(
        request,
        "You are on the waitlist: if a time comes free, we e-mail you and hold it "
        "for you for a while.",
    )
    return redirect("bookings:mine")
