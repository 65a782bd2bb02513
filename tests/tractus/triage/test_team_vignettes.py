"""The team's vignettes: urgency and band agreement, and never an under-triage."""

from __future__ import annotations

from pathlib import Path

import pytest

from tractus.triage import Urgency, assess
from tractus.triage.red_flags import RED_FLAG_SPECS

from .team_vignettes import CASES, Case

# The band is a judgement on weak evidence (clinical.md §1.4, §8); we report it
# and hold it to this floor, while urgency must never be lower than expected.
MIN_BAND_AGREEMENT = 0.9
REPORT = Path("test-results/team-vignettes.txt")


def _report(rows: list[tuple[Case, str, str]]) -> str:
    urgency_ok = sum(1 for case, urgency, _ in rows if urgency == case.urgency)
    band_ok = sum(1 for case, _, band in rows if band == case.likelihood)
    lines = [
        f"urgency agreement: {urgency_ok}/{len(rows)}",
        f"band agreement: {band_ok}/{len(rows)}",
    ]
    lines += [
        f"  {case.name}: urgency {urgency} (expected {case.urgency}), "
        f"band {band} (expected {case.likelihood})"
        for case, urgency, band in rows
        if (urgency, band) != (case.urgency, case.likelihood)
    ]
    return "\n".join(lines)


def test_at_least_sixty_cases_with_reasoning():
    assert len(CASES) >= 60
    assert len({case.name for case in CASES}) == len(CASES)
    assert all(len(case.reasoning) > 40 for case in CASES)


def test_every_red_flag_has_a_case():
    expected = {flag for case in CASES for flag in case.red_flags}
    assert expected == {spec.to_red_flag().id for spec in RED_FLAG_SPECS}


def test_agreement_report_and_no_under_triage():
    rows = []
    for case in CASES:
        result = assess(case.answers)
        rows.append((case, str(result.urgency), str(result.itbs_likelihood)))
    report = _report(rows)
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(report + "\n", encoding="utf-8")
    print(report)
    under = [c.name for c, u, _ in rows if Urgency(u) < Urgency(c.urgency)]
    assert under == [], f"under-triaged: {under}\n{report}"
    band_ok = sum(1 for case, _, band in rows if band == case.likelihood)
    assert band_ok / len(rows) >= MIN_BAND_AGREEMENT, report


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_the_expected_red_flags_fire(case: Case):
    fired = {flag.id for flag in assess(case.answers).red_flags}
    assert set(case.red_flags) <= fired
