"""The clinician's workspace: timeline, assessment, notes, and their audit entries."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import lxml.html
import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from clinic.audit.models import Action, AuditEntry
from clinic.bookings.models import Appointment, AppointmentType, Location
from clinic.programmes.selectors import active_programme
from clinic.programmes.services import (
    DoneExercise,
    findings_from_latest_check,
    log_session,
    planned_sessions,
    record_outcome,
    start_programme,
)
from clinic.workspace.models import Assessment, ClinicalNote
from clinic.workspace.timeline import _measured
from tests.clinic import test_access
from tests.clinic.bookings.factories import AppointmentTypeFactory, LocationFactory
from tests.clinic.conftest import Cast
from tests.clinic.factories import (
    AccessGrantFactory,
    ActivityFactory,
    AssessmentFactory,
    ClinicalNoteFactory,
    MembershipFactory,
    RunnerFactory,
)
from tests.clinic.triage_helpers import make_assessment
from tractus.assessment import SquatRating, TestResult
from tractus.outcomes import Measure
from tractus.rehab import Preferences

pytestmark = pytest.mark.django_db


def _exam_post(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "affected_side": "right",
        "body_mass_kg": "68",
        "height_cm": "172",
        "hip_lever_arm_cm": "42",
        "slump": "negative",
        "straight_leg_raise": "negative",
        "left_hip_abduction_n": "180",
        "right_hip_abduction_n": "135",
        "right_ober": "positive",
        "right_noble": "positive",
        "right_epicondyle_tenderness": "positive",
        "right_single_leg_squat": "poor",
        "right_thomas_knee_flexion_deg": "60",
        **{f"left_fpi_{i}": "1" for i in range(6)},
        "note-subjective": "Lateral knee pain at 5 km, worse downhill.",
        "note-plan": "Hip abductor strengthening, review in 2 weeks.",
    }
    for side in ("left", "right"):
        for test in ("ober", "noble", "epicondyle_tenderness", "joint_line_tenderness",
                     "effusion", "meniscal_tests", "varus_valgus_stress",
                     "patellofemoral_tests"):  # fmt: skip
            data.setdefault(f"{side}_{test}", "not_tested")
    data.update(changes)
    return data


def _post_assessment(cast: Cast, **changes: Any) -> Any:
    return cast.client_for("clinician_with_access").post(
        reverse("workspace:assessment-new", args=[cast.runner_a.pk]),
        _exam_post(**changes),
    )


class TestAssessment:
    def test_a_clinician_records_an_assessment_with_its_note(self, cast: Cast) -> None:
        response = _post_assessment(cast)
        saved = Assessment.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "workspace:assessment", args=[saved.public_id]
        )
        exam = saved.to_core()
        assert exam.height_m == pytest.approx(1.72)
        assert exam.hip_lever_arm_m == pytest.approx(0.42)
        assert exam.right.ober is TestResult.POSITIVE
        assert exam.right.single_leg_squat is SquatRating.POOR
        assert exam.left.foot_posture_index == (1,) * 6
        assert exam.right.foot_posture_index is None
        assert (saved.clinician, saved.clinic) == (cast.clinician_a, cast.clinic_a)
        note = ClinicalNote.objects.get()
        assert note.assessment == saved
        assert note.plan.startswith("Hip abductor")

    def test_the_summary_says_what_the_exam_shows(self, cast: Cast) -> None:
        _post_assessment(cast)
        saved = Assessment.objects.get()
        page = cast.client_for("runner_a").get(
            reverse("workspace:assessment", args=[saved.public_id])
        )
        assert "Weak hip abductors" in page.text
        assert "Ober positive" in page.text
        assert "FPI-6 +6, pronated" in page.text
        assert "75%" in page.text  # right abduction against the left
        assert "no-store" in page["Cache-Control"]

    def test_a_half_scored_fpi_is_refused_and_nothing_saved(self, cast: Cast) -> None:
        response = _post_assessment(cast, left_fpi_3="")
        assert response.status_code == 200
        assert "foot posture index: needs 6 items" in response.text
        assert not Assessment.objects.exists()
        assert not ClinicalNote.objects.exists()

    def test_an_out_of_range_number_names_its_field(self, cast: Cast) -> None:
        response = _post_assessment(cast, right_hip_abduction_n="5000")
        assert response.status_code == 200
        assert "less than or equal to 1000" in response.text
        assert not Assessment.objects.exists()

    def test_every_number_input_shows_and_says_its_unit(self, cast: Cast) -> None:
        page = cast.client_for("clinician_with_access").get(
            reverse("workspace:assessment-new", args=[cast.runner_a.pk])
        )
        document = lxml.html.fromstring(page.text)
        numbers = document.xpath("//form[@class='exam']//input[@type='number']")
        assert len(numbers) == 2 * 9 + 5  # nine measures a leg, five for the body
        units = {"N", "°", "cm", "mm", "km", "kg", "s"}
        for number in numbers:
            name, suffix = number.get("name"), number.xpath("following-sibling::*")
            assert suffix and suffix[0].get("class") == "unit", name
            assert suffix[0].text_content() in units, name
            assert number.get("aria-label").endswith(f", in {suffix[0].text}"), name
        spoken = {n.get("name"): n.get("aria-label") for n in numbers}
        assert spoken["left_hip_abduction_n"] == "Abduction, left, in N"
        assert spoken["body_mass_kg"] == "Body mass, in kg"
        assert spoken["right_side_plank_s"] == "Side-plank hold, right, in s"

    def test_checkbox_labels_sit_beside_their_boxes(self, cast: Cast) -> None:
        page = cast.client_for("clinician_with_access").get(
            reverse("workspace:assessment-new", args=[cast.runner_a.pk])
        )
        document = lxml.html.fromstring(page.text)
        for name in ("back_symptoms", "trunk_lean", "update_programme"):
            (box,) = document.xpath(f"//input[@name='{name}']")
            label = box.getparent()
            assert label.tag == "label" and "field check" in label.getparent().get(
                "class"
            )
            assert not label.text_content().strip().endswith(":"), name

    def test_the_form_starts_from_the_last_body_measures(self, cast: Cast) -> None:
        _post_assessment(cast)
        page = cast.client_for("clinician_with_access").get(
            reverse("workspace:assessment-new", args=[cast.runner_a.pk])
        )
        assert 'value="68.0"' in page.text
        assert 'value="172.0"' in page.text

    @pytest.mark.django_db(transaction=True)
    def test_sending_the_summary_mails_the_runner_a_link(self, cast: Cast) -> None:
        item = AssessmentFactory(runner=cast.runner_a, clinic=cast.clinic_a)
        cast.client_for("clinician_with_access").post(
            reverse("workspace:assessment-send", args=[item.public_id])
        )
        call_command("worker", burst=True)
        assert mail.outbox[0].to == [cast.runner_a.user.email]
        assert str(item.public_id) in str(mail.outbox[0].body)
        item.refresh_from_db()
        assert item.sent_to_runner_at is not None


class TestNotes:
    def test_a_clinician_writes_a_note(self, cast: Cast) -> None:
        response = cast.client_for("clinician_with_access").post(
            reverse("workspace:note-new", args=[cast.runner_a.pk]),
            {"analysis": "Fits ITBS; lumbar screen clear."},
        )
        assert response.status_code == 302
        assert ClinicalNote.objects.get().author == cast.clinician_a

    def test_an_empty_note_is_refused(self, cast: Cast) -> None:
        response = cast.client_for("clinician_with_access").post(
            reverse("workspace:note-new", args=[cast.runner_a.pk]), {"plan": "  "}
        )
        assert response.status_code == 200
        assert "Write at least one part" in response.text
        assert not ClinicalNote.objects.exists()

    def test_another_clinics_notes_stay_with_that_clinic(self, cast: Cast) -> None:
        AccessGrantFactory(runner=cast.runner_a, clinic=cast.clinic_b)
        note = ClinicalNoteFactory(runner=cast.runner_a, clinic=cast.clinic_a)
        url = reverse("workspace:note", args=[note.public_id])
        assert cast.client_for("clinician_without_access").get(url).status_code == 404
        timeline = cast.client_for("clinician_without_access").get(
            reverse("workspace:timeline", args=[cast.runner_a.pk])
        )
        assert note.first_line not in timeline.text
        assert cast.client_for("runner_a").get(url).status_code == 200


class TestTimeline:
    def test_everything_newest_first_each_opening_its_detail(self, cast: Cast) -> None:
        now = timezone.now()
        check = make_assessment(runner=cast.runner_a)
        check.created_at = now - timedelta(days=3)
        check.save()
        key_frame_args = test_access._key_frame_of_a(cast)
        note = ClinicalNoteFactory(runner=cast.runner_a, clinic=cast.clinic_a)
        page = cast.client_for("clinician_with_access").get(
            reverse("workspace:timeline", args=[cast.runner_a.pk])
        )
        text = page.text
        note_url = reverse("workspace:note", args=[note.public_id])
        check_url = reverse("triage:result", args=[check.public_id])
        frame_url = reverse("motionlab:key-frame", args=key_frame_args)
        assert note_url in text and check_url in text and frame_url in text
        assert text.index(note_url) < text.index(check_url)
        assert "History fit with ITBS" in text  # the clinician's wording
        own = cast.client_for("runner_a").get(
            reverse("workspace:timeline", args=[cast.runner_a.pk])
        )
        assert "History fit with ITBS" not in own.text
        assert "No red flags" in own.text or "Red flags:" in own.text

    def test_key_frames_show_as_thumbnails_opening_full_size(self, cast: Cast) -> None:
        frame_url = reverse(
            "motionlab:key-frame", args=test_access._key_frame_of_a(cast)
        )
        page = cast.client_for("clinician_with_access").get(
            reverse("workspace:timeline", args=[cast.runner_a.pk])
        )
        link = re.search(rf'<a href="{frame_url}"[^>]*><img src="([^"]+)"', page.text)
        assert link and link.group(1) == f"{frame_url}?size=thumb"

    def test_a_part_not_shared_is_named(self, cast: Cast) -> None:
        grant = cast.runner_a.grants.get()
        grant.share_training = False
        grant.save()
        page = cast.client_for("clinician_with_access").get(
            reverse("workspace:timeline", args=[cast.runner_a.pk])
        )
        assert "Not shared with your clinic: training history" in page.text


class TestAudit:
    @pytest.mark.parametrize(
        ("url_name", "args_for"),
        [
            ("workspace:assessment", test_access._assessment_of_a),
            ("workspace:note", test_access._note_of_a),
            ("workspace:assessment-new", test_access._record_of_a),
            ("workspace:note-new", test_access._record_of_a),
        ],
    )
    def test_each_view_is_logged_as_the_clinical_record(
        self, cast: Cast, url_name: str, args_for: Any
    ) -> None:
        cast.client_for("clinician_with_access").get(
            reverse(url_name, args=args_for(cast))
        )
        entry = AuditEntry.objects.get(area="clinical")
        assert (entry.action, entry.area, entry.page) == (
            Action.VIEW,
            "clinical",
            url_name,
        )
        assert entry.actor == cast.clinician_a

    def test_the_timeline_logs_each_part_it_shows(self, cast: Cast) -> None:
        cast.client_for("clinician_with_access").get(
            reverse("workspace:timeline", args=[cast.runner_a.pk])
        )
        areas = sorted(AuditEntry.objects.values_list("area", flat=True))
        assert areas == ["clinical", "motion", "rehab", "training", "triage"]

    def test_recording_an_assessment_is_logged_as_a_change(self, cast: Cast) -> None:
        _post_assessment(cast)
        entry = AuditEntry.objects.get(area="clinical")
        assert (entry.action, entry.page) == (Action.CHANGE, "workspace:assessment-new")

    def test_writing_a_note_is_logged_as_a_change(self, cast: Cast) -> None:
        cast.client_for("clinician_with_access").post(
            reverse("workspace:note-new", args=[cast.runner_a.pk]), {"plan": "Review"}
        )
        assert AuditEntry.objects.get().action == Action.CHANGE

    def test_a_refused_form_is_a_view_not_a_change(self, cast: Cast) -> None:
        cast.client_for("clinician_with_access").post(
            reverse("workspace:note-new", args=[cast.runner_a.pk]), {"plan": ""}
        )
        assert AuditEntry.objects.get().action == Action.VIEW

    @pytest.mark.django_db(transaction=True)
    def test_sending_the_summary_is_logged_as_a_change(self, cast: Cast) -> None:
        item = AssessmentFactory(runner=cast.runner_a, clinic=cast.clinic_a)
        cast.client_for("clinician_with_access").post(
            reverse("workspace:assessment-send", args=[item.public_id])
        )
        entry = AuditEntry.objects.get()
        assert (entry.action, entry.page) == (
            Action.CHANGE,
            "workspace:assessment-send",
        )

    def test_a_second_clinician_of_the_clinic_is_logged_by_name(
        self, cast: Cast
    ) -> None:
        colleague = MembershipFactory(clinic=cast.clinic_a).user
        from django.test import Client

        client = Client()
        client.force_login(colleague)
        client.get(reverse("workspace:timeline", args=[cast.runner_a.pk]))
        assert set(AuditEntry.objects.values_list("actor_name", flat=True)) == {
            str(colleague)
        }


class TestPatients:
    def _list(self, cast: Cast, **params: str) -> str:
        return (
            cast.client_for("clinician_with_access")
            .get(reverse("workspace:patients"), params)
            .text
        )

    def test_search_by_name_or_email(self, cast: Cast) -> None:
        other = RunnerFactory(user__full_name="Zoe Quist")
        AccessGrantFactory(runner=other, clinic=cast.clinic_a)
        assert "Zoe Quist" in self._list(cast, q="quist")
        assert str(cast.runner_a) not in self._list(cast, q="quist")
        assert str(cast.runner_a) in self._list(cast, q=cast.runner_a.user.email[:8])

    def test_red_flag_first_sorts_the_latest_red_flag_to_the_top(
        self, cast: Cast
    ) -> None:
        other = RunnerFactory(user__full_name="Aaron Aardvark")
        AccessGrantFactory(runner=other, clinic=cast.clinic_a)
        check = make_assessment(runner=cast.runner_a)
        check.urgency = "urgent"
        check.save()
        by_name = self._list(cast, sort="name")
        red_first = self._list(cast, sort="red-flag")
        assert by_name.index("Aaron Aardvark") < by_name.index(str(cast.runner_a))
        assert red_first.index(str(cast.runner_a)) < red_first.index("Aaron Aardvark")
        assert "Urgent" in red_first

    def test_the_latest_load_flag_is_shown(self, cast: Cast) -> None:
        today = timezone.localdate()
        for days_ago, km in [(30, 5), (23, 5), (16, 5), (9, 5), (2, 21)]:
            ActivityFactory(
                runner=cast.runner_a,
                local_date=today - timedelta(days=days_ago),
                distance_m=km * 1000,
            )
        page = self._list(cast)
        assert "Single run much longer than usual" in page


def _appointment(cast: Cast, runner: Any, starts_at: Any, zone: str = "Europe/London"):
    kind = AppointmentType.objects.filter(
        clinic=cast.clinic_a
    ).first() or AppointmentTypeFactory(clinic=cast.clinic_a)
    location = Location.objects.filter(clinic=cast.clinic_a).first() or LocationFactory(
        clinic=cast.clinic_a, time_zone=zone
    )
    return Appointment.objects.create(
        clinic=cast.clinic_a,
        clinician=cast.clinician_a,
        runner=runner,
        appointment_type=kind,
        location=location,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        blocked_from=starts_at,
        blocked_until=starts_at + timedelta(hours=1),
        created_at=starts_at - timedelta(days=7),
    )


class TestDay:
    def test_the_day_lists_appointments_in_local_time_opening_the_record(
        self, cast: Cast
    ) -> None:
        # 23:30 UTC on 1 June is 00:30 on 2 June in London (summer time).
        _appointment(cast, cast.runner_a, datetime(2026, 6, 1, 23, 30, tzinfo=UTC))
        _appointment(cast, cast.runner_b, datetime(2026, 6, 2, 9, 0, tzinfo=UTC))
        client = cast.client_for("clinician_with_access")
        page = client.get(reverse("workspace:day"), {"date": "2026-06-02"}).text
        timeline_a = reverse("workspace:timeline", args=[cast.runner_a.pk])
        assert "00:30" in page and "10:00" in page
        assert timeline_a in page
        assert str(cast.runner_b) in page
        assert "has not shared their record" in page
        assert page.index("00:30") < page.index("10:00")
        empty = client.get(reverse("workspace:day"), {"date": "2026-06-01"}).text
        assert "No appointments on this day" in empty

    def test_my_day_is_the_appointment_book_not_the_record(self, cast: Cast) -> None:
        # Deliberately not audited: the day shows the clinician's own appointments
        # (who, when, what, where), as their calendar feed does, whether or not the
        # runner shares anything; no part of the record. Opening the record from a
        # row is audited. If a shared part (a red flag, say) is ever added to the
        # day through `access.can_view`, it is audited and this test says to update
        # the README's audit paragraph.
        make_assessment(runner=cast.runner_a)  # shared, and not on the day page
        _appointment(cast, cast.runner_a, timezone.now())
        client = cast.client_for("clinician_with_access")
        page = client.get(reverse("workspace:day")).text
        timeline = reverse("workspace:timeline", args=[cast.runner_a.pk])
        assert timeline in page and "ITBS" not in page
        assert not AuditEntry.objects.exists()
        client.get(timeline)
        assert AuditEntry.objects.filter(runner=cast.runner_a).exists()

    def test_the_day_shows_the_clinics_time_not_utc(self, cast: Cast) -> None:
        # 12:30 UTC is 09:30 in Recife (UTC-3, no summer time).
        _appointment(
            cast,
            cast.runner_a,
            datetime(2026, 12, 7, 12, 30, tzinfo=UTC),
            "America/Recife",
        )
        client = cast.client_for("clinician_with_access")
        page = client.get(reverse("workspace:day"), {"date": "2026-12-07"}).text
        assert "09:30–10:30" in page
        assert "12:30" not in page

    def test_another_clinicians_day_is_not_shown(self, cast: Cast) -> None:
        _appointment(cast, cast.runner_a, timezone.now())
        page = cast.client_for("clinician_without_access").get(reverse("workspace:day"))
        assert str(cast.runner_a) not in page.text

    def test_appointments_are_on_the_timeline(self, cast: Cast) -> None:
        _appointment(cast, cast.runner_a, timezone.now() + timedelta(days=1))
        page = cast.client_for("clinician_with_access").get(
            reverse("workspace:timeline", args=[cast.runner_a.pk])
        )
        assert "Total body diagnostic with" in page.text
        own = cast.client_for("runner_a").get(
            reverse("workspace:timeline", args=[cast.runner_a.pk])
        )
        assert "Total body diagnostic with" in own.text


class TestAssessmentFeedsTheProgramme:
    def _planned_answers(self, cast: Cast) -> set[str]:
        programme = active_programme(cast.runner_a)
        assert programme is not None
        return {a for row in programme.exercises.all() for a in row.answers}

    def _start(self, cast: Cast) -> None:
        make_assessment(runner=cast.runner_a)
        findings = findings_from_latest_check(cast.runner_a, preferences=Preferences())
        assert findings is not None
        start_programme(
            runner=cast.runner_a,
            findings=findings,
            started_on=timezone.localdate(),
            now=timezone.now(),
        )

    def test_a_weak_hip_changes_the_runners_plan(self, cast: Cast) -> None:
        self._start(cast)
        assert "weak_hip_abductors" not in self._planned_answers(cast)
        _post_assessment(cast, update_programme="on")
        assert "weak_hip_abductors" in self._planned_answers(cast)
        plan = cast.client_for("runner_a").get(
            reverse("programmes:plan", args=[cast.runner_a.pk])
        )
        assert "Weak hip abductors" in plan.text

    def test_the_level_the_runner_reached_is_kept(self, cast: Cast) -> None:
        self._start(cast)
        programme = active_programme(cast.runner_a)
        assert programme is not None
        programme.level = 3
        programme.save()
        _post_assessment(cast, update_programme="on")
        programme.refresh_from_db()
        assert programme.level == 3
        assert programme.findings["assessment"]["weak_hip_abductors"] is True

    def test_unticked_the_programme_is_left_alone(self, cast: Cast) -> None:
        self._start(cast)
        _post_assessment(cast)
        assert "weak_hip_abductors" not in self._planned_answers(cast)

    def test_without_a_programme_one_starts_from_the_symptom_check(
        self, cast: Cast
    ) -> None:
        make_assessment(runner=cast.runner_a)
        response = _post_assessment(cast, update_programme="on")
        assert "weak_hip_abductors" in self._planned_answers(cast)
        programme = active_programme(cast.runner_a)
        assert programme is not None and programme.created_by == cast.clinician_a
        assert response.status_code == 302

    def test_without_a_symptom_check_nothing_is_planned_and_it_says_so(
        self, cast: Cast
    ) -> None:
        page = cast.client_for("clinician_with_access").post(
            reverse("workspace:assessment-new", args=[cast.runner_a.pk]),
            _exam_post(update_programme="on"),
            follow=True,
        )
        assert "no symptom check to plan from" in page.text
        assert active_programme(cast.runner_a) is None


class TestRehabInTheWorkspace:
    def _programme(self, cast: Cast) -> Any:
        make_assessment(runner=cast.runner_a)
        findings = findings_from_latest_check(cast.runner_a, preferences=Preferences())
        assert findings is not None
        return start_programme(
            runner=cast.runner_a,
            findings=findings,
            started_on=timezone.localdate() - timedelta(days=7),
            now=timezone.now() - timedelta(days=7),
        )

    def test_the_patient_list_shows_adherence(self, cast: Cast) -> None:
        programme = self._programme(cast)
        log_session(
            programme=programme,
            day=timezone.localdate(),
            pain_during=2,
            done=[DoneExercise("hip_bridge", 3, 10)],
            now=timezone.now(),
        )
        page = cast.client_for("clinician_with_access").get(
            reverse("workspace:patients")
        )
        assert f"This week 1/{planned_sessions(programme)}" in page.text
        assert "last week 0%" in page.text

    def test_no_programme_shows_no_adherence(self, cast: Cast) -> None:
        page = cast.client_for("clinician_with_access").get(
            reverse("workspace:patients")
        )
        assert "No programme" in page.text

    def test_programme_and_outcomes_are_on_the_timeline(self, cast: Cast) -> None:
        self._programme(cast)
        record_outcome(
            runner=cast.runner_a,
            measure=Measure.PAIN_RUN,
            value=4,
            recorded_on=timezone.localdate(),
        )
        page = cast.client_for("clinician_with_access").get(
            reverse("workspace:timeline", args=[cast.runner_a.pk])
        )
        assert "Rehab programme started" in page.text
        assert reverse("programmes:outcomes", args=[cast.runner_a.pk]) in page.text


@pytest.mark.parametrize(
    ("value", "uncertainty", "unit", "text"),
    [
        (95, 4, "steps/min", "95 ± 4 steps/min"),  # was "95steps/min ± 4"
        (15, 10, "°", "15 ± 10°"),
        (0.37, 0.19, "leg lengths", "0.37 ± 0.19 leg lengths"),
        (12, None, "%", "12%"),
    ],
)
def test_a_timeline_measure_reads_as_on_the_analysis_page(
    value: float, uncertainty: float | None, unit: str, text: str
) -> None:
    assert _measured(value, uncertainty, unit) == text
