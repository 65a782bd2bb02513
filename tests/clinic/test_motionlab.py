"""The motion lab on the web: upload a video, the worker analyses it, the result shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from clinic.motionlab.models import Analysis
from clinic.motionlab.presenters import GAIT_LABELS, present
from clinic.motionlab.services import run_analysis, start_analysis
from tests.clinic.conftest import Cast
from tractus.motion.gait_reference import GAIT_REFERENCES

pytestmark = pytest.mark.django_db

VIDEO = Path(__file__).resolve().parents[1] / "data" / "video"
WALK = VIDEO / "sports2d_demo_walk_side.mp4"
SINGLE_LEG = VIDEO / "pose2sim_single_leg_cam01.mp4"


def analyse(cast: Cast, path: Path, **options: str) -> Analysis:
    analysis = start_analysis(
        runner=cast.runner_a,
        video=SimpleUploadedFile(path.name, path.read_bytes()),
        kind=options.get("kind", "gait"),
        exercise=options.get("exercise", ""),
        view=options.get("view", ""),
        model="lite",
        hint=None,
        now=timezone.now(),
    )
    run_analysis.call(analysis_id=analysis.pk)
    analysis.refresh_from_db()
    return analysis


def test_gait_of_the_walking_clip_with_uncertainty_and_key_frames(cast: Cast) -> None:
    analysis = analyse(cast, WALK, view="side")
    assert analysis.status == Analysis.Status.DONE, analysis.error
    assert not Path(analysis.folder / "video").exists()  # the video is not kept
    view = present(analysis)
    assert view is not None
    cadence = next(m for m in view.metrics if m.name == "Cadence")
    assert cadence.value is not None and 70 < cadence.value < 140  # walking
    assert cadence.uncertainty is not None
    assert analysis.key_frames
    response = cast.client_for("clinician_with_access").get(
        reverse("motionlab:key-frame", args=[analysis.public_id, 0])
    )
    assert response["Content-Type"] == "image/jpeg"
    assert response.content[:3] == b"\xff\xd8\xff"
    page = cast.client_for("runner_a").get(
        reverse("motionlab:analysis", args=[analysis.public_id])
    )
    assert "steps/min" in page.text and "±" in page.text
    assert "How many steps you take a minute." in page.text  # a plain sentence
    # Where its reference values come from: the studies for the runner, linked
    # when they have a DOI, and the reference file's section for a clinician.
    assert "Heiderscheit BC et al., 2011" in page.text
    assert '<a href="https://doi.org/10.1186/s40798-022-00504-0">' in page.text
    assert "clinical.md" not in page.text and "§" not in page.text
    seen = cast.client_for("clinician_with_access").get(
        reverse("motionlab:analysis", args=[analysis.public_id])
    )
    assert "clinical.md §4.5" in seen.text
    listing = cast.client_for("runner_a").get(
        reverse("motionlab:list", args=[cast.runner_a.pk])
    )
    thumbnail = reverse("motionlab:key-frame", args=[analysis.public_id, 0])
    assert f"{thumbnail}?size=thumb" in listing.text
    assert f"Cadence {cadence.value:.0f} steps/min" in listing.text
    for index in range(len(analysis.key_frames)):
        frame = reverse("motionlab:key-frame", args=[analysis.public_id, index])
        full = cast.client_for("runner_a").get(frame)
        small = cast.client_for("runner_a").get(frame, {"size": "thumb"})
        assert small["Content-Type"] == "image/jpeg"
        assert len(small.content) < len(full.content) / 4  # tens of kB, not hundreds


def test_an_exercise_check_on_walking_finds_no_repetition(cast: Cast) -> None:
    analysis = analyse(cast, WALK, kind="exercise", exercise="clamshell")
    assert analysis.status in (Analysis.Status.DONE, Analysis.Status.FAILED)
    if analysis.status == Analysis.Status.DONE:
        assert analysis.report is not None and analysis.report["rep_count"] == 0


def test_a_file_that_is_not_a_video_fails_with_a_clear_message(cast: Cast) -> None:
    analysis = start_analysis(
        runner=cast.runner_a,
        video=SimpleUploadedFile("clip.mp4", b"not a video at all"),
        kind="gait",
        exercise="",
        view="",
        model="lite",
        hint=None,
        now=timezone.now(),
    )
    run_analysis.call(analysis_id=analysis.pk)
    analysis.refresh_from_db()
    assert analysis.status == Analysis.Status.FAILED
    assert analysis.error
    page = cast.client_for("runner_a").get(
        reverse("motionlab:analysis", args=[analysis.public_id])
    )
    assert "could not be analysed" in page.text


def test_upload_form_refuses_other_files_and_needs_the_exercise(cast: Cast) -> None:
    client = cast.client_for("runner_a")
    wrong = client.post(
        reverse("motionlab:new"),
        {
            "video": SimpleUploadedFile("notes.txt", b"x"),
            "kind": "gait",
            "model": "lite",
        },
    )
    assert "notes.txt: not a video file" in wrong.text
    missing = client.post(
        reverse("motionlab:new"),
        {
            "video": SimpleUploadedFile("a.mp4", b"x"),
            "kind": "exercise",
            "model": "lite",
        },
    )
    assert "Choose the exercise" in missing.text
    assert not Analysis.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_upload_is_analysed_by_the_worker(cast: Cast) -> None:
    client = cast.client_for("runner_a")
    response = client.post(
        reverse("motionlab:new"),
        {
            "video": SimpleUploadedFile(SINGLE_LEG.name, SINGLE_LEG.read_bytes()),
            "kind": "exercise",
            "exercise": "single_leg_squat",
            "model": "lite",
            "hint_x": "0.5",
            "hint_y": "0.5",
            "hint_time_s": "0.5",
        },
    )
    analysis = Analysis.objects.get()
    assert response["Location"] == reverse(
        "motionlab:analysis", args=[analysis.public_id]
    )
    status_url = reverse("motionlab:status", args=[analysis.public_id])
    waiting = client.get(status_url, {"shown": "Waiting to start"})
    assert waiting.status_code == 200 and "HX-Refresh" not in waiting
    assert '<p class="job-progress">0%</p>' in waiting.text
    page = client.get(response["Location"])
    assert f'hx-get="{status_url}"' in page.text and waiting.text in page.text

    call_command("worker", burst=True)

    ended = client.get(status_url)
    assert ended["HX-Refresh"] == "true"  # the page loads again, with the result
    analysis.refresh_from_db()
    assert analysis.status in ("done", "failed") and analysis.progress_pct == 100
    assert "hx-get" not in client.get(response["Location"]).text


def test_every_gait_metric_has_a_plain_sentence_and_a_source() -> None:
    assert set(GAIT_REFERENCES) == set(GAIT_LABELS)
    for ref in GAIT_REFERENCES.values():
        assert ref.meaning.endswith(".") and "clinical.md §" in ref.source


@pytest.mark.parametrize(
    "typed",
    ["side-lying-hip-abduction", "Side lying leg raise", "side_lying_hip_abduction"],
)
def test_a_link_chooses_the_exercise_however_it_is_typed(
    cast: Cast, typed: str
) -> None:
    page = cast.client_for("runner_a").get(
        reverse("motionlab:new"), {"kind": "exercise", "exercise": typed}
    )
    assert '<option value="side_lying_hip_abduction" selected>' in page.text
    assert re.search(r'<input[^>]*value="exercise"[^>]*checked', page.text)


def test_an_unknown_exercise_in_a_link_leaves_the_choice_to_the_runner(
    cast: Cast,
) -> None:
    page = cast.client_for("runner_a").get(
        reverse("motionlab:new"), {"exercise": "burpee"}
    )
    assert page.status_code == 200
    assert '<option value="" selected>Choose</option>' in page.text
