"""A ``QuestionnaireResponse`` of `answers_to_questionnaire_response`, read back.

The response names its questionnaire and version (``canonical|version``); each
item's answers are read by the question's type in that version, and the result is
the raw answers `tractus.triage.validate_answers` checks. Whether the check was
finished is the response's status (``completed`` or ``stopped``). A stopped check
the runner said they answered wrongly keeps its answers and its advice (a clinician
must see the emergency advice was shown), with when they corrected it as an
extension (``StructureDefinition/corrected-by-runner``): FHIR's ``amended`` would
say the answers changed, and they did not, a new check holds the new ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from tractus.errors import FhirInputError, TriageInputError
from tractus.fhir.questionnaire import DEFAULT_BASE_URL, fhir_datetime
from tractus.fhir.reading import read_datetime, read_list, read_str
from tractus.triage import questionnaire_for
from tractus.triage.questionnaire import AnswerType, Question, Questionnaire

__all__ = ["corrected_at_of", "mark_corrected", "response_to_answers"]

_VALUE_KEY = {
    AnswerType.YES_NO: "valueBoolean",
    AnswerType.INTEGER: "valueInteger",
    AnswerType.NUMBER: "valueDecimal",
}
_STATUS_COMPLETE = {"completed": True, "stopped": False}


def _corrected_url(base_url: str) -> str:
    return f"{base_url}StructureDefinition/corrected-by-runner"


def mark_corrected(
    response: dict[str, Any], when: datetime, *, base_url: str = DEFAULT_BASE_URL
) -> None:
    """Add to a response when the runner said an answer of it was a mis-tap."""
    extension = {"url": _corrected_url(base_url), "valueDateTime": fhir_datetime(when)}
    response.setdefault("extension", []).append(extension)


def corrected_at_of(
    response: Mapping[str, Any], *, base_url: str = DEFAULT_BASE_URL
) -> datetime | None:
    """When the runner corrected the check a response records, or None."""
    for n, extension in enumerate(response.get("extension") or []):
        if isinstance(extension, Mapping) and extension.get("url") == _corrected_url(
            base_url
        ):
            return read_datetime(
                extension, "valueDateTime", f"QuestionnaireResponse.extension[{n}]"
            )
    return None


def _questionnaire(response: Mapping[str, Any]) -> Questionnaire:
    canonical = read_str(response, "questionnaire", "QuestionnaireResponse")
    _, _, version = canonical.partition("|")
    try:
        return questionnaire_for(version)
    except TriageInputError:
        raise FhirInputError(
            "QuestionnaireResponse.questionnaire",
            f"questionnaire version {version!r} is not one this instance knows",
        ) from None


def _answer(question: Question, answers: list[Any], where: str) -> object:
    values = []
    for n, answer in enumerate(answers):
        if not isinstance(answer, Mapping):
            raise FhirInputError(f"{where}.answer[{n}]", "must be an object")
        if question.answer_type in _VALUE_KEY:
            values.append(answer.get(_VALUE_KEY[question.answer_type]))
        else:
            coding = answer.get("valueCoding")
            code = coding.get("code") if isinstance(coding, Mapping) else None
            if not isinstance(code, str):
                raise FhirInputError(f"{where}.answer[{n}]", "needs a valueCoding")
            values.append(code)
    if question.answer_type is AnswerType.MULTI_CHOICE:
        return values
    if len(values) != 1:
        raise FhirInputError(f"{where}.answer", "needs exactly one answer")
    return values[0]


def response_to_answers(
    response: Mapping[str, Any],
) -> tuple[Questionnaire, dict[str, object], bool]:
    """(questionnaire, raw answers, finished) of a QuestionnaireResponse.

    Raises
    ------
    FhirInputError
        An unknown questionnaire version or question, or an answer of the wrong shape
        (validate the returned answers with `tractus.triage.validate_answers`).
    """
    questionnaire = _questionnaire(response)
    status = read_str(response, "status", "QuestionnaireResponse")
    if status not in _STATUS_COMPLETE:
        raise FhirInputError("QuestionnaireResponse.status", f"unexpected {status!r}")
    known = {q.id for q in questionnaire.questions}
    raw: dict[str, object] = {}
    for g, group in enumerate(read_list(response, "item", "QuestionnaireResponse")):
        if not isinstance(group, Mapping):
            raise FhirInputError(f"item[{g}]", "must be an object")
        for i, item in enumerate(read_list(group, "item", f"item[{g}]")):
            where = f"item[{g}].item[{i}]"
            if not isinstance(item, Mapping):
                raise FhirInputError(where, "must be an object")
            link = read_str(item, "linkId", where)
            if link not in known:
                raise FhirInputError(f"{where}.linkId", f"no question {link!r}")
            question = questionnaire.question(link)
            raw[link] = _answer(question, read_list(item, "answer", where), where)
    return questionnaire, raw, _STATUS_COMPLETE[status]
