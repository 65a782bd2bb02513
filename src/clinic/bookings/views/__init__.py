"""The booking pages: the runner's flow, changes to a booking, the clinician's feed."""

from __future__ import annotations

from clinic.bookings.views.booking import appointment, confirm, mine, slots, start
from clinic.bookings.views.changes import calendar_file, cancel, claim, move, waitlist
from clinic.bookings.views.feed import feed, feed_settings
from clinic.bookings.views.setup import clinician_hours, remove_hours, setup, type_edit

__all__ = [
    "appointment",
    "calendar_file",
    "cancel",
    "claim",
    "clinician_hours",
    "confirm",
    "feed",
    "feed_settings",
    "mine",
    "move",
    "remove_hours",
    "setup",
    "slots",
    "start",
    "type_edit",
    "waitlist",
]
