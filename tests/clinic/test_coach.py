"""The live coach on the web: its page and policy, and sets logged into the rehab log,
counted by the camera or by hand."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from clinic.programmes.models import ExerciseLog, SessionLog, SetLog, SetMethod
from clinic.programmes.services import DoneExercise, log_session
from tests.clinic.conftest import Cast
from tests.clinic.rehab_helpers import make_programme
from tests.tractus.motion.test_coached_set import GOOD
from tractus.motion.rules import rules_document
from tractus.rehab.library import EXERCISES

pytestmark = pytest.mark.django_db


def _post(
    cast: Cast,
    body: object,
    *,
    role: str = "runner_a",
    slug: str = "clamshell",
    pain: object = 2,
):
    return cast.client_for(role).post(
        reverse("coach:save", args=[slug]),
        data=json.dumps({"set": body, "pain": pain}),
        content_type="application/json",
    )


def test_the_coach_page_allows_wasm_but_no_inline_script_or_other_site(
    cast: Cast,
) -> None:
    url = reverse("coach:live", args=["side-lying-hip-abduction"])
    response = cast.client_for("runner_a").get(url)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'wasm-unsafe-eval'" in policy
    assert "connect-src 'self'" in policy and "unsafe-inline" not in policy
    assert "camera=(self)" in response["Permissions-Policy"]
    assert "no-store" in response["Cache-Control"]
    other = cast.client_for("runner_a").get(reverse("coach:index"))
    assert "wasm-unsafe-eval" not in other["Content-Security-Policy"]
    assert "camera=()" in other["Permissions-Policy"]
    assert "<script>" not in response.text and "Side-lying leg raise" in response.text


@pytest.mark.parametrize(
    "slug", ["single-leg-squat", "single_leg_squat", "Single-Leg-Squat"]
)
def test_exercise_addresses_accept_hyphens_and_underscores(
    cast: Cast, slug: str
) -> None:
    response = cast.client_for("runner_a").get(reverse("coach:live", args=[slug]))
    assert response.status_code == 200


def test_an_unknown_exercise_is_not_found(cast: Cast) -> None:
    response = cast.client_for("runner_a").get(reverse("coach:live", args=["burpee"]))
    assert response.status_code == 404


def test_the_rules_the_browser_reads_are_the_cores(cast: Cast) -> None:
    response = cast.client_for("anonymous").get(reverse("coach:rules"))
    assert response.json() == json.loads(json.dumps(rules_document()))


def test_a_coached_set_becomes_todays_log_entry_seen_by_runner_and_clinician(
    cast: Cast,
) -> None:
    make_programme(cast.runner_a)
    response = _post(cast, GOOD, pain=3)
    assert response.status_code == 201
    today = reverse("programmes:today", args=[cast.runner_a.pk])
    assert response.json()["log"] == today
    session = SessionLog.objects.get(programme__runner=cast.runner_a)
    assert session.day == timezone.localdate() and session.pain_during == 3
    log = session.exercises.get()
    assert (log.exercise_id, log.sets_done, log.reps_done) == ("clamshell", 1, 3)
    saved = log.sets.get()
    assert saved.method == SetMethod.COACH and saved.coached is not None
    assert saved.coached.fault_counts() == {"pelvis_rolls_back": 1}
    timeline = reverse("workspace:timeline", args=[cast.runner_a.pk])
    for role in ("runner_a", "clinician_with_access"):
        for url in (today, timeline, reverse("coach:sets", args=[cast.runner_a.pk])):
            page = cast.client_for(role).get(url)
            assert page.status_code == 200 and "no-store" in page["Cache-Control"]
            assert "3 reps, typical range 34° (±8°)" in page.text, (role, url)
            assert "pelvis rolls back in 1 of 3" in page.text
            assert "pain 3/10" in page.text


def test_a_second_set_adds_to_the_days_session(cast: Cast) -> None:
    make_programme(cast.runner_a)
    _post(cast, GOOD, pain=1)
    reps = GOOD["reps"]
    assert isinstance(reps, list)
    _post(cast, {**GOOD, "reps": reps[:2]}, pain=4)
    session = SessionLog.objects.get()
    log = session.exercises.get()
    assert (log.sets_done, log.reps_done, session.pain_during) == (2, 3, 4)
    assert [s.reps for s in log.sets.all()] == [3, 2]


def test_without_a_programme_the_set_is_refused_and_nothing_saved(cast: Cast) -> None:
    response = _post(cast, GOOD)
    assert response.status_code == 409
    assert "start your rehab programme" in response.json()["error"]
    assert not SetLog.objects.exists() and not SessionLog.objects.exists()


@pytest.mark.parametrize(
    ("body", "pain", "problem"),
    [
        ({**GOOD, "frames": [[[0.1, 0.2, 0.0]]]}, 2, "frames: not a field of a set"),
        ({**GOOD, "exercise": "side_plank"}, 2, "reps[1].faults"),
        ({**GOOD, "exercise": "hip_bridge", "reps": []}, 2, "not a Clamshell"),
        (GOOD, 11, "pain: a whole number from 0 to 10"),
        (GOOD, "2", "pain: a whole number from 0 to 10"),
    ],
)
def test_anything_but_a_sets_numbers_is_refused_and_nothing_saved(
    cast: Cast, body: object, pain: object, problem: str
) -> None:
    make_programme(cast.runner_a)
    response = _post(cast, body, pain=pain)
    assert response.status_code == 400
    assert problem in response.json()["error"]
    assert not SetLog.objects.exists() and not SessionLog.objects.exists()


@pytest.mark.parametrize("raw", ["not json", json.dumps(GOOD)])
def test_a_body_that_is_not_a_set_and_its_pain_is_refused(cast: Cast, raw: str) -> None:
    make_programme(cast.runner_a)
    response = cast.client_for("runner_a").post(
        reverse("coach:save", args=["clamshell"]),
        data=raw,
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["error"]
    assert not SetLog.objects.exists()


def test_an_oversized_body_is_refused_before_it_is_read(cast: Cast) -> None:
    response = _post(cast, {**GOOD, "padding": "x" * 70_000})
    assert response.status_code == 400 and "too large" in response.json()["error"]


def test_a_set_logged_by_hand_is_stored_the_same_way(cast: Cast) -> None:
    make_programme(cast.runner_a)
    client = cast.client_for("runner_a")
    url = reverse("coach:by-hand", args=["side-lying-hip-abduction"])
    response = client.post(url, {"reps": 12, "pain": 2})
    assert response.status_code == 302
    saved = SetLog.objects.get()
    assert (saved.method, saved.reps, saved.pain, saved.numbers) == (
        SetMethod.BY_HAND,
        12,
        2,
        None,
    )
    assert saved.exercise_log.exercise_id == "side_lying_hip_abduction"
    page = client.get(reverse("programmes:today", args=[cast.runner_a.pk]))
    assert "12 reps; pain 2/10" in page.text and "logged by hand" in page.text


def test_a_hold_is_logged_in_seconds_and_bad_input_names_the_field(
    cast: Cast,
) -> None:
    make_programme(cast.runner_a)
    client = cast.client_for("runner_a")
    url = reverse("coach:by-hand", args=["side_plank"])
    refused = client.post(url, {"reps": 10, "pain": 12})
    assert refused.status_code == 200 and not SetLog.objects.exists()
    assert "Seconds held" in refused.text and "errorlist" in refused.text
    client.post(url, {"hold_s": 25, "pain": 0})
    assert SetLog.objects.get().hold_s == 25


def test_an_exercise_a_camera_cannot_judge_is_logged_by_hand_only(
    cast: Cast,
) -> None:
    make_programme(cast.runner_a)
    client = cast.client_for("runner_a")
    page = client.get(reverse("coach:live", args=["glute-stretch"]))
    assert "A camera cannot judge" in page.text and "coach.mjs" not in page.text
    client.post(
        reverse("coach:by-hand", args=["glute_stretch"]), {"hold_s": 30, "pain": 1}
    )
    assert ExerciseLog.objects.get().exercise_id == "glute_stretch"


def test_by_hand_without_a_programme_says_why_and_saves_nothing(cast: Cast) -> None:
    response = cast.client_for("runner_a").post(
        reverse("coach:by-hand", args=["clamshell"]), {"reps": 10, "pain": 1}
    )
    assert response.status_code == 200 and "start your rehab programme" in response.text
    assert not SetLog.objects.exists()


def test_the_session_form_keeps_the_days_coached_sets(cast: Cast) -> None:
    programme = make_programme(cast.runner_a)
    _post(cast, GOOD, pain=4)
    log_session(
        programme=programme,
        day=timezone.localdate(),
        pain_during=1,
        done=[DoneExercise("clamshell", 2, 15), DoneExercise("hip_bridge", 3, 10)],
        now=timezone.now(),
    )
    session = SessionLog.objects.get()
    assert session.pain_during == 4  # never lower than a set's own pain
    clamshell = session.exercises.get(exercise_id="clamshell")
    assert (clamshell.sets_done, clamshell.sets.count()) == (2, 1)
    assert session.exercises.count() == 2


def test_each_library_exercise_links_to_its_coach_page(cast: Cast) -> None:
    for exercise in EXERCISES.values():
        page = cast.client_for("runner_a").get(
            reverse("programmes:exercise", args=[exercise.id])
        )
        coach = reverse("coach:live", args=[exercise.id])
        if exercise.motion_check:
            assert coach in page.text, exercise.id
        assert cast.client_for("runner_a").get(coach).status_code == 200
