"""E-mails with .ics, reminders, cancel and move with the cut-off, the waitlist, the feed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from clinic.bookings.changes import (
    cancel_appointment,
    claim_offer,
    join_waitlist,
    reschedule_appointment,
)
from clinic.bookings.models import Appointment, Status, WaitlistStatus
from clinic.bookings.services import (
    BookingError,
    SlotTakenError,
    book_appointment,
    feed_of,
    renew_feed,
)
from tests.clinic.bookings.conftest import NOW, TUESDAY_10, Diary
from tests.clinic.factories import RunnerFactory

pytestmark = pytest.mark.django_db(transaction=True)


def book(diary: Diary, runner=None, starts_at=TUESDAY_10, now=NOW) -> Appointment:
    return book_appointment(
        runner=runner or diary.runner,
        appointment_type=diary.diagnostic,
        clinician=diary.clinician,
        starts_at=starts_at,
        now=now,
    )


def run_worker(at: datetime) -> None:
    with time_machine.travel(at, tick=False):
        call_command("worker", burst=True)


def event_of(message):
    (name, content, mimetype) = message.attachments[0]
    assert name == "appointment.ics" and mimetype == "text/calendar"
    calendar = Calendar.from_ical(content)
    return calendar, calendar.walk("VEVENT")[0]


class TestMail:
    def test_the_confirmation_carries_the_visit_and_its_ics(self, diary: Diary) -> None:
        diary.runner.timezone = "America/Recife"
        diary.runner.save()
        appointment = book(diary)
        run_worker(NOW)
        (message,) = mail.outbox
        assert message.to == [diary.runner.user.email]
        assert (
            message.subject == "Booked: Total body diagnostic on Tue 3 Mar 2026, 07:00"
        )
        assert "(America/Recife)" in message.body
        assert str(appointment.public_id) in message.body
        calendar, event = event_of(message)
        assert calendar["METHOD"] == "REQUEST"
        assert event["UID"] == f"{appointment.public_id}@tractus"
        assert event.decoded("DTSTART") == TUESDAY_10
        assert event.decoded("DTEND") == TUESDAY_10 + timedelta(hours=1)
        assert event["SEQUENCE"] == 0
        assert str(diary.clinician) in event["SUMMARY"]

    def test_local_times_follow_daylight_saving(self, diary: Diary) -> None:
        # London moves to BST on 29 March: 08:00 UTC on the 31st is 09:00 local.
        diary.runner.timezone = "Europe/London"
        diary.runner.save()
        after_change = datetime(2026, 3, 31, 8, tzinfo=UTC)
        book(diary, starts_at=after_change, now=datetime(2026, 3, 20, tzinfo=UTC))
        run_worker(datetime(2026, 3, 20, tzinfo=UTC))
        assert mail.outbox[0].subject.endswith("Tue 31 Mar 2026, 09:00")

    def test_the_reminder_is_sent_by_the_worker_a_day_before(
        self, diary: Diary
    ) -> None:
        book(diary)
        run_worker(NOW)
        run_worker(TUESDAY_10 - timedelta(hours=25))
        assert [m.subject.split(":")[0] for m in mail.outbox] == ["Booked"]
        run_worker(TUESDAY_10 - timedelta(hours=23))
        assert mail.outbox[-1].subject.startswith("Reminder: Total body diagnostic")

    def test_a_reminder_for_a_moved_visit_is_not_sent(self, diary: Diary) -> None:
        appointment = book(diary)
        later = TUESDAY_10 + timedelta(days=2)
        reschedule_appointment(
            appointment=appointment,
            clinician=diary.clinician,
            starts_at=later,
            now=NOW,
        )
        run_worker(TUESDAY_10 - timedelta(hours=23))
        subjects = [m.subject for m in mail.outbox]
        assert not any(s.startswith("Reminder") for s in subjects)
        run_worker(later - timedelta(hours=23))
        assert (
            mail.outbox[-1].subject
            == "Reminder: Total body diagnostic on Thu 5 Mar 2026, 10:00"
        )


class TestCancelAndMove:
    def test_cancelling_sends_a_cancel_ics(self, diary: Diary) -> None:
        appointment = book(diary)
        cancel_appointment(appointment=appointment, now=NOW)
        run_worker(NOW)
        message = mail.outbox[-1]
        assert message.subject.startswith("Cancelled:")
        calendar, event = event_of(message)
        assert calendar["METHOD"] == "CANCEL"
        assert event["STATUS"] == "CANCELLED"
        assert event["SEQUENCE"] == 1

    def test_inside_the_cutoff_the_runner_must_call(self, diary: Diary) -> None:
        diary.clinic.phone = "+44 20 7946 0000"
        diary.clinic.save()
        appointment = book(diary)
        late = TUESDAY_10 - timedelta(hours=23)
        with pytest.raises(
            BookingError, match=r"less than 24 hours.*\+44 20 7946 0000"
        ):
            cancel_appointment(appointment=appointment, now=late)
        with pytest.raises(BookingError, match="less than 24 hours"):
            reschedule_appointment(
                appointment=appointment,
                clinician=diary.clinician,
                starts_at=TUESDAY_10 + timedelta(days=1),
                now=late,
            )
        appointment.refresh_from_db()
        assert appointment.status == Status.BOOKED
        # The clinic itself may still cancel.
        cancel_appointment(appointment=appointment, now=late, by_runner=False)

    def test_the_cutoff_shows_on_the_page(self, diary: Diary) -> None:
        appointment = book(diary)
        client = Client()
        client.force_login(diary.runner.user)
        url = reverse("bookings:appointment", args=[appointment.public_id])
        with time_machine.travel(TUESDAY_10 - timedelta(hours=2), tick=False):
            page = client.get(url).text
            assert "can no longer be changed online" in page
            client.post(reverse("bookings:cancel", args=[appointment.public_id]))
        appointment.refresh_from_db()
        assert appointment.status == Status.BOOKED

    def test_a_move_onto_a_taken_time_is_refused_with_alternatives(
        self, diary: Diary
    ) -> None:
        mine = book(diary)
        book(diary, runner=RunnerFactory(), starts_at=TUESDAY_10 + timedelta(hours=3))
        with pytest.raises(SlotTakenError) as caught:
            reschedule_appointment(
                appointment=mine,
                clinician=diary.clinician,
                starts_at=TUESDAY_10 + timedelta(hours=3),
                now=NOW,
            )
        assert caught.value.alternatives
        mine.refresh_from_db()
        assert mine.starts_at == TUESDAY_10

    def test_a_visit_can_move_by_less_than_its_own_length(self, diary: Diary) -> None:
        mine = book(diary)
        moved = reschedule_appointment(
            appointment=mine,
            clinician=diary.clinician,
            starts_at=TUESDAY_10 + timedelta(minutes=30),
            now=NOW,
        )
        assert moved.starts_at == TUESDAY_10 + timedelta(minutes=30)
        assert moved.sequence == 1


class TestWaitlist:
    def wait(self, diary: Diary, runner, now=NOW):
        return join_waitlist(
            runner=runner,
            appointment_type=diary.diagnostic,
            clinician=None,
            earliest_on=NOW.date(),
            latest_on=NOW.date() + timedelta(days=3),
            now=now,
        )

    def test_a_freed_time_is_offered_to_the_first_runner_waiting(
        self, diary: Diary
    ) -> None:
        appointment = book(diary)
        first, second = RunnerFactory(), RunnerFactory()
        self.wait(diary, first)
        self.wait(diary, second, now=NOW + timedelta(minutes=1))
        cancel_appointment(appointment=appointment, now=NOW)
        held = Appointment.objects.get(status=Status.HELD)
        assert held.runner == first
        assert held.starts_at == TUESDAY_10
        assert held.hold_expires_at == NOW + timedelta(minutes=120)
        run_worker(NOW)
        offer = next(m for m in mail.outbox if m.to == [first.user.email])
        assert offer.subject.startswith("A time came free")
        claimed = claim_offer(appointment=held, now=NOW + timedelta(minutes=30))
        assert claimed.status == Status.BOOKED
        entry = claimed.waitlist_entry
        assert entry is not None and entry.status == WaitlistStatus.BOOKED

    def test_an_offer_not_taken_goes_to_the_next_runner(self, diary: Diary) -> None:
        appointment = book(diary)
        first, second = RunnerFactory(), RunnerFactory()
        self.wait(diary, first)
        self.wait(diary, second, now=NOW + timedelta(minutes=1))
        cancel_appointment(appointment=appointment, now=NOW)
        run_worker(NOW + timedelta(minutes=121))
        lapsed = Appointment.objects.get(runner=first)
        assert lapsed.status == Status.LAPSED
        held = Appointment.objects.get(status=Status.HELD)
        assert held.runner == second
        with pytest.raises(BookingError, match="no longer open"):
            claim_offer(appointment=lapsed, now=NOW + timedelta(minutes=122))

    def test_nobody_waiting_leaves_the_time_free(self, diary: Diary) -> None:
        appointment = book(diary)
        cancel_appointment(appointment=appointment, now=NOW)
        assert not Appointment.objects.live().exists()


class TestFeed:
    def test_the_feed_lists_the_clinicians_visits_by_initials(
        self, diary: Diary
    ) -> None:
        diary.runner.user.full_name = "Ana Beatriz Costa"
        diary.runner.user.save()
        book(diary)
        token = feed_of(diary.clinician).token
        with time_machine.travel(NOW, tick=False):
            response = Client().get(reverse("bookings:feed", args=[token]))
        assert response["Content-Type"].startswith("text/calendar")
        calendar = Calendar.from_ical(response.content)
        (event,) = calendar.walk("VEVENT")
        assert event["SUMMARY"] == "Total body diagnostic · ABC"
        assert b"Ana" not in response.content
        assert diary.runner.user.email.encode() not in response.content

    def test_a_renewed_address_retires_the_old_one(self, diary: Diary) -> None:
        old = feed_of(diary.clinician).token
        new = renew_feed(clinician=diary.clinician).token
        assert Client().get(reverse("bookings:feed", args=[old])).status_code == 404
        assert Client().get(reverse("bookings:feed", args=[new])).status_code == 200
