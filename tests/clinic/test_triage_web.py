"""The symptom check in the web app, page by page."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from fhir.resources.bundle import Bundle

from clinic.triage import flow
from clinic.triage.models import TriageAssessment
from clinic.triage.services import stop_check
from tests.clinic.bookings.factories import LocationFactory
from tests.clinic.conftest import ROLES, Cast
from tests.clinic.factories import ActivityFactory
from tests.clinic.triage_helpers import CLASSIC_ITBS, FEVER_ON_TOP, make_assessment

pytestmark = pytest.mark.django_db


def _form_data(page_id: str, answers: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {"nav": "next"}
    for question in flow.visible_on_page(page_id, answers):
        if question.id not in answers:
            continue
        value = answers[question.id]
        data[question.id] = (
            ("yes" if value else "no") if isinstance(value, bool) else value
        )
    return data


def take_check(client: Client, answers: dict[str, Any]) -> Any:
    """Answer every page the way a visitor would; returns the final response."""
    page_id: str | None = flow.first_page_id({})
    response = None
    for _ in range(len(flow.page_ids()) + 1):
        assert page_id is not None
        response = client.post(
            reverse("triage:page", args=[page_id]), _form_data(page_id, answers)
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        location = response["Location"]
        if "/result/" in location:
            return client.get(location)
        page_id = location.rstrip("/").rsplit("/", 1)[-1]
    raise AssertionError("the check never ended")


def test_anonymous_visitor_gets_a_result(client: Client) -> None:
    response = take_check(client, CLASSIC_ITBS)
    assert response.status_code == 200
    assert "Is it the IT band?" in response.text
    assert "Likely" in response.text
    assert reverse("booking") in response.text  # no red flag: booking offered
    assert TriageAssessment.objects.get().runner is None


def test_nothing_is_saved_until_the_last_page(client: Client) -> None:
    first = flow.first_page_id({})
    client.post(reverse("triage:page", args=[first]), _form_data(first, CLASSIC_ITBS))
    assert TriageAssessment.objects.count() == 0


def test_answers_survive_a_reload_and_going_back(client: Client) -> None:
    first = flow.first_page_id({})
    second = flow.next_page_id(first, CLASSIC_ITBS)
    assert second is not None
    client.post(reverse("triage:page", args=[first]), _form_data(first, CLASSIC_ITBS))
    reloaded = client.get(reverse("triage:page", args=[first]))
    assert 'value="29"' in reloaded.text
    back = client.post(reverse("triage:page", args=[second]), {"nav": "back"})
    assert back["Location"] == reverse("triage:page", args=[first])


def test_out_of_range_answer_is_shown_on_its_page(client: Client) -> None:
    first = flow.first_page_id({})
    data = {**_form_data(first, CLASSIC_ITBS), "age_years": "230"}
    response = client.post(reverse("triage:page", args=[first]), data)
    assert response.status_code == 200
    assert "less than or equal to" in response.text


def _pages_until_stop(client: Client, answers: dict[str, Any]) -> tuple[str, Any]:
    """Answer page by page until a page does not move on; (page id, response)."""
    page_id = flow.first_page_id({})
    while True:
        url = reverse("triage:page", args=[page_id])
        response = client.post(url, _form_data(page_id, answers))
        if response.status_code != 302:
            return page_id, response
        page_id = response["Location"].rstrip("/").rsplit("/", 1)[-1]


def test_an_emergency_answer_stops_the_check_on_its_page(client: Client) -> None:
    page_id, response = _pages_until_stop(client, FEVER_ON_TOP)
    assert page_id == flow.page_of_question("fever_or_unwell")
    assert response.status_code == 200
    assert "Stop here: get medical help today" in response.text
    assert "emergency department" in response.text
    assert "call your local emergency number" in response.text
    assert reverse("booking") not in response.text
    saved = TriageAssessment.objects.get()
    assert saved.urgency == "emergency" and saved.result["complete"] is False
    assert "serious_causes" not in {k for k in saved.answers}
    result = client.get(reverse("triage:result", args=[saved.public_id]))
    assert "Get medical help today" in result.text
    assert "The check stopped at this answer" in result.text
    bundle = client.get(reverse("triage:result-fhir", args=[saved.public_id]))
    response_resource = json.loads(bundle.content)["entry"][0]["resource"]
    assert response_resource["status"] == "stopped"


def test_a_mis_tapped_emergency_answer_can_be_changed_and_stays_recorded(
    cast: Cast,
) -> None:
    client = cast.client_for("runner_a")
    stop_page, stop = _pages_until_stop(client, FEVER_ON_TOP)
    first = TriageAssessment.objects.get()
    correct_url = reverse("triage:correct", args=[first.public_id])
    # The way back sits below the advice, never in its place.
    assert stop.text.index("Stop here: get medical help today") < stop.text.index(
        "I answered this wrongly — change my answer"
    )
    assert correct_url in stop.text

    back = client.post(correct_url)
    assert back["Location"] == reverse("triage:page", args=[stop_page])
    kept = client.session["triage_answers"]["answers"]
    assert kept["fever_or_unwell"] is True and kept["age_years"] == 29
    # The runner changes the wrong answers and finishes the check.
    mis_taps = ("fever_or_unwell", "hot_red_knee", "knee_swelling", "swelling_sudden")
    take_check(client, {**FEVER_ON_TOP, **dict.fromkeys(mis_taps, False)})
    first, second = cast.runner_a.triage_assessments.order_by("created_at")
    assert first.urgency == "emergency" and first.result["complete"] is False
    assert first.corrected_at is not None and second.corrected_at is None
    assert second.urgency == "none" and second.result["complete"] is True

    timeline = reverse("workspace:timeline", args=[cast.runner_a.pk])
    for role in ("runner_a", "clinician_with_access"):
        shown = cast.client_for(role).get(timeline).text
        assert shown.count("Corrected by the runner") == 1
        assert "Red flag: Emergency (today)" in shown
    seen = cast.client_for("clinician_with_access").get(
        reverse("triage:result", args=[first.public_id])
    )
    assert "Corrected by the runner" in seen.text
    assert "The check stopped early at an emergency answer" in seen.text
    # Corrected once: the result page no longer offers it.
    own = client.get(reverse("triage:result", args=[first.public_id]))
    assert correct_url not in own.text


def test_an_anonymous_visitor_changes_a_mis_tap_in_the_same_browser(
    client: Client,
) -> None:
    stop_page, _ = _pages_until_stop(client, FEVER_ON_TOP)
    saved = TriageAssessment.objects.get()
    assert flow.stop_page_id(saved.answers) == stop_page
    correct_url = reverse("triage:correct", args=[saved.public_id])
    assert Client().post(correct_url).status_code == 404  # another browser
    assert client.get(correct_url).status_code == 405  # a link cannot do it
    assert client.post(correct_url)["Location"].endswith(f"/q/{stop_page}/")
    saved.refresh_from_db()
    assert saved.corrected_at is not None


@pytest.mark.parametrize("role", ROLES)
def test_only_the_runner_who_took_a_stopped_check_can_correct_it(
    cast: Cast, role: str
) -> None:
    stopped = stop_check(
        raw_answers=FEVER_ON_TOP, runner=cast.runner_a, now=timezone.now()
    )
    response = cast.client_for(role).post(
        reverse("triage:correct", args=[stopped.public_id])
    )
    assert response.status_code == (302 if role == "runner_a" else 404)
    stopped.refresh_from_db()
    assert (stopped.corrected_at is not None) == (role == "runner_a")


def test_a_finished_check_is_not_corrected_this_way(cast: Cast) -> None:
    finished = make_assessment(runner=cast.runner_a, answers=FEVER_ON_TOP)
    response = cast.client_for("runner_a").post(
        reverse("triage:correct", args=[finished.public_id])
    )
    assert response.status_code == 404


def test_a_clinic_sets_its_local_emergency_wording(client: Client, settings) -> None:
    settings.TRIAGE_EMERGENCY_CONTACT = "Call 192 (SAMU) or go to the UPA."
    _, response = _pages_until_stop(client, FEVER_ON_TOP)
    assert "Call 192 (SAMU) or go to the UPA." in response.text


def test_a_check_saved_under_the_old_questionnaire_still_displays(cast: Cast) -> None:
    from tractus.triage import assess, questionnaire_for

    old = questionnaire_for("2026.1")
    answers = {k: v for k, v in CLASSIC_ITBS.items() if old.has_question(k)}
    result = assess(answers, questionnaire=old).to_dict()
    saved = TriageAssessment.objects.create(
        runner=cast.runner_a,
        answers=answers,
        result=result,
        questionnaire_version="2026.1",
        engine_version=result["engine_version"],
        itbs_likelihood=result["itbs_likelihood"],
        urgency=result["urgency"],
        created_at=timezone.now(),
    )
    client = cast.client_for("runner_a")
    page = client.get(reverse("triage:result", args=[saved.public_id]))
    assert page.status_code == 200 and "questionnaire 2026.1" in page.text
    assert "Which knee hurts?" in page.text
    bundle = client.get(reverse("triage:result-fhir", args=[saved.public_id]))
    qr = json.loads(bundle.content)["entry"][0]["resource"]
    assert qr["questionnaire"].endswith("|2026.1") and qr["status"] == "completed"


def test_the_start_page_counts_the_pages_as_the_progress_bar_does(
    client: Client,
) -> None:
    start = client.get(reverse("triage:start")).text
    first = client.get(reverse("triage:page", args=[flow.first_page_id({})])).text
    steps = re.search(r"Step 1 of (\d+)", first)
    assert steps is not None
    assert f"Short questions on {steps.group(1)} pages" in start


def test_starting_again_keeps_the_answers_from_the_runners_runs(cast: Cast) -> None:
    # "Start again" goes straight to the first page, past the start page that
    # filled the training answers in; the runner's runs must not be forgotten.
    today = timezone.localdate()
    for days_ago in range(0, 42, 3):
        ActivityFactory(
            runner=cast.runner_a, local_date=today - timedelta(days=days_ago)
        )
    client = cast.client_for("runner_a")
    training = reverse("triage:page", args=["training_load"])
    client.get(reverse("triage:start"))
    assert "from the runs you imported" in client.get(training).text
    client.post(reverse("triage:restart"))
    assert "from the runs you imported" in client.get(training).text


def test_runner_check_is_saved_to_their_record(cast: Cast) -> None:
    client = cast.client_for("runner_a")
    take_check(client, CLASSIC_ITBS)
    assert cast.runner_a.triage_assessments.count() == 1
    record = client.get(reverse("runners:record", args=[cast.runner_a.pk]))
    assert "Likely" in record.text


@pytest.mark.django_db(transaction=True)
def test_anonymous_result_is_kept_by_signing_up(client: Client) -> None:
    take_check(client, CLASSIC_ITBS)
    client.post(
        reverse("accounts:signup"),
        {
            "full_name": "A new user",
            "email": "new@example.org",
            "password1": "long-enough-passphrase",
            "password2": "long-enough-passphrase",
            "consent": "on",
        },
    )
    call_command("worker", burst=True)
    link = re.search(r"http://\S+(/accounts/confirm/\S+/)", str(mail.outbox[-1].body))
    assert link is not None
    client.get(link.group(1))  # confirmed in the same browser
    assessment = TriageAssessment.objects.get()
    assert assessment.runner is not None
    assert assessment.runner.user.email == "new@example.org"


def test_another_browser_cannot_open_an_anonymous_result(client: Client) -> None:
    take_check(client, CLASSIC_ITBS)
    assessment = TriageAssessment.objects.get()
    stranger = Client()
    assert (
        stranger.get(reverse("triage:result", args=[assessment.public_id])).status_code
        == 404
    )


def test_fhir_download_is_a_valid_bundle(cast: Cast) -> None:
    assessment = make_assessment(runner=cast.runner_a)
    response = cast.client_for("runner_a").get(
        reverse("triage:result-fhir", args=[assessment.public_id])
    )
    assert response["Content-Type"].startswith("application/fhir+json")
    assert "attachment" in response["Content-Disposition"]
    bundle = Bundle.model_validate(json.loads(response.content))
    assert bundle.entry is not None
    resources = [entry.resource for entry in bundle.entry]
    kinds = {r.get_resource_type() for r in resources if r is not None}
    assert None not in resources
    assert {"QuestionnaireResponse", "RiskAssessment"} <= kinds


@pytest.mark.django_db(transaction=True)
def test_red_flag_notifies_the_clinicians_without_health_details(cast: Cast) -> None:
    make_assessment(runner=cast.runner_a, answers=FEVER_ON_TOP)
    call_command("worker", burst=True)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [cast.clinician_a.email]
    assert "fever" not in message.body.lower()


def test_training_questions_are_filled_from_imported_runs(cast: Cast) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from clinic.training.models import Activity

    today = timezone.localdate()
    for days_ago in range(0, 42, 2):
        Activity.objects.create(
            runner=cast.runner_a,
            fingerprint=f"run|{days_ago}",
            source_file="x.fit",
            source_format="fit",
            sport="running",
            start_time=timezone.now() - timedelta(days=days_ago),
            local_date=today - timedelta(days=days_ago),
            local_date_basis="timezone",
            duration_s=1800,
            distance_m=5000,
            distance_source="device_total",
            elevation_source="none",
        )
    client = cast.client_for("runner_a")
    start = client.get(reverse("triage:start"))
    assert "Continue where you left off" not in start.text
    page = client.get(reverse("triage:page", args=["training_load"]))
    assert "We filled in 3 answers from the runs you imported" in page.text
    assert 'value="17.5"' in page.text


def test_the_runner_reads_plain_sources_and_the_clinician_reads_findings(
    cast: Cast,
) -> None:
    answers = {**FEVER_ON_TOP, "weekly_distance_increase_pct": 45}
    saved = make_assessment(runner=cast.runner_a, answers=answers)
    url = reverse("triage:result", args=[saved.public_id])

    runner = cast.client_for("runner_a").get(url).text
    assert "Get medical help today" in runner
    assert "Nielsen RO et al., 2014, Journal of Orthopaedic" in runner
    assert "moderate evidence" in runner
    assert "clinical.md" not in runner and "[Moderate]" not in runner
    assert "Rules that fired" not in runner

    clinician = cast.client_for("clinician_with_access").get(url).text
    assert "The runner reports a hot, red or swollen knee" in clinician
    assert (
        "Rules that fired" in clinician and "red_flag.suspected_infection" in clinician
    )
    assert "Get medical help today" not in clinician
    assert "Do not start the exercise programme" not in clinician
    assert reverse("booking") not in clinician


def test_a_runner_reads_the_time_of_their_check_in_their_own_zone(
    cast: Cast,
) -> None:
    # 14:01 UTC is 11:01 in Recife; the server's zone (UTC) is nobody's.
    cast.runner_a.timezone = "America/Recife"
    cast.runner_a.save()
    with time_machine.travel(datetime(2026, 12, 7, 14, 1, tzinfo=UTC), tick=False):
        check = make_assessment(runner=cast.runner_a)
    url = reverse("triage:result", args=[check.public_id])
    assert "7 Dec 2026, 11:01" in cast.client_for("runner_a").get(url).text


def test_a_clinician_reads_the_time_of_a_check_in_their_clinics_zone(
    cast: Cast,
) -> None:
    # As on their day and the timeline that links here: 14:01 UTC is 23:01 in Tokyo.
    LocationFactory(clinic=cast.clinic_a, time_zone="Asia/Tokyo")
    cast.runner_a.timezone = "America/Recife"
    cast.runner_a.save()
    with time_machine.travel(datetime(2026, 12, 7, 14, 1, tzinfo=UTC), tick=False):
        check = make_assessment(runner=cast.runner_a)
    url = reverse("triage:result", args=[check.public_id])
    page = cast.client_for("clinician_with_access").get(url).text
    assert "7 Dec 2026, 23:01" in page


def test_when_the_advice_is_to_book_first_the_booking_leads(cast: Cast) -> None:
    # "Possible": the advice is to be examined before a programme, so the
    # booking is the main button and the programme the secondary one.
    possible = {**CLASSIC_ITBS, "pain_onset_in_run": "no_pattern"}
    check = make_assessment(runner=cast.runner_a, answers=possible)
    assert check.itbs_likelihood == "possible"
    page = cast.client_for("runner_a").get(
        reverse("triage:result", args=[check.public_id])
    )
    book = page.text.index('class="btn" href="/book/"')
    start = page.text.index('class="btn secondary" href="/rehab/start/"')
    assert book < start
