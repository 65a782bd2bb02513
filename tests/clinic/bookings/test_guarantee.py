"""No double booking: the database refuses overlaps, whatever writes them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction

from clinic.bookings.constraints import is_overlap_error
from clinic.bookings.models import Appointment, Status
from clinic.bookings.services import (
    BookingError,
    SlotTakenError,
    book_appointment,
    visit_times,
)
from tests.clinic.bookings.conftest import NOW, TUESDAY_10, Diary
from tests.clinic.factories import RunnerFactory
from tests.clinic.triage_helpers import FEVER_ON_TOP, make_assessment


def insert(diary: Diary, starts_at, *, status=Status.BOOKED, clinician=None):
    """Write a row straight to the table, past every check in the services."""
    appointment_type = diary.diagnostic
    return Appointment.objects.create(
        clinic=diary.clinic,
        clinician=clinician or diary.clinician,
        runner=RunnerFactory(),
        appointment_type=appointment_type,
        location=diary.location,
        status=status,
        created_at=NOW,
        **visit_times(appointment_type, starts_at),
    )


def book(diary: Diary, starts_at=TUESDAY_10, **kwargs) -> Appointment:
    options = {
        "runner": diary.runner,
        "appointment_type": diary.diagnostic,
        "clinician": diary.clinician,
        "starts_at": starts_at,
        "now": NOW,
    }
    return book_appointment(**{**options, **kwargs})


class TestDatabaseGuarantee:
    def test_it_refuses_an_overlapping_row(self, diary: Diary) -> None:
        insert(diary, TUESDAY_10)
        with pytest.raises(IntegrityError) as caught, transaction.atomic():
            insert(diary, TUESDAY_10 + timedelta(minutes=30))
        assert is_overlap_error(caught.value)

    def test_it_refuses_a_row_inside_the_buffer(self, diary: Diary) -> None:
        insert(diary, TUESDAY_10)  # 60 minutes and a 15-minute buffer after
        with pytest.raises(IntegrityError), transaction.atomic():
            insert(diary, TUESDAY_10 + timedelta(minutes=70))
        insert(diary, TUESDAY_10 + timedelta(minutes=75))

    def test_it_refuses_moving_a_row_onto_another(self, diary: Diary) -> None:
        insert(diary, TUESDAY_10)
        later = insert(diary, TUESDAY_10 + timedelta(hours=3))
        times = visit_times(diary.diagnostic, TUESDAY_10 + timedelta(minutes=15))
        with pytest.raises(IntegrityError), transaction.atomic():
            Appointment.objects.filter(pk=later.pk).update(**times)

    def test_cancelled_appointments_free_their_time(self, diary: Diary) -> None:
        insert(diary, TUESDAY_10, status=Status.CANCELLED)
        insert(diary, TUESDAY_10)
        assert Appointment.objects.live().count() == 1

    def test_reviving_a_cancelled_row_onto_a_booking_is_refused(
        self, diary: Diary
    ) -> None:
        old = insert(diary, TUESDAY_10, status=Status.CANCELLED)
        insert(diary, TUESDAY_10)
        with pytest.raises(IntegrityError), transaction.atomic():
            Appointment.objects.filter(pk=old.pk).update(status=Status.BOOKED)

    def test_other_clinicians_may_overlap(self, diary: Diary) -> None:
        from tests.clinic.bookings.factories import schedule_clinician

        insert(diary, TUESDAY_10)
        other = schedule_clinician(diary.clinic, diary.location)
        insert(diary, TUESDAY_10, clinician=other)
        assert Appointment.objects.live().count() == 2

    def test_model_validation_runs_on_both_engines(self, diary: Diary) -> None:
        row = insert(diary, TUESDAY_10)
        row.full_clean()

    def test_the_schema_holds_the_guarantee_on_each_engine(self, db) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conname = 'no_overlapping_appointments'"
                )
                assert "EXCLUDE USING gist" in cursor.fetchone()[0]
            else:
                cursor.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                    "AND tbl_name = 'bookings_appointment' ORDER BY name"
                )
                assert [r[0] for r in cursor.fetchall()] == [
                    "bookings_no_overlap_insert",
                    "bookings_no_overlap_update",
                ]


class TestBooking:
    def test_a_runner_books_a_free_slot(self, diary: Diary) -> None:
        appointment = book(diary)
        assert appointment.starts_at == TUESDAY_10
        assert appointment.ends_at == TUESDAY_10 + timedelta(minutes=60)
        assert appointment.blocked_until == TUESDAY_10 + timedelta(minutes=75)
        assert appointment.location == diary.location

    def test_the_second_runner_hears_it_was_taken_with_alternatives(
        self, diary: Diary
    ) -> None:
        book(diary)
        with pytest.raises(SlotTakenError) as caught:
            book(diary, runner=RunnerFactory())
        assert str(caught.value) == "Sorry, that slot was just taken."
        starts = [s.starts_at for s in caught.value.alternatives]
        assert len(starts) == 3
        assert TUESDAY_10 not in starts
        assert all(abs(s - TUESDAY_10) <= timedelta(hours=2) for s in starts)

    def test_a_time_off_the_grid_is_not_a_slot(self, diary: Diary) -> None:
        with pytest.raises(SlotTakenError):
            book(diary, starts_at=TUESDAY_10 + timedelta(minutes=7))

    def test_a_slot_inside_the_notice_is_refused(self, diary: Diary) -> None:
        with pytest.raises(SlotTakenError):
            book(diary, starts_at=NOW + timedelta(hours=2))

    def test_new_patients_may_book_only_the_diagnostic(self, diary: Diary) -> None:
        with pytest.raises(BookingError, match="New patients start with a total"):
            book(diary, appointment_type=diary.follow_up)
        book(diary)
        follow_up = book(
            diary,
            appointment_type=diary.follow_up,
            starts_at=TUESDAY_10 + timedelta(days=7),
        )
        assert follow_up.appointment_type == diary.follow_up

    def test_a_red_flag_stops_the_booking(self, diary: Diary) -> None:
        make_assessment(runner=diary.runner, answers=FEVER_ON_TOP)
        with pytest.raises(BookingError, match="see a doctor"):
            book(diary)
        assert not Appointment.objects.exists()
