"""The runner's booking pages: types, slots in their zone, the red-flag gate, booking."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote, urlencode

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from clinic.accounts.models import User
from clinic.accounts.privacy import notice_version
from clinic.bookings.models import Appointment, Status
from clinic.bookings.services import book_appointment
from clinic.runners.models import AccessGrant, Area
from tests.clinic.bookings.conftest import NOW, TUESDAY_10, Diary
from tests.clinic.factories import RunnerFactory, UserFactory
from tests.clinic.triage_helpers import FEVER_ON_TOP, make_assessment


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def logged_in(diary: Diary) -> Client:
    client = Client()
    client.force_login(diary.runner.user)
    return client


def slots_url(diary: Diary, type_=None) -> str:
    type_ = type_ or diary.diagnostic
    return reverse("bookings:slots", args=[diary.clinic.slug, type_.pk])


def confirm_url(diary: Diary, at=TUESDAY_10) -> str:
    url = reverse("bookings:confirm", args=[diary.clinic.slug, diary.diagnostic.pk])
    return f"{url}?{urlencode({'clinician': diary.clinician.pk, 'at': at.isoformat()})}"


class TestChoosing:
    def test_new_patients_see_only_the_diagnostic(self, diary: Diary) -> None:
        page = logged_in(diary).get(reverse("booking")).text
        assert diary.diagnostic.name in page
        assert "Follow-up" not in page
        assert (
            logged_in(diary).get(slots_url(diary, diary.follow_up)).status_code == 404
        )

    def test_returning_patients_see_follow_ups(self, diary: Diary) -> None:
        book_appointment(
            runner=diary.runner,
            appointment_type=diary.diagnostic,
            clinician=diary.clinician,
            starts_at=TUESDAY_10,
            now=NOW,
        )
        page = logged_in(diary).get(reverse("booking")).text
        assert "Follow-up" in page

    def test_slots_are_shown_in_the_runners_time_zone(self, diary: Diary) -> None:
        diary.runner.timezone = "America/Recife"  # UTC-3 all year
        diary.runner.save()
        page = logged_in(diary).get(slots_url(diary)).text
        assert "Times are in America/Recife." in page
        # The clinic opens at 09:00 London (GMT): 06:00 in Recife.
        assert ">06:00<" in page
        assert ">09:00<" in page  # 12:00 London, still open

    def test_anonymous_visitors_see_the_zone_their_browser_sends(
        self, diary: Diary
    ) -> None:
        page = Client().get(slots_url(diary) + "?tz=Asia/Tokyo").text
        assert "Times are in Asia/Tokyo." in page
        assert ">18:00<" in page  # 09:00 GMT

    def test_a_booked_slot_is_not_offered(self, diary: Diary) -> None:
        book_appointment(
            runner=RunnerFactory(),
            appointment_type=diary.diagnostic,
            clinician=diary.clinician,
            starts_at=TUESDAY_10,
            now=NOW,
        )
        page = Client().get(slots_url(diary) + "?tz=Europe/London").text
        assert f"at={quote(TUESDAY_10.isoformat())}" not in page
        later = TUESDAY_10 + timedelta(hours=2)
        assert f"at={quote(later.isoformat())}" in page


class TestRedFlagGate:
    def test_a_red_flag_shows_urgent_care_instead_of_slots(self, diary: Diary) -> None:
        make_assessment(runner=diary.runner, answers=FEVER_ON_TOP)
        client = logged_in(diary)
        for url in (reverse("booking"), slots_url(diary), confirm_url(diary)):
            page = client.get(url).text
            assert "See a doctor before booking physiotherapy" in page
            assert "bookings/" not in page or "slot-list" not in page

    def test_an_anonymous_red_flag_check_also_gates(self, diary: Diary) -> None:
        client = Client()
        check = make_assessment(runner=None, answers=FEVER_ON_TOP)
        session = client.session
        session["triage_owned"] = [str(check.public_id)]
        session.save()
        assert "See a doctor" in client.get(reverse("booking")).text


class TestBooking:
    def test_a_runner_books_and_shares_the_intake(self, diary: Diary) -> None:
        response = logged_in(diary).post(confirm_url(diary), {"share": "on"})
        appointment = Appointment.objects.get()
        assert response["Location"] == reverse(
            "bookings:appointment", args=[appointment.public_id]
        )
        grant = AccessGrant.objects.active().get(runner=diary.runner)
        assert set(grant.areas) >= {Area.TRIAGE, Area.TRAINING, Area.MOTION}

    def test_a_runner_who_shares_already_is_not_asked_again(self, diary: Diary) -> None:
        # An unticked "Share my symptom checks" above "already sees your symptom
        # checks" read as if booking would stop the sharing.
        client = logged_in(diary)
        client.post(confirm_url(diary), {"share": "on"})
        # The follow-up: a second diagnostic is refused.
        later = confirm_url(diary, at=TUESDAY_10 + timedelta(hours=2)).replace(
            f"/{diary.diagnostic.pk}/", f"/{diary.follow_up.pk}/"
        )
        page = client.get(later).text
        assert "already sees your symptom checks" in page
        assert 'name="share"' not in page
        client.post(later, {})
        assert Appointment.objects.count() == 2
        assert AccessGrant.objects.active().filter(runner=diary.runner).count() == 1

    def test_without_consent_nothing_is_shared(self, diary: Diary) -> None:
        logged_in(diary).post(confirm_url(diary), {})
        assert Appointment.objects.count() == 1
        assert not AccessGrant.objects.exists()

    def test_the_loser_of_a_slot_sees_the_nearest_alternatives(
        self, diary: Diary
    ) -> None:
        book_appointment(
            runner=RunnerFactory(),
            appointment_type=diary.diagnostic,
            clinician=diary.clinician,
            starts_at=TUESDAY_10,
            now=NOW,
        )
        page = logged_in(diary).post(confirm_url(diary), {}).text
        assert "Sorry, that slot was just taken." in page
        assert page.count('class="slot"') == 3

    def test_a_guest_booking_creates_the_record_with_their_check(
        self, diary: Diary
    ) -> None:
        client = Client()
        check = make_assessment(runner=None)
        session = client.session
        session["triage_owned"] = [str(check.public_id)]
        session.save()
        form = {
            "full_name": "Ana Runner",
            "email": "Ana@Example.org",
            "share": "on",
            "timezone": "America/Recife",
            "consent": "on",
        }
        response = client.post(confirm_url(diary), form)
        user = User.objects.get(email="ana@example.org")
        assert not user.has_usable_password()
        runner = user.runner
        assert runner.timezone == "America/Recife"
        assert runner.triage_assessments.get() == check
        assert AccessGrant.objects.active().filter(runner=runner).exists()
        assert user.privacy_consents.get().notice_version == notice_version()
        page = client.get(response["Location"]).text
        assert "You are booked" in page
        assert "07:00" in page  # 10:00 UTC in Recife

    def test_a_guest_matching_an_account_shares_nothing(self, diary: Diary) -> None:
        existing = UserFactory(email="kim@example.org")
        form = {
            "full_name": "Kim",
            "email": "KIM@example.org",
            "share": "on",
            "consent": "on",
        }
        users = User.objects.count()
        Client().post(confirm_url(diary), form)
        appointment = Appointment.objects.get()
        assert appointment.runner.user == existing
        assert User.objects.count() == users
        assert not AccessGrant.objects.exists()

    def test_a_guest_who_loses_the_slot_leaves_no_account(self, diary: Diary) -> None:
        book_appointment(
            runner=diary.runner,
            appointment_type=diary.diagnostic,
            clinician=diary.clinician,
            starts_at=TUESDAY_10,
            now=NOW,
        )
        form = {"full_name": "Lee", "email": "lee@example.org", "consent": "on"}
        page = Client().post(confirm_url(diary), form).text
        assert "just taken" in page
        assert not User.objects.filter(email="lee@example.org").exists()

    def test_a_guest_must_give_name_and_email(self, diary: Diary) -> None:
        page = Client().post(confirm_url(diary), {}).text
        assert "This field is required." in page
        assert not Appointment.objects.exists()

    def test_a_guest_must_consent_to_the_privacy_notice(self, diary: Diary) -> None:
        form = {"full_name": "Noa", "email": "noa@example.org"}
        page = Client().post(confirm_url(diary), form).text
        assert "Tick the box to agree" in page
        assert not Appointment.objects.exists()
        assert not User.objects.filter(email="noa@example.org").exists()


class TestChangesOnThePage:
    def test_a_runner_moves_their_visit_from_the_move_page(self, diary: Diary) -> None:
        appointment = book_appointment(
            runner=diary.runner,
            appointment_type=diary.diagnostic,
            clinician=diary.clinician,
            starts_at=TUESDAY_10,
            now=NOW,
        )
        client = logged_in(diary)
        url = reverse("bookings:move", args=[appointment.public_id])
        assert "Move your visit" in client.get(url).text
        later = TUESDAY_10 + timedelta(days=1)
        data = {"clinician": diary.clinician.pk, "at": later.isoformat()}
        response = client.post(url, data)
        assert response.status_code == 302
        appointment.refresh_from_db()
        assert appointment.starts_at == later

    def test_a_second_diagnostic_is_refused_and_moving_the_first_offered(
        self, diary: Diary
    ) -> None:
        first = book_appointment(
            runner=diary.runner,
            appointment_type=diary.diagnostic,
            clinician=diary.clinician,
            starts_at=TUESDAY_10,
            now=NOW,
        )
        client = logged_in(diary)
        later = TUESDAY_10 + timedelta(hours=2)
        page = client.get(confirm_url(diary, at=later)).text
        assert "You already have a diagnostic" in page
        assert "on <strong>Tue 3 Mar 2026, 10:00</strong>" in page  # London, GMT
        assert "Book this time" not in page
        move = reverse("bookings:move", args=[first.public_id])
        assert f'action="{move}"' in page and "Move it to this time" in page

        refused = client.post(confirm_url(diary, at=later), {"share": "on"})
        assert "move that one to another time" in refused.text
        assert Appointment.objects.count() == 1

        client.post(move, {"clinician": diary.clinician.pk, "at": later.isoformat()})
        first.refresh_from_db()
        assert first.starts_at == later

    def test_a_diagnostic_inside_the_cut_off_is_shown_without_the_move(
        self, diary: Diary
    ) -> None:
        soon = NOW + timedelta(hours=2)  # 10:00, the default cut-off is 24 hours
        book_appointment(
            runner=diary.runner,
            appointment_type=diary.diagnostic,
            clinician=diary.clinician,
            starts_at=soon,
            now=NOW - timedelta(days=2),
        )
        page = logged_in(diary).get(confirm_url(diary)).text
        assert "You already have a diagnostic" in page
        assert "Move it to this time" not in page and "Book this time" not in page

    def test_a_past_or_cancelled_diagnostic_does_not_stop_a_new_one(
        self, diary: Diary
    ) -> None:
        first = book_appointment(
            runner=diary.runner,
            appointment_type=diary.diagnostic,
            clinician=diary.clinician,
            starts_at=TUESDAY_10,
            now=NOW,
        )
        first.status = Status.CANCELLED
        first.save()
        later = TUESDAY_10 + timedelta(days=1)
        page = logged_in(diary).get(confirm_url(diary, at=later)).text
        assert "You already have a diagnostic" not in page
        logged_in(diary).post(confirm_url(diary, at=later), {"share": "on"})
        assert Appointment.objects.filter(status=Status.BOOKED).count() == 1

    def test_a_follow_up_is_not_taken_for_a_second_diagnostic(
        self, diary: Diary
    ) -> None:
        book_appointment(
            runner=diary.runner,
            appointment_type=diary.diagnostic,
            clinician=diary.clinician,
            starts_at=TUESDAY_10,
            now=NOW,
        )
        follow_up = book_appointment(
            runner=diary.runner,
            appointment_type=diary.follow_up,
            clinician=diary.clinician,
            starts_at=TUESDAY_10 + timedelta(days=7),
            now=NOW,
        )
        assert follow_up.pk

    def test_a_guest_is_not_told_that_an_email_has_a_visit(self, diary: Diary) -> None:
        book_appointment(
            runner=diary.runner,
            appointment_type=diary.diagnostic,
            clinician=diary.clinician,
            starts_at=TUESDAY_10,
            now=NOW,
        )
        form = {
            "full_name": "Someone",
            "email": diary.runner.user.email,
            "consent": "on",
        }
        later = TUESDAY_10 + timedelta(days=1)
        page = Client().get(confirm_url(diary, at=later)).text
        assert "You already have" not in page
        response = Client().post(confirm_url(diary, at=later), form)
        assert response.status_code == 302
        assert Appointment.objects.count() == 2

    def test_a_runner_joins_the_waitlist(self, diary: Diary) -> None:
        url = reverse(
            "bookings:waitlist", args=[diary.clinic.slug, diary.diagnostic.pk]
        )
        data = {"earliest_on": "2026-03-03", "latest_on": "2026-03-10"}
        response = logged_in(diary).post(url, data)
        assert response["Location"] == reverse("bookings:mine")
        entry = diary.runner.waitlist_entries.get()
        assert entry.clinician is None and entry.latest_on.day == 10

    def test_a_waitlist_with_dates_backwards_is_refused(self, diary: Diary) -> None:
        url = reverse(
            "bookings:waitlist", args=[diary.clinic.slug, diary.diagnostic.pk]
        )
        data = {"earliest_on": "2026-03-10", "latest_on": "2026-03-03"}
        response = logged_in(diary).post(url, data, follow=True)
        assert "must not be before" in response.text
        assert not diary.runner.waitlist_entries.exists()
