"""HL7 FHIR (R5) mapping of the Tractus domain, as plain dicts.

The core builds resources as dicts (no HTTP, no server): the triage
questionnaire as a ``Questionnaire``, a runner's answers as a
``QuestionnaireResponse``, the triage result as a ``RiskAssessment`` and both
together as a ``Bundle``. `validate_resource` checks any of them against the
R5 models of ``fhir.resources``.
"""

from __future__ import annotations

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
    "answer_code_system",
    "answers_to_questionnaire_response",
    "fhir_datetime",
    "questionnaire_canonical",
    "questionnaire_to_fhir",
    "result_to_risk_assessment",
    "triage_bundle",
    "validate_resource",
]
