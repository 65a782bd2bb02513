"""Training-load risk factors from the runner's own answers.

Each risk factor is a rule with the strength of the evidence behind it as
clinical.md labels it: the two spike rules have prospective cohort evidence
(§4.1, [Moderate]); terrain, shoes, surface and speed work rest on case series,
biomechanical reasoning or expert lists ([Weak] / [Expert opinion], §4.1,
§4.2, §4.7, §8 item 6-7). The acute:chronic workload ratio is deliberately not
used (§4.1 design note, §8 item 10).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tractus.triage.result import LoadRisk
from tractus.triage.rules import (
    AnyOf,
    Condition,
    Is,
    NumberAbove,
    OutcomeKind,
    Rule,
    Yes,
)

__all__ = [
    "LOAD_RISK_SPECS",
    "LOAD_SPIKE",
    "LONG_RUN_SPIKE",
    "WEEKLY_DISTANCE_SPIKE_PCT",
    "LoadRiskSpec",
    "find_load_risks",
]

# Nielsen 2014 (JOSPT): >30 % weekly-distance progression vs <10 % → more
# distance-related injuries incl. ITBS, HR 1.59 (0.96-2.66). clinical.md §4.1.
WEEKLY_DISTANCE_SPIKE_PCT = 30
# BJSM 2025 session-spike cohort: a run >10 % longer than the longest of the last
# 30 days raised the overuse-injury rate (HRR 1.52-2.28). clinical.md §4.1.
LONG_RUN_SPIKE = Is(
    "longest_run_change", ("10_to_30_pct", "30_to_100_pct", "over_100_pct")
)
WEEKLY_DISTANCE_SPIKE = NumberAbove(
    "weekly_distance_increase_pct", WEEKLY_DISTANCE_SPIKE_PCT
)
LOAD_SPIKE = AnyOf((WEEKLY_DISTANCE_SPIKE, LONG_RUN_SPIKE))

MODERATE = "[Moderate]"
WEAK = "[Weak]"
EXPERT_OPINION = "[Expert opinion]"


@dataclass(frozen=True, slots=True)
class LoadRiskSpec:
    """A load-risk rule with its plain text and evidence label."""

    rule: Rule
    text: str
    evidence: str

    def to_load_risk(self) -> LoadRisk:
        """The `LoadRisk` reported when the rule fires."""
        return LoadRisk(
            self.rule.id.removeprefix("load."),
            self.text,
            self.evidence,
            self.rule.source,
        )


def _risk(
    risk_id: str, when: Condition, text: str, evidence: str, source: str
) -> LoadRiskSpec:
    return LoadRiskSpec(
        Rule(f"load.{risk_id}", "1", when, OutcomeKind.LOAD_RISK, source),
        text,
        evidence,
    )


LOAD_RISK_SPECS: tuple[LoadRiskSpec, ...] = (
    _risk(
        "weekly_distance_spike",
        WEEKLY_DISTANCE_SPIKE,
        "Your weekly distance went up by more than 30%. In new runners, rises that "
        "fast "
        "came with more distance-related injuries, IT band pain among them.",
        MODERATE,
        "clinical.md §4.1 — Nielsen 2014, JOSPT",
    ),
    _risk(
        "long_run_spike",
        LONG_RUN_SPIKE,
        "A recent run was more than 10% longer than your longest run of the month "
        "before. "
        "In 5,205 runners, runs like that raised the rate of overuse injuries.",
        MODERATE,
        "clinical.md §4.1 — Br J Sports Med 2025 (doi 10.1136/bjsports-2024-109380)",
    ),
    _risk(
        "new_hills_downhill",
        Yes("new_hills_downhill"),
        "You started running more hills or downhill. Downhill running keeps the knee "
        "in the "
        "angle where the IT band is pressed hardest.",
        WEAK,
        "clinical.md §4.2 — Orchard 1996; BMJ Best Practice 587",
    ),
    _risk(
        "camber_or_track",
        Yes("runs_camber_or_track"),
        "You often run on sloping roads or the same way round a track; changing "
        "direction "
        "is commonly advised.",
        EXPERT_OPINION,
        "clinical.md §4.2 — BMJ Best Practice 587; AAFP 2007",
    ),
    _risk(
        "new_speed_work",
        Yes("new_speed_work"),
        "You started speed work or intervals, which expert lists name as a risk "
        "factor.",
        EXPERT_OPINION,
        "clinical.md §4.1 — BMJ Best Practice 587",
    ),
    _risk(
        "new_shoes",
        Yes("new_shoes"),
        "You changed your running shoes; IT band pain often starts after such a "
        "change.",
        WEAK,
        "clinical.md §4.1 and §4.7 — Sutker 1985",
    ),
    _risk(
        "new_surface",
        Yes("new_surface"),
        "You changed the surface you run on; IT band pain often starts after such a "
        "change.",
        WEAK,
        "clinical.md §4.1 — Sutker 1985",
    ),
)


def find_load_risks(answers: Mapping[str, object]) -> tuple[LoadRiskSpec, ...]:
    """Every load-risk rule that fires, in table order (strongest evidence first).

    Parameters
    ----------
    answers
        Validated answers.

    Returns
    -------
    tuple of LoadRiskSpec
        The firing specs.

    References
    ----------
    clinical.md §4.1 (Nielsen 2014; BJSM 2025), §4.2 (terrain), §4.7 (footwear).
    """
    return tuple(spec for spec in LOAD_RISK_SPECS if spec.rule.fires(answers))
