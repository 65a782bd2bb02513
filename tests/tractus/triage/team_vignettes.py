"""The team's own vignettes (issue 9), written from clinical.md and sports practice.

Each case is a runner's complete answers with what a sports physiotherapist
reading clinical.md expects: the urgency, the IT band likelihood band, the red
flags that must fire, and the reasoning. `test_team_vignettes` reports urgency
and band agreement and fails on any under-triage. Cases build on the quiet and
classic runners of `vignettes`; `_injury` answers the injury questions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .vignettes import CLASSIC, QUIET, _injury


@dataclass(frozen=True)
class Case:
    name: str
    answers: dict[str, Any]
    urgency: str
    likelihood: str
    red_flags: tuple[str, ...]
    reasoning: str


def _c(
    name: str,
    answers: dict[str, Any],
    urgency: str,
    likelihood: str,
    red_flags: tuple[str, ...],
    reasoning: str,
) -> Case:
    return Case(name, answers, urgency, likelihood, red_flags, reasoning)


_CALF = {"calf_pain_or_swelling": True, "breathless_or_chest_pain": False}
_ACUTE = {"injury_how_long_ago": "within_7_days"}

RED_FLAG_CASES: tuple[Case, ...] = (
    _c(
        "dvt_after_long_haul_flight",
        CLASSIC | _CALF | {"clot_risk_factors": ["long_travel"]},
        "emergency",
        "likely",
        ("suspected_dvt",),
        "Swollen tender calf after a 9-hour flight: DVT until proven otherwise, "
        "same-day assessment (NICE NG158). The knee history is still typical "
        "ITBS, so the band stays likely; the red flag sets the urgency.",
    ),
    _c(
        "dvt_on_the_pill",
        QUIET | _CALF | {"clot_risk_factors": ["oestrogen"]},
        "emergency",
        "possible",
        ("suspected_dvt",),
        "Calf pain and swelling in a runner on combined oral contraception: "
        "oestrogen is a VTE risk factor; same-day ultrasound (NICE NG158).",
    ),
    _c(
        "dvt_after_knee_surgery",
        QUIET | _CALF | {"clot_risk_factors": ["surgery", "immobilised"]},
        "emergency",
        "possible",
        ("suspected_dvt",),
        "Arthroscopy 3 weeks ago, brace since, now a swollen calf: Wells items "
        "(recent surgery, immobilisation); same day (NICE NG158).",
    ),
    _c(
        "dvt_previous_clot",
        QUIET | _CALF | {"clot_risk_factors": ["previous_clot"]},
        "emergency",
        "possible",
        ("suspected_dvt",),
        "Previous DVT and a new painful calf: Wells item; same day (NICE NG158).",
    ),
    _c(
        "calf_pain_with_breathlessness",
        QUIET
        | _CALF
        | {"clot_risk_factors": ["none"], "breathless_or_chest_pain": True},
        "emergency",
        "possible",
        ("suspected_pulmonary_embolism", "calf_pain"),
        "Calf pain with new breathlessness: possible PE, an emergency whatever the "
        "risk factors (NICE NG158).",
    ),
    _c(
        "calf_strain_no_risk_factor",
        QUIET | _CALF | {"clot_risk_factors": ["none"]},
        "urgent",
        "possible",
        ("calf_pain",),
        "Sore calf after intervals, no VTE risk factor: most likely a calf strain, "
        "but calf tenderness is a Wells item, so a doctor within a day or two.",
    ),
    _c(
        "cauda_equina_saddle_numbness",
        QUIET | {"back_or_buttock_pain": True, "saddle_numbness": True},
        "emergency",
        "possible",
        ("cauda_equina",),
        "Back pain with saddle numbness: suspected cauda equina syndrome, "
        "emergency MRI (GIRFT CES pathway 2023).",
    ),
    _c(
        "cauda_equina_bladder_change",
        QUIET | {"bladder_bowel_change": True},
        "emergency",
        "possible",
        ("cauda_equina",),
        "New urinary retention or incontinence: cauda equina until proven "
        "otherwise, even without back pain (GIRFT CES pathway 2023).",
    ),
    _c(
        "cauda_equina_both_legs",
        QUIET | {"both_legs_numb_or_weak": True, "back_or_buttock_pain": True},
        "emergency",
        "possible",
        ("cauda_equina",),
        "Bilateral leg numbness and weakness with back pain: bilateral "
        "radiculopathy is a CES warning (GIRFT 2023); emergency.",
    ),
    _c(
        "quadriceps_tendon_rupture",
        QUIET
        | _injury(**_ACUTE, injury_mechanism=["fall"], can_straight_leg_raise=False)
        | {"age_years": 48, "pain_locations": ["front_of_knee"]},
        "emergency",
        "unlikely",
        ("tendon_rupture",),
        "Fall on a flexed knee, cannot straight-leg raise: extensor mechanism "
        "rupture, early repair (clinical.md §3).",
    ),
    _c(
        "patellar_tendon_rupture_after_jump",
        QUIET
        | _injury(
            injury_how_long_ago="1_to_6_weeks",
            injury_mechanism=["other"],
            can_straight_leg_raise=False,
        )
        | {"pain_locations": ["front_of_knee"]},
        "emergency",
        "unlikely",
        ("tendon_rupture",),
        "Landing from a jump two weeks ago, still cannot lift the straight leg: "
        "a missed tendon rupture is still an emergency (clinical.md §3).",
    ),
    _c(
        "locked_knee_after_minor_twist",
        QUIET
        | _injury(**_ACUTE)
        | {
            "pain_locations": ["lateral_joint_line"],
            "can_fully_straighten": False,
            "locking_catching": True,
        },
        "urgent",
        "unlikely",
        ("locked_knee",),
        "Minor twist, walks fine, cannot fully straighten: locked knee (bucket-"
        "handle meniscus). Urgent acute knee clinic, not the emergency "
        "department (clinical.md §3, NHS Gloucestershire).",
    ),
    _c(
        "locked_knee_without_injury_older",
        QUIET
        | {
            "age_years": 52,
            "pain_locations": ["lateral_joint_line"],
            "can_fully_straighten": False,
            "locking_catching": True,
        },
        "urgent",
        "unlikely",
        ("locked_knee",),
        "Degenerative lateral meniscus that now blocks extension: a locked knee "
        "is urgent with or without injury (clinical.md §3).",
    ),
    _c(
        "ottawa_patella_tenderness",
        QUIET
        | _injury(**_ACUTE, injury_mechanism=["blow"], tender_kneecap_only=True)
        | {"pain_locations": ["front_of_knee"]},
        "emergency",
        "unlikely",
        ("ottawa_knee_rule",),
        "Blow to the kneecap 2 days ago, only the patella is tender: Ottawa item "
        "(isolated patellar tenderness), X-ray (Stiell 1995, clinical.md §3).",
    ),
    _c(
        "ottawa_fibular_head_tenderness",
        QUIET
        | _injury(
            **_ACUTE,
            injury_mechanism=["ankle_rolled_knee_bent"],
            tender_fibular_head=True,
        )
        | {"pain_locations": ["fibular_head"]},
        "emergency",
        "unlikely",
        ("ottawa_knee_rule",),
        "Fibular head tender after a fall: Ottawa item, X-ray (clinical.md §3).",
    ),
    _c(
        "ottawa_could_not_walk",
        QUIET
        | _injury(
            **_ACUTE, injury_mechanism=["fall"], walked_4_steps_after_injury=False
        )
        | {"can_bear_weight": False, "pain_locations": ["lateral_joint_line"]},
        "emergency",
        "unlikely",
        ("ottawa_knee_rule", "cannot_bear_weight"),
        "Could not take 4 steps then or now: Ottawa item and unable to bear weight "
        "(clinical.md §3).",
    ),
    _c(
        "ottawa_item_three_weeks_later",
        QUIET
        | _injury(injury_mechanism=["blow"], tender_fibular_head=True)
        | {"pain_locations": ["fibular_head"]},
        "urgent",
        "unlikely",
        ("ottawa_knee_rule_recent",),
        "Three weeks after a blow the fibular head is still tender: outside the "
        "7 days Ottawa was derived on, but an X-ray is still indicated within "
        "days.",
    ),
    _c(
        "weight_loss_and_night_sweats",
        QUIET | {"unexplained_weight_loss": True, "night_sweats": True},
        "urgent",
        "possible",
        ("suspected_cancer",),
        "Weight loss and drenching night sweats with knee pain: systemic cause or "
        "malignancy to exclude (clinical.md §3; NICE CKS knee pain red flags).",
    ),
    _c(
        "history_of_cancer_new_knee_pain",
        QUIET
        | {
            "history_of_cancer": True,
            "pain_at_night": True,
            "night_pain_eases_with_position": False,
            "pain_unrelenting": False,
        },
        "urgent",
        "possible",
        ("suspected_cancer",),
        "Breast cancer 4 years ago, new knee pain at night: metastasis must be "
        "excluded (NICE CKS knee pain red flags).",
    ),
    _c(
        "night_sweats_alone",
        CLASSIC | {"night_sweats": True},
        "urgent",
        "likely",
        ("suspected_cancer",),
        "Classic ITBS history but drenching night sweats: the history still fits "
        "ITBS (band likely) and a doctor must see the runner first.",
    ),
    _c(
        "both_knees_and_back_pain",
        QUIET
        | {
            "pain_side": "both",
            "back_or_buttock_pain": True,
            "pain_onset_in_run": "no_pattern",
        },
        "urgent",
        "possible",
        ("both_knees_with_back_pain",),
        "Pain in both knees with low back pain and no running pattern: points to "
        "the spine (clinical.md §2 lumbar referral); examine the back.",
    ),
    _c(
        "reds_missed_periods_walking_pain",
        QUIET
        | {
            "periods_irregular": True,
            "low_energy_intake": True,
            "pain_walking": True,
            "pain_locations": ["top_of_shin"],
        },
        "urgent",
        "unlikely",
        ("low_energy_bone_stress",),
        "Amenorrhoea, restricted eating and pain walking at the top of the shin: "
        "REDs with a tibial plateau bone stress injury to exclude (IOC 2023).",
    ),
    _c(
        "reds_male_low_intake_hopping",
        QUIET
        | {
            "sex": "male",
            "low_energy_intake": True,
            "pain_on_hopping": "yes",
        },
        "urgent",
        "possible",
        ("bone_stress", "low_energy_bone_stress"),
        "Male runner cutting weight, pain on hopping: bone stress injury, REDs "
        "affects men too (IOC 2023; clinical.md §2).",
    ),
    _c(
        "large_effusion_no_injury",
        QUIET
        | {
            "knee_swelling": True,
            "swelling_amount": "large",
            "swelling_sudden": False,
            "pain_locations": ["whole_knee"],
        },
        "urgent",
        "unlikely",
        ("large_effusion",),
        "Tense effusion without injury or fever: aspirate and investigate "
        "(clinical.md §3, large effusion).",
    ),
    _c(
        "septic_knee_fever_on_page_general_health",
        QUIET
        | {
            "fever_or_unwell": True,
            "hot_red_knee": True,
            "knee_swelling": True,
            "swelling_sudden": True,
            "pain_locations": ["whole_knee"],
        },
        "emergency",
        "unlikely",
        ("suspected_infection",),
        "Fever with a hot, red, swollen knee: septic arthritis, emergency "
        "(clinical.md §3).",
    ),
)


OTHER_FLAG_CASES: tuple[Case, ...] = (
    _c(
        "immunosuppressed_sudden_swelling",
        QUIET
        | {
            "immunocompromised": True,
            "knee_swelling": True,
            "swelling_sudden": True,
            "pain_locations": ["whole_knee"],
        },
        "emergency",
        "unlikely",
        ("immunocompromised_sudden_swelling",),
        "On methotrexate, knee swelled overnight without injury: septic arthritis "
        "must be excluded the same day (clinical.md §3, 247econsult).",
    ),
    _c(
        "cannot_bear_weight_no_injury",
        QUIET | {"can_bear_weight": False, "pain_locations": ["whole_knee"]},
        "emergency",
        "unlikely",
        ("cannot_bear_weight",),
        "Cannot stand on the leg without an injury: fracture, infection or "
        "severe bone stress; same day (clinical.md §3, NHS Cornwall).",
    ),
    _c(
        "bike_crash_knee",
        QUIET | _injury(**_ACUTE, injury_mechanism=["fall"], injury_high_impact=True),
        "emergency",
        "unlikely",
        ("high_impact_trauma",),
        "Knee hit the road in a cycling crash: high-impact trauma, exclude "
        "fracture or dislocation (clinical.md §3).",
    ),
    _c(
        "haemarthrosis_after_pivot",
        QUIET
        | _injury(swelling_after_injury="within_2_hours", felt_pop=True)
        | {"knee_swelling": True, "swelling_sudden": True, "pivoting_sports": True},
        "urgent",
        "unlikely",
        ("rapid_swelling_after_injury",),
        "Netball pivot, pop, swollen within an hour: haemarthrosis suggests ACL "
        "rupture; urgent, not emergency (clinical.md §3).",
    ),
    _c(
        "giving_way_after_twist",
        QUIET
        | _injury()
        | {"giving_way": True, "pain_locations": ["lateral_joint_line"]},
        "urgent",
        "unlikely",
        ("instability_after_injury",),
        "Knee gives way since a twist a month ago: ligament injury to assess "
        "within days (clinical.md §3).",
    ),
    _c(
        "foot_drop",
        QUIET
        | {
            "leg_weakness": True,
            "numbness_tingling": True,
            "numbness_where": ["outer_lower_leg_or_foot"],
            "numbness_worsening": False,
        },
        "urgent",
        "possible",
        ("neurological_loss",),
        "New foot slap with numbness on the top of the foot: common peroneal or "
        "L5 weakness, neurological examination within days (clinical.md §3).",
    ),
    _c(
        "unrelenting_night_pain_tibia",
        QUIET
        | {
            "pain_locations": ["top_of_shin"],
            "pain_at_rest": True,
            "pain_at_night": True,
            "night_pain_eases_with_position": False,
            "pain_unrelenting": True,
        },
        "urgent",
        "unlikely",
        ("unrelenting_night_pain",),
        "Constant night pain at the top of the shin that painkillers do not "
        "touch: tumour or osteonecrosis screen (clinical.md §3).",
    ),
    _c(
        "groin_pain_runner",
        QUIET | {"pain_locations": ["groin", "lateral_epicondyle"]},
        "urgent",
        "possible",
        ("bone_stress",),
        "Groin pain in a runner is a femoral neck stress fracture until imaged "
        "(clinical.md §2, §3).",
    ),
    _c(
        "rest_pain_after_spike",
        QUIET | {"pain_at_rest": True, "weekly_distance_increase_pct": 60},
        "urgent",
        "possible",
        ("bone_stress",),
        "Rest pain after a 60% jump in weekly distance: bone stress injury "
        "(clinical.md §3).",
    ),
    _c(
        "inflammatory_arthritis_psoriasis",
        QUIET
        | {
            "morning_stiffness_over_30_min": True,
            "psoriasis_or_ibd": True,
            "knee_swelling": True,
            "swelling_sudden": False,
        },
        "urgent",
        "possible",
        ("inflammatory_arthritis",),
        "Psoriasis, an hour of morning stiffness and a swollen knee: psoriatic "
        "arthritis, rheumatology (clinical.md §3).",
    ),
    _c(
        "hard_lump_near_knee",
        QUIET | {"lump_near_knee": True},
        "urgent",
        "possible",
        ("suspected_cancer",),
        "A hard mass by the knee: suspected cancer pathway (clinical.md §3).",
    ),
)

_TYPICAL = CLASSIC | {"worse_camber_or_track": True}

BAND_CASES: tuple[Case, ...] = (
    _c(
        "textbook_itbs",
        CLASSIC,
        "none",
        "likely",
        (),
        "Epicondyle pain 15 min into runs, worse downhill and down stairs, "
        "easier fast, sitting fine, no mechanical signs: clinical.md §1.1 in full.",
    ),
    _c(
        "itbs_camber_not_downhill",
        CLASSIC
        | {"worse_downhill": False, "worse_stairs_down": False}
        | {"worse_camber_or_track": True},
        "none",
        "likely",
        (),
        "Track runner always running anticlockwise: camber/track is a §1.1 "
        "aggravator, with place and onset the history is typical.",
    ),
    _c(
        "itbs_after_mileage_jump",
        CLASSIC | {"weekly_distance_increase_pct": 45, "new_hills_downhill": True},
        "none",
        "likely",
        (),
        "Typical history after a 45% mileage jump and new hills (Nielsen 2014; "
        "clinical.md §1.1 training context).",
    ),
    _c(
        "itbs_spreading_up_thigh",
        CLASSIC | {"pain_locations": ["lateral_epicondyle", "outer_thigh"]},
        "none",
        "likely",
        (),
        "Pain over the epicondyle spreading up the outer thigh: §1.1 location.",
    ),
    _c(
        "itbs_older_runner",
        CLASSIC | {"age_years": 58},
        "none",
        "likely",
        (),
        "58-year-old with the textbook history: age alone never makes OA the "
        "lead, the history fits ITBS (issue 9).",
    ),
    _c(
        "itbs_both_knees_new_shoes",
        CLASSIC | {"pain_side": "both", "new_shoes": True},
        "none",
        "likely",
        (),
        "Both knees, typical history, no back pain: bilateral ITBS after new "
        "shoes is plausible; no spinal red flag without back pain.",
    ),
    _c(
        "itbs_with_night_pain_that_shifts",
        CLASSIC
        | {
            "pain_at_night": True,
            "night_pain_eases_with_position": True,
            "pain_unrelenting": False,
        },
        "none",
        "likely",
        (),
        "Typical history and aching at night that eases with position: mechanical "
        "night pain of a later stage (clinical.md §1.1), not the unrelenting night "
        "pain that counts against (issue 9), so still likely.",
    ),
    _c(
        "itbs_but_joint_line",
        CLASSIC | {"pain_locations": ["lateral_joint_line"]},
        "none",
        "possible",
        (),
        "Right history, but on the joint line, not above it: clinical.md §2 key "
        "discriminator, meniscus possible.",
    ),
    _c(
        "itbs_but_squat_pivot_pain",
        CLASSIC | {"pain_squatting_pivoting": True},
        "none",
        "possible",
        (),
        "Typical run history but squatting and pivoting hurt: a strong meniscus "
        "or patellofemoral feature, so not likely (issue 9).",
    ),
    _c(
        "itbs_but_sitting_pain",
        CLASSIC | {"pain_sitting_bent": True},
        "none",
        "possible",
        (),
        "Cinema sign: sitting with the knee bent hurts, which fits "
        "patellofemoral pain (clinical.md §1.1 relievers).",
    ),
    _c(
        "itbs_and_front_of_knee",
        CLASSIC | {"pain_locations": ["lateral_epicondyle", "front_of_knee"]},
        "none",
        "possible",
        (),
        "Lateral and anterior pain: patellofemoral pain can be felt laterally "
        "(clinical.md §2).",
    ),
    _c(
        "itbs_with_numbness",
        CLASSIC
        | {
            "numbness_tingling": True,
            "numbness_where": ["around_knee"],
            "numbness_worsening": False,
        },
        "none",
        "possible",
        (),
        "Numbness around the knee points to a nerve (clinical.md §2).",
    ),
    _c(
        "itbs_history_without_onset_pattern",
        CLASSIC | {"pain_onset_in_run": "no_pattern"},
        "none",
        "possible",
        (),
        "Epicondyle pain, worse downhill, but no running pattern: the onset core "
        "feature is missing, so possible (clinical.md §1.1).",
    ),
    _c(
        "itbs_cannot_run_now",
        CLASSIC | {"pain_onset_in_run": "cannot_run"},
        "none",
        "possible",
        (),
        "Cannot run at the moment: the onset pattern cannot be judged.",
    ),
    _c(
        "itbs_pain_from_first_step",
        CLASSIC | {"pain_onset_in_run": "from_start"},
        "none",
        "possible",
        (),
        "Pain from the first step: ITBS usually starts after a pain-free spell "
        "(clinical.md §1.1).",
    ),
    _c(
        "itbs_pattern_with_hopping_pain",
        CLASSIC | {"pain_on_hopping": "yes"},
        "urgent",
        "possible",
        ("bone_stress",),
        "ITBS pattern plus pain on hopping: bone stress must be excluded; a strong "
        "feature of another condition keeps the band at possible.",
    ),
    _c(
        "worse_down_stairs_only",
        QUIET | {"worse_stairs_down": True, "pain_locations": ["front_of_knee"]},
        "none",
        "unlikely",
        (),
        "Front-of-knee pain worse on stairs: not lateral, ITBS unlikely.",
    ),
    _c(
        "meniscus_twist_locking",
        QUIET
        | _injury()
        | {
            "pain_locations": ["lateral_joint_line"],
            "locking_catching": True,
            "pain_squatting_pivoting": True,
            "pivoting_sports": True,
        },
        "none",
        "unlikely",
        (),
        "Twist, catching, joint-line pain on pivoting: lateral meniscus "
        "(clinical.md §2).",
    ),
    _c(
        "lcl_pushed_sideways",
        QUIET
        | _injury(injury_mechanism=["pushed_sideways"])
        | {"pain_locations": ["lateral_joint_line", "back_outer_corner"]},
        "none",
        "unlikely",
        (),
        "Knee pushed into varus in a tackle a month ago, no instability now: LCL "
        "or posterolateral corner (clinical.md §2).",
    ),
    _c(
        "biceps_femoris_sprinter",
        QUIET
        | {
            "pain_locations": ["back_outer_corner", "fibular_head"],
            "running_faster": "worse",
            "new_speed_work": True,
            "pain_onset_in_run": "worst_at_start_then_eases",
        },
        "none",
        "unlikely",
        (),
        "Posterolateral ache at the fibular head, worse striding out, warms up: "
        "biceps femoris tendinopathy (clinical.md §2).",
    ),
    _c(
        "popliteus_back_to_joint_line",
        QUIET
        | {
            "pain_locations": ["back_outer_corner", "lateral_joint_line"],
            "worse_downhill": True,
        },
        "none",
        "possible",
        (),
        "Ache from the back of the knee round to the joint line, worse downhill: "
        "popliteus (clinical.md §2); lateral pain keeps ITBS possible.",
    ),
    _c(
        "proximal_tibiofibular_sprain",
        QUIET
        | _injury(injury_mechanism=["ankle_rolled_knee_bent"])
        | {"pain_locations": ["fibular_head"]},
        "none",
        "unlikely",
        (),
        "Ankle rolled under with the knee bent six weeks ago, fibular head pain: "
        "proximal tibiofibular joint (clinical.md §2).",
    ),
    _c(
        "meralgia_paresthetica",
        QUIET
        | {
            "pain_locations": ["outer_thigh"],
            "numbness_tingling": True,
            "numbness_where": ["outer_thigh"],
            "numbness_worsening": False,
        },
        "none",
        "unlikely",
        (),
        "Burning numb outer thigh, not the knee: lateral femoral cutaneous nerve "
        "(clinical.md §2).",
    ),
    _c(
        "lumbar_referral_one_knee",
        QUIET
        | {
            "back_or_buttock_pain": True,
            "pain_onset_in_run": "no_pattern",
            "numbness_tingling": True,
            "numbness_where": ["outer_lower_leg_or_foot"],
            "numbness_worsening": False,
        },
        "none",
        "unlikely",
        (),
        "Buttock pain, tingling down the leg, no running pattern: L5 referral "
        "(clinical.md §2).",
    ),
    _c(
        "patellofemoral_pain",
        QUIET
        | {
            "pain_locations": ["front_of_knee"],
            "pain_sitting_bent": True,
            "pain_squatting_pivoting": True,
            "worse_stairs_down": True,
        },
        "none",
        "unlikely",
        (),
        "Anterior pain, cinema sign, squats and stairs: patellofemoral pain "
        "(clinical.md §2).",
    ),
    _c(
        "lateral_oa_older",
        QUIET
        | {
            "age_years": 63,
            "pain_locations": ["lateral_joint_line", "whole_knee"],
            "morning_stiffness_over_30_min": False,
            "knee_swelling": True,
            "swelling_sudden": False,
            "swelling_amount": "slight",
        },
        "none",
        "unlikely",
        (),
        "63, joint-line ache, mild effusion, no injury: lateral compartment OA "
        "(clinical.md §2).",
    ),
    _c(
        "hip_referred",
        QUIET | {"pain_locations": ["hip", "lateral_epicondyle"]},
        "none",
        "possible",
        (),
        "Hip and lateral knee pain: the hip can refer to the knee (clinical.md "
        "§2); the knee site keeps ITBS possible.",
    ),
)

CASES: tuple[Case, ...] = (*RED_FLAG_CASES, *OTHER_FLAG_CASES, *BAND_CASES)
