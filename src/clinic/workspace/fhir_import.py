"""`manage.py import_fhir`: a runner's record Bundle read into this instance.

The Bundle is checked first, whole: its shape, then every resource against the R5
models of `fhir.resources`. Then, in one transaction, the runner's account is made
(no usable password: they set one through "forgotten password") and every part of
the record is saved through the core's readers (`tractus.fhir`), the same mappings
the export uses, so what is imported exports again as the same resources. Any
error names the entry (its position and type) and the field, and nothing is saved.

Every programme the runner had is a CarePlan (a replaced one ``revoked``). Session
logs, logged runs and weekly reviews name their programme's CarePlan (``basedOn``),
so they are saved after every CarePlan, each on the programme its CarePlan made.

What is not stored but derived is not imported: a week's load and the load flags
come again from the activities, a motion analysis's Observation from its report,
the RiskAssessment from the answers (and must match what this instance's triage
engine gives for them, or the import is refused: the record must show the result
the runner saw).
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from django.db import DataError, IntegrityError, transaction

from clinic.accounts.models import PrivacyConsent, User
from clinic.clinics.models import Clinic
from clinic.programmes.models import Programme
from clinic.runners.models import AccessGrant, Area, Runner
from clinic.training.convert import row_fields
from clinic.training.models import Activity
from clinic.triage.models import TriageAssessment
from clinic.workspace.fhir_rehab_log import save_review, save_run, save_session
from clinic.workspace.fhir_savers import (
    Entry,
    save_assessment,
    save_motion,
    save_note,
    save_outcome,
    save_patient,
    save_programme,
    save_visit,
)
from clinic.workspace.models import Assessment
from tractus.errors import FhirInputError, TractusError
from tractus.fhir import triage_bundle, validate_resource
from tractus.fhir.bundle_reading import (
    consent_to_grant,
    consent_to_privacy,
    is_privacy_consent,
)
from tractus.fhir.exam import ASSESSMENT_CODE
from tractus.fhir.questionnaire import DEFAULT_BASE_URL
from tractus.fhir.reading import read_datetime, read_list, read_mapping
from tractus.fhir.rehab_log import REVIEW_CODE, SESSION_CODE, care_plan_of
from tractus.fhir.responses import corrected_at_of, response_to_answers
from tractus.fhir.run_log import RUN_CODE
from tractus.fhir.training import ACTIVITY_CODE, observation_to_activity
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
            importer.save_rehab_logs()
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
        self.programmes: dict[str, Programme] = {}
        self.rehab_logs: list[Entry] = []
        runner = self._step(patient, lambda: save_patient(patient.resource))
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
        except DataError as error:  # a text longer than its column (PostgreSQL)
            problem = str(error).strip().splitlines()[0]
            raise RecordImportError(f"{entry.where}: {problem}") from None

    def save(self, entry: Entry) -> None:
        if self._step(entry, lambda: _is_rehab_log(entry.resource)):
            self.rehab_logs.append(entry)  # saved once the CarePlans are
            return
        saved = self._step(
            entry, lambda: self.handlers[entry.resource["resourceType"]](entry)
        )
        if saved is None:
            self.result.derived[entry.resource["resourceType"]] += 1
        else:
            self.result.saved[saved] += 1

    def _clinic(self, key: str, name: str) -> Clinic:
        clinic, created = Clinic.objects.get_or_create(
            slug=key, defaults={"name": name}
        )
        if created:
            self.result.clinics_created.append(key)
        return clinic

    def _consent(self, entry: Entry) -> str:
        if is_privacy_consent(entry.resource):
            return self._privacy(entry)
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

    def _privacy(self, entry: Entry) -> str:
        agreement = consent_to_privacy(entry.resource)
        limit = PrivacyConsent._meta.get_field("notice_version").max_length or 0
        if len(agreement.notice_version) > limit:
            raise FhirInputError(
                "Consent.policyBasis.url",
                f"a notice version has {limit} characters at most",
            )
        PrivacyConsent.objects.create(
            user=self.runner.user,
            notice_version=agreement.notice_version,
            given_at=agreement.given,
            imported=True,  # history: the runner is asked to this notice here
        )
        return "privacy consents"

    def _note(self, entry: Entry) -> str:
        save_note(
            entry,
            runner=self.runner,
            clinic_of=self._clinic,
            assessments=self.assessments,
        )
        return "clinical notes"

    def _care_plan(self, entry: Entry) -> str:
        self.programmes[entry.full_url] = save_programme(entry, runner=self.runner)
        return "rehab programmes"

    def save_rehab_logs(self) -> None:
        """Sessions and weekly reviews, once the CarePlans they are based on exist."""
        for entry in self.rehab_logs:
            self.result.saved[self._step(entry, partial(self._rehab_log, entry))] += 1

    def _rehab_log(self, entry: Entry) -> str:
        plan = care_plan_of(entry.resource)
        if plan not in self.programmes:
            raise FhirInputError(
                "Observation.basedOn", "names no CarePlan of the Bundle"
            )
        code = _code_of(entry.resource)
        if code == SESSION_CODE:
            save_session(entry, programme=self.programmes[plan])
            return "rehab sessions"
        if code == RUN_CODE:
            save_run(entry, programme=self.programmes[plan])
            return "logged runs"
        save_review(entry, programme=self.programmes[plan])
        return "weekly reviews"

    def _motion(self, entry: Entry) -> str:
        save_motion(entry, runner=self.runner, written=self.written)
        return "motion analyses"

    def _appointment(self, entry: Entry) -> str:
        save_visit(
            entry,
            runner=self.runner,
            clinic_of=self._clinic,
            clinician_of=self._clinician,
        )
        return "appointments"

    def _observation(self, entry: Entry) -> str | None:
        code = _code_of(entry.resource)
        if code in DERIVED_OBSERVATIONS:
            return None
        if code == ASSESSMENT_CODE:
            self.assessments[entry.full_url] = save_assessment(
                entry, runner=self.runner, clinic_of=self._clinic
            )
            return "assessments"
        if code == ACTIVITY_CODE:
            activity = observation_to_activity(entry.resource)
            Activity.objects.create(
                runner=self.runner, **row_fields(activity, source_name=activity.file)
            )
            return "activities"
        save_outcome(entry.resource, runner=self.runner)
        return "outcomes"

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
            corrected_at=corrected_at_of(entry.resource),
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

    def _clinician(self, email: str, name: str) -> User:
        """The clinician's account here, or one made with no password and no place
        in any clinic: it names who saw the runner and can do nothing."""
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=None, full_name=name)
            self.result.staff_created.append(email)
        return user


def _is_rehab_log(resource: Mapping[str, Any]) -> bool:
    return resource["resourceType"] == "Observation" and _code_of(resource) in {
        SESSION_CODE,
        RUN_CODE,
        REVIEW_CODE,
    }


def _code_of(resource: Mapping[str, Any]) -> str:
    codings = read_list(
        read_mapping(resource, "code", "Observation"), "coding", "Observation.code"
    )
    first = codings[0] if codings and isinstance(codings[0], Mapping) else {}
    return str(first.get("code", ""))
