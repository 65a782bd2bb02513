"""Slot search: hours, buffers, bookings, notice, horizon, time zones and DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tractus.booking
from tractus.booking import (
    AppointmentLength,
    BookingRules,
    Slot,
    TimeRange,
    WeeklyHours,
    free_slots,
    is_inside_cutoff,
    nearest_slots,
)
from tractus.errors import ScheduleError

LONDON = "Europe/London"
NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
DIAGNOSTIC = AppointmentLength(60, buffer_before_min=0, buffer_after_min=15)
NO_NOTICE = BookingRules(min_notice_min=0, horizon_days=365, step_min=15)


def weekdays(opens: time, closes: time, zone: str = LONDON) -> list[WeeklyHours]:
    return [WeeklyHours(d, opens, closes, zone, "main") for d in range(5)]


def search(day: date, **kwargs) -> list[Slot]:
    options = {
        "hours": weekdays(time(9), time(17)),
        "length": DIAGNOSTIC,
        "busy": [],
        "rules": NO_NOTICE,
        "now": NOW,
        "first_day": day,
        "last_day": day,
    }
    options.update(kwargs)
    hours, length = options.pop("hours"), options.pop("length")
    return free_slots(hours, length, **options)  # type: ignore[arg-type]


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_public_api_is_sorted_and_complete() -> None:
    assert tractus.booking.__all__ == sorted(tractus.booking.__all__)
    for name in tractus.booking.__all__:
        assert hasattr(tractus.booking, name)


class TestHours:
    def test_a_day_of_hours_gives_steps_that_fit_the_visit(self) -> None:
        slots = search(date(2026, 3, 2))  # a Monday, GMT
        assert slots[0].starts_at == utc(2026, 3, 2, 9)
        assert slots[-1].ends_at == utc(2026, 3, 2, 17)
        assert len(slots) == 29  # 09:00 to 16:00 every 15 minutes

    def test_no_hours_at_the_weekend(self) -> None:
        assert search(date(2026, 3, 7)) == []

    def test_hours_are_read_in_their_own_time_zone(self) -> None:
        hours = weekdays(time(9), time(10), "America/Recife")  # UTC-3
        slots = search(date(2026, 3, 2), hours=hours)
        assert [s.starts_at for s in slots] == [utc(2026, 3, 2, 12)]

    def test_each_slot_carries_its_location(self) -> None:
        hours = [
            WeeklyHours(0, time(9), time(10), LONDON, "north"),
            WeeklyHours(0, time(14), time(15), LONDON, "south"),
        ]
        slots = search(date(2026, 3, 2), hours=hours)
        assert [s.location for s in slots] == ["north", "south"]


class TestTaken:
    def test_a_booking_with_buffers_blocks_the_slots_it_overlaps(self) -> None:
        booked = DIAGNOSTIC.blocked(utc(2026, 3, 2, 10))  # 10:00-11:15
        starts = {s.starts_at for s in search(date(2026, 3, 2), busy=[booked])}
        # A new visit ending with its 15-minute buffer must clear 10:00.
        assert utc(2026, 3, 2, 8, 45) not in starts
        assert utc(2026, 3, 2, 9) not in starts
        assert utc(2026, 3, 2, 10, 30) not in starts
        assert utc(2026, 3, 2, 11, 15) in starts

    def test_time_off_blocks_the_whole_day(self) -> None:
        holiday = TimeRange(utc(2026, 3, 2, 0), utc(2026, 3, 3, 0))
        assert search(date(2026, 3, 2), busy=[holiday]) == []

    def test_notice_and_horizon_cut_the_ends(self) -> None:
        rules = BookingRules(min_notice_min=24 * 60, horizon_days=2, step_min=60)
        now = utc(2026, 3, 2, 12)
        slots = search(
            date(2026, 3, 2), rules=rules, now=now, last_day=date(2026, 3, 6)
        )
        assert slots[0].starts_at == utc(2026, 3, 3, 12)
        assert slots[-1].starts_at == utc(2026, 3, 4, 12)


class TestDaylightSaving:
    def test_local_opening_time_holds_across_the_spring_change(self) -> None:
        # London moves to BST on Sunday 2026-03-29.
        before = search(date(2026, 3, 27))
        after = search(date(2026, 3, 30))
        assert before[0].starts_at == utc(2026, 3, 27, 9)
        assert after[0].starts_at == utc(2026, 3, 30, 8)
        assert len(before) == len(after)

    def test_local_opening_time_holds_across_the_autumn_change(self) -> None:
        zone = "America/New_York"  # back to EST on Sunday 2026-11-01
        hours = weekdays(time(9), time(17), zone)
        before = search(date(2026, 10, 30), hours=hours)
        after = search(date(2026, 11, 2), hours=hours)
        assert before[0].starts_at == utc(2026, 10, 30, 13)
        assert after[0].starts_at == utc(2026, 11, 2, 14)

    def test_hours_over_the_night_change_count_real_time(self) -> None:
        night = [WeeklyHours(6, time(0), time(4), LONDON, "")]
        length = AppointmentLength(60)
        rules = BookingRules(0, 365, 60)
        spring = search(date(2026, 3, 29), hours=night, length=length, rules=rules)
        autumn = search(date(2026, 10, 25), hours=night, length=length, rules=rules)
        assert len(spring) == 3  # the hour from 01:00 to 02:00 does not exist
        assert len(autumn) == 5  # the hour from 01:00 to 02:00 happens twice
        assert len({s.starts_at for s in autumn}) == 5

    def test_slots_shown_in_a_zone_keep_their_wall_clock(self) -> None:
        slots = search(date(2026, 3, 30))
        local = slots[0].starts_at.astimezone(ZoneInfo(LONDON))
        assert (local.hour, local.minute) == (9, 0)


class TestErrors:
    @pytest.mark.parametrize(
        ("build", "field"),
        [
            (lambda: WeeklyHours(7, time(9), time(17), LONDON), "weekday"),
            (lambda: WeeklyHours(0, time(17), time(9), LONDON), "hours"),
            (lambda: WeeklyHours(0, time(9), time(17), "Mars/Base"), "time zone"),
            (lambda: AppointmentLength(0), "duration"),
            (lambda: AppointmentLength(30, buffer_after_min=-5), "buffer"),
            (lambda: BookingRules(step_min=0), "step"),
            (lambda: TimeRange(utc(2026, 1, 2), utc(2026, 1, 1)), "time range"),
        ],
    )
    def test_bad_schedule_names_the_field(self, build, field) -> None:
        with pytest.raises(ScheduleError) as caught:
            build()
        assert caught.value.field == field


def test_nearest_slots_are_the_closest_in_time_in_order() -> None:
    slots = search(date(2026, 3, 2))
    wanted = utc(2026, 3, 2, 12)
    near = nearest_slots([s for s in slots if s.starts_at != wanted], wanted)
    assert [s.starts_at for s in near] == [
        utc(2026, 3, 2, 11, 30),
        utc(2026, 3, 2, 11, 45),
        utc(2026, 3, 2, 12, 15),
    ]


def test_cutoff_counts_from_now() -> None:
    visit = utc(2026, 3, 3, 9)
    assert is_inside_cutoff(visit, now=utc(2026, 3, 2, 10), cutoff_min=24 * 60)
    assert not is_inside_cutoff(visit, now=utc(2026, 3, 2, 9), cutoff_min=24 * 60)


# Property tests ---------------------------------------------------------------

minutes = st.integers(min_value=0, max_value=6 * 24 * 60)
bookings = st.lists(
    st.tuples(minutes, st.integers(min_value=15, max_value=180)), max_size=12
)
zones = st.sampled_from([LONDON, "America/New_York", "Australia/Sydney", "UTC"])
lengths = st.builds(
    AppointmentLength,
    st.sampled_from([30, 45, 60]),
    st.integers(min_value=0, max_value=30),
    st.integers(min_value=0, max_value=30),
)
WEEK = date(2026, 3, 23)  # spans London's and Sydney's changes on either side


def _busy(raw: list[tuple[int, int]]) -> list[TimeRange]:
    base = datetime(2026, 3, 23, tzinfo=UTC)
    return [
        TimeRange(base + timedelta(minutes=s), base + timedelta(minutes=s + d))
        for s, d in raw
    ]


def _week(zone: str, length: AppointmentLength, busy: list[TimeRange]) -> list[Slot]:
    return free_slots(
        weekdays(time(8), time(18), zone),
        length,
        busy=busy,
        rules=NO_NOTICE,
        now=NOW,
        first_day=WEEK,
        last_day=WEEK + timedelta(days=6),
    )


@given(raw=bookings, zone=zones, length=lengths)
def test_no_free_slot_overlaps_anything_taken(raw, zone, length) -> None:
    busy = _busy(raw)
    for slot in _week(zone, length, busy):
        blocked = length.blocked(slot.starts_at)
        assert not any(blocked.overlaps(b) for b in busy)


@given(raw=bookings, zone=zones, length=lengths)
def test_taking_more_time_never_frees_a_slot(raw, zone, length) -> None:
    fewer = set(_week(zone, length, _busy(raw[:-1])))
    more = set(_week(zone, length, _busy(raw)))
    assert more <= fewer


@given(zone=zones, length=lengths)
def test_every_free_slot_lies_inside_the_local_hours(zone, length) -> None:
    for slot in _week(zone, length, []):
        start = slot.starts_at.astimezone(ZoneInfo(zone))
        end = slot.ends_at.astimezone(ZoneInfo(zone))
        assert start.weekday() < 5
        assert time(8) <= start.time() and end.time() <= time(18)
        assert slot.ends_at - slot.starts_at == timedelta(minutes=length.duration_min)


@given(
    notice=st.integers(min_value=0, max_value=5 * 24 * 60),
    horizon=st.integers(min_value=0, max_value=10),
    start=st.integers(min_value=0, max_value=7 * 24 * 60),
)
def test_notice_and_horizon_always_hold(notice, horizon, start) -> None:
    now = datetime(2026, 3, 23, tzinfo=UTC) + timedelta(minutes=start)
    rules = BookingRules(notice, horizon, 30)
    slots = free_slots(
        weekdays(time(8), time(18)),
        DIAGNOSTIC,
        busy=[],
        rules=rules,
        now=now,
        first_day=WEEK,
        last_day=WEEK + timedelta(days=20),
    )
    for slot in slots:
        assert slot.starts_at >= now + timedelta(minutes=notice)
        assert slot.starts_at <= now + timedelta(days=horizon)
