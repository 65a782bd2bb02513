"""`manage.py import_fhir`: a record Bundle into an empty instance, and back out equal.

The round trip: the demo runner (with a finished gait analysis and its key frame, a
set counted by the live coach, and a programme replaced by a new one with a run
logged on each, so every kind of resource is there) is exported with `export_fhir`,
the database is emptied, the file is imported with `import_fhir` and exported again.
What is normalised before comparing: only `Bundle.timestamp`, the moment of each
export (server-assigned by definition). Nothing else is: every full URL derives from
stable keys (the e-mail, the rows' public ids, start times) and an import keeps
those keys, so equal resources must have equal URLs; the clock is frozen so the
derived weeks and load flags are computed for the same day both times.
"""

from __future__ import annotations

import base64
import json
from collections import Counter
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db.models import F, Q

from clinic.accounts.models import PrivacyConsent, User
from clinic.accounts.privacy import needs_consent
from clinic.bookings.models import Appointment
from clinic.clinics.management.demo import DEMO_RUNNER, load_demo
from clinic.clinics.models import Clinic, Membership
from clinic.motionlab.models import Analysis
from clinic.programmes.models import (
    Programme,
    RunLog,
    SessionLog,
    SetLog,
    WeekReview,
)
from clinic.programmes.services import log_run, log_set, start_programme
from clinic.runners.models import Runner
from clinic.training.models import Activity
from clinic.triage.models import TriageAssessment
from clinic.triage.services import stop_check
from clinic.workspace.models import Assessment, ClinicalNote
from clinic.workspace.services import send_summary
from tests.clinic.triage_helpers import FEVER_ON_TOP
from tests.tractus.fhir.test_record_parts import picture
from tests.tractus.motion.test_coached_set import GOOD
from tractus.motion.coached_set import parse_coached_set
from tractus.rehab import findings_from_dict

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
GAIT_REPORT = {
    "source": "treadmill.mp4",
    "model": "full",
    "camera_view": "side",
    "metrics": {
        "cadence_spm": {"value": 166.4, "uncertainty": 1.8, "n": 22, "unit": "spm"}
    },
    "key_frames": [{"frame": 40, "label": "left foot contact", "angle_deg": 17.5}],
    "warnings": ["The runner is small in the picture: angles are rough."],
}


def _add_gait_analysis(runner: Runner) -> None:
    """A finished analysis with one real JPEG key frame."""
    analysis = Analysis.objects.create(
        runner=runner,
        kind="gait",
        video_name="treadmill.mp4",
        status=Analysis.Status.DONE,
        progress_pct=100,
        report=GAIT_REPORT,
        key_frames=[
            {
                "file": "key_0.jpg",
                "frame": 40,
                "label": "left foot contact",
                "angle_deg": 17.5,
            }
        ],
        created_at=NOW.replace(hour=9),
        finished_at=NOW.replace(hour=9, minute=2),
    )
    picture = np.full((48, 64, 3), (30, 120, 200), dtype=np.uint8)
    ok, jpeg = cv2.imencode(".jpg", picture)
    assert ok
    analysis.folder.mkdir(parents=True)
    (analysis.folder / "key_0.jpg").write_bytes(jpeg.tobytes())


def _add_coached_sets(runner: Runner) -> None:
    """Today's clamshells: one set counted by the live coach, one logged by hand."""
    programme = Programme.objects.get(runner=runner, is_active=True)
    today = NOW.date()
    coached = parse_coached_set(GOOD)
    log_set(
        programme=programme,
        day=today,
        exercise_id="clamshell",
        pain=3,
        now=NOW.replace(hour=8),
        coached=coached,
    )
    log_set(
        programme=programme,
        day=today,
        exercise_id="side_plank_knees",
        pain=2,
        now=NOW.replace(hour=8, minute=5),
        hold_s=22.5,
    )


