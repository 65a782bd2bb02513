"""The runner's whole record as one FHIR R5 Bundle: `manage.py export_fhir`."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from fhir.resources.bundle import Bundle

from clinic.clinics.management.demo import DEMO_RUNNER, load_demo

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
        e["resource"]["subject"]["reference"]
        for e in data["entry"]
        if "subject" in e["resource"]
    }
    assert subjects == {patient_url}
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
