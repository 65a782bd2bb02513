"""Two voices: plain sources for runners, findings for clinicians."""

from __future__ import annotations

import re

import pytest

from tractus.triage import ALL_RULES, EVIDENCE_NOTE, TriageResult, assess
from tractus.triage.voices import (
    clinician_findings,
    runner_evidence,
    runner_source,
    runner_text,
)

from .team_vignettes import CASES
from .vignettes import CLASSIC

_CODES = re.compile(r"clinical\.md|§|\[(Moderate|Weak|Expert opinion)\]")


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_a_runner_never_sees_our_reference_file_or_a_code(rule):
    plain = runner_source(rule.id, rule.source)
    assert plain and not _CODES.search(plain)


def test_load_sources_read_as_authors_year_journal():
    assert runner_source("load.long_run_spike", "clinical.md §4.1 — BJSM 2025") == (
        "Frandsen et al., 2025, British Journal of Sports Medicine"
    )
    assert runner_evidence("[Moderate]") == "moderate evidence"
    assert runner_evidence("[Expert opinion]") == "expert opinion"
    assert not _CODES.search(runner_text(EVIDENCE_NOTE))


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.red_flags], ids=lambda c: c.name
)
def test_the_clinician_reads_what_the_runner_reports(case):
    result = assess(case.answers)
    findings = clinician_findings(result)
    for flag, line in zip(result.red_flags, findings, strict=False):
        assert line == flag.finding and line.startswith("The runner reports")
    assert not any("Go to" in line or "See a doctor" in line for line in findings)


def test_an_old_result_without_findings_still_reads_for_a_clinician():
    data = assess(CLASSIC | {"lump_near_knee": True}).to_dict()
    for flag in data["red_flags"]:
        del flag["finding"]
    findings = clinician_findings(TriageResult.from_dict(data))
    assert findings[0].startswith("The runner's answers meet the red flag")
