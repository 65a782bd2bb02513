"""The booking pages: the runner's flow, changes to a booking, the clinician's feed."""

from __future__ import annotations

from clinic.bookings.views.booking import appointment, confirm, mine, slots, start
from clinic.bookings.views.changes import calendar_file, cancel, claim, move, waitlist
from clinic.bookings.views.feed import feed, feed_settings

__all__ = [
    "appointment",
    "calendar_file",
    "cancel",
    "claim",
    "confirm",
    "feed",
    "feed_settings",
    "mine",
    "move",
    "slots",
    "start",
    "waitlist",
]
