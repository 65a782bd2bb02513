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


def _rep(**change: object) -> dict[str, object]:
    reps = GOOD["reps"]
    assert isinstance(reps, list)
    return {**reps[0], **change}


# Every field of a saved set, wrong, and the exact words the runner is shown.
BAD_SETS = [
    ({**GOOD, "frames": [[[0.1, 0.2, 0.0]]]}, "frames: not a field of a set"),
    ({**GOOD, "exercise": "burpee"}, "exercise: must be clamshell, hip_bridge, "
     "side_lying_hip_abduction, side_plank, single_leg_bridge or single_leg_squat"),
    ({**GOOD, "exercise": "hip_bridge", "reps": []},
     "exercise: the set is not a Clamshell"),
    ({**GOOD, "rules_version": ""},
     "rules_version: must be the version of the exercise records (1-40 characters)"),
    ({**GOOD, "view": "top"}, "view: must be front, oblique, rear or side"),
    ({**GOOD, "side": "middle"}, "side: must be left or right"),
    ({**GOOD, "reps": "many"}, "reps: must be a list of 0 to 200 repetitions"),
    ({**GOOD, "reps": [_rep()] * 201}, "reps: must be a list of 0 to 200 repetitions"),
    ({**GOOD, "reps": [7]},
     "reps[0]: must be a repetition's numbers (range, tempo and faults)"),
    ({**GOOD, "reps": [_rep(video="AAAA")]},
     "reps[0].video: not a field of a repetition"),
    ({**GOOD, "reps": [_rep(), {k: v for k, v in _rep().items() if k != "up_s"}]},
     "reps[1].up_s: missing"),
    ({**GOOD, "reps": [_rep(range_deg="wide")]},
     "reps[0].range_deg: must be a number from -180 to 360"),
    ({**GOOD, "reps": [_rep(up_s=99)]}, "reps[0].up_s: must be 0 to 60, not 99"),
    ({**GOOD, "reps": [_rep(hold_s=-1)]}, "reps[0].hold_s: must be 0 to 60, not -1"),
    ({**GOOD, "reps": [_rep(down_s=None)]},
     "reps[0].down_s: must be a number from 0 to 60"),
    ({**GOOD, "reps": [_rep(faults=["hips_sag"])]},
     "reps[0].faults: must be a list of codes among feet_separate or pelvis_rolls_back"),
    ({**GOOD, "reps": [_rep(faults=[{}])]},
     "reps[0].faults: must be a list of codes among feet_separate or pelvis_rolls_back"),
    ({**GOOD, "hold_s": 4000}, "hold_s: must be 0 to 3600, not 4000"),
    ({**GOOD, "duration_s": -1}, "duration_s: must be 0 to 3600, not -1"),
    ({k: v for k, v in GOOD.items() if k != "duration_s"}, "duration_s: missing"),
    ({**GOOD, "frames_analysed": "many"},
     "frames_analysed: must be a number from 0 to 1e+06"),
    ({**GOOD, "frames_per_s": 1000}, "frames_per_s: must be 0 to 240, not 1000"),
    ([1, 2], "set: must be the set's numbers (a JSON object)"),
]  # fmt: skip


@pytest.mark.parametrize(("body", "problem"), BAD_SETS)
def test_a_bad_field_of_the_set_is_named_in_words_and_nothing_saved(
    cast: Cast, body: object, problem: str
) -> None:
    make_programme(cast.runner_a)
    response = _post(cast, body)
    assert response.status_code == 400
    assert response.json() == {"error": problem}
    assert not SetLog.objects.exists() and not SessionLog.objects.exists()


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b"not json", "body: must be JSON text"),
        (b"\xff\xfe", "body: must be JSON text"),
        (json.dumps([GOOD]).encode(), "body: must be a JSON object with the set and its pain"),
        (json.dumps(GOOD).encode(), "duration_s, exercise, frames_analysed, "
         "frames_per_s, hold_s, reps, rules_version, side, view: not part of a saved set"),
        (json.dumps({"set": GOOD}).encode(), "pain: missing"),
        (json.dumps({"pain": 2}).encode(), "set: missing"),
        (json.dumps({"set": GOOD, "pain": 11}).encode(),
         "pain: must be a whole number from 0 to 10"),
        (json.dumps({"set": GOOD, "pain": "2"}).encode(),
         "pain: must be a whole number from 0 to 10"),
        (json.dumps({"set": GOOD, "pain": True}).encode(),
         "pain: must be a whole number from 0 to 10"),
    ],
)  # fmt: skip
def test_a_body_that_is_not_a_set_and_its_pain_is_named_in_words(
    cast: Cast, raw: bytes, problem: str
) -> None:
    make_programme(cast.runner_a)
    response = cast.client_for("runner_a").post(
        reverse("coach:save", args=["clamshell"]),
        data=raw,
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json() == {"error": problem}
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
