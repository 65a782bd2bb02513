"""The runner's booking pages: pick a type, a slot, confirm, see the appointment."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from clinic.bookings import selectors as sel
from clinic.bookings.changes import check_cutoff
from clinic.bookings.forms import ConfirmForm, SlotChoiceForm
from clinic.bookings.models import Appointment, AppointmentKind, AppointmentType
from clinic.bookings.services import (
    BookingError,
    Guest,
    SlotTakenError,
    book_appointment,
    book_as_guest,
    share_intake,
    shares_intake,
)
from clinic.lib.http import AuthenticatedHttpRequest
from clinic.runners.access import can_see_appointment, may_change_appointment
from clinic.runners.models import Runner
from clinic.triage.services import OWNED_KEY, result_of
from tractus.booking import is_inside_cutoff

BOOKED_KEY = "booked_appointments"
DAYS_SHOWN = 7


def _runner(request: HttpRequest) -> Runner | None:
    if not request.user.is_authenticated:
        return None
    return Runner.objects.filter(user=request.user).first()


def _red_flag_page(request: HttpRequest, runner: Runner | None) -> HttpResponse | None:
    """The urgent-care advice, when the latest symptom check found a red flag."""
    check = sel.latest_check(runner, request.session.get(OWNED_KEY, []))
    if check is None or not check.has_red_flag:
        return None
    context = {"assessment": check, "result": result_of(check)}
    return render(request, "bookings/urgent.html", context)


def start(request: HttpRequest) -> HttpResponse:
    runner = _runner(request)
    if urgent := _red_flag_page(request, runner):
        return urgent
    clinics = [(c, sel.bookable_types(c, runner)) for c in sel.open_clinics()]
    return render(request, "bookings/start.html", {"clinics": clinics})


def _bookable(request: HttpRequest, slug: str, type_id: int) -> AppointmentType:
    runner = _runner(request)
    types = AppointmentType.objects.filter(clinic__slug=slug)
    found = get_object_or_404(types.select_related("clinic"), pk=type_id)
    if not sel.bookable_types(found.clinic, runner).filter(pk=found.pk).exists():
        raise Http404("This appointment type cannot be booked online by you")
    return found


def slots(request: HttpRequest, slug: str, type_id: int) -> HttpResponse:
    runner = _runner(request)
    if urgent := _red_flag_page(request, runner):
        return urgent
    appointment_type = _bookable(request, slug, type_id)
    zone = sel.display_zone(runner, request.GET.get("tz", ""), appointment_type.clinic)
    today = timezone.now().astimezone(zone).date()
    first_day = _date_param(request, "from", default=today)
    clinicians = sel.clinicians_for(appointment_type)
    chosen = clinicians.filter(pk=request.GET.get("clinician") or 0).first()
    found = sel.open_slots(
        appointment_type=appointment_type,
        clinicians=[chosen] if chosen else clinicians,
        first_day=max(first_day, today),
        last_day=max(first_day, today) + timedelta(days=DAYS_SHOWN - 1),
        now=timezone.now(),
    )
    context = {
        "type": appointment_type,
        "days": sel.slots_by_day(found, zone),
        "zone": zone,
        "clinicians": clinicians,
        "chosen": chosen,
        "first_day": first_day,
        "later": first_day + timedelta(days=DAYS_SHOWN),
        "earlier": first_day - timedelta(days=DAYS_SHOWN)
        if first_day > today
        else None,
    }
    return render(request, "bookings/slots.html", context)


def _date_param(request: HttpRequest, name: str, *, default: date) -> date:
    try:
        return date.fromisoformat(request.GET.get(name, ""))
    except ValueError:
        return default


def confirm(request: HttpRequest, slug: str, type_id: int) -> HttpResponse:
    runner = _runner(request)
    if urgent := _red_flag_page(request, runner):
        return urgent
    appointment_type = _bookable(request, slug, type_id)
    choice = SlotChoiceForm(request.POST if "at" in request.POST else request.GET)
    if not choice.is_valid():
        return redirect("bookings:slots", slug=slug, type_id=type_id)
    clinician = get_object_or_404(
        sel.clinicians_for(appointment_type), pk=choice.cleaned_data["clinician"]
    )
    asked_zone = request.POST.get("timezone") or request.GET.get("tz", "")
    posted = request.POST if request.method == "POST" else None
    already_shared = shares_intake(runner, appointment_type.clinic)
    form = ConfirmForm(
        posted,
        guest=runner is None,
        already_shared=already_shared,
        initial={"timezone": asked_zone},
    )
    context = {
        "type": appointment_type,
        "clinician": clinician,
        "starts_at": choice.cleaned_data["at"],
        "zone": sel.display_zone(runner, asked_zone, appointment_type.clinic),
        "form": form,
        "already_shared": already_shared,
        **_existing_diagnostic(runner, appointment_type),
    }
    if request.method == "POST" and form.is_valid():
        try:
            appointment = _book(request, runner, form, context)
        except SlotTakenError as exc:
            context.update(taken=exc, alternatives=exc.alternatives)
        except BookingError as exc:
            context["refused"] = str(exc)
        else:
            return redirect("bookings:appointment", public_id=appointment.public_id)
    return render(request, "bookings/confirm.html", context)


def _existing_diagnostic(
    runner: Runner | None, appointment_type: AppointmentType
) -> dict[str, Any]:
    """The diagnostic the runner already has (a second is refused), and whether it
    can be moved to the chosen time from here (same type, outside the cut-off)."""
    if appointment_type.kind != AppointmentKind.DIAGNOSTIC:
        return {}
    now = timezone.now()
    existing = sel.upcoming_diagnostic(runner, appointment_type.clinic, now)
    if existing is None:
        return {}
    try:
        check_cutoff(existing, now=now)
    except BookingError:
        movable = False
    else:
        movable = existing.appointment_type_id == appointment_type.pk
    return {"existing": existing, "movable": movable}


def _book(
    request: HttpRequest,
    runner: Runner | None,
    form: ConfirmForm,
    context: dict[str, Any],
) -> Appointment:
    data, now = form.cleaned_data, timezone.now()
    slot = {
        "appointment_type": context["type"],
        "clinician": context["clinician"],
        "starts_at": context["starts_at"],
        "now": now,
    }
    if runner is None:
        guest = Guest(
            data["email"],
            data["full_name"],
            data["timezone"],
            request.session.get(OWNED_KEY, []),
        )
        appointment, _ = book_as_guest(guest=guest, share=data["share"], **slot)
        request.session[BOOKED_KEY] = [
            *request.session.get(BOOKED_KEY, []),
            str(appointment.public_id),
        ]
        return appointment
    appointment = book_appointment(runner=runner, **slot)
    if data.get("share"):
        share_intake(runner=runner, clinic=appointment.clinic, now=now)
    return appointment


def appointment(request: HttpRequest, public_id: str) -> HttpResponse:
    found = get_object_or_404(
        Appointment.objects.select_related(
            "clinic", "clinician", "runner__user", "appointment_type", "location"
        ),
        public_id=public_id,
    )
    if not can_see_appointment(
        request.user, found, request.session.get(BOOKED_KEY, [])
    ):
        raise Http404("No such appointment")
    cutoff_hours = sel.booking_settings_for(found.clinic).cancel_cutoff_hours
    context = {
        "appointment": found,
        "zone": sel.display_zone(found.runner, "", found.clinic),
        "can_change": may_change_appointment(request.user, found),
        "cutoff_hours": cutoff_hours,
        "inside_cutoff": is_inside_cutoff(
            found.starts_at, now=timezone.now(), cutoff_min=cutoff_hours * 60
        ),
    }
    return render(request, "bookings/appointment.html", context)


@login_required
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    runner = _runner(request)
    context = {
        "appointments": sel.upcoming_for(runner, timezone.now()) if runner else [],
        "waiting": sel.waiting_for(runner) if runner else [],
        "zone": sel.zone_named(runner.timezone if runner else ""),
    }
    return render(request, "bookings/mine.html", context)
