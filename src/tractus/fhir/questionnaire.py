"""The symptom questionnaire and a runner's answers as FHIR R5 resources.

`questionnaire_to_fhir` maps each page to a ``group`` item and each question to
a typed item (yes/no → ``boolean``, integer → ``integer``, number → ``decimal``,
choices → ``coding`` with ``answerOption``s, ``repeats`` for multi-choice).
Skip logic becomes ``enableWhen`` (one entry per allowed value, behaviour
``any``); ranges and units use the standard ``minValue``/``maxValue`` and
``questionnaire-unit`` extensions; help text is a ``display`` child with the
``help`` item control. `answers_to_questionnaire_response` mirrors that tree.
The resources are plain dicts; FHIR R5 is the version (fhir.resources 8's default).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from tractus.triage.questionnaire import AnswerType, Question, Questionnaire

__all__ = [
    "DEFAULT_BASE_URL",
    "answer_code_system",
    "answers_to_questionnaire_response",
    "fhir_datetime",
    "questionnaire_canonical",
    "questionnaire_to_fhir",
]

DEFAULT_BASE_URL = "https://tractus.example/fhir/"

_SD = "http://hl7.org/fhir/StructureDefinition/"
_ITEM_TYPE = {
    AnswerType.YES_NO: "boolean",
    AnswerType.INTEGER: "integer",
    AnswerType.NUMBER: "decimal",
    AnswerType.SINGLE_CHOICE: "coding",
    AnswerType.MULTI_CHOICE: "coding",
}
# UCUM codes for the units the questionnaire uses.
_UCUM = {
    "years": ("a", "years"),
    "min": ("min", "minutes"),
    "km": ("km", "km"),
    "%": ("%", "%"),
}


def fhir_datetime(moment: datetime) -> str:
    """An aware datetime as a FHIR dateTime in UTC; naive datetimes are refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("FHIR date-times must be timezone-aware")
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def questionnaire_canonical(
    questionnaire: Questionnaire, *, base_url: str = DEFAULT_BASE_URL
) -> str:
    """The canonical URL of the questionnaire (without version)."""
    return f"{base_url}Questionnaire/{questionnaire.id}"


def answer_code_system(
    questionnaire: Questionnaire, question_id: str, *, base_url: str = DEFAULT_BASE_URL
) -> str:
    """The code system of one choice question's option codes."""
    return f"{base_url}CodeSystem/{questionnaire.id}-{question_id}"


def _coding(
    questionnaire: Questionnaire, question: Question, code: str, base_url: str
) -> dict[str, str]:
    label = next(o.label for o in question.options if o.code == code)
    system = answer_code_system(questionnaire, question.id, base_url=base_url)
    return {"system": system, "code": code, "display": label}


def _range_extensions(question: Question) -> list[dict[str, Any]]:
    key = (
        "valueInteger" if question.answer_type is AnswerType.INTEGER else "valueDecimal"
    )
    cast = int if question.answer_type is AnswerType.INTEGER else float
    extensions: list[dict[str, Any]] = [
        {"url": f"{_SD}minValue", key: cast(question.minimum)},  # type: ignore[arg-type]
        {"url": f"{_SD}maxValue", key: cast(question.maximum)},  # type: ignore[arg-type]
    ]
    if question.unit in _UCUM:
        code, display = _UCUM[question.unit]
        extensions.append(
            {
                "url": f"{_SD}questionnaire-unit",
                "valueCoding": {
                    "system": "http://unitsofmeasure.org",
                    "code": code,
                    "display": display,
                },
            }
        )
    return extensions


def _help_item(question: Question) -> dict[str, Any]:
    control = {
        "system": "http://hl7.org/fhir/questionnaire-item-control",
        "code": "help",
        "display": "Help-Button",
    }
    return {
        "linkId": f"{question.id}.help",
        "type": "display",
        "text": question.help_text,
        "extension": [
            {
                "url": f"{_SD}questionnaire-itemControl",
                "valueCodeableConcept": {"coding": [control]},
            }
        ],
    }


def _enable_when(
    questionnaire: Questionnaire, question: Question, base_url: str
) -> list[dict[str, Any]]:
    condition = question.enable_when
    assert condition is not None
    controller = questionnaire.question(condition.question_id)
    entries = []
    for value in condition.values:
        entry: dict[str, Any] = {"question": controller.id, "operator": "="}
        if isinstance(value, bool):
            entry["answerBoolean"] = value
        else:
            entry["answerCoding"] = _coding(questionnaire, controller, value, base_url)
        entries.append(entry)
    return entries


