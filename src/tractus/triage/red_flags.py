"""Red flags: answers that send a runner to urgent care instead of a programme.

Each red flag is a `Rule` plus its urgency, a title and plain advice, taken from
the red-flag table of clinical.md section 3 (NHS Gloucestershire G-Care knee
pathway, NHS Cornwall referral criteria, 247econsult, Howard Luks MD / MSD
Manual for bone stress) and the Ottawa knee rule (Stiell 1995).

Levels: the issue defines two red-flag levels, ``emergency`` (same day, A&E) and
``urgent`` (a doctor within days). Section 3 adds two actions that are neither:
the suspected-cancer pathway and rheumatology referral. Both go through a GP,
who refers on, so both are ``urgent`` here: the runner must see a doctor within
days and must not start the exercise programme first. Stable, non-spreading
numbness is *not* a red flag (it points to nerve differentials); weakness or
numbness that spreads is "progressive neurological loss" and is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tractus.triage.load_risks import LOAD_SPIKE
from tractus.triage.result import RedFlag, Urgency
from tractus.triage.rules import (
    AllOf,
    AnyOf,
    Chosen,
    Condition,
    Is,
    Not,
    NumberAtLeast,
    OutcomeKind,
    Rule,
    Yes,
)

__all__ = ["RED_FLAG_SPECS", "RedFlagSpec", "find_red_flags"]

# Ottawa knee rule: X-ray after acute knee injury if any item holds (clinical.md §3,
# Stiell 1995). Only the items a runner can answer are used: age, weight bearing for
# 4 steps both immediately and now, and flexion to 90 degrees.
OTTAWA_AGE_YEARS = 55
# Stiell 1995 derived the rule on injuries up to 7 days old; the questionnaire's
# "in the last 7 days" option marks an acute injury.
_ACUTE_INJURY = Is("injury_how_long_ago", ("within_7_days",))

_INJURY = Is("onset", ("after_injury",))
_GLOS = "clinical.md §3 — NHS Gloucestershire G-Care knee pathway"
_CORNWALL = "clinical.md §3 — NHS Cornwall knee referral criteria"

_EMERGENCY_ADVICE = (
    "Go to A&E or an urgent treatment centre today. Do not run or start any "
    "exercises until you have been seen."
)


@dataclass(frozen=True, slots=True)
class RedFlagSpec:
    """A red-flag rule with what it means for the runner."""

    rule: Rule
    urgency: Urgency
    title: str
    advice: str

    def to_red_flag(self) -> RedFlag:
        """The `RedFlag` reported when the rule fires."""
        return RedFlag(
            self.rule.id.removeprefix("red_flag."),
            self.urgency,
            self.title,
            self.advice,
            self.rule.source,
        )


def _flag(
    flag_id: str,
    when: Condition,
    source: str,
    urgency: Urgency,
    title: str,
    advice: str,
) -> RedFlagSpec:
    rule = Rule(f"red_flag.{flag_id}", "1", when, OutcomeKind.RED_FLAG, source)
    return RedFlagSpec(rule, urgency, title, advice)


RED_FLAG_SPECS: tuple[RedFlagSpec, ...] = (
    _flag(
        "suspected_infection",
        AnyOf(
            (
                AllOf(
                    (
                        Yes("fever_or_unwell"),
                        AnyOf((Yes("hot_red_knee"), Yes("knee_swelling"))),
                    )
                ),
                AllOf((Yes("hot_red_knee"), Yes("knee_swelling"))),
            )
        ),
        f"{_GLOS}; NHS Cornwall (hot, red, swollen joint with fever)",
        Urgency.EMERGENCY,
        "Possible joint infection",
        "A hot, red or swollen knee with fever or feeling unwell can be an infection "
        f"of the joint. {_EMERGENCY_ADVICE}",
    ),
    _flag(
        "immunocompromised_sudden_swelling",
        AllOf((Yes("immunocompromised"), Yes("swelling_sudden"), Not(_INJURY))),
        "clinical.md §3 — 247econsult (sudden atraumatic swelling, immunocompromised)",
        Urgency.EMERGENCY,
        "Sudden swelling with a weakened immune system",
        "Sudden swelling without an injury when your immune system is weakened can be "
        f"a joint infection. {_EMERGENCY_ADVICE}",
    ),
    _flag(
        "cannot_bear_weight",
        Is("can_bear_weight", (False,)),
        f"{_CORNWALL}; NHS 111 guidance (unable to bear weight)",
        Urgency.EMERGENCY,
        "Cannot take weight on the leg",
        "If you cannot stand on the leg or walk 4 steps, get it checked today. "
        f"{_EMERGENCY_ADVICE}",
    ),
    _flag(
        "high_impact_trauma",
        AllOf((_INJURY, Yes("injury_high_impact"))),
        f"{_GLOS}; NHS Cornwall (suspected fracture or dislocation; high-impact "
        "trauma)",
        Urgency.EMERGENCY,
        "High-impact injury",
        "A high-impact injury can break a bone or dislocate the knee. "
        f"{_EMERGENCY_ADVICE}",
    ),
    _flag(
        "injury_cannot_straighten",
        AllOf((_INJURY, Is("can_fully_straighten", (False,)))),
        f"{_GLOS} (suspected tendon rupture, fracture or dislocation)",
        Urgency.EMERGENCY,
        "Cannot straighten the knee after an injury",
        "Not being able to straighten the knee after an injury can mean a torn tendon, "
        f"a fracture or a trapped piece of cartilage. {_EMERGENCY_ADVICE}",
    ),
    _flag(
        "ottawa_knee_rule",
        AllOf(
            (
                _INJURY,
                _ACUTE_INJURY,
                AnyOf(
                    (
                        NumberAtLeast("age_years", OTTAWA_AGE_YEARS),
                        AllOf(
                            (
                                Is("walked_4_steps_after_injury", (False,)),
                                Is("can_bear_weight", (False,)),
                            )
                        ),
                        Is("can_bend_to_right_angle", (False,)),
                    )
                ),
            )
        ),
        "clinical.md §3 — Ottawa knee rule (Stiell 1995, Ann Emerg Med 26:405)",
        Urgency.EMERGENCY,
        "An X-ray is needed after this injury",
        "The Ottawa knee rule says an X-ray is needed to rule out a fracture. Go to "
        "A&E or "
        "a minor injuries unit today. Do not run or start any exercises until seen.",
    ),
    _flag(
        "locked_knee",
        AllOf((Not(_INJURY), Is("can_fully_straighten", (False,)))),
        f"{_GLOS} (locked knee: cannot fully straighten)",
        Urgency.URGENT,
        "Locked knee",
        "A knee that will not straighten fully may have a torn cartilage caught in the "
        "joint; repair works best within weeks. See a GP or an acute knee clinic "
        "within "
        "the next few days. Stop running and do not start exercises until seen.",
    ),
    _flag(
        "rapid_swelling_after_injury",
        AllOf((_INJURY, Is("swelling_after_injury", ("within_2_hours",)))),
        f"{_GLOS}; 247econsult (painful swelling within ~2 h of trauma)",
        Urgency.URGENT,
        "Fast swelling after an injury",
        "Swelling within about 2 hours of an injury suggests bleeding into the joint, "
        "often "
        "from a torn ligament. See a doctor within the next few days. Stop running and "
        "do "
        "not start exercises until seen.",
    ),
    _flag(
        "instability_after_injury",
        AllOf((_INJURY, Yes("giving_way"))),
        f"{_GLOS} (instability or giving way after trauma)",
        Urgency.URGENT,
        "Knee giving way after an injury",
        "A knee that gives way after an injury may have a torn ligament. See a doctor "
        "within "
        "the next few days. Stop running and do not start exercises until seen.",
    ),
    _flag(
        "neurological_loss",
        AnyOf((Yes("leg_weakness"), Yes("numbness_worsening"))),
        f"{_GLOS} (progressive or significant neurological loss)",
        Urgency.URGENT,
        "Weakness or spreading numbness",
        "New weakness, or numbness that is spreading, means a nerve needs checking. "
        "See a GP "
        "within the next few days (the same day if it is getting worse quickly, or if "
        "you "
        "have trouble passing water). Do not start exercises until seen.",
    ),
    _flag(
        "unrelenting_night_pain",
        Yes("pain_unrelenting"),
        f"{_GLOS}; NHS Cornwall (continuous or unrelenting night pain)",
        Urgency.URGENT,
        "Night pain that does not settle",
        "Pain at night that rest and painkillers do not ease needs a doctor's check to "
        "rule "
        "out a serious cause. See a GP within the next few days. Do not start "
        "exercises "
        "until seen.",
    ),
    _flag(
        "suspected_cancer",
        AnyOf((Yes("unexplained_weight_loss"), Yes("lump_near_knee"))),
        f"{_CORNWALL} (suspected cancer pathway, UK '2-week wait')",
        Urgency.URGENT,
        "Weight loss or a lump that needs checking",
        "Losing weight without trying, or a hard lump near the knee, should be checked "
        "by "
        "a GP within the next few days; they can refer you to a specialist quickly if "
        "needed. Most lumps are harmless. Do not start exercises until seen.",
    ),
    _flag(
        "bone_stress",
        AnyOf(
            (
                Chosen("pain_locations", ("groin",)),
                Is("pain_on_hopping", ("yes",)),
                AllOf((Yes("pain_at_rest"), LOAD_SPIKE)),
            )
        ),
        "clinical.md §3 and §2 — Howard Luks MD; urbanphysiotherapy.com; MSD Manual "
        "2025 "
        "(bone stress injury)",
        Urgency.URGENT,
        "Possible bone stress injury",
        "Groin pain, pain when hopping, or pain at rest after a jump in training can "
        "mean a "
        "stress reaction in the bone. Stop running now and see a doctor this week; you "
        "may "
        "need a scan. Do not start exercises until seen.",
    ),
    _flag(
        "inflammatory_arthritis",
        AllOf(
            (
                Yes("morning_stiffness_over_30_min"),
                AnyOf((Yes("other_swollen_joints"), Yes("psoriasis_or_ibd"))),
            )
        ),
        "clinical.md §3 — 247econsult; NHS Cornwall (inflammatory arthritis → "
        "rheumatology)",
        Urgency.URGENT,
        "Signs of inflammatory arthritis",
        "Long morning stiffness with other swollen joints (or psoriasis or bowel "
        "inflammation) can be an inflammatory arthritis, which does best when treated "
        "early. See a GP within the next few days to be referred to a rheumatologist. "
        "Do not start exercises until seen.",
    ),
)


def find_red_flags(answers: Mapping[str, object]) -> tuple[RedFlagSpec, ...]:
    """Every red-flag rule that fires, most urgent first (ties in table order).

    Parameters
    ----------
    answers
        Validated answers.

    Returns
    -------
    tuple of RedFlagSpec
        The firing specs.

    References
    ----------
    clinical.md §3 (red-flag table, Ottawa knee rule).
    """
    fired = [spec for spec in RED_FLAG_SPECS if spec.rule.fires(answers)]
    return tuple(sorted(fired, key=lambda spec: -spec.urgency.rank))
