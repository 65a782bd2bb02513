"""The live coach on the web: its page and policy, saving a set's numbers, the set log."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from clinic.coach.models import CoachSet
from tests.clinic.conftest import Cast
from tests.tractus.motion.test_coached_set import GOOD
from tractus.motion.rules import rules_document
from tractus.rehab.library import EXERCISES

pytestmark = pytest.mark.django_db


def _post(cast: Cast, body: object, *, role: str = "runner_a", slug: str = "clamshell"):
    return cast.client_for(role).post(
        reverse("coach:save", args=[slug]),
        data=json.dumps(body),
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


def test_a_set_is_saved_and_shown_to_the_runner_and_their_clinician(
    cast: Cast,
) -> None:
    response = _post(cast, GOOD)
    assert response.status_code == 201
    saved = CoachSet.objects.get(runner=cast.runner_a)
    assert saved.rep_count == 3 and saved.result.fault_counts() == {
        "pelvis_rolls_back": 1
    }
    log = reverse("coach:sets", args=[cast.runner_a.pk])
    assert response.json()["log"] == log
    for role in ("runner_a", "clinician_with_access"):
        page = cast.client_for(role).get(log)
        assert page.status_code == 200 and "no-store" in page["Cache-Control"]
        assert "Clamshell" in page.text and "34°" in page.text
        assert "pelvis_rolls_back (1)" in page.text


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({**GOOD, "frames": [[[0.1, 0.2, 0.0]]]}, "frames: not a field of a set"),
        ({**GOOD, "exercise": "side_plank"}, "reps[1].faults"),
        ("not json", "not JSON"),
    ],
)
def test_anything_but_a_sets_numbers_is_refused_and_nothing_saved(
    cast: Cast, body: object, problem: str
) -> None:
    raw = body if isinstance(body, str) else json.dumps(body)
    response = cast.client_for("runner_a").post(
        reverse("coach:save", args=["clamshell"]),
        data=raw,
        content_type="application/json",
    )
    assert response.status_code == 400
    assert problem in response.json()["error"]
    assert not CoachSet.objects.exists()


def test_an_oversized_body_is_refused_before_it_is_read(cast: Cast) -> None:
    response = _post(cast, {**GOOD, "padding": "x" * 70_000})
    assert response.status_code == 400 and "too large" in response.json()["error"]


def test_each_library_exercise_with_a_form_check_links_to_its_coach(
    cast: Cast,
) -> None:
    checked = [e for e in EXERCISES.values() if e.motion_check]
    assert checked
    for exercise in checked:
        page = cast.client_for("runner_a").get(
            reverse("programmes:exercise", args=[exercise.id])
        )
        coach = reverse("coach:live", args=[exercise.motion_check])
        assert coach in page.text, exercise.id
        assert cast.client_for("runner_a").get(coach).status_code == 200
