"""'Today' on the rehab and clinician pages is the runner's or the location's date,
not the server's (UTC): checked at moments when the two dates differ, both ways."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse

from clinic.bookings.models import Appointment, Weekday, WorkingHours
from clinic.programmes.models import OutcomeEntry, Programme, SessionLog
from tests.clinic.bookings.factories import AppointmentTypeFactory, LocationFactory
from tests.clinic.conftest import Cast
from tests.clinic.rehab_helpers import make_programme

pytestmark = pytest.mark.django_db

# 22:30 in Recife (UTC-3) on 7 December is already 8 December in UTC.
RECIFE_EVENING = ("America/Recife", datetime(2026, 12, 8, 1, 30, tzinfo=UTC))
# 06:00 in Tokyo (UTC+9) on 8 December is still 7 December (21:00) in UTC.
TOKYO_MORNING = ("Asia/Tokyo", datetime(2026, 12, 7, 21, 0, tzinfo=UTC))
CASES = [
    pytest.param(*RECIFE_EVENING, date(2026, 12, 7), id="west-of-UTC"),
    pytest.param(*TOKYO_MORNING, date(2026, 12, 8), id="east-of-UTC"),
]


def _session_data(programme: Programme) -> dict[str, str]:
    data = {"pain_during": "2", "notes": ""}
    for row in programme.exercises.all():
        data[f"sets_{row.pk}"] = str(row.sets)
        if row.reps:
            data[f"reps_{row.pk}"] = str(row.reps)
    return data


@pytest.mark.parametrize(("zone", "now", "local_day"), CASES)
def test_the_rehab_day_and_its_logs_are_on_the_runners_date(
    cast: Cast, zone: str, now: datetime, local_day: date
) -> None:
    runner = cast.runner_a
    runner.timezone = zone
    runner.save()
    assert now.date() != local_day
    with time_machine.travel(now, tick=False):
        programme = make_programme(runner, started_on=local_day - timedelta(days=7))
        client = cast.client_for("runner_a")
        page = client.get(reverse("programmes:today", args=[runner.pk]))
        assert page.context["today"].day == local_day
        url = reverse("programmes:session", args=[runner.pk])
        assert client.post(url, _session_data(programme)).status_code == 302
        pain = reverse("programmes:pain", args=[runner.pk])
        client.post(pain, {"pain_rest": "1", "pain_run": "3"})
    assert SessionLog.objects.get(programme=programme).day == local_day
    assert {e.recorded_on for e in OutcomeEntry.objects.filter(runner=runner)} == {
        local_day
    }


@pytest.mark.parametrize(("zone", "now", "local_day"), CASES)
def test_the_clinicians_day_opens_on_the_locations_date(
    cast: Cast, zone: str, now: datetime, local_day: date
) -> None:
    location = LocationFactory(clinic=cast.clinic_a, time_zone=zone)
    # Another location (first by name) on UTC, where this clinician does not work.
    LocationFactory(clinic=cast.clinic_a, name="A London room", time_zone="UTC")
    WorkingHours.objects.create(
        clinic=cast.clinic_a,
        clinician=cast.clinician_a,
        location=location,
        weekday=Weekday.MONDAY,
        opens=time(9),
        closes=time(17),
    )
    starts_at = now + timedelta(minutes=15)
    Appointment.objects.create(
        clinic=cast.clinic_a,
        clinician=cast.clinician_a,
        runner=cast.runner_a,
        appointment_type=AppointmentTypeFactory(clinic=cast.clinic_a),
        location=location,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        blocked_from=starts_at,
        blocked_until=starts_at + timedelta(hours=1),
        created_at=starts_at - timedelta(days=7),
    )
    with time_machine.travel(now, tick=False):
        page = cast.client_for("clinician_with_access").get(reverse("workspace:day"))
    assert page.context["on"] == local_day
    assert page.context["today"] == local_day
    assert str(cast.runner_a) in page.text


@pytest.mark.parametrize(("zone", "now", "local_day"), CASES)
def test_a_programme_an_assessment_starts_begins_on_the_runners_date(
    cast: Cast, zone: str, now: datetime, local_day: date
) -> None:
    from tests.clinic.test_workspace import _post_assessment
    from tests.clinic.triage_helpers import make_assessment

    runner = cast.runner_a
    runner.timezone = zone
    runner.save()
    make_assessment(runner=runner)
    with time_machine.travel(now, tick=False):
        assert _post_assessment(cast, update_programme="on").status_code == 302
    assert Programme.objects.get(runner=runner).started_on == local_day
