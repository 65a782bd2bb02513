"""A runner's flags grouped per week: one line each, the strongest evidence first.

A week can hold a single-run spike, the week's progression that the same run
caused, a descent spike on that run and a streak. Shown as separate flags they
read as four problems; they are one week of load. `group_by_week` gathers them
under the week's Monday and orders them by the strength of the evidence:

1. single-run spike (Frandsen 2025: 5,205 runners, prospective, hazard rate
   ratios whose confidence intervals exclude 1; clinical.md 4.1 [Moderate]);
2. weekly progression (Nielsen 2014: 874 novices, HR 1.59, CI 0.96-2.66,
   p = 0.07; clinical.md 4.1 [Moderate, borderline]);
3. descent spike (expert opinion, clinical.md 4.2, §8 item 6);
4. consecutive running days (expert opinion, clinical.md 4.1).

Within a kind the larger value comes first. `HAZARD_RATIO_NOTE` says plainly
why a bigger spike can show a lower hazard ratio in the one study behind them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from tractus.load.flags import FlagKind, LoadFlag

__all__ = ["EVIDENCE_ORDER", "HAZARD_RATIO_NOTE", "FlaggedWeek", "group_by_week"]

EVIDENCE_ORDER: dict[FlagKind, int] = {
    FlagKind.SINGLE_RUN_SPIKE: 0,
    FlagKind.WEEKLY_PROGRESSION: 1,
    FlagKind.DESCENT_SPIKE: 2,
    FlagKind.CONSECUTIVE_DAYS: 3,
}

HAZARD_RATIO_NOTE = (
    "Why is a bigger jump not always a bigger number? In the one study behind "
    "these figures (Frandsen et al., Br J Sports Med 2025), runs 10-30% longer "
    "than the longest of the previous 30 days were followed by 1.64 times the "
    "usual rate of overuse injuries (95% confidence interval 1.31 to 2.05), runs "
    "30-100% longer by 1.52 times (1.16 to 2.00) and runs more than twice as "
    "long by 2.28 times (1.50 to 3.48). The first two intervals overlap almost "
    "entirely, and fewer runs fell in the bigger bands, so 1.52 is not evidence "
    "that a bigger jump is safer: all three say 'more injuries than usual', and "
    "the study cannot rank them more finely than that."
)


@dataclass(frozen=True, slots=True)
class FlaggedWeek:
    """The flags of one week (Monday to Sunday), the strongest evidence first."""

    week_start: date
    flags: tuple[LoadFlag, ...]

    @property
    def lead(self) -> LoadFlag:
        """The flag with the strongest evidence: the line's headline."""
        return self.flags[0]

    @property
    def also(self) -> tuple[LoadFlag, ...]:
        """The other flags of the week, in order of evidence."""
        return self.flags[1:]


def _strength(flag: LoadFlag) -> tuple[int, float, date]:
    return (EVIDENCE_ORDER.get(flag.kind, len(EVIDENCE_ORDER)), -flag.value, flag.day)


def group_by_week(
    flags: tuple[LoadFlag, ...] | list[LoadFlag],
) -> tuple[FlaggedWeek, ...]:
    """One `FlaggedWeek` per week that has a flag, the most recent week first.

    References
    ----------
    clinical.md 4.1 (Frandsen 2025, Nielsen 2014), 4.2, §8 items 6 and 10.
    """
    by_week: dict[date, list[LoadFlag]] = defaultdict(list)
    for flag in flags:
        by_week[flag.day - timedelta(days=flag.day.weekday())].append(flag)
    return tuple(
        FlaggedWeek(monday, tuple(sorted(by_week[monday], key=_strength)))
        for monday in sorted(by_week, reverse=True)
    )
