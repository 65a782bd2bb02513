"""The clinic admin's booking set-up: rules, locations, types, hours and time off."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from clinic.accounts.models import User
from clinic.bookings import selectors as sel
from clinic.bookings.forms import (
    AppointmentTypeForm,
    BookingSettingsForm,
    LocationForm,
    TimeOffForm,
    WorkingHoursForm,
)
from clinic.bookings.models import AppointmentType, TimeOff, WorkingHours
from clinic.bookings.setup import set_up_booking
from clinic.clinics.models import Clinic
from clinic.lib.http import AuthenticatedHttpRequest
from clinic.runners.access import get_administered_clinic


def _clinicians(clinic: Clinic) -> list[User]:
    return list(
        User.objects.filter(
            memberships__clinic=clinic, memberships__is_clinician=True
        ).order_by("full_name", "email")
    )


@login_required
def setup(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    clinic = get_administered_clinic(request.user, slug)
    settings_form = BookingSettingsForm(
        request.POST if "save_settings" in request.POST else None,
        instance=sel.booking_settings_for(clinic),
    )
    location_form = LocationForm(
        request.POST if "add_location" in request.POST else None
    )
    if "start" in request.POST:
        set_up_booking(clinic=clinic, time_zone=request.POST.get("time_zone", "UTC"))
        messages.success(
            request, "Online booking is set up: now add each clinician's hours."
        )
        return redirect("bookings:setup", slug=slug)
    if settings_form.is_bound and settings_form.is_valid():
        settings_form.save()
        messages.success(request, "Booking rules saved.")
        return redirect("bookings:setup", slug=slug)
    if location_form.is_bound and location_form.is_valid():
        location_form.instance.clinic = clinic
        location_form.save()
        messages.success(request, f"Location {location_form.instance} added.")
        return redirect("bookings:setup", slug=slug)
    context = {
        "clinic": clinic,
        "settings_form": settings_form,
        "location_form": location_form,
        "types": clinic.appointment_types.prefetch_related("clinicians"),
        "clinicians": _clinicians(clinic),
    }
    return render(request, "bookings/setup.html", context)


def _start(request: AuthenticatedHttpRequest, clinic: Clinic) -> HttpResponse:
    name = request.POST.get("time_zone", "").strip()
    if sel.zone_named(name) is None:
        messages.error(request, f"Time zone: {name!r} is not one; try Europe/London.")
    else:
        set_up_booking(clinic=clinic, time_zone=name)
        messages.success(
            request, "Online booking is set up: now add each clinician's hours."
        )
    return redirect("bookings:setup", slug=clinic.slug)


@login_required
def type_edit(
    request: AuthenticatedHttpRequest, slug: str, type_id: int | None = None
) -> HttpResponse:
    clinic = get_administered_clinic(request.user, slug)
    found = (
        get_object_or_404(AppointmentType, pk=type_id, clinic=clinic)
        if type_id
        else AppointmentType(clinic=clinic)
    )
    form = AppointmentTypeForm(
        request.POST or None,
        instance=found,
        clinicians=User.objects.filter(pk__in=[u.pk for u in _clinicians(clinic)]),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{form.instance.name} saved.")
        return redirect("bookings:setup", slug=slug)
    return render(request, "bookings/setup_type.html", {"clinic": clinic, "form": form})


@login_required
def clinician_hours(
    request: AuthenticatedHttpRequest, slug: str, user_id: int
) -> HttpResponse:
    clinic = get_administered_clinic(request.user, slug)
    clinician = get_object_or_404(
        User, pk=user_id, memberships__clinic=clinic, memberships__is_clinician=True
    )
    zone = sel.display_zone(None, "", clinic)
    hours_form = WorkingHoursForm(
        request.POST if "add_hours" in request.POST else None,
        locations=clinic.locations.all(),
    )
    with timezone.override(zone):
        off_form = TimeOffForm(request.POST if "add_time_off" in request.POST else None)
        off_valid = off_form.is_bound and off_form.is_valid()
    for form, valid in (
        (hours_form, hours_form.is_bound and hours_form.is_valid()),
        (off_form, off_valid),
    ):
        if valid:
            form.instance.clinic, form.instance.clinician = clinic, clinician
            form.save()
            messages.success(request, "Saved.")
            return redirect("bookings:clinician-hours", slug=slug, user_id=user_id)
    context = {
        "clinic": clinic,
        "clinician": clinician,
        "zone": zone,
        "hours": WorkingHours.objects.filter(
            clinic=clinic, clinician=clinician
        ).select_related("location"),
        "time_off": TimeOff.objects.filter(
            clinician=clinician, ends_at__gte=timezone.now()
        ),
        "hours_form": hours_form,
        "off_form": off_form,
    }
    return render(request, "bookings/setup_hours.html", context)


@login_required
@require_POST
def remove_hours(
    request: AuthenticatedHttpRequest, slug: str, user_id: int, item_id: int
) -> HttpResponse:
    """Delete one row of weekly hours or of time off of this clinician."""
    clinic = get_administered_clinic(request.user, slug)
    model = TimeOff if request.POST.get("kind") == "time_off" else WorkingHours
    row = get_object_or_404(model, pk=item_id, clinic=clinic, clinician_id=user_id)
    row.delete()
    messages.success(request, "Removed.")
    return redirect("bookings:clinician-hours", slug=slug, user_id=user_id)
