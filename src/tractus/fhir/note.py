"""A SOAP note as a FHIR R5 ``Composition``, and back.

Why a Composition: FHIR R5 gives clinical notes to Composition, "a set of
healthcare-related information assembled together into a single logical package",
with a coded type and one section per part; a SOAP note is exactly that (LOINC
11506-3 *Progress note*; sections 61150-9 Subjective, 61149-1 Objective, 51848-0
Assessment, 18776-5 Plan of care). ClinicalImpression records the reasoning of an
assessment (problems, findings, its investigation) rather than a note's text, and a
DocumentReference would carry the note as an opaque attachment a receiver could not
read by section. Each section's text is the narrative (XHTML ``div``); the objective
section's entry points at the assessment Observation the note was written with.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lxml import etree

from tractus.errors import FhirInputError
from tractus.fhir.questionnaire import DEFAULT_BASE_URL, fhir_datetime
from tractus.fhir.reading import read_list, read_mapping, read_str
from tractus.fhir.references import clinic_reference, identifier

__all__ = ["SoapNote", "composition_to_note", "note_to_composition"]

_LOINC = "http://loinc.org"
_PROGRESS_NOTE = {"system": _LOINC, "code": "11506-3", "display": "Progress note"}
# (field of SoapNote, section title, LOINC code, LOINC display)
SECTIONS = (
    ("subjective", "Subjective", "61150-9", "Subjective Narrative"),
    ("objective", "Objective", "61149-1", "Objective Narrative"),
    ("analysis", "Assessment", "51848-0", "Evaluation note"),
    ("plan", "Plan", "18776-5", "Plan of care note"),
)
_XHTML = "http://www.w3.org/1999/xhtml"
# Hardened like the activity readers: no entities, no network, no huge trees.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@dataclass(frozen=True, slots=True)
class SoapNote:
    """A clinician's note in four parts (any may be empty)."""

    subjective: str
    objective: str
    analysis: str
    plan: str


def _div(text: str) -> str:
    """The text as an XHTML div; line breaks kept as written (pre-wrap)."""
    return (
        f'<div xmlns="{_XHTML}" style="white-space: pre-wrap">'
        f"{html.escape(text, quote=False)}</div>"
    )


def note_to_composition(
    note: SoapNote,
    *,
    key: str,
    subject_reference: str,
    date: datetime,
    author_name: str,
    clinic: tuple[str, str],
    assessment_reference: str | None = None,
    base_url: str = DEFAULT_BASE_URL,
) -> dict[str, Any]:
    """The note as a final Composition; `clinic` (key, name) is its custodian."""
    sections = []
    for name, title, code, display in SECTIONS:
        text = getattr(note, name)
        section: dict[str, Any] = {
            "title": title,
            "code": {"coding": [{"system": _LOINC, "code": code, "display": display}]},
        }
        if text:
            section["text"] = {"status": "additional", "div": _div(text)}
        if name == "objective" and assessment_reference is not None:
            section["entry"] = [{"reference": assessment_reference}]
        if "text" in section or "entry" in section:
            sections.append(section)
    return {
        "resourceType": "Composition",
        "identifier": [identifier(base_url, "clinical-note", key)],
        "status": "final",
        "type": {"coding": [_PROGRESS_NOTE], "text": "SOAP note"},
        "subject": [{"reference": subject_reference}],
        "date": fhir_datetime(date),
        "author": [{"display": author_name}],
        "title": f"SOAP note by {author_name}",
        "custodian": clinic_reference(base_url, *clinic),
        "section": sections,
    }


def _text_of(div: str, where: str) -> str:
    try:
        root = etree.fromstring(div.encode("utf-8"), parser=_PARSER)
    except etree.XMLSyntaxError as error:
        raise FhirInputError(where, f"not XHTML ({error})") from None
    return "".join(root.itertext())


def composition_to_note(
    composition: Mapping[str, Any],
) -> tuple[SoapNote, str | None]:
    """The note of a Composition and the reference of its assessment, if any."""
    parts = {name: "" for name, *_ in SECTIONS}
    codes = {code: name for name, _, code, _ in SECTIONS}
    assessment: str | None = None
    for n, section in enumerate(read_list(composition, "section", "Composition")):
        where = f"section[{n}]"
        if not isinstance(section, Mapping):
            raise FhirInputError(where, "must be an object")
        coding = read_list(read_mapping(section, "code", where), "coding", where)
        code = (
            coding[0].get("code") if coding and isinstance(coding[0], Mapping) else None
        )
        if code not in codes:
            raise FhirInputError(f"{where}.code", f"not a SOAP section: {code!r}")
        if "text" in section:
            narrative = read_mapping(section, "text", where)
            parts[codes[code]] = _text_of(
                read_str(narrative, "div", f"{where}.text"), f"{where}.text.div"
            )
        for entry in read_list(section, "entry", where):
            if isinstance(entry, Mapping) and isinstance(entry.get("reference"), str):
                assessment = entry["reference"]
    return SoapNote(**parts), assessment
