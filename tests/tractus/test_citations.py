"""Sources in a runner's words: studies, never our reference file."""

from __future__ import annotations

import pytest

from tractus.citations import Citation, citations, without_file_references
from tractus.motion.gait_reference import GAIT_REFERENCES
from tractus.motion.rules import RULES


def test_a_gait_source_becomes_its_studies_with_links() -> None:
    found = citations("clinical.md §4.5 (Heiderscheit 2011; Anderson 2022)")
    assert found == (
        Citation(
            "Heiderscheit BC et al., 2011, Medicine & Science in Sports & Exercise"
        ),
        Citation(
            "Anderson LM et al., 2022, Sports Medicine - Open",
            "https://doi.org/10.1186/s40798-022-00504-0",
        ),
    )


def test_two_authors_and_unknown_studies_are_kept_readable() -> None:
    found = citations("clinical.md §4.4 (Bramah 2018; Foch & Milner 2014)")
    assert [c.text.split(",")[0] for c in found] == ["Bramah C et al.", "Foch E"]
    assert citations("Zeni et al. 2008") == (Citation("Zeni, 2008"),)


def test_a_source_without_a_study_gives_nothing() -> None:
    source = "clinical.md §6.2; threshold = 2-D video MDC (clinical.md §7.5)"
    assert citations(source) == ()


@pytest.mark.parametrize(
    ("note", "plain"),
    [
        (
            "Farrar 2001, Pain 94:149; Salaffi 2004 (clinical.md §7.2)",
            "Farrar 2001, Pain 94:149; Salaffi 2004",
        ),
        ("No published minimal important difference (clinical.md §7.6)",
         "No published minimal important difference"),
        ("judge it (r 0.64-0.78, clinical.md §7.5); by eye.",
         "judge it (r 0.64-0.78); by eye."),
        ("a note only (clinical.md §7.5: 2-D angles agree at r 0.64-0.78).",
         "a note only (2-D angles agree at r 0.64-0.78)."),
        ("for clinical use (clinical.md §7.1, §8).", "for clinical use."),
        ("Nielsen 2014, JOSPT (clinical.md §4.1, §5.8 C)", "Nielsen 2014, JOSPT"),
    ],
)  # fmt: skip
def test_notes_lose_the_reference_file_and_keep_their_sense(
    note: str, plain: str
) -> None:
    assert without_file_references(note) == plain


def test_every_motion_source_reads_without_the_reference_file() -> None:
    sources = [r.source for r in GAIT_REFERENCES.values()] + [
        fault.source for rule in RULES.values() for fault in rule.faults
    ]
    for source in sources:
        for citation in citations(source):
            assert "clinical.md" not in citation.text and "§" not in citation.text
