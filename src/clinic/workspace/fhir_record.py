"""A runner's record as one FHIR R5 Bundle: rows to core types, mapped by `tractus.fhir`.

`record_bundle_of` takes the parts of the record to include, a `RecordScope` from
`clinic.runners.access`: the whole record for the runner and for
`manage.py export_fhir`; for a clinician, what their clinic's grants cover, and
only their own clinics' assessments and notes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from clinic.bookings.models import Appointment
from clinic.programmes.exports import care_plan_of, outcome_observations
from clinic.programmes.models import Programme
from clinic.runners.access import WHOLE_RECORD, RecordScope
from clinic.runners.models import AccessGrant, Area, Runner
from clinic.triage import flow
from clinic.triage.models import TriageAssessment
from clinic.triage.services import result_of
from clinic.workspace.fhir_parts import (
    clinical_entries,
    motion_entries,
    training_entries,
)
from clinic.workspace.fhir_rehab_log import rehab_log_entries
from tractus.fhir import triage_bundle, validate_resource
from tractus.fhir.bundle import (
    BookedVisit,
    ConsentGrant,
    PatientDetails,
    PrivacyAgreement,
    patient_reference,
    record_bundle,
    resource_url,
)
from tractus.fhir.questionnaire import DEFAULT_BASE_URL
from tractus.fhir.responses import mark_corrected
from tractus.triage import questionnaire_for


def _patient(runner: Runner) -> PatientDetails:
    user = runner.user
    return PatientDetails(
        key=user.email,
        name=str(user),
        email=user.email,
        birth_date=runner.date_of_birth,
        time_zone=runner.timezone,
    )


def _consents(runner: Runner, scope: RecordScope) -> list[ConsentGrant]:
    grants = AccessGrant.objects.filter(runner=runner).select_related("clinic")
    if scope.clinic_ids is not None:
        grants = grants.filter(clinic_id__in=scope.clinic_ids)
    return [
        ConsentGrant(
            clinic_key=g.clinic.slug,
            clinic_name=g.clinic.name,
            areas=tuple(a.value for a in g.areas),
            granted=g.granted_at,
            withdrawn=g.withdrawn_at,
        )
        for g in grants.order_by("granted_at", "pk")
    ]


def _privacy(runner: Runner) -> list[PrivacyAgreement]:
    """Each version of the privacy notice the runner agreed to, oldest first."""
    return [
        PrivacyAgreement(notice_version=c.notice_version, given=c.given_at)
        for c in runner.user.privacy_consents.order_by("given_at", "pk")
    ]


def _visits(runner: Runner, scope: RecordScope) -> list[BookedVisit]:
    rows = Appointment.objects.filter(runner=runner).select_related(
        "clinic", "clinician", "appointment_type", "location"
    )
    if scope.clinic_ids is not None:
        rows = rows.filter(clinic_id__in=scope.clinic_ids)
    return [
        BookedVisit(
            key=str(a.public_id),
            status=a.status,
            service=a.appointment_type.name,
            clinic_name=a.clinic.name,
            clinician_name=str(a.clinician),
            location_name=a.location.name,
            start=a.starts_at,
            end=a.ends_at,
            created=a.created_at,
            clinic_key=a.clinic.slug,
            clinician_key=a.clinician.email,
            location_time_zone=a.location.time_zone,
            service_kind=a.appointment_type.kind,
            blocked_from=a.blocked_from,
            blocked_until=a.blocked_until,
            cancelled=a.cancelled_at,
            hold_expires=a.hold_expires_at,
        )
        for a in rows.order_by("starts_at", "pk")
    ]


def _triage_entries(runner: Runner, subject: str) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for check in TriageAssessment.objects.filter(runner=runner).order_by("created_at"):
        result = result_of(check)
        questionnaire = questionnaire_for(check.questionnaire_version)
        answers = flow.validated(check.answers, questionnaire, complete=result.complete)
        bundle = triage_bundle(
            answers,
            result,
            subject_reference=subject,
            authored=check.created_at,
            questionnaire=questionnaire,
        )
        if check.corrected_at is not None:
            mark_corrected(bundle["entry"][0]["resource"], check.corrected_at)
        entries += bundle["entry"]
    return entries


def _rehab_entries(runner: Runner, subject: str) -> list[dict[str, Any]]:
    """Every programme, oldest first (a replaced one keeps its logs), then outcomes."""
    entries: list[dict[str, Any]] = []
    for programme in Programme.objects.filter(runner=runner).order_by(
        "created_at", "pk"
    ):
        care_plan = care_plan_of(programme, subject=subject)
        url = resource_url(DEFAULT_BASE_URL, "CarePlan", subject, care_plan["created"])
        entries.append({"fullUrl": url, "resource": care_plan})
        entries += rehab_log_entries(programme, subject=subject, care_plan_url=url)
    observations = outcome_observations(runner.pk, subject=subject, tzinfo=UTC)
    for index, observation in enumerate(observations):
        url = resource_url(DEFAULT_BASE_URL, "Observation", subject, str(index))
        entries.append({"fullUrl": url, "resource": observation})
    return entries


def record_bundle_of(
    runner: Runner, *, now: datetime, scope: RecordScope = WHOLE_RECORD
) -> dict[str, Any]:
    """The runner's record within `scope` as a validated collection Bundle."""
    patient = _patient(runner)
    subject = patient_reference(patient)
    entries: list[dict[str, Any]] = []
    if Area.TRIAGE in scope.areas:
        entries += _triage_entries(runner, subject)
    if Area.REHAB in scope.areas:
        entries += _rehab_entries(runner, subject)
    if Area.TRAINING in scope.areas:
        entries += training_entries(runner, subject, today=runner.local_today(now))
    if Area.MOTION in scope.areas:
        entries += motion_entries(runner.pk, subject)
    entries += clinical_entries(runner.pk, subject, clinic_ids=scope.clinic_ids)
    bundle = record_bundle(
        patient,
        consents=_consents(runner, scope),
        privacy=_privacy(runner),
        visits=_visits(runner, scope),
        entries=entries,
        timestamp=now,
    )
    validate_resource(bundle)
    return bundle
