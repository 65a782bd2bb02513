"""Differential diagnoses of lateral knee pain in runners, ranked by the answers.

The table of clinical.md §2 lists, for each condition, the history features
that point to it. Each feature is a rule (`ddx.<condition>.<feature>`) with a
weight: 2 for the features §2 names as the condition's hallmark (a twisting
injury and locking for the meniscus, groin pain and hopping pain for bone
stress...), 1 for supporting ones. A condition is listed only when at least one
of its features is present, with those features as its reasons, and ranked by
the sum of their weights (ties keep the order of the §2 table). The score ranks;
it is not a probability (history alone cannot diagnose these, §2 meniscus row).
"""

from __future__ import annotations

from collections.abc import Mapping

from tractus.triage.differential_table import (
    DIFFERENTIAL_SPECS,
    DifferentialSpec,
    PointerSpec,
)
from tractus.triage.result import Differential
from tractus.triage.rules import Rule

__all__ = [
    "DIFFERENTIAL_SPECS",
    "DifferentialSpec",
    "PointerSpec",
    "rank_differentials",
]


def rank_differentials(
    answers: Mapping[str, object],
) -> tuple[tuple[Differential, ...], tuple[Rule, ...]]:
    """The conditions worth ruling out, highest score first, and the rules that fired.

    Parameters
    ----------
    answers
        Validated answers.

    Returns
    -------
    differentials, fired_rules
        Conditions with at least one pointing answer (ties in §2 table order),
        and the pointer rules that fired, in table order.

    References
    ----------
    clinical.md §2 (differential table and key discriminators).
    """
    ranked: list[tuple[int, int, Differential]] = []
    fired: list[Rule] = []
    for index, spec in enumerate(DIFFERENTIAL_SPECS):
        hits = [p for p in spec.pointers if p.rule.fires(answers)]
        if not any(p.alone for p in hits):
            continue
        fired.extend(p.rule for p in hits)
        score = sum(p.weight for p in hits)
        reasons = tuple(p.reason for p in hits)
        ranked.append((-score, index, Differential(spec.id, spec.name, score, reasons)))
    return tuple(d for _, _, d in sorted(ranked, key=lambda r: r[:2])), tuple(fired)
