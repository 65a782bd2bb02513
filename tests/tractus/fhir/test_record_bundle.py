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
    PrivacyAgreement,
    patient_reference,
    record_bundle,
)
from tractus.fhir.bundle_reading import (
    appointment_from_fhir,
    consent_to_grant,
    consent_to_privacy,
    is_privacy_consent,
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
    # FHIR has one "cancelled"; the booking extension keeps a lapsed offer lapsed.
    assert read_back == _visit(status)


def test_the_diary_time_a_cancellation_and_an_offers_deadline_read_back() -> None:
    visit = replace(
        _visit("cancelled"),
        blocked_from=T - timedelta(minutes=10),
        blocked_until=T + timedelta(minutes=60),
        cancelled=T - timedelta(days=1),
        hold_expires=T - timedelta(days=2),
    )
    bundle = record_bundle(
        PATIENT, consents=[], visits=[visit], entries=[], timestamp=T
    )
    validate_resource(bundle)
    appointment = bundle["entry"][1]["resource"]
    assert appointment["cancellationDate"] == "2026-03-01T09:30:00Z"
    assert appointment_from_fhir(json.loads(json.dumps(appointment))) == visit


def test_an_appointment_without_the_booking_extension_reads_as_fhir_says() -> None:
    appointment = record_bundle(
        PATIENT, consents=[], visits=[_visit("lapsed")], entries=[], timestamp=T
    )["entry"][1]["resource"]
    del appointment["extension"]
    # Another system's Bundle: FHIR's one "cancelled", no buffers.
    assert appointment_from_fhir(appointment) == replace(
        _visit("lapsed"), status="cancelled"
    )


def test_a_booking_status_that_contradicts_the_appointments_is_refused() -> None:
    appointment = record_bundle(
        PATIENT, consents=[], visits=[_visit("booked")], entries=[], timestamp=T
    )["entry"][1]["resource"]
    appointment["status"] = "fulfilled"
    with pytest.raises(FhirInputError, match=r"booking\)\.status: 'booked' is not"):
        appointment_from_fhir(appointment)


def test_the_privacy_notice_agreed_to_is_a_consent_of_its_own() -> None:
    agreements = [
        PrivacyAgreement("2026-01", T),
        PrivacyAgreement("2026-06", T + timedelta(days=90)),
    ]
    grant = ConsentGrant("one", "One", ("triage",), T, None)
    bundle = record_bundle(
        PATIENT,
        consents=[grant],
        visits=[],
        entries=[],
        timestamp=T,
        privacy=agreements,
    )
    validate_resource(bundle)
    consents = [e["resource"] for e in bundle["entry"][1:]]
    assert [is_privacy_consent(c) for c in consents] == [True, True, False]
    assert [consent_to_privacy(c) for c in consents[:2]] == agreements
    consents[0]["policyBasis"]["url"] = "https://elsewhere.test/notice"
    with pytest.raises(FhirInputError, match="Consent.policyBasis.url: must start"):
        consent_to_privacy(consents[0])


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
