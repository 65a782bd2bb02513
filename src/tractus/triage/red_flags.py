"""Red flags: answers that send a runner to medical care instead of a programme.

Each red flag is a `Rule` plus its urgency, a title and plain advice. The table
itself is data in `red_flag_table` (knee and trauma flags from the red-flag table
of clinical.md §3 and the Ottawa knee rule; the deep-vein thrombosis, cauda
equina, cancer and low-energy screens from the national guidelines they name).

Levels: ``emergency`` (same day, emergency department) and ``urgent`` (a doctor
within days). The suspected-cancer pathway and rheumatology referral of §3 go
through a doctor who refers on, so both are ``urgent``.

Every red-flag condition reads only answers that are present (no `Not`), so a
flag that fires on some answers fires on any answers that add to them: the web
can screen the answers so far after each page and stop the check at the first
emergency (`screen_so_far`), and removing an answer never creates one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tractus.triage.red_flag_table import RED_FLAG_SPECS, RedFlagSpec
from tractus.triage.result import Urgency

__all__ = [
    "RED_FLAG_SPECS",
    "EmergencyStop",
    "RedFlagSpec",
    "find_red_flags",
    "screen_so_far",
]


def find_red_flags(answers: Mapping[str, object]) -> tuple[RedFlagSpec, ...]:
    """Every red-flag rule that fires, most urgent first (ties in table order).

    Parameters
    ----------
    answers
        Validated answers, complete or only those given so far.

    Returns
    -------
    tuple of RedFlagSpec
        The firing specs.

    References
    ----------
    clinical.md §3 (red-flag table, Ottawa knee rule); NICE NG158; GIRFT
    suspected cauda equina pathway 2023; NICE CKS knee pain; IOC REDs 2023.
    """
    fired = [spec for spec in RED_FLAG_SPECS if spec.rule.fires(answers)]
    return tuple(sorted(fired, key=lambda spec: -spec.urgency.rank))


@dataclass(frozen=True, slots=True)
class EmergencyStop:
    """The emergency red flags found in the answers given so far."""

    flags: tuple[RedFlagSpec, ...]

    @property
    def flag_ids(self) -> tuple[str, ...]:
        return tuple(spec.to_red_flag().id for spec in self.flags)


def screen_so_far(answers: Mapping[str, object]) -> EmergencyStop | None:
    """The emergency flags in a partial set of answers, or None when there is none.

    Safe on partial answers because every red-flag condition is monotone: more
    answers can only add flags, so an emergency found now stays an emergency.

    References
    ----------
    clinical.md §3 design note (red flags stop the pathway before anything else).
    """
    emergencies = tuple(
        spec for spec in find_red_flags(answers) if spec.urgency is Urgency.EMERGENCY
    )
    return EmergencyStop(emergencies) if emergencies else None
