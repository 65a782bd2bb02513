"""A runner's whole record as one FHIR R5 collection ``Bundle``.

The runner is a ``Patient``; each access grant to a clinic is a ``Consent`` (permit,
for the record areas it shares; a withdrawn grant is ``inactive`` with its period
closed); each visit is an ``Appointment``. Symptom checks (QuestionnaireResponse and
RiskAssessment), the rehab programme (CarePlan) and its outcomes (Observation) come
from the other mappers of this package, all with the Patient's ``urn:uuid`` as their
subject, so the Bundle reads on its own. Full URLs derive from the runner's key and
each resource's own key, so exporting the same record twice gives the same Bundle.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tractus.fhir.questionnaire import DEFAULT_BASE_URL, fhir_datetime
from tractus.fhir.references import identifier, resource_url

__all__ = [
    "TIMEZONE_EXTENSION",
    "BookedVisit",
    "ConsentGrant",
    "PatientDetails",
    "PrivacyAgreement",
    "appointment_to_fhir",
    "grant_to_consent",
    "patient_reference",
    "patient_to_fhir",
    "privacy_to_consent",
    "record_bundle",
    "resource_url",
]

# Tractus booking status -> FHIR R5 AppointmentStatus (appointmentstatus value set).
APPOINTMENT_STATUS = {
    "held": "pending",
    "booked": "booked",
    "attended": "fulfilled",
    "no_show": "noshow",
    "cancelled": "cancelled",
    "lapsed": "cancelled",
}
TIMEZONE_EXTENSION = "http://hl7.org/fhir/StructureDefinition/timezone"
_CONSENT_CATEGORY = {
    "system": "http://loinc.org",
    "code": "59284-0",
    "display": "Patient Consent",
}


@dataclass(frozen=True, slots=True)
class PatientDetails:
    """Who the record belongs to; `key` is stable across instances (the e-mail)."""

    key: str
    name: str
    email: str
    birth_date: date | None
    time_zone: str


@dataclass(frozen=True, slots=True)
class ConsentGrant:
    """The runner's grant of parts (`areas`) of the record to a clinic."""

    clinic_key: str
    clinic_name: str
    areas: tuple[str, ...]
    granted: datetime
    withdrawn: datetime | None


@dataclass(frozen=True, slots=True)
class PrivacyAgreement:
    """The runner's consent to a version of the privacy notice: the basis on which
    the instance holds their health data (GDPR art. 9(2)(a), LGPD art. 11 I)."""

    notice_version: str
    given: datetime


@dataclass(frozen=True, slots=True)
class BookedVisit:
    """One appointment at a clinic; `status` is a Tractus booking status.

    The clinic, clinician (by account e-mail), location (with its time zone) and
    visit type (with its kind) are named so an import can find or make them.
    """

    key: str
    status: str
    service: str
    clinic_name: str
    clinician_name: str
    location_name: str
    start: datetime
    end: datetime
    created: datetime
    clinic_key: str
    clinician_key: str
    location_time_zone: str
    service_kind: str
    # The visit with the visit type's buffers: what the diary kept free for it.
    blocked_from: datetime | None = None
    blocked_until: datetime | None = None
    cancelled: datetime | None = None
    hold_expires: datetime | None = None  # a waitlist offer's deadline


def patient_reference(patient: PatientDetails, base_url: str = DEFAULT_BASE_URL) -> str:
    """The Patient's full URL, which every other resource names as its subject."""
    return resource_url(base_url, "Patient", patient.key)


def patient_to_fhir(
    patient: PatientDetails, *, base_url: str = DEFAULT_BASE_URL
) -> dict[str, Any]:
    """The runner as a ``Patient``, identified by the account's e-mail."""
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "extension": [{"url": TIMEZONE_EXTENSION, "valueCode": patient.time_zone}],
        "identifier": [
            {"system": f"{base_url}NamingSystem/account-email", "value": patient.key}
        ],
        "active": True,
        "name": [{"text": patient.name}],
        "telecom": [{"system": "email", "value": patient.email}],
    }
    if patient.birth_date is not None:
        resource["birthDate"] = patient.birth_date.isoformat()
    return resource


def grant_to_consent(
    grant: ConsentGrant, *, subject_reference: str, base_url: str = DEFAULT_BASE_URL
) -> dict[str, Any]:
    """A grant as a ``Consent`` permitting the clinic to see the areas it covers."""
    period: dict[str, str] = {"start": fhir_datetime(grant.granted)}
    if grant.withdrawn is not None:
        period["end"] = fhir_datetime(grant.withdrawn)
    clinic = {
        "identifier": {
            "system": f"{base_url}NamingSystem/clinic",
            "value": grant.clinic_key,
        },
        "display": grant.clinic_name,
    }
    return {
        "resourceType": "Consent",
        "status": "active" if grant.withdrawn is None else "inactive",
        "category": [{"coding": [_CONSENT_CATEGORY]}],
        "subject": {"reference": subject_reference},
        "date": grant.granted.date().isoformat(),
        "period": period,
        "grantee": [clinic],
        "decision": "permit",
        "provision": [
            {
                "actor": [{"reference": clinic}],
                "action": [{"text": "access"}],
                "code": [
                    {
                        "coding": [
                            {
                                "system": f"{base_url}CodeSystem/record-area",
                                "code": area,
                            }
                        ]
                    }
                    for area in grant.areas
                ],
            }
        ],
    }


PRIVACY_SCOPE = "privacy-notice"


