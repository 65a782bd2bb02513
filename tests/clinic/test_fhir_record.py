"""The runner's whole record as one FHIR R5 Bundle: `manage.py export_fhir`."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from fhir.resources.bundle import Bundle

from clinic.audit.models import AuditEntry
from clinic.clinics.management.demo import DEMO_RUNNER, load_demo
from clinic.training.models import Activity
from clinic.workspace.models import ClinicalNote
from tests.clinic.conftest import Cast
from tests.clinic.factories import (
    AccessGrantFactory,
    AssessmentFactory,
    ClinicalNoteFactory,
    ClinicFactory,
)
from tests.clinic.triage_helpers import make_assessment

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


@pytest.mark.django_db
def test_export_fhir_writes_the_demo_runners_record_as_a_valid_bundle(
    tmp_path: Path,
) -> None:
    load_demo(now=NOW)
    output = tmp_path / "record.json"
    call_command("export_fhir", DEMO_RUNNER[0].upper(), "-o", str(output))

    data = json.loads(output.read_text(encoding="utf-8"))
    bundle = Bundle.model_validate(data)
    assert bundle.type == "collection"
    kinds = Counter(e["resource"]["resourceType"] for e in data["entry"])
    assert kinds["Patient"] == 1 and data["entry"][0]["resource"]["resourceType"] == (
        "Patient"
    )
    assert kinds["Consent"] >= 1
    assert kinds["QuestionnaireResponse"] == kinds["RiskAssessment"] == 1
    assert kinds["CarePlan"] == 1
    assert kinds["Observation"] >= 2
    assert kinds["Appointment"] >= 1
    patient_url = data["entry"][0]["fullUrl"]
    subjects = {
        subject["reference"]
        for e in data["entry"]
        if "subject" in e["resource"]
        for subject in _as_list(e["resource"]["subject"])
    }
    assert subjects == {patient_url}
    codes = Counter(
        e["resource"]["code"]["coding"][0]["code"]
        for e in data["entry"]
        if e["resource"]["resourceType"] == "Observation"
    )
    runs = Activity.objects.filter(runner__user__email=DEMO_RUNNER[0]).count()
    assert codes["activity-summary"] == runs > 20
    assert codes["weekly-running-load"] >= 4
    assert codes["head-to-toe-assessment"] == 1
    notes = ClinicalNote.objects.filter(runner__user__email=DEMO_RUNNER[0]).count()
    assert kinds["Composition"] == notes >= 1
    urls = [e["fullUrl"] for e in data["entry"]]
    assert len(set(urls)) == len(urls)
    patient = data["entry"][0]["resource"]
    assert patient["telecom"] == [{"system": "email", "value": DEMO_RUNNER[0]}]


@pytest.mark.django_db
def test_export_fhir_names_an_unknown_email(tmp_path: Path) -> None:
    output = tmp_path / "record.json"
    with pytest.raises(CommandError, match="nobody@example.test: no runner"):
        call_command("export_fhir", "nobody@example.test", "-o", str(output))
    assert not output.exists()


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _download(cast: Cast, role: str) -> dict[str, Any]:
    url = reverse("workspace:record-fhir", args=[cast.runner_a.pk])
    response = cast.client_for(role).get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"].startswith("application/fhir+json")
    assert response["Content-Disposition"].startswith("attachment;")
    data: dict[str, Any] = json.loads(response.content)
    Bundle.model_validate(data)
    return data


def _kinds(data: dict[str, Any]) -> Counter[str]:
    return Counter(e["resource"]["resourceType"] for e in data["entry"])


def _consents(data: dict[str, Any]) -> tuple[list[Any], list[Any]]:
    """(access grants, privacy-notice agreements) among the Consents."""
    consents = [
        e["resource"]
        for e in data["entry"]
        if e["resource"]["resourceType"] == "Consent"
    ]
    return (
        [c for c in consents if "grantee" in c],
        [c for c in consents if "policyBasis" in c],
    )


def test_the_runner_downloads_every_grant_and_check(cast: Cast) -> None:
    make_assessment(runner=cast.runner_a)
    AccessGrantFactory(runner=cast.runner_a, clinic=ClinicFactory(name="Elsewhere"))
    data = _download(cast, "runner_a")
    kinds = _kinds(data)
    grants, privacy = _consents(data)
    assert len(grants) == 2 and kinds["RiskAssessment"] == 1
    # The basis on which the instance holds the record: the notice they agreed to.
    version = cast.runner_a.user.privacy_consents.get().notice_version
    assert [c["policyBasis"]["url"].rsplit("/", 1)[1] for c in privacy] == [version]
    assert not AuditEntry.objects.exists()


def test_a_clinician_downloads_only_what_their_clinic_may_see(cast: Cast) -> None:
    make_assessment(runner=cast.runner_a)
    AccessGrantFactory(runner=cast.runner_a, clinic=ClinicFactory(name="Elsewhere"))
    grant = cast.runner_a.grants.get(clinic=cast.clinic_a)
    grant.share_triage = False
    grant.save()
    data = _download(cast, "clinician_with_access")
    kinds = _kinds(data)
    grants, privacy = _consents(data)
    assert kinds["Patient"] == 1 and len(grants) == 1 and len(privacy) == 1
    assert kinds["RiskAssessment"] == kinds["QuestionnaireResponse"] == 0
    assert grants[0]["grantee"][0]["display"] == cast.clinic_a.name
    areas = set(AuditEntry.objects.values_list("area", flat=True))
    assert areas == {"clinical", "training", "motion", "rehab"}
    assert set(AuditEntry.objects.values_list("actor", flat=True)) == {
        cast.clinician_a.pk
    }


def test_a_clinician_downloads_only_their_own_clinics_notes(cast: Cast) -> None:
    elsewhere = ClinicFactory(name="Elsewhere")
    AccessGrantFactory(runner=cast.runner_a, clinic=elsewhere)
    ours = ClinicalNoteFactory(runner=cast.runner_a, clinic=cast.clinic_a)
    ClinicalNoteFactory(runner=cast.runner_a, clinic=elsewhere)
    AssessmentFactory(runner=cast.runner_a, clinic=elsewhere)
    notes = [
        e["resource"]
        for e in _download(cast, "clinician_with_access")["entry"]
        if e["resource"]["resourceType"] in ("Composition", "Observation")
    ]
    assert [n["identifier"][0]["value"] for n in notes] == [str(ours.public_id)]
    kinds = _kinds(_download(cast, "runner_a"))
    assert kinds["Composition"] == 2 and kinds["Observation"] == 1
