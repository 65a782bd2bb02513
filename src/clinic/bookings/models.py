"""Clinic schedules and appointments.

A clinic has locations (each with its time zone), appointment types (duration
and buffers), and booking rules. Each clinician has weekly hours at a location
and time off. An `Appointment` holds one visit: clinician, runner, type,
`starts_at`/`ends_at` in UTC and a status; `blocked_from`/`blocked_until` add the
type's buffers, and the database refuses two live appointments of one clinician
whose blocked ranges overlap (see constraints.py).
"""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models

from clinic.bookings.constraints import LIVE_STATUSES, no_overlap_constraint
from clinic.clinics.models import Clinic
from clinic.runners.models import Runner
from tractus.booking import AppointmentLength, BookingRules


class BookingSettings(models.Model):
    """A clinic's booking rules (one row per clinic, made with defaults on first use)."""

    clinic = models.OneToOneField(
        Clinic, on_delete=models.CASCADE, related_name="booking_settings"
    )
    is_open = models.BooleanField("online booking open", default=True)
    min_notice_min = models.PositiveIntegerField(
        "minimum notice (minutes)", default=720
    )
    horizon_days = models.PositiveIntegerField("book up to (days ahead)", default=60)
    step_min = models.PositiveIntegerField("start times every (minutes)", default=15)
    cancel_cutoff_hours = models.PositiveIntegerField(
        "runners may cancel or move up to (hours before)", default=24
    )
    claim_window_min = models.PositiveIntegerField(
        "waitlist offer held for (minutes)", default=120
    )
    reminder_hours_before = models.PositiveIntegerField(
        "reminder e-mail (hours before)", default=24
    )

    def __str__(self) -> str:
        return f"Booking settings of {self.clinic}"

    def rules(self) -> BookingRules:
        return BookingRules(self.min_notice_min, self.horizon_days, self.step_min)


class Location(models.Model):
    clinic = models.ForeignKey(
        Clinic, on_delete=models.CASCADE, related_name="locations"
    )
    name = models.CharField(max_length=120)
    address = models.TextField(blank=True)
    # IANA name; weekly hours at this location are wall-clock times in this zone.
    time_zone = models.CharField(max_length=64, default="Europe/London")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "name"], name="location_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class AppointmentKind(models.TextChoices):
    DIAGNOSTIC = "diagnostic", "Total body diagnostic"
    FOLLOW_UP = "follow_up", "Follow-up"
    GAIT = "gait", "Running-gait session"


class AppointmentType(models.Model):
    clinic = models.ForeignKey(
        Clinic, on_delete=models.CASCADE, related_name="appointment_types"
    )
    kind = models.CharField(max_length=20, choices=AppointmentKind.choices)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    duration_min = models.PositiveIntegerField()
    buffer_before_min = models.PositiveIntegerField(default=0)
    buffer_after_min = models.PositiveIntegerField(default=0)
    # New patients may book only types open to them (the diagnostic comes first).
    open_to_new_patients = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    clinicians = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="appointment_types", blank=True
    )

    class Meta:
        ordering = ["-open_to_new_patients", "duration_min", "name"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "name"], name="type_name_unique"),
            models.CheckConstraint(
                condition=models.Q(duration_min__gt=0), name="type_lasts"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.duration_min} min)"

    def length(self) -> AppointmentLength:
        return AppointmentLength(
            self.duration_min, self.buffer_before_min, self.buffer_after_min
        )


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class WorkingHours(models.Model):
    """One weekly stretch of bookable time, e.g. Mondays 09:00-13:00 at a location."""

    clinic = models.ForeignKey(
        Clinic, on_delete=models.CASCADE, related_name="working_hours"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="working_hours"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="working_hours"
    )
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name_plural = "working hours"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")),
                name="hours_close_after_opening",
            )
        ]

    def __str__(self) -> str:
        day = Weekday(self.weekday).label
        return f"{day} {self.opens:%H:%M}-{self.closes:%H:%M}"


class TimeOff(models.Model):
    """A holiday, sick day or training: no bookings for this clinician then."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="+")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="time_off"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    reason = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name_plural = "time off"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="time_off_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.clinician} off {self.starts_at:%Y-%m-%d %H:%M}"


class Status(models.TextChoices):
    HELD = "held", "Offered from the waitlist"
    BOOKED = "booked", "Booked"
    ATTENDED = "attended", "Attended"
    NO_SHOW = "no_show", "Did not attend"
    CANCELLED = "cancelled", "Cancelled"
    LAPSED = "lapsed", "Offer not taken"


class AppointmentQuerySet(models.QuerySet["Appointment"]):
    def live(self) -> AppointmentQuerySet:
        """Appointments that take the clinician's time."""
        return self.filter(status__in=LIVE_STATUSES)


class Appointment(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    clinic = models.ForeignKey(
        Clinic, on_delete=models.PROTECT, related_name="appointments"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments"
    )
    runner = models.ForeignKey(
        Runner, on_delete=models.CASCADE, related_name="appointments"
    )
    appointment_type = models.ForeignKey(
        AppointmentType, on_delete=models.PROTECT, related_name="appointments"
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="appointments"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    # The visit with the type's buffers; what the no-overlap guarantee covers.
    blocked_from = models.DateTimeField()
    blocked_until = models.DateTimeField()
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.BOOKED
    )
    # A waitlist offer holds the slot for the runner until then.
    hold_expires_at = models.DateTimeField(null=True, blank=True)
    waitlist_entry = models.ForeignKey(
        "WaitlistEntry",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offers",
    )
    created_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # iCalendar SEQUENCE: raised on each change, so calendars replace the old copy.
    sequence = models.PositiveIntegerField(default=0)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["clinician", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at"))
                & models.Q(blocked_from__lte=models.F("starts_at"))
                & models.Q(blocked_until__gte=models.F("ends_at")),
                name="appointment_times_in_order",
            ),
            no_overlap_constraint(),
        ]

    def __str__(self) -> str:
        return f"{self.appointment_type.name} {self.starts_at:%Y-%m-%d %H:%M} UTC"

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES


class WaitlistStatus(models.TextChoices):
    WAITING = "waiting", "Waiting"
    OFFERED = "offered", "Offered a slot"
    BOOKED = "booked", "Booked"
    LEFT = "left", "Left the waitlist"


class WaitlistEntry(models.Model):
    """A runner waiting for an earlier slot; offered freed slots in order of joining."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    clinic = models.ForeignKey(
        Clinic, on_delete=models.CASCADE, related_name="waitlist"
    )
    runner = models.ForeignKey(
        Runner, on_delete=models.CASCADE, related_name="waitlist_entries"
    )
    appointment_type = models.ForeignKey(
        AppointmentType, on_delete=models.CASCADE, related_name="+"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    earliest_on = models.DateField()
    latest_on = models.DateField()
    status = models.CharField(
        max_length=10, choices=WaitlistStatus.choices, default=WaitlistStatus.WAITING
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at"]
        verbose_name_plural = "waitlist entries"

    def __str__(self) -> str:
        return f"{self.runner} waiting for {self.appointment_type.name}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret address of a clinician's private iCalendar feed."""

    clinician = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.clinician}"