def privacy_to_consent(
    agreement: PrivacyAgreement,
    *,
    subject_reference: str,
    base_url: str = DEFAULT_BASE_URL,
) -> dict[str, Any]:
    """The agreement as a ``Consent`` to the notice's version (``policyBasis``),
    told from a clinic's access grant by its second category."""
    scope = {"system": f"{base_url}CodeSystem/consent-scope", "code": PRIVACY_SCOPE}
    return {
        "resourceType": "Consent",
        "status": "active",
        "category": [{"coding": [_CONSENT_CATEGORY]}, {"coding": [scope]}],
        "subject": {"reference": subject_reference},
        "date": agreement.given.date().isoformat(),
        "period": {"start": fhir_datetime(agreement.given)},
        "policyBasis": {"url": f"{base_url}privacy-notice/{agreement.notice_version}"},
        "decision": "permit",
    }


def _visit_contained(visit: BookedVisit, base_url: str) -> list[dict[str, Any]]:
    """Who and where of a visit, contained: the Appointment reads on its own."""
    return [
        {
            "resourceType": "Organization",
            "id": "clinic",
            "identifier": [identifier(base_url, "clinic", visit.clinic_key)],
            "name": visit.clinic_name,
        },
        {
            "resourceType": "Practitioner",
            "id": "clinician",
            "identifier": [identifier(base_url, "staff-email", visit.clinician_key)],
            "name": [{"text": visit.clinician_name}],
        },
        {
            "resourceType": "Location",
            "id": "location",
            "extension": [
                {"url": TIMEZONE_EXTENSION, "valueCode": visit.location_time_zone}
            ],
            "name": visit.location_name,
            "managingOrganization": {"reference": "#clinic"},
        },
        {
            "resourceType": "HealthcareService",
            "id": "service",
            "providedBy": {"reference": "#clinic"},
            "type": [
                {
                    "coding": [
                        {
                            "system": f"{base_url}CodeSystem/visit-kind",
                            "code": visit.service_kind,
                        }
                    ]
                }
            ],
            "name": visit.service,
        },
    ]


def appointment_to_fhir(
    visit: BookedVisit, *, subject_reference: str, base_url: str = DEFAULT_BASE_URL
) -> dict[str, Any]:
    """A visit as an ``Appointment`` with the runner, clinician and location as
    participants, and the clinic, clinician, location and visit type contained."""
    status = APPOINTMENT_STATUS[visit.status]
    # A cancelled visit's participants did not decline one by one; kept as accepted.
    return {
        "resourceType": "Appointment",
        "extension": [booking_extension(visit, base_url)],
        "contained": _visit_contained(visit, base_url),
        "identifier": [
            {"system": f"{base_url}NamingSystem/appointment", "value": visit.key}
        ],
        "status": status,
        "serviceType": [
            {"concept": {"text": visit.service}, "reference": {"reference": "#service"}}
        ],
        "description": f"{visit.service} at {visit.clinic_name}, {visit.location_name}",
        "start": fhir_datetime(visit.start),
        "end": fhir_datetime(visit.end),
        "created": fhir_datetime(visit.created),
        **(
            {"cancellationDate": fhir_datetime(visit.cancelled)}
            if visit.cancelled is not None
            else {}
        ),
        "subject": {"reference": subject_reference},
        "participant": [
            {"actor": {"reference": subject_reference}, "status": "accepted"},
            {
                "actor": {"reference": "#clinician", "display": visit.clinician_name},
                "status": "accepted",
            },
            {
                "actor": {"reference": "#location", "display": visit.location_name},
                "status": "accepted",
            },
        ],
    }


def booking_extension(visit: BookedVisit, base_url: str) -> dict[str, Any]:
    """What FHIR's Appointment cannot say of a booking: its Tractus status (two
    become FHIR's ``cancelled``: cancelled, and a hold that lapsed) and the time
    the diary kept free for it, buffers included, and a waitlist offer's deadline."""
    parts: list[dict[str, Any]] = [{"url": "status", "valueCode": visit.status}]
    for name in ("blocked_from", "blocked_until", "hold_expires"):
        moment = getattr(visit, name)
        if moment is not None:
            parts.append({"url": name, "valueDateTime": fhir_datetime(moment)})
    return {"url": f"{base_url}StructureDefinition/booking", "extension": parts}


def record_bundle(
    patient: PatientDetails,
    *,
    consents: Sequence[ConsentGrant],
    visits: Sequence[BookedVisit],
    entries: Sequence[dict[str, Any]],
    timestamp: datetime,
    privacy: Sequence[PrivacyAgreement] = (),
    base_url: str = DEFAULT_BASE_URL,
) -> dict[str, Any]:
    """The whole record as a collection Bundle, the Patient first.

    `entries` are Bundle entries (``fullUrl`` and ``resource``) already built by the
    other mappers with `patient_reference` as their subject: the symptom checks'
    entries of `triage_bundle`, the CarePlan and the Observations.
    """
    subject = patient_reference(patient, base_url)
    own: list[dict[str, Any]] = [
        {"fullUrl": subject, "resource": patient_to_fhir(patient, base_url=base_url)}
    ]
    own += [
        {
            "fullUrl": resource_url(
                base_url,
                "Consent",
                patient.key,
                PRIVACY_SCOPE,
                a.notice_version,
                fhir_datetime(a.given),
            ),
            "resource": privacy_to_consent(
                a, subject_reference=subject, base_url=base_url
            ),
        }
        for a in privacy
    ]
    own += [
        {
            "fullUrl": resource_url(
                base_url, "Consent", patient.key, g.clinic_key, fhir_datetime(g.granted)
            ),
            "resource": grant_to_consent(
                g, subject_reference=subject, base_url=base_url
            ),
        }
        for g in consents
    ]
    own += [
        {
            "fullUrl": resource_url(base_url, "Appointment", v.key),
            "resource": appointment_to_fhir(
                v, subject_reference=subject, base_url=base_url
            ),
        }
        for v in visits
    ]
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": fhir_datetime(timestamp),
        "entry": [*own, *entries],
    }
