"""The differential table of clinical.md §2 as data: conditions and their pointers.

Weights: 2 for the features §2 names as the condition's hallmark, 1 for
supporting ones. `differentials` ranks them.
"""

from __future__ import annotations

from dataclasses import dataclass

from tractus.triage.load_risks import LOAD_SPIKE
from tractus.triage.rules import (
    AllOf,
    Chosen,
    Condition,
    Is,
    Not,
    NumberAtLeast,
    OutcomeKind,
    Rule,
    Yes,
)

__all__ = [
    "DIFFERENTIAL_SPECS",
    "OLDER_RUNNER_AGE_YEARS",
    "DifferentialSpec",
    "PointerSpec",
]

# §2 says degenerative meniscus and lateral-compartment OA affect "the older
# active person" without a cut-off; 50 years is our convention for "older".
OLDER_RUNNER_AGE_YEARS = 50

_INJURY = Is("onset", ("after_injury",))


def _where(*codes: str) -> Chosen:
    return Chosen("pain_locations", codes)


def _mechanism(*codes: str) -> AllOf:
    return AllOf((_INJURY, Chosen("injury_mechanism", codes)))


@dataclass(frozen=True, slots=True)
class PointerSpec:
    """A feature pointing to a condition, with its weight and plain reason."""

    rule: Rule
    weight: int
    reason: str
    # False for features too common to name a condition on their own (age,
    # "worse down stairs", which is also an IT band sign, clinical.md §1.1):
    # they add to a condition's score only when another of its features fired.
    alone: bool = True


@dataclass(frozen=True, slots=True)
class DifferentialSpec:
    """A condition of the §2 table and the features that point to it."""

    id: str
    name: str
    pointers: tuple[PointerSpec, ...]


_SUPPORTING_ONLY = frozenset({"older_runner", "stairs"})


def _condition(
    did: str, name: str, source: str, *pointers: tuple[str, Condition, int, str]
) -> DifferentialSpec:
    specs = tuple(
        PointerSpec(
            Rule(f"ddx.{did}.{pid}", "1", when, OutcomeKind.DIFFERENTIAL, source),
            w,
            reason,
            alone=pid not in _SUPPORTING_ONLY,
        )
        for pid, when, w, reason in pointers
    )
    return DifferentialSpec(did, name, specs)