def _replace_programme(runner: Runner) -> None:
    """The runner plans again: the demo programme (its sessions, run and reviews)
    is replaced, and a run is logged on the new one; the summary goes out."""
    old = Programme.objects.get(runner=runner, is_active=True)
    new = start_programme(
        runner=runner,
        findings=findings_from_dict(old.findings),
        started_on=NOW.date(),
        now=NOW.replace(hour=7),
    )
    log_run(
        programme=new,
        day=NOW.date(),
        distance_km=Decimal("4.25"),
        duration_min=27,
        pain_max=1,
        pain_started_km=None,
        now=NOW.replace(hour=7, minute=40),
    )
    send_summary(assessment=Assessment.objects.get(), now=NOW.replace(hour=6))
    # A check stopped at an emergency answer the runner then said was a mis-tap.
    stopped = stop_check(
        raw_answers=FEVER_ON_TOP, runner=runner, now=NOW.replace(hour=5)
    )
    stopped.corrected_at = NOW.replace(hour=5, minute=2)
    stopped.save(update_fields=["corrected_at"])


def _record_rows() -> dict[str, list[tuple[Any, ...]]]:
    """The demo runner's rows a Bundle carries beyond the resources' own checks."""
    mine = {"runner__user__email": DEMO_RUNNER[0]}
    return {
        "programmes": list(
            Programme.objects.filter(**mine)
            .order_by("created_at")
            .values_list("created_at", "is_active", "started_on", "level")
        ),
        "logs per programme": [
            (p.sessions.count(), p.runs.count(), p.reviews.count())
            for p in Programme.objects.filter(**mine).order_by("created_at")
        ],
        "runs": list(
            RunLog.objects.order_by("logged_at").values_list(
                "programme__created_at",
                "day",
                "logged_at",
                "distance_km",
                "duration_min",
                "pain_max",
                "pain_started_km",
                "stopped_early",
            )
        ),
        "sent": list(Assessment.objects.values_list("sent_to_runner_at")),
        "checks": list(
            TriageAssessment.objects.filter(**mine)
            .order_by("created_at")
            .values_list("created_at", "urgency", "corrected_at")
        ),
        "visits": list(
            Appointment.objects.filter(**mine)
            .order_by("starts_at")
            .values_list(
                "public_id",
                "status",
                "blocked_from",
                "blocked_until",
                "cancelled_at",
                "hold_expires_at",
            )
        ),
        "privacy": list(
            PrivacyConsent.objects.values_list(
                "user__email", "notice_version", "given_at"
            )
        ),
    }


def _export(path: Path) -> dict[str, Any]:
    call_command("export_fhir", DEMO_RUNNER[0], "-o", str(path))
    bundle: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    bundle["timestamp"] = "normalised: the moment of export"
    return bundle


@pytest.mark.django_db(transaction=True)
def test_the_demo_runners_record_survives_export_import_export(tmp_path: Path) -> None:
    with time_machine.travel(NOW, tick=False):
        runner = load_demo(now=NOW)
        _add_gait_analysis(runner)
        _add_coached_sets(runner)
        _replace_programme(runner)
        before_sets, before_rows = _set_rows(), _record_rows()
        first = _export(tmp_path / "first.json")
        call_command("flush", interactive=False)
        assert not User.objects.exists() and not Clinic.objects.exists()

        call_command("import_fhir", str(tmp_path / "first.json"))
        second = _export(tmp_path / "second.json")

    urls = [e["fullUrl"] for e in first["entry"]]
    assert [e["fullUrl"] for e in second["entry"]] == urls
    for before, after in zip(first["entry"], second["entry"], strict=True):
        assert after == before, before["fullUrl"]
    assert second == first
    kinds = Counter(e["resource"]["resourceType"] for e in first["entry"])
    assert set(kinds) == {
        "Patient",
        "Consent",
        "QuestionnaireResponse",
        "RiskAssessment",
        "CarePlan",
        "Observation",
        "Composition",
        "DocumentReference",
        "Appointment",
    }
    user = User.objects.get(email=DEMO_RUNNER[0])
    assert not user.has_usable_password()
    assert Activity.objects.filter(runner__user=user).count() > 20
    assert Assessment.objects.count() == 1 and ClinicalNote.objects.count() >= 1
    assert TriageAssessment.objects.count() == 2
    assert Appointment.objects.filter(runner__user=user).count() == kinds["Appointment"]
    # Clinicians named in visits get an account that can do nothing.
    staff = User.objects.exclude(pk=user.pk)
    assert staff.exists() and not any(u.has_usable_password() for u in staff)
    assert not Membership.objects.exists()
    assert SessionLog.objects.count() >= 2 and WeekReview.objects.exists()
    assert _set_rows() == before_sets
    assert any(row[-1] == GOOD for row in before_sets)
    assert _record_rows() == before_rows
    # What the round trip carries, there to be carried: a replaced programme with
    # its logs, runs on both, the summary's date, buffers, the privacy notice.
    assert [active for _, active, *_ in before_rows["programmes"]] == [False, True]
    assert before_rows["logs per programme"][0] >= (7, 1, 2)
    assert len(before_rows["runs"]) == 2 and before_rows["sent"][0][0] is not None
    assert [c[-1] is not None for c in before_rows["checks"]] == [False, True]
    assert before_rows["privacy"]
    # Agreed to another instance's notice: kept as history, asked again here.
    assert PrivacyConsent.objects.get(user=user).imported
    assert needs_consent(user)
    buffered = Q(blocked_from__lt=F("starts_at")) | Q(blocked_until__gt=F("ends_at"))
    assert Appointment.objects.filter(buffered).exists()
    analysis = Analysis.objects.get()
    assert (analysis.folder / "key_0.jpg").read_bytes().startswith(b"\xff\xd8\xff")
    # Each key frame's small picture (lists, timeline) is made again on import.
    thumb = analysis.folder / analysis.key_frames[0]["thumb"]
    assert thumb.read_bytes().startswith(b"\xff\xd8\xff")


