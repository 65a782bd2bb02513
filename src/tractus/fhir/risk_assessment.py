"""A triage result as a FHIR R5 ``RiskAssessment``, and the triage ``Bundle``.

The ITBS likelihood is the first prediction (outcome ICD-10-CM M76.30,
clinical.md §0; ``qualitativeRisk`` = the band; ``rationale`` = the reasons).
Each red flag is a further prediction whose ``qualitativeRisk`` is its urgency
and whose ``rationale`` is the advice; each differential is a prediction with
its score and reasons in the ``rationale`` (the score ranks, it is not a
probability, so ``probabilityDecimal`` is not used). The next step is the
``mitigation``; load risks and the evidence note are ``note``s.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from tractus.fhir.questionnaire import (
    DEFAULT_BASE_URL,
    answers_to_questionnaire_response,
    fhir_datetime,
)
from tractus.triage.catalogue import QUESTIONNAIRE
from tractus.triage.questionnaire import Questionnaire
from tractus.triage.result import TriageResult

__all__ = ["result_to_risk_assessment", "triage_bundle"]

# ICD-10-CM code for ITBS, unspecified leg (clinical.md §0).
_ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
_ITBS_CODE = {
    "system": _ICD10CM,
    "code": "M76.30",
    "display": "Iliotibial band syndrome, unspecified leg",
}


def _concept(base_url: str, system: str, code: str, display: str) -> dict[str, Any]:
    coding = {
        "system": f"{base_url}CodeSystem/{system}",
        "code": code,
        "display": display,
    }
    return {"coding": [coding], "text": display}


def _itbs_prediction(result: TriageResult, base_url: str) -> dict[str, Any]:
    band = str(result.itbs_likelihood)
    rationale = [f"For: {r}" for r in result.reasons_for] + [
        f"Against: {r}" for r in result.reasons_against
    ]
    return {
        "outcome": {"coding": [_ITBS_CODE], "text": "Iliotibial band syndrome"},
        "qualitativeRisk": _concept(
            base_url, "itbs-likelihood", band, band.capitalize()
        ),
        "rationale": " ".join(rationale) or "No history features recorded.",
    }


def _predictions(result: TriageResult, base_url: str) -> list[dict[str, Any]]:
    predictions = [_itbs_prediction(result, base_url)]
    for flag in result.red_flags:
        predictions.append(
            {
                "outcome": _concept(base_url, "triage-red-flag", flag.id, flag.title),
                "qualitativeRisk": _concept(
                    base_url,
                    "triage-urgency",
                    str(flag.urgency),
                    str(flag.urgency).capitalize(),
                ),
                "rationale": f"{flag.advice} Source: {flag.source}",
            }
        )
    for rank, item in enumerate(result.differentials, start=1):
        predictions.append(
            {
                "outcome": _concept(
                    base_url, "triage-differential", item.id, item.name
                ),
                "rationale": f"Rank {rank}, score {item.score}: "
                + " ".join(item.reasons),
            }
        )
    return predictions


def result_to_risk_assessment(
    result: TriageResult,
    *,
    subject_reference: str,
    occurrence: datetime,
    basis_reference: str | None = None,
    base_url: str = DEFAULT_BASE_URL,
) -> dict[str, Any]:
    """A triage result as a FHIR R5 ``RiskAssessment`` (a plain dict).

    Parameters
    ----------
    result
        The engine's result.
    subject_reference
        Reference to the runner, e.g. ``Patient/123``.
    occurrence
        When the assessment was made (timezone-aware).
    basis_reference
        Reference to the QuestionnaireResponse it was based on, if any.
    base_url
        Base of the code-system URLs.

    Returns
    -------
    dict
        The resource; it validates with ``fhir.resources``.
    """
    notes = [{"text": f"Overall urgency: {result.urgency}."}]
    notes += [
        {"text": f"Load risk {r.evidence}: {r.text} ({r.source})"}
        for r in result.load_risks
    ]
    notes.append({"text": result.evidence_note})
    notes.append(
        {
            "text": f"Questionnaire {result.questionnaire_version}, engine "
            f"{result.engine_version}; rules fired: "
            + (
                ", ".join(f"{r.rule_id}@{r.rule_version}" for r in result.rules_fired)
                or "none"
            )
        }
    )
    resource: dict[str, Any] = {
        "resourceType": "RiskAssessment",
        "status": "final",
        "subject": {"reference": subject_reference},
        "occurrenceDateTime": fhir_datetime(occurrence),
        "code": {"text": "Tractus IT band symptom check"},
        "method": {"text": f"Tractus triage engine {result.engine_version}"},
        "prediction": _predictions(result, base_url),
        "mitigation": result.next_step,
        "note": notes,
    }
    if basis_reference is not None:
        resource["basis"] = [{"reference": basis_reference}]
    return resource


def _urn(*parts: str) -> str:
    """A stable urn:uuid, so the same inputs always give the same Bundle."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, '|'.join(parts))}"


def triage_bundle(
    answers: Mapping[str, object],
    result: TriageResult,
    *,
    subject_reference: str,
    authored: datetime,
    questionnaire: Questionnaire = QUESTIONNAIRE,
    base_url: str = DEFAULT_BASE_URL,
) -> dict[str, Any]:
    """A FHIR R5 collection ``Bundle`` of a QuestionnaireResponse and a RiskAssessment.

    Parameters
    ----------
    answers
        Validated answers.
    result
        `assess(answers)`.
    subject_reference
        Reference to the runner, e.g. ``Patient/123``.
    authored
        When the answers were given and assessed (timezone-aware).
    questionnaire
        The questionnaire answered.
    base_url
        Base of the canonical URLs.

    Returns
    -------
    dict
        The Bundle; the RiskAssessment's ``basis`` points at the response's
        ``urn:uuid`` full URL. Full URLs derive from the subject, time and
        versions, so the same check always gives the same Bundle.
    """
    stamp = fhir_datetime(authored)
    response_url = _urn(base_url, subject_reference, stamp, "QuestionnaireResponse")
    assessment_url = _urn(base_url, subject_reference, stamp, "RiskAssessment")
    response = answers_to_questionnaire_response(
        answers,
        questionnaire=questionnaire,
        subject_reference=subject_reference,
        authored=authored,
        base_url=base_url,
        complete=result.complete,
    )
    assessment = result_to_risk_assessment(
        result,
        subject_reference=subject_reference,
        occurrence=authored,
        basis_reference=response_url,
        base_url=base_url,
    )
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": stamp,
        "entry": [
            {"fullUrl": response_url, "resource": response},
            {"fullUrl": assessment_url, "resource": assessment},
        ],
    }