DIFFERENTIAL_SPECS: tuple[DifferentialSpec, ...] = (
    _condition(
        "lateral_meniscus_tear",
        "Lateral meniscus tear",
        "clinical.md §2 — Smith 2015 BMJ EBM; Hegedus 2007 JOSPT; eorthopod; MSD "
        "Manual 2025",
        (
            "twisting_injury",
            _mechanism("twist"),
            2,
            "It started with a twist of the knee.",
        ),
        ("locking", Yes("locking_catching"), 2, "The knee catches or locks."),
        (
            "joint_line_pain",
            _where("lateral_joint_line"),
            2,
            "The pain is on the outer joint line.",
        ),
        ("giving_way", Yes("giving_way"), 1, "The knee gives way."),
        ("swelling", Yes("knee_swelling"), 1, "The knee is swollen."),
        (
            "squat_pivot_pain",
            Yes("pain_squatting_pivoting"),
            1,
            "Squatting or turning hurts.",
        ),
        ("pivoting_sport", Yes("pivoting_sports"), 1, "You play a pivoting sport."),
        (
            "deep_pain",
            _where("deep_hard_to_place"),
            1,
            "The pain is deep inside the knee.",
        ),
    ),
    _condition(
        "lcl_posterolateral_corner",
        "Lateral collateral ligament or posterolateral corner injury",
        "clinical.md §2 — Brukner & Khan, Clinical Sports Medicine (LCL, "
        "posterolateral corner)",
        (
            "twist_or_blow",
            _mechanism("twist", "blow"),
            2,
            "It started with a twist or a blow.",
        ),
        (
            "pushed_sideways",
            _mechanism("pushed_sideways"),
            2,
            "The knee was pushed sideways.",
        ),
        (
            "instability",
            AllOf((_INJURY, Yes("giving_way"))),
            2,
            "The knee has given way since the injury.",
        ),
    ),
    _condition(
        "patellofemoral_pain",
        "Patellofemoral (kneecap) pain",
        "clinical.md §2 — AAFP 2007; Patient Care Online; MSD Manual 2025",
        (
            "front_of_knee",
            _where("front_of_knee"),
            2,
            "The pain is at the front of the knee.",
        ),
        (
            "sitting_pain",
            Yes("pain_sitting_bent"),
            2,
            "Sitting with the knee bent hurts.",
        ),
        ("squat_pain", Yes("pain_squatting_pivoting"), 1, "Squatting hurts."),
        ("stairs", Yes("worse_stairs_down"), 1, "Stairs make it worse."),
    ),
    _condition(
        "biceps_femoris_tendinopathy",
        "Biceps femoris (outer hamstring) tendinopathy",
        "clinical.md §2 — physio-network (Noake); Brukner & Khan",
        (
            "back_of_knee",
            _where("back_of_knee"),
            2,
            "The pain is at the back of the knee.",
        ),
        (
            "faster_is_worse",
            Is("running_faster", ("worse",)),
            2,
            "Striding out or running faster makes it worse.",
        ),
        ("speed_work", Yes("new_speed_work"), 1, "You started speed work."),
        (
            "back_outer_corner",
            _where("back_outer_corner"),
            2,
            "The pain is at the back of the knee, towards the outside.",
        ),
        (
            "warms_up",
            Is("pain_onset_in_run", ("worst_at_start_then_eases",)),
            1,
            "It is worst at the start of a run and eases as you warm up.",
        ),
    ),
    _condition(
        "popliteus_tendinopathy",
        "Popliteus tendinopathy",
        "clinical.md §2 — physio-network (Noake); sportsmedreview.com",
        (
            "back_of_knee",
            _where("back_of_knee"),
            1,
            "The pain is at the back of the knee.",
        ),
        (
            "joint_line",
            _where("lateral_joint_line"),
            1,
            "The pain reaches the outer joint line.",
        ),
        (
            "back_and_joint_line",
            AllOf((_where("back_of_knee"), _where("lateral_joint_line"))),
            1,
            "The pain runs from the back of the knee round to the outer joint line.",
        ),
        (
            "back_outer_corner",
            _where("back_outer_corner"),
            1,
            "The pain is at the back-outer corner of the knee.",
        ),
        (
            "pop_without_instability",
            AllOf((Yes("felt_pop"), Is("giving_way", (False,)))),
            2,
            "You felt a pop without the knee giving way.",
        ),
    ),
    _condition(
        "proximal_tibiofibular_joint",
        "Proximal tibiofibular joint sprain or instability",
        "clinical.md §2 — Brukner & Khan; aranahillsphysiotherapy.com; eorthopod",
        (
            "ankle_rolled",
            _mechanism("ankle_rolled_knee_bent"),
            3,
            "Your ankle rolled under you with the knee bent.",
        ),
        (
            "fibular_head",
            _where("fibular_head"),
            2,
            "The pain is on the bony knob just below the outside of the knee.",
        ),
        (
            "back_of_knee",
            _where("back_of_knee"),
            1,
            "The pain is at the back and outside.",
        ),
    ),
    _condition(
        "common_peroneal_nerve",
        "Common peroneal nerve irritation",
        "clinical.md §2 — eorthopod; clinicalpub Table 18.1",
        (
            "numb_lower_leg",
            Chosen("numbness_where", ("outer_lower_leg_or_foot",)),
            2,
            "Numbness or tingling on the outer lower leg or foot.",
        ),
        ("weakness", Yes("leg_weakness"), 2, "Weakness in the leg or foot."),
        (
            "numb_around_knee",
            Chosen("numbness_where", ("around_knee",)),
            1,
            "Numbness or tingling around the knee.",
        ),
    ),
    _condition(
        "lumbar_referral",
        "Pain referred from the lower back",
        "clinical.md §2 — Brukner & Khan; clinicalpub",
        ("back_pain", Yes("back_or_buttock_pain"), 2, "You have back or buttock pain."),
        (
            "numbness",
            Yes("numbness_tingling"),
            1,
            "You have numbness or pins and needles.",
        ),
        (
            "no_running_pattern",
            Is("pain_onset_in_run", ("no_pattern",)),
            1,
            "The pain is not tied to running distance.",
        ),
    ),
    _condition(
        "hip_referred_pain",
        "Pain referred from the hip",
        "clinical.md §2 — clinicalpub; NHS Devon referral guide",
        ("groin_pain", _where("groin"), 2, "You have groin pain."),
        ("hip_pain", _where("hip"), 1, "You have hip pain."),
    ),
    _condition(
        "meralgia_paresthetica",
        "Meralgia paresthetica (thigh skin nerve)",
        "clinical.md §2 — Patient Care Online vignette",
        (
            "numb_outer_thigh",
            Chosen("numbness_where", ("outer_thigh",)),
            3,
            "Burning or numbness over the outer thigh.",
        ),
        (
            "thigh_not_knee",
            AllOf((_where("outer_thigh"), Not(_where("lateral_epicondyle")))),
            1,
            "The pain is in the outer thigh rather than the knee.",
        ),
    ),
    _condition(
        "bone_stress_injury",
        "Bone stress injury",
        "clinical.md §2 — MSD Manual 2025; Howard Luks MD; urbanphysiotherapy.com",
        ("hopping_pain", Is("pain_on_hopping", ("yes",)), 2, "Hopping hurts."),
        (
            "groin_pain",
            _where("groin"),
            2,
            "Groin pain in a runner can be a femoral neck stress injury.",
        ),
        ("rest_pain", Yes("pain_at_rest"), 1, "It hurts at rest."),
        (
            "top_of_shin",
            _where("top_of_shin"),
            1,
            "The pain is at the top of the shin bone.",
        ),
        (
            "low_energy",
            Yes("low_energy_intake"),
            1,
            "Eating less than your training needs (low energy availability).",
        ),
        ("night_pain", Yes("pain_at_night"), 1, "It hurts at night."),
        ("load_spike", LOAD_SPIKE, 1, "Your training went up sharply."),
        (
            "previous_bone_stress",
            Yes("previous_bone_stress_injury"),
            1,
            "You have had a bone stress injury before.",
        ),
        (
            "periods_irregular",
            Yes("periods_irregular"),
            1,
            "Irregular or absent periods can mean low energy availability (RED-S).",
        ),
    ),
    _condition(
        "lateral_compartment_oa",
        "Lateral compartment osteoarthritis or degenerative meniscus",
        "clinical.md §2 — Brukner & Khan; neuromuscular-aj",
        (
            "older_runner",
            NumberAtLeast("age_years", OLDER_RUNNER_AGE_YEARS),
            2,
            "You are 50 or older.",
        ),
        (
            "morning_stiffness",
            Yes("morning_stiffness_over_30_min"),
            1,
            "The knee is stiff in the morning.",
        ),
        ("swelling", Yes("knee_swelling"), 1, "The knee is swollen."),
        (
            "joint_line_pain",
            _where("lateral_joint_line"),
            1,
            "The pain is on the outer joint line.",
        ),
        ("whole_knee", _where("whole_knee"), 1, "The whole knee aches."),
    ),
    _condition(
        "serious_pathology",
        "Infection, tumour or osteonecrosis (rare, must not be missed)",
        "clinical.md §2 (last row) and §3 — droracle summary; NHS pathways",
        (
            "night_pain_unrelenting",
            Yes("pain_unrelenting"),
            2,
            "Night pain that rest does not ease.",
        ),
        (
            "weight_loss",
            Yes("unexplained_weight_loss"),
            2,
            "Weight loss without trying.",
        ),
        ("lump", Yes("lump_near_knee"), 2, "A hard lump near the knee."),
        ("night_sweats", Yes("night_sweats"), 2, "Drenching night sweats."),
        ("cancer_history", Yes("history_of_cancer"), 2, "A history of cancer."),
        (
            "night_pain_not_positional",
            Is("night_pain_eases_with_position", (False,)),
            1,
            "Night pain that does not ease with a change of position.",
        ),
        ("fever", Yes("fever_or_unwell"), 2, "Fever or feeling unwell."),
        ("hot_red_knee", Yes("hot_red_knee"), 1, "The knee is hot or red."),
        ("immunocompromised", Yes("immunocompromised"), 1, "A weakened immune system."),
    ),
)
