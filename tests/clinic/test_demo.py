"""The demo clinic that `make run` loads for a new user to try."""

from __future__ import annotations

import zipfile
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Max, Sum

from clinic.bookings.models import Appointment
from clinic.clinics.management.demo import DEMO_HISTORY, history_moved_to, load_demo
from clinic.clinics.models import Clinic, Membership
from clinic.training.models import Activity

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


def test_the_history_is_moved_by_whole_weeks_to_end_in_the_last_week() -> None:
    moved = zipfile.ZipFile(BytesIO(history_moved_to(NOW)))
    original = zipfile.ZipFile(DEMO_HISTORY)
    assert sorted(moved.namelist()) == sorted(
        i.filename for i in original.infolist() if not i.is_dir()
    )
    name = next(n for n in moved.namelist() if n.endswith(".gpx"))
    before, after = original.read(name), moved.read(name)
    assert len(before) == len(after)  # only the digits of the times changed
    assert before != after


@pytest.mark.django_db
def test_the_demo_runner_has_a_current_history_and_loading_again_changes_nothing() -> (
    None
):
    runner = load_demo(now=NOW)
    days = list(
        Activity.objects.filter(runner=runner).values_list("local_date", flat=True)
    )
    assert len(days) == 66
    assert NOW.date() - timedelta(days=8) <= max(days) <= NOW.date()
    assert runner.triage_assessments.count() == 1
    assert Membership.objects.filter(is_clinician=True).count() == 2
    assert load_demo(now=NOW + timedelta(days=1)) == runner
    assert Activity.objects.filter(runner=runner).count() == 66


@pytest.mark.django_db
def test_the_demo_runner_is_in_the_third_week_of_a_programme() -> None:
    from clinic.programmes.models import OutcomeEntry, Programme, WeekReview
    from clinic.programmes.selectors import outcome_series

    runner = load_demo(now=NOW)
    programme = Programme.objects.get(runner=runner, is_active=True)
    assert (NOW.date() - programme.started_on).days // 7 + 1 == 3
    assert programme.level == 3
    assert WeekReview.objects.filter(programme=programme).count() == 2
    assert programme.sessions.count() == 7 and programme.runs.count() == 1
    assert OutcomeEntry.objects.filter(runner=runner, measure="lefs").count() == 2
    lefs = next(s for s in outcome_series(runner) if s.measure == "lefs")
    assert lefs.change is not None and lefs.change.meaningful


@pytest.mark.django_db
def test_the_demo_programme_is_dated_in_the_runners_zone() -> None:
    from clinic.programmes.models import Programme

    # 01:30 UTC on 24 November is 22:30 on the 23rd in Recife, the demo runner's zone.
    evening = datetime(2026, 11, 24, 1, 30, tzinfo=UTC)
    runner = load_demo(now=evening)
    local_today = runner.local_today(evening)
    assert local_today == date(2026, 11, 23)
    programme = Programme.objects.get(runner=runner, is_active=True)
    assert programme.started_on == local_today - timedelta(days=15)
    assert max(s.day for s in programme.sessions.all()) <= local_today
    # Each session is logged on its own day (the timeline showed all seven at the
    # moment the demo was loaded), never after the demo's "now".
    zone = ZoneInfo(runner.timezone)
    for session in programme.sessions.all():
        assert session.logged_at <= evening
        assert session.logged_at.astimezone(zone).date() == session.day


@pytest.mark.django_db
def test_the_demo_clinician_has_a_day_and_the_runner_an_assessment() -> None:
    from clinic.accounts.models import User
    from clinic.programmes.models import Programme
    from clinic.workspace.day import day_of
    from clinic.workspace.models import Assessment, ClinicalNote

    runner = load_demo(now=NOW)
    physio = User.objects.get(email="physio1@demo.tractus.test")
    today = day_of(physio, NOW.date())
    assert len(today) == 3
    assert today[0].appointment.runner == runner and today[0].record_open
    assessment = Assessment.objects.get(runner=runner)
    assert assessment.clinician == physio
    assert ClinicalNote.objects.filter(runner=runner).count() == 2
    assert ClinicalNote.objects.filter(assessment=assessment).exists()
    programme = Programme.objects.get(runner=runner, is_active=True)
    assert programme.findings["assessment"]["weak_hip_abductors"] is True
    assert programme.level == 3
    load_demo(now=NOW + timedelta(days=1))
    assert Assessment.objects.filter(runner=runner).count() == 1


@pytest.mark.django_db
def test_the_demo_check_agrees_with_the_demo_runs() -> None:
    """Issue 15: the saved check said 42 km a week while the runs showed 5-20 km."""
    runner = load_demo(now=NOW)
    check = runner.triage_assessments.get()
    answers = check.answers
    checked_on = runner.local_today(check.created_at)
    runs = Activity.objects.filter(runner=runner, sport="running")

    def km_in(first: date, last: date) -> float:
        total = runs.filter(local_date__range=(first, last)).aggregate(
            m=Sum("distance_m")
        )["m"]
        return float(total or 0) / 1000

    # "A normal week": the four weeks up to the day of the check, from the rows.
    four_weeks = km_in(checked_on - timedelta(days=27), checked_on) / 4
    assert answers["weekly_distance_km"] == pytest.approx(four_weeks, abs=0.05)
    assert 5 <= answers["weekly_distance_km"] <= 20
    # The last two weeks against the four before them.
    recent = km_in(checked_on - timedelta(days=13), checked_on) / 2
    before = km_in(checked_on - timedelta(days=41), checked_on - timedelta(days=14)) / 4
    assert answers["weekly_distance_increase_pct"] == round(100 * (recent / before - 1))
    # The longest run of the two weeks before the check is the demo's spike.
    longest_recent = runs.filter(
        local_date__range=(checked_on - timedelta(days=13), checked_on)
    ).aggregate(m=Max("distance_m"))["m"]
    longest_before = runs.filter(
        local_date__range=(
            checked_on - timedelta(days=43),
            checked_on - timedelta(days=14),
        )
    ).aggregate(m=Max("distance_m"))["m"]
    assert 1.3 < longest_recent / longest_before <= 2.0
    assert answers["longest_run_change"] == "30_to_100_pct"
    # Flat runs: no new hills, and no run with more than 20 m of descent.
    assert answers["new_hills_downhill"] is False
    assert not runs.filter(elevation_loss_m__gt=20).exists()
    # The check came before the programme it planned.
    programme = runner.programmes.get(is_active=True)
    assert checked_on < programme.started_on
    assert check.result["itbs_likelihood"] == "likely"


@pytest.mark.django_db
def test_the_runner_the_clinic_and_its_diary_share_one_time_zone() -> None:
    runner = load_demo(now=NOW)
    clinic = Clinic.objects.get(slug="demo-clinic")
    assert {loc.time_zone for loc in clinic.locations.all()} == {runner.timezone}
    assert "Recife" in clinic.address and clinic.phone.startswith("+55 81")
    visits = Appointment.objects.filter(runner=runner)
    assert visits and all(v.location.time_zone == runner.timezone for v in visits)
