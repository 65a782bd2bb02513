from __future__ import annotations

from django.contrib import admin

from clinic.bookings.models import (
    Appointment,
    AppointmentType,
    BookingSettings,
    Location,
    TimeOff,
    WaitlistEntry,
    WorkingHours,
)

for model in (
    BookingSettings,
    Location,
    AppointmentType,
    WorkingHours,
    TimeOff,
    WaitlistEntry,
):
    admin.site.register(model)


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin[Appointment]):
    list_display = ["starts_at", "clinician", "runner", "appointment_type", "status"]
    list_filter = ["status", "clinic"]
    raw_id_fields = ["runner", "waitlist_entry"]
