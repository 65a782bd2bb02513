"""Saving each kind of record resource an import reads (see `fhir_import`).

Each function reads one resource through the core's reader (`tractus.fhir`), which
names a bad field with `FhirInputError`, and saves the rows it stands for. Clinics
and clinicians a resource names are found or made through the importer's
`clinic_of` and `clinician_of`, which keep the list of what was made.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from clinic.accounts.models import User
from clinic.bookings.models import (
    Appointment,
    AppointmentKind,
    AppointmentType,
    Location,
)
from clinic.clinics.models import Clinic
from clinic.motionlab.models import Analysis, ExerciseChoice, Kind, ModelChoice
from clinic.programmes.models import OutcomeEntry, PlannedExercise, Programme
from clinic.runners.models import Runner
from clinic.workspace.models import Assessment, ClinicalNote
from tractus.assessment import exam_to_dict
from tractus.errors import FhirInputError
from tractus.fhir.bundle_reading import appointment_from_fhir, patient_from_fhir
from tractus.fhir.care_plan import PAIN_LOINC
from tractus.fhir.exam import observation_to_exam, sent_to_runner_of
from tractus.fhir.motion import document_to_motion, picture_type
from tractus.fhir.note import composition_to_note
from tractus.fhir.programme_state import read_programme_state
from tractus.fhir.questionnaire import DEFAULT_BASE_URL
from tractus.fhir.reading import read_datetime, read_list, read_mapping, read_str
from tractus.fhir.references import clinic_key_of, identifier_value
from tractus.outcomes import MEASURES, Measure
from tractus.rehab import get_exercise

BASE = DEFAULT_BASE_URL
ClinicOf = Callable[[str, str], Clinic]
StaffOf = Callable[[str, str], User]


@dataclass
class Entry:
    """One entry of the Bundle: its position (for messages), full URL and resource."""

    index: int
    full_url: str
    resource: Mapping[str, Any]

    @property
    def where(self) -> str:
        return f"entry[{self.index}] ({self.resource.get('resourceType')})"


_DOSE_FIELDS = (
    "exercise_id",
    "sets",
    "reps",
    "hold_s",
    "rest_s",
    "per_side",
    "optional",
    "reason",
    "source",
    "note",
    "edited_by_clinician",
)


def _picture_name(n: int, picture: bytes) -> str:
    return f"key_{n}.{'png' if picture_type(picture) == 'image/png' else 'jpg'}"


def save_patient(resource: Mapping[str, Any]) -> Runner:
    details = patient_from_fhir(resource)
    if User.objects.filter(email__iexact=details.email).exists():
        raise FhirInputError(
            "Patient.identifier",
            f"an account with {details.email} already exists here (an import "
            "never merges two records)",
        )
    if details.time_zone not in zoneinfo.available_timezones():
        raise FhirInputError(
            "Patient.extension", f"unknown time zone {details.time_zone!r}"
        )
    user = User.objects.create_user(
        email=details.email, password=None, full_name=details.name
    )
    return Runner.objects.create(
        user=user, date_of_birth=details.birth_date, timezone=details.time_zone
    )


def save_assessment(entry: Entry, *, runner: Runner, clinic_of: ClinicOf) -> Assessment:
    resource = entry.resource
    performers = read_list(resource, "performer", "Observation")
    if len(performers) != 2:
        raise FhirInputError(
            "Observation.performer", "needs the clinic and the clinician"
        )
    clinic = clinic_of(
        *clinic_key_of(performers[0], base_url=BASE, where="Observation.performer[0]")
    )
    return Assessment.objects.create(
        public_id=identifier_value(
            read_list(resource, "identifier", "Observation"),
            system=f"{BASE}NamingSystem/assessment",
        ),
        runner=runner,
        clinic=clinic,
        clinician=None,
        clinician_name=read_str(performers[1], "display", "Observation.performer[1]"),
        exam=exam_to_dict(observation_to_exam(resource)),
        created_at=read_datetime(resource, "effectiveDateTime", "Observation"),
        sent_to_runner_at=sent_to_runner_of(resource),
    )


def save_outcome(resource: Mapping[str, Any], *, runner: Runner) -> None:
    concept = read_mapping(resource, "code", "Observation")
    text = concept.get("text")
    measures = [m for m in Measure if MEASURES[m].label == text]
    codings = read_list(concept, "coding", "Observation.code")
    systems = {c.get("system") for c in codings if isinstance(c, Mapping)}
    if not measures or not systems & {
        PAIN_LOINC["system"],
        f"{BASE}CodeSystem/rehab-outcome",
    }:
        raise FhirInputError(
            "Observation.code", f"not an observation this instance keeps ({text!r})"
        )
    if "valueQuantity" in resource:
        value = read_mapping(resource, "valueQuantity", "Observation").get("value")
    else:
        value = resource.get("valueInteger")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FhirInputError("Observation.value", "must be a number")
    OutcomeEntry.objects.create(
        runner=runner,
        measure=measures[0].value,
        value=float(value),
        recorded_on=read_datetime(resource, "effectiveDateTime", "Observation").date(),
    )


def save_note(
    entry: Entry,
    *,
    runner: Runner,
    clinic_of: ClinicOf,
    assessments: Mapping[str, Assessment],
) -> None:
    resource = entry.resource
    note, linked = composition_to_note(resource)
    if linked is not None and linked not in assessments:
        raise FhirInputError(
            "Composition.section.entry", f"no assessment {linked} in the Bundle"
        )
    authors = read_list(resource, "author", "Composition")
    ClinicalNote.objects.create(
        public_id=identifier_value(
            read_list(resource, "identifier", "Composition"),
            system=f"{BASE}NamingSystem/clinical-note",
        ),
        runner=runner,
        clinic=clinic_of(
            *clinic_key_of(
                resource.get("custodian"),
                base_url=BASE,
                where="Composition.custodian",
            )
        ),
        author=None,
        author_name=read_str(
            authors[0] if authors else {}, "display", "Composition.author[0]"
        ),
        assessment=assessments.get(linked) if linked else None,
        subjective=note.subjective,
        objective=note.objective,
        analysis=note.analysis,
        plan=note.plan,
        created_at=read_datetime(resource, "date", "Composition"),
    )


def save_programme(entry: Entry, *, runner: Runner) -> Programme:
    state = read_programme_state(entry.resource)
    status = read_str(entry.resource, "status", "CarePlan")
    if status not in {"active", "on-hold", "revoked"}:
        raise FhirInputError("CarePlan.status", f"unexpected {status!r}")
    programme = Programme.objects.create(
        runner=runner,
        is_active=status != "revoked",
        created_at=read_datetime(entry.resource, "created", "CarePlan"),
        started_on=state.started_on,
        version=state.version,
        findings=dict(state.findings),
        level=state.level,
        run_stage=state.run_stage,
        stage_runs=state.stage_runs,
        clinician_note=state.clinician_note,
    )
    for position, dose in enumerate(state.exercises):
        get_exercise(dose.exercise_id)  # an unknown exercise is refused by name
        PlannedExercise.objects.create(
            programme=programme,
            position=position,
            **{k: getattr(dose, k) for k in _DOSE_FIELDS},
            answers=list(dose.answers),
        )
    return programme


def save_motion(entry: Entry, *, runner: Runner, written: list[Path]) -> None:
    record = document_to_motion(entry.resource, title="")
    report = dict(record.report)
    exercise = str(report.get("exercise", ""))
    if exercise and exercise not in ExerciseChoice.values:
        raise FhirInputError("content[0]", f"unknown exercise {exercise!r}")
    # Every key frame has its picture, or none has (an export whose pictures were
    # lost keeps the report; the analysis then shows no key frames).
    frames = list(report.get("key_frames", [])) if record.key_frames else []
    if len(frames) != len(record.key_frames):
        raise FhirInputError("content", "one picture for each key frame of the report")
    model = str(report.get("model", ""))
    analysis = Analysis.objects.create(
        public_id=record.key,
        runner=runner,
        kind=Kind.EXERCISE if exercise else Kind.GAIT,
        exercise=exercise,
        model=model if model in ModelChoice.values else ModelChoice.FULL,
        video_name=str(report.get("source", ""))[:300],
        status=Analysis.Status.DONE,
        progress_pct=100,
        report=report,
        key_frames=[
            {
                "file": _picture_name(n, picture),
                **{k: f.get(k) for k in ("frame", "label", "angle_deg")},
            }
            for n, (f, picture) in enumerate(
                zip(frames, record.key_frames, strict=True)
            )
        ],
        created_at=record.created,
        finished_at=record.finished,
    )
    analysis.folder.mkdir(parents=True, exist_ok=True)
    written.append(analysis.folder)
    for n, picture in enumerate(record.key_frames):
        (analysis.folder / _picture_name(n, picture)).write_bytes(picture)
    _save_thumbnails(analysis, record.key_frames)


def _save_thumbnails(analysis: Analysis, pictures: Sequence[bytes]) -> None:
    """The small key frames the lists and the timeline show, as an analysis run
    makes them. A picture OpenCV cannot read gets none: it is shown full size."""
    from tractus.errors import MotionError
    from tractus.motion.video.render import KEY_FRAME_SUFFIX, thumbnail

    for n, picture in enumerate(pictures):
        try:
            small = thumbnail(picture)
        except MotionError:
            continue
        name = f"thumb_{n}{KEY_FRAME_SUFFIX}"
        (analysis.folder / name).write_bytes(small)
        analysis.key_frames[n]["thumb"] = name
    analysis.save(update_fields=["key_frames"])


def save_visit(
    entry: Entry, *, runner: Runner, clinic_of: ClinicOf, clinician_of: StaffOf
) -> None:
    visit = appointment_from_fhir(entry.resource)
    if visit.service_kind not in AppointmentKind.values:
        raise FhirInputError(
            "HealthcareService.type", f"unknown kind {visit.service_kind!r}"
        )
    clinic = clinic_of(visit.clinic_key, visit.clinic_name)
    blocked_from = visit.blocked_from or visit.start
    blocked_until = visit.blocked_until or visit.end
    if not blocked_from <= visit.start < visit.end <= blocked_until:
        raise FhirInputError(
            "Appointment.extension(booking)",
            "the diary time must hold the visit, which must end after it starts",
        )
    visit_type, _ = AppointmentType.objects.get_or_create(
        clinic=clinic,
        name=visit.service,
        defaults={
            "kind": visit.service_kind,
            "duration_min": _minutes(visit.end - visit.start),
            "buffer_before_min": _minutes(visit.start - blocked_from),
            "buffer_after_min": _minutes(blocked_until - visit.end),
            "is_active": False,
        },
    )
    location, _ = Location.objects.get_or_create(
        clinic=clinic,
        name=visit.location_name,
        defaults={"time_zone": visit.location_time_zone},
    )
    Appointment.objects.create(
        public_id=visit.key,
        clinic=clinic,
        clinician=clinician_of(visit.clinician_key, visit.clinician_name),
        runner=runner,
        appointment_type=visit_type,
        location=location,
        starts_at=visit.start,
        ends_at=visit.end,
        blocked_from=blocked_from,
        blocked_until=blocked_until,
        status=visit.status,
        created_at=visit.created,
        cancelled_at=visit.cancelled,
        hold_expires_at=visit.hold_expires,
    )


def _minutes(span: timedelta) -> int:
    return round(span.total_seconds() / 60)
