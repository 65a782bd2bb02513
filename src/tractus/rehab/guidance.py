"""Running guidance: what to change in running, only where a finding calls for it.

Volume and downhill advice apply to everyone with IT band pain; a cadence target only
where cadence was measured low (clinical.md §4.5), a wider step only where crossover was
seen (§4.6), form cues only where hip adduction or pelvic drop was seen (§5.5). Each
item says how strong its evidence is: for running changes it is mechanistic or expert
opinion, and the product says so.
"""

from __future__ import annotations

from tractus.rehab import sources as src
from tractus.rehab.exercise import EvidenceLevel
from tractus.rehab.findings import FindingCode, Findings
from tractus.rehab.programme import Guidance
from tractus.rehab.protocols import RUN_PAIN_STOP

__all__ = [
    "CADENCE_RISE_MAX",
    "CADENCE_RISE_MIN",
    "LONG_RUN_MAX_RISE",
    "running_guidance",
]

CADENCE_RISE_MIN = 0.05
CADENCE_RISE_MAX = 0.10
"""+5-10% step rate lowered knee and hip load in healthy runners (Heiderscheit 2011,
clinical.md §4.5); the ITBS evidence is one case report (Allen 2014: +5%)."""
LONG_RUN_MAX_RISE = 0.10
"""A run more than 10% longer than the longest of the last 30 days raised the overuse
injury rate (BJSM 2025 cohort, clinical.md §4.1)."""

_C = FindingCode


def _present(findings: Findings, *codes: FindingCode) -> tuple[FindingCode, ...]:
    found = tuple(c for c in codes if findings.has(c))
    return found or (_C.LATERAL_KNEE_PAIN,)


def _volume(findings: Findings) -> Guidance:
    return Guidance(
        id="cut_volume",
        text=(
            "Run less while it hurts: stop a run when the pain at the outside of the "
            f"knee reaches {RUN_PAIN_STOP - 1}-{RUN_PAIN_STOP}/10 or keeps rising, and "
            "keep to the return-to-run stages until they are done."
        ),
        when="until the return-to-run stages are complete",
        answers=_present(
            findings,
            _C.WEEKLY_DISTANCE_SPIKE,
            _C.LONG_RUN_SPIKE,
            _C.CONSECUTIVE_DAYS,
        ),
        evidence=EvidenceLevel.EXPERT_OPINION,
        source=f"{src.STAGED_MODEL}; {src.PAIN_MONITORING}",
    )


def _downhill(findings: Findings) -> Guidance:
    return Guidance(
        id="avoid_downhill",
        text="Choose flat routes and avoid running downhill while the knee hurts.",
        when="while it hurts, and through the return-to-run stages",
        answers=_present(findings, _C.DOWNHILL),
        evidence=EvidenceLevel.EXPERT_OPINION,
        source="Orchard 1996; BMJ Best Practice (clinical.md §4.2, §5.8 B)",
    )


def _load_spikes(findings: Findings) -> list[Guidance]:
    items = []
    if findings.has(_C.LONG_RUN_SPIKE):
        items.append(
            Guidance(
                id="long_run_limit",
                text=(
                    "Keep each run no more than "
                    f"{LONG_RUN_MAX_RISE:.0%} longer than your longest run of the "
                    "previous 30 days."
                ),
                when="once back to normal running",
                answers=(_C.LONG_RUN_SPIKE,),
                evidence=EvidenceLevel.MODERATE,
                source="Br J Sports Med 2025, doi 10.1136/bjsports-2024-109380 "
                "(clinical.md §4.1)",
            )
        )
    if findings.has(_C.WEEKLY_DISTANCE_SPIKE):
        items.append(
            Guidance(
                id="weekly_rise_limit",
                text=(
                    "Raise weekly distance gradually, about 10% a week with a lighter "
                    "week every third or fourth; a rise of more than 30% over two weeks "
                    "was linked to more IT band and other distance injuries."
                ),
                when="once back to normal running",
                answers=(_C.WEEKLY_DISTANCE_SPIKE,),
                evidence=EvidenceLevel.MODERATE,
                source="Nielsen 2014, JOSPT (clinical.md §4.1, §5.8 C)",
            )
        )
    return items


def _surface(findings: Findings) -> list[Guidance]:
    if not findings.has(_C.CAMBER_OR_TRACK):
        return []
    return [
        Guidance(
            id="camber_track",
            text=("Avoid cambered roads; on a track, change direction every few laps."),
            when="always",
            answers=(_C.CAMBER_OR_TRACK,),
            evidence=EvidenceLevel.EXPERT_OPINION,
            source="BMJ Best Practice; AAFP; Heiderscheit (clinical.md §4.2)",
        )
    ]


def _cadence(findings: Findings) -> list[Guidance]:
    spm = findings.motion.cadence_spm
    if not findings.has(_C.LOW_CADENCE) or spm is None:
        return []
    low, high = spm * (1 + CADENCE_RISE_MIN), spm * (1 + CADENCE_RISE_MAX)
    return [
        Guidance(
            id="raise_cadence",
            text=(
                f"Take quicker, shorter steps: from {spm:.0f} to {low:.0f}-{high:.0f} "
                "steps a minute (a metronome app helps), at the same pace. It may feel "
                "awkward and a little harder at first."
            ),
            when="on easy runs once running again; not on the first run-walk stages",
            answers=(_C.LOW_CADENCE,),
            evidence=EvidenceLevel.WEAK,
            source=(
                "Heiderscheit 2011; Anderson 2022; Allen 2014 case report "
                "(clinical.md §4.5, §5.5)"
            ),
        )
    ]


def _step_width(findings: Findings) -> list[Guidance]:
    if not findings.has(_C.CROSSOVER):
        return []
    return [
        Guidance(
            id="widen_step",
            text=(
                "Land each foot a little to its own side of an imaginary centre line, "
                "not on or across it."
            ),
            when="on easy runs once running again",
            answers=(_C.CROSSOVER,),
            evidence=EvidenceLevel.WEAK,
            source="Meardon 2012 (model-estimated ITB strain) (clinical.md §4.6, §5.5)",
        )
    ]


def _form_cues(findings: Findings) -> list[Guidance]:
    found = tuple(c for c in (_C.HIP_ADDUCTION, _C.PELVIC_DROP) if findings.has(c))
    if not found:
        return []
    return [
        Guidance(
            id="form_feedback",
            text=(
                "Practise running with your knees apart and kneecaps in line with your "
                "toes, and squeeze your buttocks, watching in a mirror or on video; "
                "strength work alone does not change running form."
            ),
            when="8 short sessions, then less feedback as it becomes habit",
            answers=found,
            evidence=EvidenceLevel.WEAK,
            source=(
                "Willy, Scholz & Davis 2012 (patellofemoral pain, not ITBS); "
                "Willy & Davis 2011 (clinical.md §5.5)"
            ),
        )
    ]


def running_guidance(findings: Findings) -> tuple[Guidance, ...]:
    """The running advice this runner's findings call for, most general first."""
    return (
        _volume(findings),
        _downhill(findings),
        *_load_spikes(findings),
        *_surface(findings),
        *_cadence(findings),
        *_step_width(findings),
        *_form_cues(findings),
    )