def _question_item(
    questionnaire: Questionnaire, question: Question, base_url: str
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "linkId": question.id,
        "text": question.text,
        "type": _ITEM_TYPE[question.answer_type],
        "required": question.required,
        "repeats": question.answer_type is AnswerType.MULTI_CHOICE,
    }
    if question.options:
        item["answerConstraint"] = "optionsOnly"
        item["answerOption"] = [
            {"valueCoding": _coding(questionnaire, question, o.code, base_url)}
            for o in question.options
        ]
    if question.minimum is not None:
        item["extension"] = _range_extensions(question)
    if question.enable_when is not None:
        item["enableWhen"] = _enable_when(questionnaire, question, base_url)
        item["enableBehavior"] = "any"
    if question.help_text:
        item["item"] = [_help_item(question)]
    return item


def questionnaire_to_fhir(
    questionnaire: Questionnaire, *, base_url: str = DEFAULT_BASE_URL
) -> dict[str, Any]:
    """The questionnaire as a FHIR R5 ``Questionnaire`` (a plain dict).

    Parameters
    ----------
    questionnaire
        The questionnaire (e.g. `tractus.triage.QUESTIONNAIRE`).
    base_url
        Base of the canonical URLs, ending in a slash.

    Returns
    -------
    dict
        A resource that validates with ``fhir.resources``.
    """
    return {
        "resourceType": "Questionnaire",
        "id": questionnaire.id,
        "url": questionnaire_canonical(questionnaire, base_url=base_url),
        "version": questionnaire.version,
        "name": "TractusItbsTriage",
        "title": questionnaire.title,
        "status": "active",
        "subjectType": ["Patient"],
        "item": [
            {
                "linkId": page.id,
                "text": page.title,
                "type": "group",
                "item": [
                    _question_item(questionnaire, questionnaire.question(q), base_url)
                    for q in page.question_ids
                ],
            }
            for page in questionnaire.pages
        ],
    }


def _answer_values(
    questionnaire: Questionnaire, question: Question, value: object, base_url: str
) -> list[dict[str, Any]]:
    match question.answer_type:
        case AnswerType.YES_NO:
            return [{"valueBoolean": value}]
        case AnswerType.INTEGER:
            return [{"valueInteger": value}]
        case AnswerType.NUMBER:
            return [{"valueDecimal": value}]
    codes = value if isinstance(value, tuple | list) else (value,)
    return [
        {"valueCoding": _coding(questionnaire, question, str(c), base_url)}
        for c in codes
    ]


def answers_to_questionnaire_response(
    answers: Mapping[str, object],
    *,
    questionnaire: Questionnaire,
    subject_reference: str,
    authored: datetime,
    base_url: str = DEFAULT_BASE_URL,
    complete: bool = True,
) -> dict[str, Any]:
    """Validated answers as a FHIR R5 ``QuestionnaireResponse``.

    The status is ``completed``, or ``stopped`` for a check that stopped early at
    an emergency (FHIR R5: "abandoned before completion; answers entered").

    Parameters
    ----------
    answers
        `Answers` from `tractus.triage.validate_answers`.
    questionnaire
        The questionnaire answered.
    subject_reference
        Reference to the runner, e.g. ``Patient/123``.
    authored
        When the answers were given (timezone-aware).
    base_url
        Base of the canonical URLs.
    complete
        False for the answers given before the check stopped.

    Returns
    -------
    dict
        The resource; pages without an answer are left out, and an empty
        multi-choice answer is left out (FHIR items need at least one answer).
    """
    groups = []
    for page in questionnaire.pages:
        items = [
            {
                "linkId": qid,
                "text": questionnaire.question(qid).text,
                "answer": _answer_values(
                    questionnaire, questionnaire.question(qid), answers[qid], base_url
                ),
            }
            for qid in page.question_ids
            if qid in answers and answers[qid] != ()
        ]
        if items:
            groups.append({"linkId": page.id, "text": page.title, "item": items})
    canonical = questionnaire_canonical(questionnaire, base_url=base_url)
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{canonical}|{questionnaire.version}",
        "status": "completed" if complete else "stopped",
        "subject": {"reference": subject_reference},
        "authored": fhir_datetime(authored),
        "item": groups,
    }
