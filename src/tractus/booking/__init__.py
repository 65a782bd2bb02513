"""Free appointment slots from a clinician's weekly hours, time off and bookings.

`free_slots` is the whole search: weekly hours (each in its own time zone) give
candidate start times; a candidate is free when the visit lies inside the hours,
the visit with its buffers overlaps no booking and no time off, and it respects
the minimum notice and the booking horizon. `nearest_slots` orders free slots by
distance from a wanted time (the alternatives offered when a slot was just taken),
and `is_inside_cutoff` is the cancellation policy. Pure: the caller passes `now`.
"""

from __future__ import annotations

from tractus.booking.slots import (
    AppointmentLength,
    BookingRules,
    Slot,
    TimeRange,
    WeeklyHours,
    free_slots,
    is_inside_cutoff,
    nearest_slots,
)

__all__ = [
    "AppointmentLength",
    "BookingRules",
    "Slot",
    "TimeRange",
    "WeeklyHours",
    "free_slots",
    "is_inside_cutoff",
    "nearest_slots",
]
