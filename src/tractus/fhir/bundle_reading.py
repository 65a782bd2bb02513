"""The whole-record Bundle's own resources read back: Patient, Consent, Appointment.

The inverses of `tractus.fhir.bundle`'s mappers, for an import: each returns the
same core value the export started from, and a missing or mistyped field raises
`FhirInputError` naming it. FHIR has one "cancelled" for a visit; the booking
extension keeps which (cancelled, or a hold that lapsed) and the diary time the visit
held; a Bundle without it reads as cancelled, with no buffers.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from tractus.errors import FhirInputError
from tractus.fhir.bundle import (
    APPOINTMENT_STATUS,
    PRIVACY_SCOPE,
    TIMEZONE_EXTENSION,
    BookedVisit,
    ConsentGrant,
    PatientDetails,
    PrivacyAgreement,
)
from tractus.fhir.questionnaire import DEFAULT_BASE_URL
from tractus.fhir.reading import (
    read_date,
    read_datetime,
    read_list,
    read_mapping,
    read_str,
)
from tractus.fhir.references import clinic_key_of, identifier_value

__all__ = [
    "appointment_from_fhir",
    "consent_to_grant",
    "consent_to_privacy",
    "is_privacy_consent",
    "patient_from_fhir",
]


def patient_from_fhir(
    patient: Mapping[str, Any], *, base_url: str = DEFAULT_BASE_URL
) -> PatientDetails:
    """The runner a Patient of `patient_to_fhir` describes."""
    key = identifier_value(
        read_list(patient, "identifier", "Patient"),
        system=f"{base_url}NamingSystem/account-email",
        where="Patient.identifier",
    )
    names = read_list(patient, "name", "Patient")
    name = names[0].get("text") if names and isinstance(names[0], Mapping) else None
    zones = [
        e.get("valueCode")
        for e in read_list(patient, "extension", "Patient")
        if isinstance(e, Mapping) and e.get("url") == TIMEZONE_EXTENSION
    ]
    if not zones or not isinstance(zones[0], str):
        raise FhirInputError("Patient.extension", f"needs {TIMEZONE_EXTENSION}")
    return PatientDetails(
        key=key,
        name=name if isinstance(name, str) else key,
        email=key,
        birth_date=read_date(patient, "birthDate", "Patient")
        if "birthDate" in patient
        else None,
        time_zone=zones[0],
    )


def consent_to_grant(
    consent: Mapping[str, Any], *, base_url: str = DEFAULT_BASE_URL
) -> ConsentGrant:
    """The grant a Consent of `grant_to_consent` records."""
    grantees = read_list(consent, "grantee", "Consent")
    if len(grantees) != 1:
        raise FhirInputError("Consent.grantee", "needs exactly one clinic")
    key, name = clinic_key_of(grantees[0], base_url=base_url, where="Consent.grantee")
    provisions = read_list(consent, "provision", "Consent")
    codes = read_list(provisions[0], "code", "Consent.provision") if provisions else []
    areas = []
    for n, concept in enumerate(codes):
        where = f"Consent.provision.code[{n}]"
        coding = (
            read_list(concept, "coding", where) if isinstance(concept, Mapping) else []
        )
        if not coding or not isinstance(coding[0], Mapping):
            raise FhirInputError(where, "needs a coding")
        areas.append(read_str(coding[0], "code", where))
    period = read_mapping(consent, "period", "Consent")
    return ConsentGrant(
        clinic_key=key,
        clinic_name=name,
        areas=tuple(areas),
        granted=read_datetime(period, "start", "Consent.period"),
        withdrawn=read_datetime(period, "end", "Consent.period")
        if "end" in period
        else None,
    )


def is_privacy_consent(
    consent: Mapping[str, Any], *, base_url: str = DEFAULT_BASE_URL
) -> bool:
    """Whether a Consent records the privacy notice (else a clinic's access)."""
    system = f"{base_url}CodeSystem/consent-scope"
    return any(
        isinstance(coding, Mapping)
        and coding.get("system") == system
        and coding.get("code") == PRIVACY_SCOPE
        for concept in consent.get("category") or []
        if isinstance(concept, Mapping)
        for coding in concept.get("coding") or []
    )


def consent_to_privacy(
    consent: Mapping[str, Any], *, base_url: str = DEFAULT_BASE_URL
) -> PrivacyAgreement:
    """The agreement a Consent of `privacy_to_consent` records."""
    url = read_str(
        read_mapping(consent, "policyBasis", "Consent"), "url", "Consent.policyBasis"
    )
    prefix = f"{base_url}privacy-notice/"
    version = url.removeprefix(prefix)
    if not url.startswith(prefix) or not version:
        raise FhirInputError("Consent.policyBasis.url", f"must start with {prefix}")
    period = read_mapping(consent, "period", "Consent")
    return PrivacyAgreement(
        notice_version=version,
        given=read_datetime(period, "start", "Consent.period"),
    )


_STATUS_OF_APPOINTMENT = {
    "pending": "held",
    "booked": "booked",
    "fulfilled": "attended",
    "noshow": "no_show",
    "cancelled": "cancelled",
}


def _contained(appointment: Mapping[str, Any], kind: str) -> Mapping[str, Any]:
    found = [
        c
        for c in read_list(appointment, "contained", "Appointment")
        if isinstance(c, Mapping) and c.get("resourceType") == kind
    ]
    if len(found) != 1:
        raise FhirInputError("Appointment.contained", f"needs one {kind}")
    return found[0]


def _booking(
    appointment: Mapping[str, Any], fhir_status: str, base_url: str
) -> tuple[str, dict[str, datetime]]:
    """The Tractus status and the times of the booking extension."""
    url = f"{base_url}StructureDefinition/booking"
    found = [
        e
        for e in read_list(appointment, "extension", "Appointment")
        if isinstance(e, Mapping) and e.get("url") == url
    ]
    if not found:
        return _STATUS_OF_APPOINTMENT[fhir_status], {}
    where = "Appointment.extension(booking)"
    parts = {
        p.get("url"): p
        for p in read_list(found[0], "extension", where)
        if isinstance(p, Mapping)
    }
    status = read_str(parts.get("status", {}), "valueCode", f"{where}.status")
    if APPOINTMENT_STATUS.get(status) != fhir_status:
        raise FhirInputError(
            f"{where}.status", f"{status!r} is not a {fhir_status!r} appointment"
        )
    times = {
        name: read_datetime(parts[name], "valueDateTime", f"{where}.{name}")
        for name in ("blocked_from", "blocked_until", "hold_expires")
        if name in parts
    }
    return status, times


def appointment_from_fhir(
    appointment: Mapping[str, Any], *, base_url: str = DEFAULT_BASE_URL
) -> BookedVisit:
    """The visit an Appointment of `appointment_to_fhir` records."""
    where = "Appointment"
    status = read_str(appointment, "status", where)
    if status not in _STATUS_OF_APPOINTMENT:
        raise FhirInputError(f"{where}.status", f"unexpected {status!r}")
    clinic = _contained(appointment, "Organization")
    clinician = _contained(appointment, "Practitioner")
    location = _contained(appointment, "Location")
    service = _contained(appointment, "HealthcareService")
    names = read_list(clinician, "name", "Practitioner")
    zones = [
        e.get("valueCode")
        for e in read_list(location, "extension", "Location")
        if isinstance(e, Mapping) and e.get("url") == TIMEZONE_EXTENSION
    ]
    booking_status, times = _booking(appointment, status, base_url)
    kinds = read_list(service, "type", "HealthcareService")
    codings = read_list(kinds[0], "coding", "HealthcareService.type") if kinds else []
    return BookedVisit(
        key=identifier_value(
            read_list(appointment, "identifier", where),
            system=f"{base_url}NamingSystem/appointment",
        ),
        status=booking_status,
        service=read_str(service, "name", "HealthcareService"),
        clinic_name=read_str(clinic, "name", "Organization"),
        clinician_name=str(names[0].get("text", "")) if names else "",
        location_name=read_str(location, "name", "Location"),
        start=read_datetime(appointment, "start", where),
        end=read_datetime(appointment, "end", where),
        created=read_datetime(appointment, "created", where),
        clinic_key=identifier_value(
            read_list(clinic, "identifier", "Organization"),
            system=f"{base_url}NamingSystem/clinic",
        ),
        clinician_key=identifier_value(
            read_list(clinician, "identifier", "Practitioner"),
            system=f"{base_url}NamingSystem/staff-email",
        ),
        location_time_zone=str(zones[0]) if zones else "UTC",
        service_kind=str(codings[0].get("code", "")) if codings else "",
        blocked_from=times.get("blocked_from"),
        blocked_until=times.get("blocked_until"),
        hold_expires=times.get("hold_expires"),
        cancelled=read_datetime(appointment, "cancellationDate", where)
        if "cancellationDate" in appointment
        else None,
    )