def _set_rows() -> list[tuple[Any, ...]]:
    return [
        (s.exercise_log.exercise_id, s.logged_at, s.method, s.reps, s.hold_s, s.pain)
        + (s.numbers,)
        for s in SetLog.objects.order_by("logged_at")
    ]


def _bundle_with(tmp_path: Path, change: Any) -> Path:
    """A small valid record Bundle with one `change` applied."""
    with time_machine.travel(NOW, tick=False):
        runner = load_demo(now=NOW)
        _add_gait_analysis(runner)
        _add_coached_sets(runner)
        call_command("export_fhir", DEMO_RUNNER[0], "-o", str(tmp_path / "ok.json"))
    bundle = json.loads((tmp_path / "ok.json").read_text(encoding="utf-8"))
    change(bundle)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    call_command("flush", interactive=False)
    return path


def _entry(bundle: dict[str, Any], kind: str, code: str = "") -> dict[str, Any]:
    for entry in bundle["entry"]:
        resource = entry["resource"]
        if resource["resourceType"] != kind:
            continue
        if code and resource.get("code", {}).get("coding", [{}])[0].get("code") != code:
            continue
        return resource
    raise AssertionError(f"no {kind} {code}")


def _break_exam(bundle: dict[str, Any]) -> None:
    exam = _entry(bundle, "Observation", "head-to-toe-assessment")
    exam["component"][1]["valueQuantity"]["value"] = 900


def _break_coached_set(bundle: dict[str, Any]) -> None:
    for entry in bundle["entry"]:
        for component in entry["resource"].get("component", []):
            for extension in component.get("extension", []):
                for part in extension.get("extension", []):
                    if part["url"] == "numbers":
                        numbers = json.dumps({**GOOD, "view": "from above"})
                        data = base64.b64encode(numbers.encode()).decode()
                        part["valueAttachment"]["data"] = data
                        return
    raise AssertionError("no coached set")


def _break_run(bundle: dict[str, Any]) -> None:
    run = _entry(bundle, "Observation", "rehab-run")
    run["component"][0]["valueQuantity"]["value"] = 250


def _break_plan_status(bundle: dict[str, Any]) -> None:
    _entry(bundle, "CarePlan")["status"] = "completed"


def _lengthen_author(bundle: dict[str, Any]) -> None:
    _entry(bundle, "Composition")["author"][0]["display"] = "Dr " + "A" * 300


@pytest.mark.django_db(transaction=True)
def test_a_text_longer_than_its_column_is_refused_by_entry(tmp_path: Path) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps any length; the PostgreSQL pass runs this")
    path = _bundle_with(tmp_path, _lengthen_author)
    with pytest.raises(
        CommandError, match=r"entry\[\d+\] \(Composition\): value too long"
    ):
        call_command("import_fhir", str(path))
    assert not User.objects.exists()


def _break_fhir(bundle: dict[str, Any]) -> None:
    _entry(bundle, "Composition")["date"] = "last Tuesday"


