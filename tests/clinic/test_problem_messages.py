"""Runners read what went wrong in plain words; the technical detail waits behind a toggle.

Every kind of error the readers and the video analysis give has a sentence in
`clinic.lib.problems`, and the import and analysis pages never show a reader's
message outside the <details> toggle.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from clinic.lib.problems import (
    ACTIVITY_TEXT,
    IMPORT_STOPPED,
    MOTION_TEXT,
    UNKNOWN,
    problem_of,
)
from clinic.motionlab.models import Analysis
from clinic.motionlab.services import run_analysis, start_analysis
from clinic.training.models import ImportBatch, ImportItem
from tests.clinic.conftest import Cast
from tractus.activities import ImportStatus, read_paths
from tractus.errors import ActivityProblem, MotionProblem

DATA = Path(__file__).resolve().parents[1] / "data"
# What marks a message as technical: offsets, byte counts, tags, exception names.
TECHNICAL = re.compile(
    r"@|\bbytes?\b|<\w|\b\d{3,}\b|Error\b|exception|\(expected|0x|\.py\b", re.I
)
TRUNCATED_FIT = DATA / "activities" / "fit" / "fitparse__nick.fit"


def _without_details(html: str) -> str:
    return re.sub(r"<details.*?</details>", "", html, flags=re.S)


@pytest.mark.parametrize("kind", [*ActivityProblem, IMPORT_STOPPED, UNKNOWN])
def test_every_kind_of_file_problem_has_a_plain_sentence(kind: str) -> None:
    text = ACTIVITY_TEXT[kind]
    assert text.endswith(".") and not TECHNICAL.search(text), text


@pytest.mark.parametrize("kind", [*MotionProblem, UNKNOWN])
def test_every_kind_of_video_problem_has_a_plain_sentence(kind: str) -> None:
    text = MOTION_TEXT[kind]
    assert text.endswith(".") and not TECHNICAL.search(text), text


def test_every_error_the_readers_give_on_the_fixtures_has_a_kind() -> None:
    """The real and hostile fixtures, and every crash fuzzing kept, read for real."""
    files = sorted(p for p in DATA.rglob("*") if p.is_file() and p.suffix != ".md")
    errors = [r for r in read_paths(files) if r.status is ImportStatus.ERROR]
    kinds = {r.error_kind for r in errors}
    assert None not in kinds
    assert kinds <= set(ACTIVITY_TEXT)
    # The fixtures give the common kinds, so the check above is not vacuous.
    assert {
        ActivityProblem.TRUNCATED,
        ActivityProblem.CORRUPT,
        ActivityProblem.IMPOSSIBLE_VALUES,
        ActivityProblem.NOT_ACTIVITY_FILE,
    } <= kinds


def test_the_import_page_words_each_error_plainly_with_the_detail_behind_a_toggle(
    cast: Cast, transactional_db: None
) -> None:
    hostile = DATA / "hostile"
    uploads = [
        SimpleUploadedFile(p.name, p.read_bytes())
        for p in (
            TRUNCATED_FIT,
            hostile / "tcx_distance_1e22.tcx",
            hostile / "zip_corrupt_deflate.zip",
            hostile / "fit_definition_past_data_size.fit",
        )
    ]
    client = cast.client_for("runner_a")
    client.post(reverse("training:upload"), {"files": uploads})
    call_command("worker", burst=True)
    batch = ImportBatch.objects.get()
    failed = list(batch.items.filter(status=ImportItem.Status.ERROR))
    assert {i.name for i in failed} >= {
        TRUNCATED_FIT.name,
        "zip_corrupt_deflate.zip:run.gpx",
        "fit_definition_past_data_size.fit",
    }

    page = client.get(reverse("training:import", args=[batch.public_id])).text
    shown = _without_details(page)
    truncated = batch.items.get(name=TRUNCATED_FIT.name)
    assert truncated.error_kind == ActivityProblem.TRUNCATED
    assert "This file is cut short: your watch may not have finished writing it." in (
        shown
    )
    for item in failed:
        problem = problem_of(item)
        assert problem is not None
        assert escape(problem.text) in shown
        if item.error_kind:  # a reader's message: only behind the toggle
            assert escape(item.message) not in shown
            assert f"<code>{escape(item.message)}</code>" in page
    assert "<summary>Details for the clinic</summary>" in page

    # The polled status partial words it the same way, the detail behind the toggle.
    status = client.get(reverse("training:import-status", args=[batch.public_id]))
    assert escape(ACTIVITY_TEXT[ActivityProblem.TRUNCATED]) in status.text
    assert f"<code>{escape(truncated.message)}</code>" in status.text
    assert "truncated FIT file" in truncated.message


@pytest.mark.django_db
def test_the_analysis_page_words_an_unreadable_video_plainly(cast: Cast) -> None:
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
    assert analysis.error_kind == MotionProblem.UNREADABLE_VIDEO
    page = (
        cast.client_for("runner_a")
        .get(reverse("motionlab:analysis", args=[analysis.public_id]))
        .text
    )
    shown = _without_details(page)
    assert escape(MOTION_TEXT[MotionProblem.UNREADABLE_VIDEO]) in shown
    assert escape(analysis.error) not in shown
    assert escape(analysis.error) in page  # behind the toggle, for the clinic
