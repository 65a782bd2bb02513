"""The whole-record Bundle's own resources: Patient, Consent, Appointment."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from tractus.errors import FhirInputError
from tractus.fhir import validate_resource
from tractus.fhir.bundle import (
    APPOINTMENT_STATUS,
    BookedVisit,
    ConsentGrant,
    PatientDetails,
    patient_reference,
    record_bundle,
)
from tractus.fhir.bundle_reading import (
    appointment_from_fhir,
    consent_to_grant,
    patient_from_fhir,
)

T = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
PATIENT = PatientDetails("ana@example.test", "Ana", "ana@example.test", None, "UTC")


def _visit(status: str) -> BookedVisit:
    return BookedVisit(
        key=f"visit-{status}",
        status=status,
        service="Diagnostic assessment",
        clinic_name="Clinic",
        clinician_name="Dr B",
        location_name="Main",
        start=T,
        end=T + timedelta(minutes=45),
        created=T - timedelta(days=3),
        clinic_key="clinic",
        clinician_key="b@clinic.test",
        location_time_zone="America/Recife",
        service_kind="diagnostic",
    )


@pytest.mark.parametrize("status", sorted(APPOINTMENT_STATUS))
def test_every_booking_status_gives_a_valid_appointment(status: str) -> None:
    bundle = record_bundle(
        PATIENT, consents=[], visits=[_visit(status)], entries=[], timestamp=T
    )
    validate_resource(bundle)
    appointment = bundle["entry"][1]["resource"]
    assert appointment["status"] == APPOINTMENT_STATUS[status]
    assert appointment["subject"]["reference"] == patient_reference(PATIENT)
    read_back = appointment_from_fhir(json.loads(json.dumps(appointment)))
    # FHIR has one "cancelled": an offer not taken reads back as a cancelled visit.
    assert read_back == replace(
        _visit(status), status="cancelled" if status == "lapsed" else status
    )


def test_a_grant_and_the_patient_read_back_equal() -> None:
    grant = ConsentGrant("one", "One", ("triage", "rehab"), T, T + timedelta(days=2))
    bundle = record_bundle(
        PATIENT, consents=[grant], visits=[], entries=[], timestamp=T
    )
    patient, consent = (e["resource"] for e in bundle["entry"])
    assert patient_from_fhir(patient) == PATIENT
    assert consent_to_grant(consent) == grant
    del consent["period"]
    with pytest.raises(FhirInputError, match=r"Consent.period: must be an object"):
        consent_to_grant(consent)


def test_a_withdrawn_grant_is_an_inactive_consent_with_its_period_closed() -> None:
    patient = PatientDetails(
        "b@example.test", "B", "b@example.test", date(1990, 5, 1), "UTC"
    )
    grants = [
        ConsentGrant("one", "One", ("triage", "rehab"), T, None),
        ConsentGrant("two", "Two", (), T, T + timedelta(days=1)),
    ]
    bundle = record_bundle(patient, consents=grants, visits=[], entries=[], timestamp=T)
    validate_resource(bundle)
    active, withdrawn = (e["resource"] for e in bundle["entry"][1:])
    assert active["status"] == "active" and "end" not in active["period"]
    codes = [c["coding"][0]["code"] for c in active["provision"][0]["code"]]
    assert codes == ["triage", "rehab"]
    assert withdrawn["status"] == "inactive"
    assert withdrawn["period"]["end"] == "2026-03-03T09:30:00Z"
    assert bundle["entry"][0]["resource"]["birthDate"] == "1990-05-01"


def test_the_same_record_gives_the_same_bundle() -> None:
    def build() -> dict[str, object]:
        return record_bundle(
            PATIENT, consents=[], visits=[_visit("booked")], entries=[], timestamp=T
        )

    assert build() == build()
