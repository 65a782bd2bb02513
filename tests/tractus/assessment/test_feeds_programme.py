"""The assessment feeds the programme generator: a weak hip changes the plan."""

from __future__ import annotations

from tractus.assessment import HeadToToeExam, LegExam, to_assessment_findings
from tractus.rehab import FindingCode, Findings, TriageSummary
from tractus.rehab.findings import Side
from tractus.rehab.generator import generate_programme
from tractus.rehab.programme import Programme


def _exam(right_abduction_n: float) -> HeadToToeExam:
    return HeadToToeExam(
        affected_side=Side.RIGHT,
        body_mass_kg=68.0,
        height_m=1.72,
        hip_lever_arm_m=0.42,
        left=LegExam(hip_abduction_n=180.0),
        right=LegExam(hip_abduction_n=right_abduction_n),
    )


def _plan(exam: HeadToToeExam) -> Programme:
    findings = Findings(TriageSummary(), assessment=to_assessment_findings(exam))
    return generate_programme(findings)


def _answering(plan: Programme, code: FindingCode) -> set[str]:
    return {
        p.exercise_id
        for level in plan.levels
        for p in level.prescriptions
        if code in p.answers
    }


def test_a_weak_hip_puts_abductor_work_in_the_plan_for_that_reason() -> None:
    weak, strong = _plan(_exam(130.0)), _plan(_exam(175.0))
    assert FindingCode.WEAK_HIP_ABDUCTORS in weak.findings
    assert FindingCode.WEAK_HIP_ABDUCTORS not in strong.findings
    assert _answering(weak, FindingCode.WEAK_HIP_ABDUCTORS)
    assert not _answering(strong, FindingCode.WEAK_HIP_ABDUCTORS)
    assert weak.to_dict() != strong.to_dict()
