"""`manage.py import_fhir`: a runner's record Bundle read into this instance.

The Bundle is checked first, whole: its shape, then every resource against the R5
models of `fhir.resources`. Then, in one transaction, the runner's account is made
(no usable password: they set one through "forgotten password") and every part of
the record is saved through the core's readers (`tractus.fhir`), the same mappings
the export uses, so what is imported exports again as the same resources. Any
error names the entry (its position and type) and the field, and nothing is saved.

What is not stored but derived is not imported: a week's load and the load flags
come again from the activities, a motion analysis's Observation from its report,
the RiskAssessment from the answers (and must match what this instance's triage
engine gives for them, or the import is refused: the record must show the result
the runner saw).
"""

from __future__ import annotations

import shutil
import zoneinfo
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction

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
from clinic.runners.models import AccessGrant, Area, Runner
from clinic.training.convert import row_fields
from clinic.training.models import Activity
from clinic.triage.models import TriageAssessment
from clinic.workspace.models import Assessment, ClinicalNote
from tractus.assessment import exam_to_dict
from tractus.errors import FhirInputError, TractusError
from tractus.fhir import triage_bundle, validate_resource
from tractus.fhir.bundle import (
    appointment_from_fhir,
    consent_to_grant,
    patient_from_fhir,
)
from tractus.fhir.care_plan import PAIN_LOINC
from tractus.fhir.exam import ASSESSMENT_CODE, observation_to_exam
from tractus.fhir.motion import document_to_motion, picture_type
from tractus.fhir.note import composition_to_note
from tractus.fhir.programme_state import read_programme_state
from tractus.fhir.questionnaire import DEFAULT_BASE_URL
from tractus.fhir.reading import read_datetime, read_list, read_mapping, read_str
from tractus.fhir.references import clinic_key_of, identifier_value
from tractus.fhir.responses import response_to_answers
from tractus.fhir.training import ACTIVITY_CODE, observation_to_activity
from tractus.outcomes import MEASURES, Measure
from tractus.rehab import get_exercise
from tractus.triage import assess, validate_answers

BASE = DEFAULT_BASE_URL
# Observations derived from stored rows: computed again, never stored.
DERIVED_OBSERVATIONS = {"weekly-running-load", "load-flag", "gait", "exercise"}
# The order the parts are saved in: what a later part points at comes first.
ORDER = (
    "Patient",
    "Consent",
    "Observation",
    "Composition",
    "QuestionnaireResponse",
    "RiskAssessment",
    "CarePlan",
    "DocumentReference",
    "Appointment",
)


class RecordImportError(Exception):
    """The Bundle cannot be imported; the message names the entry and the field."""


@dataclass
class Entry:
    index: int
    full_url: str
    resource: Mapping[str, Any]

    @property
    def where(self) -> str:
        return f"entry[{self.index}] ({self.resource.get('resourceType')})"


@dataclass
class ImportResult:
    runner: Runner
    saved: Counter[str] = field(default_factory=Counter)
    derived: Counter[str] = field(default_factory=Counter)
    clinics_created: list[str] = field(default_factory=list)
    staff_created: list[str] = field(default_factory=list)


def _entries(data: object) -> list[Entry]:
    """The Bundle's entries, each resource valid FHIR R5; else the first problem."""
    if not isinstance(data, Mapping) or data.get("resourceType") != "Bundle":
        raise RecordImportError("resourceType: not a FHIR Bundle")
    if data.get("type") != "collection":
        raise RecordImportError(
            f"type: a record is a collection Bundle, not {data.get('type')!r}"
        )
    raw = data.get("entry")
    if not isinstance(raw, list) or not raw:
        raise RecordImportError("entry: the Bundle has no entries")
    entries = []
    for n, item in enumerate(raw):
        if not isinstance(item, Mapping) or not isinstance(
            item.get("resource"), Mapping
        ):
            raise RecordImportError(f"entry[{n}]: has no resource")
        if not isinstance(item.get("fullUrl"), str):
            raise RecordImportError(f"entry[{n}].fullUrl: is missing")
        entry = Entry(n, item["fullUrl"], item["resource"])
        if entry.resource.get("resourceType") not in ORDER:
            raise RecordImportError(
                f"{entry.where}: not a part of a record this instance keeps"
            )
        try:
            validate_resource(entry.resource)
        except ValueError as error:
            raise RecordImportError(
                f"{entry.where}: not valid FHIR R5: {_first_error(error)}"
            ) from None
        entries.append(entry)
    return entries


def _first_error(error: ValueError) -> str:
    errors = getattr(error, "errors", None)
    if callable(errors):
        first = errors()[0]
        place = ".".join(str(p) for p in first.get("loc", ()))
        return f"{place}: {first.get('msg')}" if place else str(first.get("msg"))
    return str(error)


