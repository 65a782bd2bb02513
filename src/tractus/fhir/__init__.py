"""HL7 FHIR (R5) mapping of the Tractus domain, as plain dicts.

The core builds resources as dicts (no HTTP, no server): the triage
questionnaire as a ``Questionnaire``, a runner's answers as a
``QuestionnaireResponse``, the triage result as a ``RiskAssessment`` and both
together as a ``Bundle``, a rehab programme as a ``CarePlan`` and its outcomes as
``Observation``s. The rest of a runner's record has its own module: `bundle` (the
whole record: Patient, Consent, Appointment), `exam` (the head-to-toe assessment as an
Observation with components), `note` (a SOAP note as a Composition), `training`
(activities, weekly load and load flags as Observations), `motion` (an analysis as a
DocumentReference and an Observation) and `programme_state` (what a CarePlan needs to
become a programme again). Each mapping has its reader for an import (`bundle_reading`,
`responses`, and the ``*_to_*`` inverses), which raise `FhirInputError` naming the
field. `validate_resource` checks any resource against the R5 models of
``fhir.resources``.
"""

from __future__ import annotations

from tractus.fhir.care_plan import (
    PAIN_LOINC,
    RecordedOutcome,
    outcome_to_observation,
    programme_to_care_plan,
    rehab_bundle,
)
from tractus.fhir.questionnaire import (
    DEFAULT_BASE_URL,
    answer_code_system,
    answers_to_questionnaire_response,
    fhir_datetime,
    questionnaire_canonical,
    questionnaire_to_fhir,
)
from tractus.fhir.risk_assessment import result_to_risk_assessment, triage_bundle
from tractus.fhir.validation import FHIR_VERSION, validate_resource

__all__ = [
    "DEFAULT_BASE_URL",
    "FHIR_VERSION",
    "PAIN_LOINC",
    "RecordedOutcome",
    "answer_code_system",
    "answers_to_questionnaire_response",
    "fhir_datetime",
    "outcome_to_observation",
    "programme_to_care_plan",
    "questionnaire_canonical",
    "questionnaire_to_fhir",
    "rehab_bundle",
    "result_to_risk_assessment",
    "triage_bundle",
    "validate_resource",
]
