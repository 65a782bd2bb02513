"""Two voices for one result: plain words for the runner, findings for a clinician.

Runners see sources as "authors, year, journal" and evidence in words, never a
section of our reference file or an evidence code. Clinicians see what the
runner reported, in a clinician's wording, and the rules that fired, without the
runner's call to action. Both read the same `TriageResult`.
"""

from __future__ import annotations

import re

from tractus.triage.result import TriageResult

__all__ = [
    "PLAIN_SOURCES",
    "clinician_findings",
    "runner_evidence",
    "runner_source",
    "runner_text",
]

# Rule id -> the source as a runner reads it (authors, year, journal), for the
# rules whose source the result page shows them (clinical.md §4.1, §4.2, §4.7, §9).
PLAIN_SOURCES: dict[str, str] = {
    "load.weekly_distance_spike": (
        "Nielsen RO et al., 2014, Journal of Orthopaedic & Sports Physical Therapy"
    ),
    "load.long_run_spike": "Frandsen et al., 2025, British Journal of Sports Medicine",
    "load.new_hills_downhill": (
        "Orchard JW et al., 1996, American Journal of Sports Medicine; BMJ Best "
        "Practice"
    ),
    "load.camber_or_track": "BMJ Best Practice; American Family Physician, 2007",
    "load.new_speed_work": "BMJ Best Practice",
    "load.new_shoes": "Sutker AN et al., 1985, Sports Medicine",
    "load.new_surface": "Sutker AN et al., 1985, Sports Medicine",
}

_EVIDENCE_WORDS = {
    "[Moderate]": "moderate evidence",
    "[Weak]": "weak evidence",
    "[Expert opinion]": "expert opinion",
}
# Our reference file named in a source: "clinical.md §3 and §2 — ", "clinical.md
# §2 (last row) and §3 — ", "clinical.md §2 (lumbar referral); ", and in a note
# "(clinical.md §1.4, §8)".
_LEADING_REFERENCE = re.compile(r"^clinical\.md[^—;]*[—;]\s*")
_TRAILING_REFERENCE = re.compile(r"[;,]?\s*clinical\.md[^;)]*$")
_NOTE_REFERENCE = re.compile(r"\s*\(clinical\.md[^)]*\)")


def runner_source(rule_id: str, source: str) -> str:
    """The source of a rule as a runner reads it: authors, year, journal.

    References
    ----------
    clinical.md §9 (source index).
    """
    if rule_id in PLAIN_SOURCES:
        return PLAIN_SOURCES[rule_id]
    plain = _LEADING_REFERENCE.sub("", source)
    return _TRAILING_REFERENCE.sub("", plain).strip(" ;—")


def runner_evidence(code: str) -> str:
    """An evidence code ("[Moderate]") in words ("moderate evidence")."""
    return _EVIDENCE_WORDS.get(code, code.strip("[]").lower())


def runner_text(text: str) -> str:
    """Advice or a note with any reference to our reference file taken out."""
    return _NOTE_REFERENCE.sub("", text).strip()


def clinician_findings(result: TriageResult) -> tuple[str, ...]:
    """What the runner reported, as a clinician writes it, most urgent first.

    Red flags saved before questionnaire 2026.2 have no finding text; their
    title stands in. No call to action: the clinician decides.
    """
    lines = [
        flag.finding or f"The runner's answers meet the red flag: {flag.title}."
        for flag in result.red_flags
    ]
    lines.append(
        f"History fit with ITBS: {result.itbs_likelihood} (score "
        f"{result.itbs_score}; no history item has known accuracy)."
    )
    lines.extend(
        f"{d.name}: the runner reports "
        + "; ".join(r.rstrip(".") for r in d.reasons)
        + "."
        for d in result.differentials
    )
    return tuple(lines)
