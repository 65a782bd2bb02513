"""Clinical vignettes written from clinical.md, shared by the engine and CLI tests.

Each vignette is a runner's complete answers plus what a clinician reading
clinical.md would expect: the ITBS band, the overall urgency, the red flags
and the condition(s) that should top the differential list (any one of
`top_differentials` may come first; an empty tuple means none should be listed).
The answers are plain JSON values, so the CLI tests can write them to files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# A runner with none of the features the rules look for, except where it hurts.
QUIET: dict[str, Any] = {
    "age_years": 34,
    "sex": "female",
    "pain_locations": ["lateral_epicondyle"],
    "pain_side": "right",
    "onset": "gradual",
    "knee_swelling": False,
    "locking_catching": False,
    "giving_way": False,
    "can_fully_straighten": True,
    "can_bear_weight": True,
    "pain_walking": False,
    "pain_on_hopping": "no",
    "pain_onset_in_run": "cannot_run",
    "worse_downhill": False,
    "worse_stairs_down": False,
    "worse_camber_or_track": False,
    "pain_sitting_bent": False,
    "pain_squatting_pivoting": False,
    "pain_at_rest": False,
    "pain_at_night": False,
    "numbness_tingling": False,
    "leg_weakness": False,
    "back_or_buttock_pain": False,
    "fever_or_unwell": False,
    "hot_red_knee": False,
    "immunocompromised": False,
    "unexplained_weight_loss": False,
    "lump_near_knee": False,
    "morning_stiffness_over_30_min": False,
    "other_swollen_joints": False,
    "weekly_distance_km": 35,
    "weekly_distance_increase_pct": 0,
    "longest_run_change": "not_longer",
    "new_hills_downhill": False,
    "new_speed_work": False,
    "new_shoes": False,
    "new_surface": False,
    "runs_camber_or_track": False,
    "low_energy_intake": False,
    "pivoting_sports": False,
    "pain_duration": "2_to_6_weeks",
    "both_legs_numb_or_weak": False,
    "saddle_numbness": False,
    "bladder_bowel_change": False,
    "calf_pain_or_swelling": False,
    "night_sweats": False,
    "history_of_cancer": False,
}

# The textbook ITBS history of clinical.md §1.1: pain over the epicondyle that
# starts ~15-20 min into a run, worse downhill and down stairs, easier running
# fast, sitting tolerated, no trauma, locking, giving way or swelling.
CLASSIC: dict[str, Any] = QUIET | {
    "pain_locations": ["lateral_epicondyle"],
    "pain_quality": "sharp_or_burning",
    "pain_onset_in_run": "after_predictable_time",
    "pain_start_minutes": 15,
    "worse_downhill": True,
    "worse_stairs_down": True,
    "running_faster": "better",
}


def _injury(**extra: Any) -> dict[str, Any]:
    """The injury questions, answered as after an uncomplicated injury weeks ago."""
    return {
        "onset": "after_injury",
        "injury_how_long_ago": "1_to_6_weeks",
        "injury_mechanism": ["twist"],
        "injury_high_impact": False,
        "felt_pop": False,
        "swelling_after_injury": "no",
        "walked_4_steps_after_injury": True,
        "can_bend_to_right_angle": True,
        "can_straight_leg_raise": True,
        "tender_kneecap_only": False,
        "tender_fibular_head": False,
        **extra,
    }


@dataclass(frozen=True)
class Vignette:
    name: str
    answers: dict[str, Any]
    likelihood: str
    urgency: str = "none"
    red_flags: frozenset[str] = field(default_factory=frozenset)
    top_differentials: tuple[str, ...] = ()


def _v(
    name: str,
    answers: dict[str, Any],
    likelihood: str,
    urgency: str = "none",
    red_flags: tuple[str, ...] = (),
    top: tuple[str, ...] = (),
) -> Vignette:
    return Vignette(name, answers, likelihood, urgency, frozenset(red_flags), top)


VIGNETTES: tuple[Vignette, ...] = (
    # --- ITBS, classic and variants (§1.1) ---
    _v("classic_itbs", CLASSIC, "likely", top=()),
    _v(
        "classic_itbs_after_mileage_jump",
        CLASSIC
        | {
            "worse_stairs_down": False,
            "weekly_distance_increase_pct": 45,
            "longest_run_change": "30_to_100_pct",
            "new_hills_downhill": True,
        },
        "likely",
        top=("bone_stress_injury",),
    ),
    _v(
        "itbs_camber_track_runner",
        QUIET
        | {
            "pain_onset_in_run": "after_predictable_time",
            "pain_start_minutes": 25,
            "worse_camber_or_track": True,
            "runs_camber_or_track": True,
        },
        "likely",
    ),
    _v(
        "itbs_spreading_up_thigh",
        CLASSIC
        | {
            "pain_locations": ["lateral_epicondyle", "outer_thigh"],
            "pain_side": "both",
        },
        "likely",
        top=(),
    ),
    _v(
        "itbs_both_knees_new_shoes_and_surface",
        CLASSIC | {"pain_side": "both", "new_shoes": True, "new_surface": True},
        "likely",
        top=(),
    ),
    # --- ambiguous pictures: some ITBS features, some pointing elsewhere ---
    _v(
        "epicondyle_pain_without_pattern",
        QUIET | {"pain_onset_in_run": "no_pattern"},
        "possible",
        top=("lumbar_referral",),
    ),
    _v(
        "epicondyle_pain_from_first_steps",
        QUIET | {"pain_onset_in_run": "from_start", "worse_downhill": True},
        "possible",
    ),
    _v(
        "lateral_and_front_knee_pain",
        CLASSIC
        | {
            "pain_locations": ["lateral_epicondyle", "front_of_knee"],
            "pain_sitting_bent": True,
            "pain_squatting_pivoting": True,
            "running_faster": "same",
            "pain_quality": "dull_ache",
        },
        "possible",
        top=("patellofemoral_pain",),
    ),
    _v(
        "itbs_pattern_but_swollen_knee",
        CLASSIC | {"knee_swelling": True, "swelling_sudden": False},
        "possible",
        top=("lateral_meniscus_tear", "lateral_compartment_oa"),
    ),
    # --- differentials (§2) ---
    _v(
        "lateral_meniscus_twist",
        QUIET
        | _injury(injury_how_long_ago="over_6_weeks")
        | {
            "pain_locations": ["lateral_joint_line"],
            "locking_catching": True,
            "knee_swelling": True,
            "swelling_sudden": False,
            "pain_squatting_pivoting": True,
        },
        "unlikely",
        top=("lateral_meniscus_tear",),
    ),
    _v(
        "lcl_blow_with_instability",
        QUIET
        | _injury(injury_mechanism=["blow"])
        | {"pain_locations": ["lateral_joint_line"], "giving_way": True},
        "unlikely",
        "urgent",
        ("instability_after_injury",),
        ("lcl_posterolateral_corner",),
    ),
    _v(
        "patellofemoral_pain",
        QUIET
        | {
            "pain_locations": ["front_of_knee"],
            "pain_sitting_bent": True,
            "pain_squatting_pivoting": True,
            "worse_stairs_down": True,
        },
        "unlikely",
        top=("patellofemoral_pain",),
    ),
    _v(
        "biceps_femoris_tendinopathy",
        QUIET
        | {
            "pain_locations": ["back_of_knee"],
            "running_faster": "worse",
            "new_speed_work": True,
        },
        "unlikely",
        top=("biceps_femoris_tendinopathy",),
    ),
    _v(
        "popliteus_tendinopathy",
        QUIET
        | {
            "pain_locations": ["back_of_knee", "lateral_joint_line"],
            "worse_downhill": True,
        },
        "unlikely",
        top=("popliteus_tendinopathy",),
    ),
    _v(
        "proximal_tibiofibular_sprain",
        QUIET
        | _injury(injury_mechanism=["ankle_rolled_knee_bent"])
        | {"pain_locations": ["back_of_knee"]},
        "unlikely",
        top=("proximal_tibiofibular_joint",),
    ),
    _v(
        "common_peroneal_nerve",
        QUIET
        | {
            "pain_locations": ["lateral_joint_line"],
            "numbness_tingling": True,
            "numbness_where": ["outer_lower_leg_or_foot", "around_knee"],
            "numbness_worsening": False,
        },
        "unlikely",
        top=("common_peroneal_nerve",),
    ),
    _v(
        "lumbar_referral",
        QUIET
        | {
            "pain_locations": ["outer_thigh"],
            "back_or_buttock_pain": True,
            "numbness_tingling": True,
            "numbness_where": ["elsewhere"],
            "numbness_worsening": False,
        },
        "unlikely",
        top=("lumbar_referral",),
    ),
    _v(
        "hip_referred_pain",
        QUIET | {"pain_locations": ["hip"]},
        "unlikely",
        top=("hip_referred_pain",),
    ),
    _v(
        "meralgia_paresthetica",
        QUIET
        | {
            "pain_locations": ["outer_thigh"],
            "numbness_tingling": True,
            "numbness_where": ["outer_thigh"],
            "numbness_worsening": False,
        },
        "unlikely",
        top=("meralgia_paresthetica",),
    ),
    _v(
        "lateral_compartment_oa_older_runner",
        QUIET
        | {
            "age_years": 62,
            "sex": "male",
            "pain_locations": ["lateral_joint_line"],
            "morning_stiffness_over_30_min": True,
            "knee_swelling": True,
            "swelling_sudden": False,
        },
        "unlikely",
        top=("lateral_compartment_oa",),
    ),
    # --- red flags (§3) ---
    _v(
        "septic_knee",
        QUIET
        | {
            "fever_or_unwell": True,
            "hot_red_knee": True,
            "knee_swelling": True,
            "swelling_sudden": True,
        },
        "unlikely",
        "emergency",
        ("suspected_infection",),
        ("serious_pathology",),
    ),
    _v(
        "immunocompromised_sudden_swelling",
        QUIET
        | {
            "age_years": 58,
            "immunocompromised": True,
            "knee_swelling": True,
            "swelling_sudden": True,
        },
        "unlikely",
        "emergency",
        ("immunocompromised_sudden_swelling",),
        ("lateral_compartment_oa",),
    ),
    _v(
        "cannot_bear_weight",
        QUIET | {"can_bear_weight": False, "pain_onset_in_run": "cannot_run"},
        "possible",
        "emergency",
        ("cannot_bear_weight",),
    ),
    _v(
        "high_impact_trauma",
        QUIET
        | _injury(
            injury_how_long_ago="within_7_days",
            injury_mechanism=["fall"],
            injury_high_impact=True,
        ),
        "unlikely",
        "emergency",
        ("high_impact_trauma",),
    ),
    _v(
        "cannot_straighten_after_twist",
        QUIET
        | _injury()
        | {
            "pain_locations": ["lateral_joint_line"],
            "can_fully_straighten": False,
            "locking_catching": True,
        },
        "unlikely",
        "urgent",
        ("locked_knee",),
        ("lateral_meniscus_tear",),
    ),
    _v(
        "ottawa_age_after_fall",
        QUIET
        | _injury(injury_how_long_ago="within_7_days", injury_mechanism=["fall"])
        | {"age_years": 61},
        "unlikely",
        "emergency",
        ("ottawa_knee_rule",),
    ),
    _v(
        "ottawa_cannot_bend_after_twist",
        QUIET
        | _injury(injury_how_long_ago="within_7_days", can_bend_to_right_angle=False)
        | {"pain_locations": ["lateral_joint_line"]},
        "unlikely",
        "emergency",
        ("ottawa_knee_rule",),
        ("lateral_meniscus_tear",),
    ),
    _v(
        "locked_knee_without_injury",
        QUIET
        | {
            "pain_locations": ["lateral_joint_line"],
            "locking_catching": True,
            "can_fully_straighten": False,
        },
        "unlikely",
        "urgent",
        ("locked_knee",),
        ("lateral_meniscus_tear",),
    ),
    _v(
        "rapid_swelling_after_injury",
        QUIET
        | _injury(swelling_after_injury="within_2_hours")
        | {"knee_swelling": True, "swelling_sudden": True},
        "unlikely",
        "urgent",
        ("rapid_swelling_after_injury",),
        ("lateral_meniscus_tear",),
    ),
    _v(
        "leg_weakness",
        QUIET | {"leg_weakness": True, "back_or_buttock_pain": True},
        "possible",
        "urgent",
        ("neurological_loss",),
        ("common_peroneal_nerve", "lumbar_referral"),
    ),
    _v(
        "spreading_numbness",
        QUIET
        | {
            "numbness_tingling": True,
            "numbness_where": ["around_knee"],
            "numbness_worsening": True,
        },
        "possible",
        "urgent",
        ("neurological_loss",),
        ("common_peroneal_nerve", "lumbar_referral"),
    ),
    _v(
        "unrelenting_night_pain",
        QUIET | {"pain_at_rest": True, "pain_at_night": True, "pain_unrelenting": True},
        "possible",
        "urgent",
        ("unrelenting_night_pain",),
        ("bone_stress_injury", "serious_pathology"),
    ),
    _v(
        "unexplained_weight_loss",
        CLASSIC | {"unexplained_weight_loss": True},
        "likely",
        "urgent",
        ("suspected_cancer",),
        ("serious_pathology",),
    ),
    _v(
        "lump_near_knee",
        QUIET | {"lump_near_knee": True},
        "possible",
        "urgent",
        ("suspected_cancer",),
        ("serious_pathology",),
    ),
    _v(
        "bone_stress_hopping_pain",
        QUIET
        | {
            "pain_on_hopping": "yes",
            "pain_walking": True,
            "previous_bone_stress_injury": True,
            "weekly_distance_increase_pct": 60,
        },
        "possible",
        "urgent",
        ("bone_stress", "low_energy_bone_stress"),
        ("bone_stress_injury",),
    ),
    _v(
        "bone_stress_rest_pain_after_spike",
        QUIET
        | {
            "pain_at_rest": True,
            "pain_on_hopping": "not_tried",
            "longest_run_change": "over_100_pct",
            "periods_irregular": True,
        },
        "possible",
        "urgent",
        ("bone_stress", "low_energy_bone_stress"),
        ("bone_stress_injury",),
    ),
    _v(
        "groin_pain_in_runner",
        QUIET | {"pain_locations": ["groin"]},
        "unlikely",
        "urgent",
        ("bone_stress",),
        ("hip_referred_pain", "bone_stress_injury"),
    ),
    _v(
        "inflammatory_arthritis",
        QUIET
        | {
            "morning_stiffness_over_30_min": True,
            "other_swollen_joints": True,
            "psoriasis_or_ibd": True,
        },
        "possible",
        "urgent",
        ("inflammatory_arthritis",),
        ("lateral_compartment_oa", "lumbar_referral"),
    ),
    # --- a red flag on top of classic ITBS: the red flag must win ---
    _v(
        "classic_itbs_with_fever_and_hot_knee",
        CLASSIC | {"fever_or_unwell": True, "hot_red_knee": True},
        "likely",
        "emergency",
        ("suspected_infection",),
        ("serious_pathology",),
    ),
    _v(
        "classic_itbs_with_hopping_pain",
        CLASSIC | {"pain_on_hopping": "yes", "weekly_distance_increase_pct": 50},
        "possible",
        "urgent",
        ("bone_stress",),
        ("bone_stress_injury",),
    ),
    _v(
        "classic_itbs_with_leg_weakness",
        CLASSIC | {"leg_weakness": True},
        "likely",
        "urgent",
        ("neurological_loss",),
        ("common_peroneal_nerve",),
    ),
    _v(
        "classic_itbs_with_several_flags",
        CLASSIC
        | {
            "lump_near_knee": True,
            "pain_at_night": True,
            "pain_unrelenting": True,
            "can_bear_weight": False,
        },
        "possible",
        "emergency",
        ("cannot_bear_weight", "suspected_cancer", "unrelenting_night_pain"),
        ("serious_pathology",),
    ),
)

VIGNETTES_BY_NAME = {v.name: v for v in VIGNETTES}
