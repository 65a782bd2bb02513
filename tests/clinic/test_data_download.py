""" "Download all my data": one zip of the runner's own record, streamed."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse
from fhir.resources.bundle import Bundle

from clinic.audit.models import AuditEntry
from clinic.training.models import ImportBatch, ImportItem
from tests.clinic.conftest import Cast
from tests.clinic.factories import ActivityFactory
from tests.clinic.triage_helpers import make_assessment

pytestmark = pytest.mark.django_db

MEMBERS = [
    "README.txt",
    "record.fhir.json",
    "activities.csv",
    "activities.json",
    "uploads.csv",
    "symptom-checks.json",
    "motion-reports.json",
    "rehab-sessions.csv",
    "rehab-sets.csv",
    "rehab-runs.csv",
    "rehab-reviews.csv",
    "outcomes.csv",
]


def _zip_of(client: Client) -> zipfile.ZipFile:
    response = client.get(reverse("runners:data-download"))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    assert isinstance(response, StreamingHttpResponse)
    body = b"".join(chunk for chunk in response.streaming_content)
    return zipfile.ZipFile(io.BytesIO(body))


def _rows(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"))))


def test_the_runner_downloads_all_of_their_own_data(cast: Cast) -> None:
    ActivityFactory(runner=cast.runner_a, local_date=date(2026, 11, 2), name="Easy")
    ActivityFactory(runner=cast.runner_b, local_date=date(2026, 11, 3), name="B's")
    make_assessment(runner=cast.runner_a)
    batch = ImportBatch.objects.create(
        runner=cast.runner_a, created_at="2026-11-02T08:00Z", status="done"
    )
    ImportItem.objects.create(
        batch=batch, name="=HYPERLINK(evil).fit", status="error", message="truncated"
    )

    archive = _zip_of(cast.client_for("runner_a"))

    assert archive.testzip() is None
    assert archive.namelist() == MEMBERS
    bundle = json.loads(archive.read("record.fhir.json"))
    Bundle.model_validate(bundle)
    assert bundle["entry"][0]["resource"]["telecom"][0]["value"] == (
        cast.runner_a.user.email
    )
    (run,) = _rows(archive, "activities.csv")
    assert run["name"] == "Easy" and float(run["distance_m"]) == 5000.0
    assert [a["name"] for a in json.loads(archive.read("activities.json"))] == ["Easy"]
    (upload,) = _rows(archive, "uploads.csv")
    # A cell a spreadsheet would run as a formula is kept as text.
    assert upload["file"] == "'=HYPERLINK(evil).fit"
    assert upload["status"] == "Could not be read"
    (check,) = json.loads(archive.read("symptom-checks.json"))
    assert check["answers"] and check["result"]
    assert not AuditEntry.objects.exists()


def test_another_runner_gets_only_their_own(cast: Cast) -> None:
    ActivityFactory(runner=cast.runner_a, name="A's run")
    archive = _zip_of(cast.client_for("runner_b"))
    assert _rows(archive, "activities.csv") == []
    assert b"A's run" not in b"".join(archive.read(n) for n in MEMBERS)


@pytest.mark.parametrize(
    "role", ["clinician_with_access", "clinician_without_access", "clinic_admin"]
)
def test_staff_get_no_ones_data(cast: Cast, role: str) -> None:
    response = cast.client_for(role).get(reverse("runners:data-download"))
    assert response.status_code == 404


def test_the_details_page_links_the_download(cast: Cast) -> None:
    page = cast.client_for("runner_a").get(reverse("runners:details"))
    assert reverse("runners:data-download") in page.text


def test_sets_logged_from_the_coach_page_are_in_the_download(cast: Cast) -> None:
    from django.utils import timezone

    from clinic.programmes.services import log_set
    from tests.clinic.rehab_helpers import make_programme
    from tests.tractus.motion.test_coached_set import GOOD
    from tractus.motion.coached_set import parse_coached_set

    programme = make_programme(cast.runner_a)
    day, now = timezone.localdate(), timezone.now()
    coached = parse_coached_set(GOOD)
    log_set(
        programme=programme, day=day, exercise_id="clamshell", pain=2, now=now,
        coached=coached,
    )  # fmt: skip
    log_set(programme=programme, day=day, exercise_id="glute_stretch", pain=0,
            now=now, hold_s=30)  # fmt: skip
    rows = _rows(_zip_of(cast.client_for("runner_a")), "rehab-sets.csv")
    assert [(r["exercise"], r["how"], r["pain"]) for r in rows] == [
        ("clamshell", "Counted by the live coach", "2"),
        ("glute_stretch", "Logged by hand", "0"),
    ]
    assert json.loads(rows[0]["coach"]) == coached.to_dict()
    assert rows[1]["hold_s"] == "30.0" and rows[1]["coach"] == ""
