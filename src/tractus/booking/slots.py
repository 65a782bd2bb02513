"""Slot search: weekly hours, time off, bookings, buffers, notice and horizon.

Times inside are timezone-aware UTC. Weekly hours are wall-clock times in the
zone of their location, so a clinic that opens at 09:00 opens at 09:00 local
time on both sides of a daylight-saving change. Candidate starts step from the
opening time in real elapsed minutes; a wall-clock opening time that does not
exist on the day clocks go forward is read as Python's `zoneinfo` reads it
(fold=0: the offset before the change), and an hour that happens twice when
clocks go back is counted twice, as the clinician really works it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tractus.errors import ScheduleError


@dataclass(frozen=True, slots=True)
class TimeRange:
    """A half-open interval [starts_at, ends_at) of aware datetimes."""

    starts_at: datetime
    ends_at: datetime

    def __post_init__(self) -> None:
        if self.starts_at.tzinfo is None or self.ends_at.tzinfo is None:
            raise ScheduleError("time range", "start and end need a time zone")
        if self.ends_at <= self.starts_at:
            raise ScheduleError("time range", "the end must come after the start")

    def overlaps(self, other: TimeRange) -> bool:
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at


@dataclass(frozen=True, slots=True)
class WeeklyHours:
    """Hours a clinician sees patients on one weekday (0 = Monday), local time.

    `location` is the caller's key for where (returned with each slot).
    """

    weekday: int
    opens: time
    closes: time
    time_zone: str
    location: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ScheduleError("weekday", f"{self.weekday} is not 0 (Mon) to 6 (Sun)")
        if self.closes <= self.opens:
            raise ScheduleError(
                "hours", f"closing time {self.closes} is not after opening {self.opens}"
            )
        _zone(self.time_zone)


@dataclass(frozen=True, slots=True)
class AppointmentLength:
    """How long a visit lasts and the time kept free before and after it."""

    duration_min: int
    buffer_before_min: int = 0
    buffer_after_min: int = 0

    def __post_init__(self) -> None:
        if self.duration_min <= 0:
            raise ScheduleError("duration", "an appointment lasts at least a minute")
        if self.buffer_before_min < 0 or self.buffer_after_min < 0:
            raise ScheduleError("buffer", "a buffer cannot be negative")

    def visit(self, starts_at: datetime) -> TimeRange:
        return TimeRange(starts_at, starts_at + timedelta(minutes=self.duration_min))

    def blocked(self, starts_at: datetime) -> TimeRange:
        """The visit with its buffers: what no other booking may overlap."""
        visit = self.visit(starts_at)
        return TimeRange(
            visit.starts_at - timedelta(minutes=self.buffer_before_min),
            visit.ends_at + timedelta(minutes=self.buffer_after_min),
        )


@dataclass(frozen=True, slots=True)
class BookingRules:
    """When runners may book: notice before a visit, how far ahead, start-time step."""

    min_notice_min: int = 12 * 60
    horizon_days: int = 60
    step_min: int = 15

    def __post_init__(self) -> None:
        if self.step_min <= 0:
            raise ScheduleError("step", "start times need a step of at least a minute")
        if self.min_notice_min < 0 or self.horizon_days < 0:
            raise ScheduleError("rules", "notice and horizon cannot be negative")


@dataclass(frozen=True, slots=True)
class Slot:
    """A free visit time (UTC) and where it is."""

    starts_at: datetime
    ends_at: datetime
    location: str = ""


def free_slots(
    hours: Iterable[WeeklyHours],
    length: AppointmentLength,
    *,
    busy: Iterable[TimeRange],
    rules: BookingRules,
    now: datetime,
    first_day: date,
    last_day: date,
) -> list[Slot]:
    """Free slots between `first_day` and `last_day` (local dates of the hours).

    Parameters
    ----------
    hours
        The clinician's weekly hours (wall-clock times in each entry's zone).
    length
        Duration and buffers of the appointment type.
    busy
        Time that is taken: other bookings with their buffers, and time off.
    rules
        Minimum notice, booking horizon and the step between start times.
    now
        The current time (aware); notice and horizon count from it.
    first_day, last_day
        The local dates to search, both included.

    Returns
    -------
    list[Slot]
        In start order, without duplicates.
    """
    earliest = now + timedelta(minutes=rules.min_notice_min)
    latest = now + timedelta(days=rules.horizon_days)
    taken = _Busy(busy)
    found = {
        slot
        for slot in _candidates(hours, length, rules.step_min, first_day, last_day)
        if earliest <= slot.starts_at <= latest
        and not taken.overlaps(length.blocked(slot.starts_at))
    }
    return sorted(found, key=lambda s: (s.starts_at, s.location))


def nearest_slots(
    slots: Sequence[Slot], wanted: datetime, *, count: int = 3
) -> list[Slot]:
    """The `count` slots closest in time to `wanted` (earlier first on a tie)."""
    ranked = sorted(slots, key=lambda s: (abs(s.starts_at - wanted), s.starts_at))
    return sorted(ranked[:count], key=lambda s: s.starts_at)


def is_inside_cutoff(starts_at: datetime, *, now: datetime, cutoff_min: int) -> bool:
    """True when a visit is too close (or past) for the runner to change it online."""
    return starts_at - now < timedelta(minutes=cutoff_min)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ScheduleError("time zone", f"{name!r} is not a known time zone") from exc


def _days(first_day: date, last_day: date) -> Iterator[date]:
    day = first_day
    while day <= last_day:
        yield day
        day += timedelta(days=1)


def _candidates(
    hours: Iterable[WeeklyHours],
    length: AppointmentLength,
    step_min: int,
    first_day: date,
    last_day: date,
) -> Iterator[Slot]:
    by_weekday: dict[int, list[WeeklyHours]] = {}
    for entry in hours:
        by_weekday.setdefault(entry.weekday, []).append(entry)
    step = timedelta(minutes=step_min)
    duration = timedelta(minutes=length.duration_min)
    for day in _days(first_day, last_day):
        for entry in by_weekday.get(day.weekday(), []):
            zone = _zone(entry.time_zone)
            start = datetime.combine(day, entry.opens, zone).astimezone(UTC)
            close = datetime.combine(day, entry.closes, zone).astimezone(UTC)
            while start + duration <= close:
                yield Slot(start, start + duration, entry.location)
                start += step


class _Busy:
    """Taken ranges, sorted, answering "does this range overlap any?" in O(log n)."""

    def __init__(self, ranges: Iterable[TimeRange]) -> None:
        ordered = sorted(ranges, key=lambda r: r.starts_at)
        self._starts = [r.starts_at for r in ordered]
        # Latest end among the first i ranges: one lookup tells whether any
        # range starting before a candidate's end reaches past its start.
        self._max_end = list(accumulate((r.ends_at for r in ordered), max))

    def overlaps(self, candidate: TimeRange) -> bool:
        before_end = bisect_left(self._starts, candidate.ends_at)
        return before_end > 0 and self._max_end[before_end - 1] > candidate.starts_at
