"""Rehab programmes on the web: start, the runner's day, logging, review, edits."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from clinic.programmes import services
from clinic.programmes.models import OutcomeEntry, Programme, SessionLog, WeekReview
from tests.clinic.conftest import Cast
from tests.clinic.factories import RunnerFactory
from tests.clinic.rehab_helpers import make_programme
from tests.clinic.triage_helpers import FEVER_ON_TOP, make_assessment
from tractus.errors import RehabInputError
from tractus.outcomes import Measure
from tractus.rehab import Action

pytestmark = pytest.mark.django_db

START = date(2026, 11, 2)  # a Monday


def _log_week(programme: Programme, *, pain: int, worse: bool = False) -> None:
    for offset in (0, 2, 4):
        session = services.log_session(
            programme=programme,
            day=START + timedelta(days=offset),
            pain_during=pain,
            done=[services.DoneExercise("hip_bridge", 3, 10)],
            now=timezone.now(),
        )
        services.log_next_morning(session=session, pain=pain, worse=worse)


class TestStart:
    def test_a_runner_starts_from_their_symptom_check(self, cast: Cast):
        make_assessment(runner=cast.runner_a)
        client = cast.client_for("runner_a")
        response = client.post(
            reverse("programmes:start"), {"days_per_week": 3, "equipment": ["band"]}
        )
        assert response.status_code == 302
        programme = Programme.objects.get(runner=cast.runner_a, is_active=True)
        names = set(programme.exercises.values_list("exercise_id", flat=True))
        assert {"hip_bridge", "clamshell", "side_lying_hip_abduction"} <= names
        assert "hip_hike" not in names  # no step at home

    def test_the_plan_says_what_each_exercise_is_for_in_words(self, cast: Cast):
        make_programme(cast.runner_a)
        url = reverse("programmes:plan", args=[cast.runner_a.pk])
        page = cast.client_for("runner_a").get(url).text
        assert "Pain at the outside of the knee (IT band)" in page
        assert "lateral_knee_pain" not in page

    def test_without_a_check_it_asks_for_one(self, cast: Cast):
        response = cast.client_for("runner_a").get(reverse("programmes:start"))
        assert "Take the symptom check" in response.text

    def test_a_red_flag_check_gives_the_referral_and_no_exercises(self, cast: Cast):
        make_assessment(runner=cast.runner_a, answers=FEVER_ON_TOP)
        client = cast.client_for("runner_a")
        client.post(reverse("programmes:start"), {"days_per_week": 3})
        programme = Programme.objects.get(runner=cast.runner_a)
        assert not programme.exercises.exists()
        page = client.get(reverse("programmes:today", args=[cast.runner_a.pk]))
        assert "See a doctor first" in page.text
        assert "Start the session" not in page.text

    def test_starting_again_ends_the_previous_programme(self):
        runner = RunnerFactory()
        first = make_programme(runner)
        make_programme(runner)
        first.refresh_from_db()
        assert not first.is_active
        assert Programme.objects.filter(runner=runner, is_active=True).count() == 1


class TestRunnersDay:
    def test_today_lists_the_session_with_links_to_the_guide(self, cast: Cast):
        make_programme(cast.runner_a)
        page = cast.client_for("runner_a").get(
            reverse("programmes:today", args=[cast.runner_a.pk])
        )
        assert page.status_code == 200
        assert (
            page["Cache-Control"].startswith("max-age=0")
            or "no-store" in page["Cache-Control"]
        )
        assert reverse("programmes:exercise", args=["clamshell"]) in page.text

    def test_logging_a_session_saves_sets_and_pain(self, cast: Cast):
        programme = make_programme(cast.runner_a)
        rows = list(programme.exercises.all())
        data = {"pain_during": "2", "notes": ""}
        for row in rows:
            data[f"sets_{row.pk}"] = str(row.sets)
            if row.reps:
                data[f"reps_{row.pk}"] = str(row.reps)
        client = cast.client_for("runner_a")
        url = reverse("programmes:session", args=[cast.runner_a.pk])
        assert client.post(url, data).status_code == 302
        session = SessionLog.objects.get(programme=programme)
        assert session.pain_during == 2
        assert session.exercises.count() == len(rows)

    def test_the_log_starts_at_0_sets_not_at_the_prescription(self, cast: Cast):
        programme = make_programme(cast.runner_a)
        row = programme.exercises.exclude(reps=None).first()
        assert row is not None
        url = reverse("programmes:session", args=[cast.runner_a.pk])
        page = cast.client_for("runner_a").get(url).text
        assert f'name="sets_{row.pk}" value="0"' in page
        assert f'name="reps_{row.pk}" value="{row.reps}"' not in page
        assert "Done as planned" in page and "All done as planned" in page

    def test_only_the_exercises_done_are_logged(self, cast: Cast):
        programme = make_programme(cast.runner_a)
        rows = list(programme.exercises.all())
        did = next(r for r in rows if r.reps)
        data = {"pain_during": "1", "notes": ""}
        data.update({f"sets_{row.pk}": "0" for row in rows})
        data.update({f"sets_{did.pk}": "2", f"reps_{did.pk}": "8"})
        url = reverse("programmes:session", args=[cast.runner_a.pk])
        assert cast.client_for("runner_a").post(url, data).status_code == 302
        logs = SessionLog.objects.get(programme=programme).exercises.all()
        assert [(x.exercise_id, x.sets_done, x.reps_done) for x in logs] == [
            (did.exercise_id, 2, 8)
        ]

    def test_saving_with_nothing_done_says_so_and_saves_nothing(self, cast: Cast):
        programme = make_programme(cast.runner_a)
        data = {"pain_during": "0", "notes": ""}
        data.update({f"sets_{row.pk}": "0" for row in programme.exercises.all()})
        url = reverse("programmes:session", args=[cast.runner_a.pk])
        response = cast.client_for("runner_a").post(url, data)
        assert response.status_code == 200
        assert "No exercise is marked as done, so nothing was saved" in response.text
        assert not SessionLog.objects.exists()

    def test_sets_without_their_reps_are_refused_naming_the_exercise(self, cast: Cast):
        programme = make_programme(cast.runner_a)
        row = programme.exercises.exclude(reps=None).first()
        assert row is not None
        url = reverse("programmes:session", args=[cast.runner_a.pk])
        response = cast.client_for("runner_a").post(
            url, {"pain_during": "1", f"sets_{row.pk}": "2"}
        )
        assert response.status_code == 200
        assert f"{row.exercise.name}: give the repetitions per set" in response.text
        assert not SessionLog.objects.exists()

    def test_after_logging_today_shows_the_log_and_offers_to_change_it(
        self, cast: Cast
    ):
        programme = make_programme(cast.runner_a)
        did = programme.exercises.exclude(reps=None).first()
        assert did is not None
        client = cast.client_for("runner_a")
        session_url = reverse("programmes:session", args=[cast.runner_a.pk])
        today_url = reverse("programmes:today", args=[cast.runner_a.pk])
        assert "Start the session" in client.get(today_url).text
        client.post(
            session_url,
            {"pain_during": "3", f"sets_{did.pk}": "2", f"reps_{did.pk}": "8"},
        )
        page = client.get(today_url).text
        count = programme.exercises.count()
        assert f"Logged today: 1 of {count} exercises done, pain 3/10" in page
        assert "Change today's log" in page and "Start the session" not in page
        form = client.get(session_url).text
        assert f'name="sets_{did.pk}" value="2"' in form
        assert f'name="reps_{did.pk}" value="8"' in form
        assert 'name="pain_during" value="3"' in form and "checked" in form
        client.post(
            session_url,
            {"pain_during": "2", f"sets_{did.pk}": "3", f"reps_{did.pk}": "10"},
        )
        session = SessionLog.objects.get(programme=programme)
        assert session.pain_during == 2
        assert session.exercises.get().sets_done == 3

    def test_todays_log_can_be_changed_until_the_day_ends_in_the_runners_zone(
        self, cast: Cast
    ):
        # Recife is UTC-3: 02:30 UTC on 3 Nov is still 2 Nov there, 03:30 is not.
        cast.runner_a.timezone = "America/Recife"
        cast.runner_a.save()
        programme = make_programme(cast.runner_a, started_on=START)
        did = programme.exercises.exclude(reps=None).first()
        assert did is not None
        client = cast.client_for("runner_a")
        session_url = reverse("programmes:session", args=[cast.runner_a.pk])
        today_url = reverse("programmes:today", args=[cast.runner_a.pk])
        data = {"pain_during": "1", f"sets_{did.pk}": "1", f"reps_{did.pk}": "5"}
        with time_machine.travel(datetime(2026, 11, 2, 23, tzinfo=UTC), tick=False):
            client.post(session_url, data)
        with time_machine.travel(datetime(2026, 11, 3, 2, 30, tzinfo=UTC), tick=False):
            assert "Change today's log" in client.get(today_url).text
            client.post(session_url, {**data, f"sets_{did.pk}": "2"})
        with time_machine.travel(datetime(2026, 11, 3, 3, 30, tzinfo=UTC), tick=False):
            page = client.get(today_url).text
            assert "Change today's log" not in page
            assert f'name="sets_{did.pk}" value="0"' in client.get(session_url).text
        session = SessionLog.objects.get(programme=programme)
        assert (session.day, session.exercises.get().sets_done) == (START, 2)

    def test_a_log_with_no_sets_done_is_not_a_session_done(self, cast: Cast):
        programme = make_programme(cast.runner_a, started_on=START)
        for offset in (0, 2, 4):
            services.log_session(
                programme=programme,
                day=START + timedelta(days=offset),
                pain_during=0,
                done=[services.DoneExercise("hip_bridge", 0, None)] if offset else [],
                now=timezone.now(),
            )
        response = services.week_response(programme, START)
        assert response.sessions_done == 0
        review = services.review_week(
            programme=programme, today=START + timedelta(7), now=timezone.now()
        )
        assert review.action == Action.HOLD.value
        assert "0 of 3 sessions logged." in review.reasons

    def test_a_session_without_pain_is_refused_and_nothing_saved(self, cast: Cast):
        make_programme(cast.runner_a)
        url = reverse("programmes:session", args=[cast.runner_a.pk])
        response = cast.client_for("runner_a").post(url, {"notes": ""})
        assert response.status_code == 200
        assert not SessionLog.objects.exists()

    def test_the_clinician_cannot_log_in_the_runners_name(self, cast: Cast):
        make_programme(cast.runner_a)
        url = reverse("programmes:runs", args=[cast.runner_a.pk])
        response = cast.client_for("clinician_with_access").post(
            url,
            {
                "day": "2026-11-02",
                "distance_km": "3",
                "duration_min": "20",
                "pain_max": "1",
            },
        )
        assert response.status_code == 404

    def test_a_run_records_where_the_pain_started(self, cast: Cast):
        programme = make_programme(cast.runner_a)
        url = reverse("programmes:runs", args=[cast.runner_a.pk])
        cast.client_for("runner_a").post(
            url,
            {
                "day": "2026-11-02",
                "distance_km": "4.0",
                "duration_min": "25",
                "pain_max": "4",
                "pain_started_km": "3.2",
            },
        )
        run = programme.runs.get()
        assert run.pain_started_km == Decimal("3.20") and run.stopped_early

    def test_the_run_form_offers_today_as_a_date_the_browser_accepts(self, cast: Cast):
        # <input type=date> shows only an ISO value; en-gb's "02/11/2026" left it blank.
        make_programme(cast.runner_a)
        url = reverse("programmes:runs", args=[cast.runner_a.pk])
        with time_machine.travel(datetime(2026, 11, 2, 12, tzinfo=UTC), tick=False):
            page = cast.client_for("runner_a").get(url).text
        assert 'type="date" name="day" value="2026-11-02"' in page

    def test_pain_cannot_start_after_the_run(self, cast: Cast):
        make_programme(cast.runner_a)
        url = reverse("programmes:runs", args=[cast.runner_a.pk])
        response = cast.client_for("runner_a").post(
            url,
            {
                "day": "2026-11-02",
                "distance_km": "2",
                "duration_min": "15",
                "pain_max": "3",
                "pain_started_km": "5",
            },
        )
        assert "Pain cannot start after the run ended" in response.text


class TestWeeklyReview:
    def test_low_pain_moves_the_plan_on_and_replaces_the_exercises(self):
        programme = make_programme(RunnerFactory(), started_on=START)
        _log_week(programme, pain=2)
        review = services.review_week(
            programme=programme, today=START + timedelta(days=7), now=timezone.now()
        )
        assert review.action == Action.ADVANCE
        programme.refresh_from_db()
        assert programme.level == 2
        bridge = programme.exercises.get(exercise_id="hip_bridge")
        assert bridge.reps == 15  # level 2 dose (clinical.md §5.4.1)

    def test_a_worse_next_morning_steps_back(self):
        programme = make_programme(RunnerFactory(), started_on=START)
        programme.level = 3
        programme.save()
        _log_week(programme, pain=2, worse=True)
        review = services.review_week(
            programme=programme, today=START + timedelta(days=8), now=timezone.now()
        )
        assert review.action == Action.STEP_BACK
        assert review.reasons == ["The knee was worse the next morning."]
        programme.refresh_from_db()
        assert programme.level == 2

    def test_a_week_not_over_is_not_reviewed(self):
        programme = make_programme(RunnerFactory(), started_on=START)
        with pytest.raises(RehabInputError):
            services.review_week(
                programme=programme, today=START + timedelta(days=3), now=timezone.now()
            )
        assert not WeekReview.objects.exists()


class TestClinicianEdits:
    def test_the_clinician_changes_a_dose_and_the_runner_sees_it(self, cast: Cast):
        programme = make_programme(cast.runner_a)
        rows = list(programme.exercises.all())
        data = {
            "form-TOTAL_FORMS": str(len(rows)),
            "form-INITIAL_FORMS": str(len(rows)),
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
        }
        for i, row in enumerate(rows):
            data |= {
                f"form-{i}-id": str(row.pk),
                f"form-{i}-exercise_id": row.exercise_id,
                f"form-{i}-sets": str(row.sets),
                f"form-{i}-reps": str(row.reps or ""),
                f"form-{i}-hold_s": str(row.hold_s or ""),
                f"form-{i}-rest_s": str(row.rest_s),
                f"form-{i}-per_side": "on" if row.per_side else "",
                f"form-{i}-note": "",
            }
        data["form-0-sets"] = "5"
        data["form-0-note"] = "Slow on the way down"
        url = reverse("programmes:edit", args=[cast.runner_a.pk])
        response = cast.client_for("clinician_with_access").post(url, data)
        assert response.status_code == 302, response.text
        page = cast.client_for("runner_a").get(
            reverse("programmes:today", args=[cast.runner_a.pk])
        )
        assert "Slow on the way down" in page.text
        assert "5 x 10" in page.text

    def test_reps_and_hold_together_are_refused(self, cast: Cast):
        make_programme(cast.runner_a)
        url = reverse("programmes:edit", args=[cast.runner_a.pk])
        data = {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "0",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
            "form-0-exercise_id": "clamshell",
            "form-0-sets": "2",
            "form-0-reps": "10",
            "form-0-hold_s": "30",
            "form-0-rest_s": "60",
        }
        response = cast.client_for("clinician_with_access").post(url, data)
        assert "Give either repetitions or a hold time" in response.text


class TestOutcomes:
    def test_a_complete_lefs_is_scored(self, cast: Cast):
        make_programme(cast.runner_a)
        data = {f"item_{n}": "3" for n in range(1, 21)}
        url = reverse("programmes:lefs", args=[cast.runner_a.pk])
        assert cast.client_for("runner_a").post(url, data).status_code == 302
        entry = OutcomeEntry.objects.get(runner=cast.runner_a)
        assert entry.value == 60 and entry.lefs_answers == [3] * 20

    def test_a_partial_lefs_saves_nothing(self, cast: Cast):
        make_programme(cast.runner_a)
        data = {f"item_{n}": "3" for n in range(1, 20)}
        url = reverse("programmes:lefs", args=[cast.runner_a.pk])
        response = cast.client_for("runner_a").post(url, data)
        assert "partly filled form cannot be scored" in response.text
        assert not OutcomeEntry.objects.exists()

    def test_a_distance_reads_with_its_unit(self, cast: Cast):
        make_programme(cast.runner_a)
        for day, km in ((1, 2), (20, 3.5)):
            services.record_outcome(
                runner=cast.runner_a,
                measure=Measure.PAIN_FREE_DISTANCE_KM,
                value=km,
                recorded_on=START + timedelta(days=day),
            )
        page = cast.client_for("runner_a").get(
            reverse("programmes:outcomes", args=[cast.runner_a.pk])
        )
        assert "Latest: 3.5 km on" in page.text  # was "3.5km"
        assert "Change 1.5 km" in page.text  # was "Change 1.5"
        # Its basis in plain words, not a section of our reference file.
        assert "No published minimal important difference" in page.text
        assert "clinical.md" not in page.text

    def test_the_runner_reads_the_studies_and_the_clinician_the_section(
        self, cast: Cast
    ):
        make_programme(cast.runner_a)
        for day, value in ((1, 6), (20, 3)):
            services.record_outcome(
                runner=cast.runner_a,
                measure=Measure.PAIN_RUN,
                value=value,
                recorded_on=START + timedelta(days=day),
            )
        url = reverse("programmes:outcomes", args=[cast.runner_a.pk])
        own = cast.client_for("runner_a").get(url).text
        assert "Farrar 2001, Pain 94:149; Salaffi 2004)" in own
        assert "clinical.md" not in own
        seen = cast.client_for("clinician_with_access").get(url).text
        assert "Salaffi 2004 (clinical.md §7.2)" in seen
        lefs = cast.client_for("runner_a").get(
            reverse("programmes:lefs", args=[cast.runner_a.pk])
        )
        assert "Binkley JM" in lefs.text and "clinical.md" not in lefs.text

    def test_a_meaningful_change_is_flagged_for_the_clinician(self, cast: Cast):
        make_programme(cast.runner_a)
        for day, value in ((1, 6), (20, 3)):
            services.record_outcome(
                runner=cast.runner_a,
                measure=Measure.PAIN_RUN,
                value=value,
                recorded_on=START + timedelta(days=day),
            )
        page = cast.client_for("clinician_with_access").get(
            reverse("programmes:outcomes", args=[cast.runner_a.pk])
        )
        assert "Meaningful improvement" in page.text
        assert "meaningful change" in page.text  # the MCID line on the chart


class TestExports:
    def test_the_pdf_is_a_pdf_with_the_exercises(self, cast: Cast):
        make_programme(cast.runner_a)
        response = cast.client_for("runner_a").get(
            reverse("programmes:pdf", args=[cast.runner_a.pk])
        )
        assert response["Content-Type"] == "application/pdf"
        body = response.content
        assert body.startswith(b"%PDF-") and len(body) > 2000

    def test_the_fhir_bundle_is_valid_and_holds_the_clinicians_edit(self, cast: Cast):
        from tractus.fhir import validate_resource

        programme = make_programme(cast.runner_a)
        row = programme.exercises.first()
        assert row is not None
        row.sets = 7
        row.save()
        services.record_outcome(
            runner=cast.runner_a, measure=Measure.PAIN_RUN, value=4, recorded_on=START
        )
        response = cast.client_for("clinician_with_access").get(
            reverse("programmes:fhir", args=[cast.runner_a.pk])
        )
        bundle = response.json()
        validate_resource(bundle)
        plan, observation = (e["resource"] for e in bundle["entry"])
        assert plan["contained"][0]["patientInstruction"][0][
            "instructionMarkdown"
        ].startswith("7 x")
        assert observation["code"]["coding"][0]["code"] == "72514-3"

    def test_the_calendar_lists_the_planned_sessions(self, cast: Cast):
        from icalendar import Calendar

        programme = make_programme(cast.runner_a)
        url = reverse("programmes:calendar", args=[programme.calendar_token])
        response = cast.client_for("anonymous").get(url)
        assert response["Content-Type"].startswith("text/calendar")
        events = Calendar.from_ical(response.content).walk("VEVENT")
        assert len(events) == 3 * 6  # three sessions a week, six weeks ahead
        assert all(str(e["summary"]) == "Rehab session" for e in events)
        assert "Hip bridge" in str(events[0]["description"])
        assert "pain" not in response.content.decode().lower().replace("knee pain", "")

    def test_a_new_calendar_address_revokes_the_old(self, cast: Cast):
        programme = make_programme(cast.runner_a)
        old = reverse("programmes:calendar", args=[programme.calendar_token])
        cast.client_for("runner_a").post(
            reverse("programmes:calendar-new", args=[cast.runner_a.pk])
        )
        assert cast.client_for("anonymous").get(old).status_code == 404


@pytest.mark.django_db(transaction=True)  # the worker closes its connection
class TestReminders:
    def test_a_reminder_then_one_repeat_and_none_once_logged(
        self, mailoutbox, django_capture_on_commit_callbacks
    ):
        from django.core.management import call_command

        from clinic.programmes.reminders import send_reminders

        runner = RunnerFactory(timezone="UTC")
        programme = make_programme(runner, started_on=START)
        monday = datetime(2026, 11, 9, 8, tzinfo=UTC)
        evening = monday.replace(hour=18)
        with django_capture_on_commit_callbacks(execute=True):
            assert send_reminders(now=monday) == 1
            assert send_reminders(now=monday) == 0  # a run repeated within the hour
            assert send_reminders(now=monday.replace(hour=12)) == 0  # not an hour
            assert send_reminders(now=evening) == 1
            assert send_reminders(now=evening) == 0
        with time_machine.travel(evening + timedelta(minutes=5), tick=False):
            call_command("worker", burst=True)
        assert len(mailoutbox) == 2
        assert mailoutbox[0].to == [runner.user.email]
        assert f"/runners/{runner.pk}/rehab/" in mailoutbox[0].body
        services.log_session(
            programme=programme,
            day=date(2026, 11, 11),
            pain_during=1,
            done=[],
            now=timezone.now(),
        )
        wednesday = datetime(2026, 11, 11, 8, tzinfo=UTC)
        assert send_reminders(now=wednesday) == 0
        tuesday = datetime(2026, 11, 10, 8, tzinfo=UTC)
        assert send_reminders(now=tuesday) == 0  # rest day

    @pytest.mark.parametrize(
        "change",
        ["session logged", "programme ended", "account closed", "day over"],
    )
    def test_a_queued_reminder_is_checked_again_when_the_worker_sends_it(
        self, mailoutbox, django_capture_on_commit_callbacks, change: str
    ):
        from django.core.management import call_command

        from clinic.programmes.reminders import send_reminders

        # Recife (UTC-3): 21:30 UTC on Monday is 18:30 there, the evening reminder.
        runner = RunnerFactory(timezone="America/Recife")
        programme = make_programme(runner, started_on=START)
        queued_at = datetime(2026, 11, 9, 21, 30, tzinfo=UTC)
        with django_capture_on_commit_callbacks(execute=True):
            assert send_reminders(now=queued_at) == 1
        sent_at = queued_at + timedelta(minutes=10)
        if change == "session logged":
            services.log_session(
                programme=programme,
                day=date(2026, 11, 9),
                pain_during=1,
                done=[],
                now=queued_at,
            )
        elif change == "programme ended":
            make_programme(runner, started_on=date(2026, 11, 9))
        elif change == "account closed":
            runner.user.is_active = False
            runner.user.save()
        else:
            # The worker was down until 03:30 UTC: Tuesday in Recife, a rest day.
            sent_at = queued_at + timedelta(hours=6)
        with time_machine.travel(sent_at, tick=False):
            call_command("worker", burst=True)
        assert mailoutbox == []

    def test_a_queued_reminder_still_due_is_sent_on_the_runners_evening(
        self, mailoutbox, django_capture_on_commit_callbacks
    ):
        from django.core.management import call_command

        from clinic.programmes.reminders import send_reminders

        runner = RunnerFactory(timezone="America/Recife")
        make_programme(runner, started_on=START)
        queued_at = datetime(2026, 11, 9, 21, 30, tzinfo=UTC)  # 18:30 Monday in Recife
        with django_capture_on_commit_callbacks(execute=True):
            assert send_reminders(now=queued_at) == 1
        with time_machine.travel(queued_at + timedelta(minutes=10), tick=False):
            call_command("worker", burst=True)
        assert [m.to for m in mailoutbox] == [[runner.user.email]]


class TestRemindersAcrossZones:
    """An hourly run reminds each runner at 08:00 and 18:00 of their own day."""

    @pytest.mark.parametrize(
        "zone",
        [
            "UTC",
            "Pacific/Kiritimati",
            "Asia/Tokyo",
            "Asia/Kathmandu",
            "America/Recife",
            "America/Los_Angeles",
            "Pacific/Pago_Pago",
        ],
    )
    def test_hourly_runs_remind_at_the_runners_own_hours(self, zone: str) -> None:
        from clinic.programmes.reminders import send_reminders

        make_programme(RunnerFactory(timezone=zone), started_on=START)
        local_monday = datetime(2026, 11, 9, tzinfo=ZoneInfo(zone))
        start = local_monday.astimezone(UTC).replace(minute=0) - timedelta(hours=1)
        runs = [start + timedelta(hours=h) for h in range(27)]  # cron: 0 * * * *
        reminded = [run for run in runs if send_reminders(now=run)]
        local = [run.astimezone(ZoneInfo(zone)) for run in reminded]
        assert [(t.date(), t.hour) for t in local] == [
            (date(2026, 11, 9), 8),
            (date(2026, 11, 9), 18),
        ]

    def test_a_missed_morning_run_leaves_one_reminder_in_the_evening(self) -> None:
        from clinic.programmes.reminders import send_reminders

        make_programme(RunnerFactory(timezone="Asia/Tokyo"), started_on=START)
        evening = datetime(2026, 11, 9, 18, tzinfo=ZoneInfo("Asia/Tokyo"))
        assert send_reminders(now=evening) == 1
        assert send_reminders(now=evening + timedelta(minutes=30)) == 0


class TestTemplates:
    def test_a_template_is_saved_and_assigned_to_many_runners(self, cast: Cast):
        from clinic.programmes.models import ProgrammeTemplate
        from tests.clinic.factories import AccessGrantFactory

        source = make_programme(cast.runner_a)
        row = source.exercises.first()
        assert row is not None
        row.sets, row.note = 4, "Slowly"
        row.save()
        others = [RunnerFactory(), RunnerFactory()]
        for runner in others:
            AccessGrantFactory(runner=runner, clinic=cast.clinic_a)
            make_programme(runner)
        client = cast.client_for("clinician_with_access")
        client.post(
            reverse("programmes:save-template", args=[cast.runner_a.pk]),
            {"clinic": cast.clinic_a.slug, "name": "Week 3 hips"},
        )
        template = ProgrammeTemplate.objects.get(clinic=cast.clinic_a)
        response = client.post(
            reverse("programmes:templates", args=[cast.clinic_a.slug]),
            {"template": template.pk, "runners": [r.pk for r in others]},
        )
        assert response.status_code == 302
        for runner in others:
            programme = Programme.objects.get(runner=runner, is_active=True)
            first = programme.exercises.first()
            assert first is not None
            assert (first.exercise_id, first.sets, first.note) == (
                row.exercise_id,
                4,
                "Slowly",
            )
            assert programme.exercises.count() == source.exercises.count()

    def test_runners_who_did_not_share_cannot_be_chosen(self, cast: Cast):
        from clinic.programmes.models import ProgrammeTemplate

        ProgrammeTemplate.objects.create(
            clinic=cast.clinic_a, name="Base", created_at=timezone.now(), items=[]
        )
        client = cast.client_for("clinician_with_access")
        page = client.get(reverse("programmes:templates", args=[cast.clinic_a.slug]))
        assert str(cast.runner_a) in page.text
        assert str(cast.runner_b) not in page.text
        response = client.post(
            reverse("programmes:templates", args=[cast.clinic_a.slug]),
            {
                "template": ProgrammeTemplate.objects.get().pk,
                "runners": [cast.runner_b.pk],
            },
        )
        assert response.status_code == 200  # refused: not a valid choice


class TestFormChecks:
    def _clam_check(self, cast: Cast) -> None:
        from clinic.motionlab.models import Analysis

        Analysis.objects.create(
            runner=cast.runner_a,
            kind="exercise",
            exercise="clamshell",
            video_name="clam.mp4",
            created_at=timezone.now(),
            status="done",
            report={
                "rep_count": 12,
                "reps": [{"faults": [{"code": "pelvis_rolls_back"}]}],
                "warnings": [],
            },
            key_frames=[],
        )

    def test_progress_shows_form_check_quality_beside_outcomes(self, cast: Cast):
        make_programme(cast.runner_a)
        self._clam_check(cast)
        page = cast.client_for("clinician_with_access").get(
            reverse("programmes:outcomes", args=[cast.runner_a.pk])
        )
        assert "Form checks" in page.text and "12 reps" in page.text

    def test_without_the_video_scope_the_form_checks_stay_hidden(self, cast: Cast):
        make_programme(cast.runner_a)
        self._clam_check(cast)
        grant = cast.runner_a.grants.get()
        grant.share_motion = False
        grant.save()
        page = cast.client_for("clinician_with_access").get(
            reverse("programmes:outcomes", args=[cast.runner_a.pk])
        )
        assert page.status_code == 200 and "Form checks" not in page.text