def import_record(data: object) -> ImportResult:
    """Save the record a Bundle holds, all of it or nothing (`RecordImportError`)."""
    entries = _entries(data)
    patients = [e for e in entries if e.resource["resourceType"] == "Patient"]
    if len(patients) != 1:
        raise RecordImportError(f"entry: a record has one Patient, not {len(patients)}")
    written: list[Path] = []
    try:
        with transaction.atomic():
            importer = _Importer(patients[0], written)
            for kind in ORDER[1:]:
                for entry in entries:
                    if entry.resource["resourceType"] == kind:
                        importer.save(entry)
            importer.check_triage()
            return importer.result
    except BaseException:
        for folder in written:
            shutil.rmtree(folder, ignore_errors=True)
        raise


class _Importer:
    def __init__(self, patient: Entry, written: list[Path]) -> None:
        self.written = written
        self.assessments: dict[str, Assessment] = {}
        self.responses: dict[str, tuple[Entry, TriageAssessment]] = {}
        self.risk_assessments: list[Entry] = []
        runner = self._step(patient, lambda: self._patient(patient.resource))
        self.result = ImportResult(runner)
        self.runner = runner
        self.handlers: dict[str, Callable[[Entry], str | None]] = {
            "Consent": self._consent,
            "Observation": self._observation,
            "Composition": self._note,
            "QuestionnaireResponse": self._response,
            "RiskAssessment": self._risk_assessment,
            "CarePlan": self._care_plan,
            "DocumentReference": self._motion,
            "Appointment": self._appointment,
        }

    def _step(self, entry: Entry, action: Callable[[], Any]) -> Any:
        try:
            with transaction.atomic():
                return action()
        except (TractusError, IntegrityError) as error:
            raise RecordImportError(f"{entry.where}: {error}") from None

    def save(self, entry: Entry) -> None:
        saved = self._step(
            entry, lambda: self.handlers[entry.resource["resourceType"]](entry)
        )
        if saved is None:
            self.result.derived[entry.resource["resourceType"]] += 1
        else:
            self.result.saved[saved] += 1

    def _patient(self, resource: Mapping[str, Any]) -> Runner:
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

    def _clinic(self, key: str, name: str) -> Clinic:
        clinic, created = Clinic.objects.get_or_create(
            slug=key, defaults={"name": name}
        )
        if created:
            self.result.clinics_created.append(key)
        return clinic

    def _consent(self, entry: Entry) -> str:
        grant = consent_to_grant(entry.resource)
        unknown = set(grant.areas) - {a.value for a in Area}
        if unknown:
            raise FhirInputError(
                "Consent.provision.code", f"unknown area {sorted(unknown)[0]!r}"
            )
        AccessGrant.objects.create(
            runner=self.runner,
            clinic=self._clinic(grant.clinic_key, grant.clinic_name),
            granted_at=grant.granted,
            withdrawn_at=grant.withdrawn,
            **{f"share_{a.value}": a.value in grant.areas for a in Area},
        )
        return "access grants"

    def _observation(self, entry: Entry) -> str | None:
        code = _code_of(entry.resource)
        if code in DERIVED_OBSERVATIONS:
            return None
        if code == ASSESSMENT_CODE:
            return self._assessment(entry)
        if code == ACTIVITY_CODE:
            activity = observation_to_activity(entry.resource)
            Activity.objects.create(
                runner=self.runner, **row_fields(activity, source_name=activity.file)
            )
            return "activities"
        return self._outcome(entry.resource)

    def _assessment(self, entry: Entry) -> str:
        resource = entry.resource
        performers = read_list(resource, "performer", "Observation")
        if len(performers) != 2:
            raise FhirInputError(
                "Observation.performer", "needs the clinic and the clinician"
            )
        clinic = self._clinic(
            *clinic_key_of(
                performers[0], base_url=BASE, where="Observation.performer[0]"
            )
        )
        self.assessments[entry.full_url] = Assessment.objects.create(
            public_id=identifier_value(
                read_list(resource, "identifier", "Observation"),
                system=f"{BASE}NamingSystem/assessment",
            ),
            runner=self.runner,
            clinic=clinic,
            clinician=None,
            clinician_name=read_str(
                performers[1], "display", "Observation.performer[1]"
            ),
            exam=exam_to_dict(observation_to_exam(resource)),
            created_at=read_datetime(resource, "effectiveDateTime", "Observation"),
        )
        return "assessments"

    def _outcome(self, resource: Mapping[str, Any]) -> str:
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
            runner=self.runner,
            measure=measures[0].value,
            value=float(value),
            recorded_on=read_datetime(
                resource, "effectiveDateTime", "Observation"
            ).date(),
        )
        return "outcomes"

    def _note(self, entry: Entry) -> str:
        resource = entry.resource
        note, linked = composition_to_note(resource)
        if linked is not None and linked not in self.assessments:
            raise FhirInputError(
                "Composition.section.entry", f"no assessment {linked} in the Bundle"
            )
        authors = read_list(resource, "author", "Composition")
        ClinicalNote.objects.create(
            public_id=identifier_value(
                read_list(resource, "identifier", "Composition"),
                system=f"{BASE}NamingSystem/clinical-note",
            ),
            runner=self.runner,
            clinic=self._clinic(
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
            assessment=self.assessments.get(linked) if linked else None,
            subjective=note.subjective,
            objective=note.objective,
            analysis=note.analysis,
            plan=note.plan,
            created_at=read_datetime(resource, "date", "Composition"),
        )
        return "clinical notes"

    def _response(self, entry: Entry) -> str:
        questionnaire, raw, complete = response_to_answers(entry.resource)
        answers = validate_answers(raw, questionnaire=questionnaire, complete=complete)
        result = assess(answers, questionnaire=questionnaire, complete=complete)
        check = TriageAssessment.objects.create(
            runner=self.runner,
            answers=dict(answers),
            result=result.to_dict(),
            questionnaire_version=result.questionnaire_version,
            engine_version=result.engine_version,
            itbs_likelihood=result.itbs_likelihood.value,
            urgency=result.urgency.value,
            created_at=read_datetime(
                entry.resource, "authored", "QuestionnaireResponse"
            ),
        )
        self.responses[entry.full_url] = (entry, check)
        return "symptom checks"

    def _risk_assessment(self, entry: Entry) -> None:
        self.risk_assessments.append(entry)  # compared once every response is read

    def check_triage(self) -> None:
        """Each RiskAssessment must be what this instance's engine gives again."""
        from clinic.triage.services import result_of

        for entry in self.risk_assessments:
            basis = read_list(entry.resource, "basis", "RiskAssessment")
            reference = (
                basis[0].get("reference")
                if basis and isinstance(basis[0], Mapping)
                else None
            )
            if reference not in self.responses:
                raise RecordImportError(
                    f"{entry.where}.basis: names no QuestionnaireResponse of the Bundle"
                )
            response, check = self.responses[reference]
            again = triage_bundle(
                check.answers,
                result_of(check),
                subject_reference=str(response.resource["subject"]["reference"]),
                authored=check.created_at,
                questionnaire=response_to_answers(response.resource)[0],
            )["entry"][1]["resource"]
            if again != entry.resource:
                raise RecordImportError(
                    f"{entry.where}: differs from what this instance's triage engine "
                    f"({check.engine_version}) gives for the answers of {response.where}"
                )

    def _care_plan(self, entry: Entry) -> str:
        state = read_programme_state(entry.resource)
        programme = Programme.objects.create(
            runner=self.runner,
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
        return "rehab programmes"

    def _motion(self, entry: Entry) -> str:
        record = document_to_motion(entry.resource, title="")
        report = dict(record.report)
        exercise = str(report.get("exercise", ""))
        if exercise and exercise not in ExerciseChoice.values:
            raise FhirInputError("content[0]", f"unknown exercise {exercise!r}")
        frames = list(report.get("key_frames", []))
        if len(frames) != len(record.key_frames):
            raise FhirInputError(
                "content", "one picture for each key frame of the report"
            )
        model = str(report.get("model", ""))
        analysis = Analysis.objects.create(
            public_id=record.key,
            runner=self.runner,
            kind=Kind.EXERCISE if exercise else Kind.GAIT,
            exercise=exercise,
            model=model if model in ModelChoice.values else ModelChoice.FULL,
            video_name=str(report.get("source", ""))[:300],
            status=Analysis.Status.DONE,
            progress_pct=100,
            report=report,
            key_frames=[
                {
                    "file": f"key_{n}.jpg",
                    **{k: f.get(k) for k in ("frame", "label", "angle_deg")},
                }
                for n, f in enumerate(frames)
            ],
            created_at=record.created,
            finished_at=record.finished,
        )
        analysis.folder.mkdir(parents=True, exist_ok=True)
        self.written.append(analysis.folder)
        for n, picture in enumerate(record.key_frames):
            (analysis.folder / _picture_name(n, picture)).write_bytes(picture)
        return "motion analyses"

    def _appointment(self, entry: Entry) -> str:
        visit = appointment_from_fhir(entry.resource)
        if visit.service_kind not in AppointmentKind.values:
            raise FhirInputError(
                "HealthcareService.type", f"unknown kind {visit.service_kind!r}"
            )
        clinic = self._clinic(visit.clinic_key, visit.clinic_name)
        minutes = round((visit.end - visit.start).total_seconds() / 60)
        visit_type, _ = AppointmentType.objects.get_or_create(
            clinic=clinic,
            name=visit.service,
            defaults={
                "kind": visit.service_kind,
                "duration_min": minutes,
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
            clinician=self._clinician(visit.clinician_key, visit.clinician_name),
            runner=self.runner,
            appointment_type=visit_type,
            location=location,
            starts_at=visit.start,
            ends_at=visit.end,
            blocked_from=visit.start,
            blocked_until=visit.end,
            status=visit.status,
            created_at=visit.created,
        )
        return "appointments"

    def _clinician(self, email: str, name: str) -> User:
        """The clinician's account here, or one made with no password and no place
        in any clinic: it names who saw the runner and can do nothing."""
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=None, full_name=name)
            self.result.staff_created.append(email)
        return user


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


def _code_of(resource: Mapping[str, Any]) -> str:
    codings = read_list(
        read_mapping(resource, "code", "Observation"), "coding", "Observation.code"
    )
    first = codings[0] if codings and isinstance(codings[0], Mapping) else {}
    return str(first.get("code", ""))
