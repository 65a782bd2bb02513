"""The Tractus symptom check for lateral knee pain in runners, as data.

The questions follow the typical history of iliotibial band syndrome (ITBS), its
differential diagnoses, the red flags and the training-load risk factors of
clinical.md sections 1-4 (the candidate triage questions of section 1.5 in
particular). The pages live in `catalogue_symptoms` and `catalogue_health`.
Change `QUESTIONNAIRE_VERSION` whenever a question, option, range or skip rule
changes: saved answers and results record the version they were made with.
"""

from __future__ import annotations

from tractus.triage.catalogue_health import HEALTH_AND_TRAINING_PAGES
from tractus.triage.catalogue_symptoms import SYMPTOM_PAGES
from tractus.triage.questionnaire import Page, Questionnaire

__all__ = ["QUESTIONNAIRE", "QUESTIONNAIRE_VERSION"]

QUESTIONNAIRE_VERSION = "2026.2"

_PAGES = (*SYMPTOM_PAGES, *HEALTH_AND_TRAINING_PAGES)

QUESTIONNAIRE = Questionnaire(
    id="tractus-itbs-triage",
    version=QUESTIONNAIRE_VERSION,
    title="Is it your IT band? A symptom check for pain on the outside of the knee",
    pages=tuple(
        Page(page_id, title, tuple(q.id for q in questions))
        for page_id, title, questions in _PAGES
    ),
    questions=tuple(q for _, _, questions in _PAGES for q in questions),
)
