"""Findings: built from a triage result, read from JSON with named errors."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tractus.errors import RehabInputError
from tractus.rehab import (
    AssessmentFindings,
    Equipment,
    FindingCode,
    Findings,
    LoadFindings,
    MotionFindings,
    Preferences,
    Side,
    TriageSummary,
    findings_from_dict,
    findings_to_dict,
)
from tractus.triage import assess
from tractus.triage.result import Urgency

from ..triage.vignettes import VIGNETTES_BY_NAME


def _result(name: str):
    return assess(VIGNETTES_BY_NAME[name].answers)


def test_a_triage_result_gives_its_load_findings():
    findings = Findings.from_triage(_result("classic_itbs_after_mileage_jump"))
    assert findings.load == LoadFindings(
        weekly_distance_spike=True, long_run_spike=True, downhill=True
    )
    assert Findings.from_triage(_result("itbs_camber_track_runner")).load == (
        LoadFindings(camber_or_track=True)
    )


def test_a_red_flag_result_keeps_its_flags():
    result = _result("septic_knee")
    findings = Findings.from_triage(result)
    assert findings.triage.has_red_flag
    assert findings.triage.red_flags == result.red_flags


def test_codes_list_every_positive_finding_in_order():
    findings = Findings(
        TriageSummary(),
        load=LoadFindings(downhill=True),
        motion=MotionFindings(cadence_spm=160, low_cadence=True),
        assessment=AssessmentFindings(weak_hip_abductors=True, tight_tfl_itb=True),
    )
    assert findings.codes() == (
        FindingCode.LATERAL_KNEE_PAIN,
        FindingCode.DOWNHILL,
        FindingCode.LOW_CADENCE,
        FindingCode.WEAK_HIP_ABDUCTORS,
        FindingCode.TIGHT_TFL_ITB,
    )
    assert all(code.label for code in FindingCode)


def test_every_yes_no_finding_field_has_a_code():
    for part in (LoadFindings, MotionFindings, AssessmentFindings):
        for name, kind in part.__annotations__.items():
            if kind == "bool":
                assert FindingCode(name)


_bools = st.booleans()
_findings = st.builds(
    Findings,
    triage=st.just(TriageSummary()),
    load=st.builds(
        LoadFindings,
        weekly_distance_spike=_bools,
        downhill=_bools,
        weekly_distance_km=st.none() | st.floats(0, 300),
    ),
    motion=st.builds(
        MotionFindings,
        cadence_spm=st.none() | st.floats(120, 200),
        low_cadence=_bools,
        crossover=_bools,
    ),
    assessment=st.none()
    | st.builds(
        AssessmentFindings,
        weak_hip_abductors=_bools,
        affected_side=st.none() | st.sampled_from(Side),
    ),
    preferences=st.builds(
        Preferences,
        days_per_week=st.integers(2, 6),
        equipment=st.frozensets(st.sampled_from(Equipment)),
    ),
)


@given(_findings)
def test_json_round_trips(findings: Findings):
    text = json.dumps(findings_to_dict(findings))
    assert findings_from_dict(json.loads(text)) == findings


def test_the_triage_json_of_the_command_line_is_accepted():
    for vignette in VIGNETTES_BY_NAME.values():
        result = assess(vignette.answers)
        findings = findings_from_dict({"triage": result.to_dict()})
        assert findings.triage == TriageSummary.from_result(result)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "findings: must be a JSON object"),
        ({}, "triage: missing"),
        ({"triage": {}, "motion": {"cadence": 170}}, "motion.cadence: is not a known"),
        ({"triage": {}, "motion": {"crossover": "yes"}}, "motion.crossover: must be"),
        (
            {"triage": {}, "motion": {"cadence_spm": "fast"}},
            "cadence_spm: must be a num",
        ),
        ({"triage": {}, "load": {"weekly_distance_km": -3}}, "must be 0 or more"),
        ({"triage": {"urgency": "soon"}}, "triage.urgency: must be one of"),
        ({"triage": {"red_flags": [{"id": "x"}]}}, "triage.urgency: is 'none' but"),
        (
            {"triage": {}, "preferences": {"days_per_week": 9}},
            "days_per_week: must be 2",
        ),
        ({"triage": {}, "preferences": {"equipment": ["bike"]}}, r"equipment\[0\]"),
        ({"triage": {}, "assessment": {"affected_side": "up"}}, "affected_side: must"),
    ],
)
def test_bad_input_names_the_field(data: object, message: str):
    with pytest.raises(RehabInputError, match=message):
        findings_from_dict(data)


def test_a_red_flag_summary_reports_it():
    summary = TriageSummary(urgency=Urgency.URGENT)
    assert summary.has_red_flag
    assert not TriageSummary().has_red_flag