def _break_picture(bundle: dict[str, Any]) -> None:
    document = _entry(bundle, "DocumentReference")
    document["content"][1]["attachment"]["data"] = "bm90IGEgcGljdHVyZQ=="


def _break_answers(bundle: dict[str, Any]) -> None:
    response = _entry(bundle, "QuestionnaireResponse")
    response["item"][0]["item"][0]["linkId"] = "no_such_question"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            _break_exam,
            r"entry\[\d+\] \(Observation\): component body_mass_kg: must be 20 to 250 kg",
        ),
        (
            _break_coached_set,
            r"entry\[\d+\] \(Observation\): Observation.component\[\d+\]"
            r".extension\[\d+\]: the coach's numbers: .*view",
        ),
        (
            _break_run,
            r"entry\[\d+\] \(Observation\): Observation distance_km: .*200",
        ),
        (_break_plan_status, r"entry\[\d+\] \(CarePlan\): CarePlan.status"),
        (_break_fhir, r"entry\[\d+\] \(Composition\): not valid FHIR R5: date"),
        (
            _break_picture,
            r"entry\[\d+\] \(DocumentReference\): content\[1\].attachment.data",
        ),
        (
            _break_answers,
            r"entry\[\d+\] \(QuestionnaireResponse\): item\[0\].item\[0\].linkId",
        ),
    ],
)
def test_a_malformed_bundle_is_refused_by_entry_and_field_and_nothing_is_saved(
    tmp_path: Path, change: Any, message: str
) -> None:
    path = _bundle_with(tmp_path, change)
    with pytest.raises(CommandError, match=message) as refused:
        call_command("import_fhir", str(path))
    assert "nothing was imported" in str(refused.value)
    assert not User.objects.exists()
    assert not Clinic.objects.exists()
    assert not Activity.objects.exists()
    assert not Analysis.objects.exists()
    assert not SessionLog.objects.exists() and not SetLog.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not JSON"),
        ('{"resourceType": "Patient"}', "resourceType: not a FHIR Bundle"),
        (
            '{"resourceType": "Bundle", "type": "collection", "entry": []}',
            "entry: the Bundle has no entries",
        ),
        (
            '{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "urn:x", "resource": {"resourceType": "Medication"}}]}',
            r"entry\[0\] \(Medication\): not a part of a record",
        ),
    ],
)
def test_what_is_not_a_record_bundle_is_named(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "in.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("import_fhir", str(path))


@pytest.mark.django_db
def test_an_existing_account_is_never_merged(tmp_path: Path) -> None:
    with time_machine.travel(NOW, tick=False):
        load_demo(now=NOW)
        call_command("export_fhir", DEMO_RUNNER[0], "-o", str(tmp_path / "r.json"))
    with pytest.raises(CommandError, match="already exists here"):
        call_command("import_fhir", str(tmp_path / "r.json"))
    assert Runner.objects.filter(user__email=DEMO_RUNNER[0]).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_lost_key_frame_keeps_the_report_and_a_png_keeps_its_name(
    tmp_path: Path,
) -> None:
    with time_machine.travel(NOW, tick=False):
        runner = load_demo(now=NOW)
        _add_gait_analysis(runner)
        lost = Analysis.objects.get()
        (lost.folder / "key_0.jpg").unlink()
        png = Analysis.objects.create(
            runner=runner,
            kind="gait",
            video_name="road.mp4",
            status=Analysis.Status.DONE,
            report=GAIT_REPORT,
            key_frames=[
                {"file": "key_0.png", "frame": 40, "label": "x", "angle_deg": 1}
            ],
            created_at=NOW.replace(hour=10),
            finished_at=NOW.replace(hour=10, minute=1),
        )
        png.folder.mkdir(parents=True)
        (png.folder / "key_0.png").write_bytes(picture(".png", 64, 48))
        first = _export(tmp_path / "first.json")
        call_command("flush", interactive=False)
        call_command("import_fhir", str(tmp_path / "first.json"))
        assert _export(tmp_path / "second.json") == first
    assert Analysis.objects.get(public_id=lost.public_id).key_frames == []
    imported = Analysis.objects.get(public_id=png.public_id)
    assert imported.key_frames[0]["file"] == "key_0.png"
    assert (imported.folder / "key_0.png").read_bytes().startswith(b"\x89PNG")
