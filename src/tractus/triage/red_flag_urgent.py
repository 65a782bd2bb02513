"""The urgent red flags (a doctor within days), as data.

Same shape and rules as the emergencies in `red_flag_table`: each condition
reads only answers that are present, each flag cites clinical.md §3 or the
national guideline it comes from.
"""

from __future__ import annotations

from tractus.triage.load_risks import LOAD_SPIKE
from tractus.triage.red_flag_advice import RedFlagSpec, flag
from tractus.triage.result import Urgency
from tractus.triage.rules import AllOf, AnyOf, Chosen, Is, Yes

__all__ = ["URGENT_FLAGS", "ottawa_after_older_injury"]

_INJURY = Is("onset", ("after_injury",))
_GLOS = "clinical.md §3 — NHS Gloucestershire G-Care knee pathway"
_CANCER = "clinical.md §3 — NHS Cornwall; NICE CKS Knee pain – assessment (red flags)"
_REDS = "IOC REDs consensus (Mountjoy 2023, Br J Sports Med 57:1073); clinical.md §2"
_ENERGY_RISK = AnyOf(
    (
        Yes("low_energy_intake"),
        Yes("periods_irregular"),
        Yes("previous_bone_stress_injury"),
    )
)
_WEIGHT_BEARING_PAIN = AnyOf(
    (
        Yes("pain_walking"),
        Yes("pain_at_rest"),
        Yes("pain_at_night"),
        Is("pain_on_hopping", ("yes",)),
    )
)


def ottawa_after_older_injury(items: AnyOf, source: str) -> RedFlagSpec:
    """A positive Ottawa item after an injury 1-6 weeks old: X-ray within days."""
    return flag(
        "ottawa_knee_rule_recent",
        AllOf((_INJURY, Is("injury_how_long_ago", ("1_to_6_weeks",)), items)),
        source,
        Urgency.URGENT,
        "An X-ray may be needed after this injury",
        (
            "Your answers meet an item of the Ottawa knee rule after an injury 1 to "
            "6 weeks ago; a doctor should decide on an X-ray.",
            "The runner reports an injury 1-6 weeks ago with a positive Ottawa knee "
            "rule item: radiograph to be considered.",
        ),
    )


URGENT_FLAGS: tuple[RedFlagSpec, ...] = (
    flag(
        "locked_knee",
        Is("can_fully_straighten", (False,)),
        f"{_GLOS} (locked knee: cannot fully straighten, with or without injury)",
        Urgency.URGENT,
        "Knee that will not straighten",
        (
            "A knee that will not straighten fully may have torn cartilage caught in "
            "the joint; repair works best within weeks.",
            "The runner reports a knee that cannot fully extend: locked knee, acute "
            "knee or fracture clinic (meniscal repair window 6-8 weeks).",
        ),
    ),
    flag(
        "large_effusion",
        Is("swelling_amount", ("large",)),
        f"{_GLOS} (large effusion or haemarthrosis)",
        Urgency.URGENT,
        "A very swollen knee",
        (
            "A knee that is very swollen and tight needs a doctor to find out why.",
            "The runner reports a large, tense effusion.",
        ),
    ),
    flag(
        "rapid_swelling_after_injury",
        AllOf((_INJURY, Is("swelling_after_injury", ("within_2_hours",)))),
        f"{_GLOS}; 247econsult (painful swelling within ~2 h of trauma)",
        Urgency.URGENT,
        "Fast swelling after an injury",
        (
            "Swelling within about 2 hours of an injury suggests bleeding into the "
            "joint, often from a torn ligament.",
            "The runner reports swelling within 2 hours of trauma: haemarthrosis, "
            "ligament rupture to be excluded.",
        ),
    ),
    flag(
        "instability_after_injury",
        AllOf((_INJURY, Yes("giving_way"))),
        f"{_GLOS} (instability or giving way after trauma)",
        Urgency.URGENT,
        "Knee giving way after an injury",
        (
            "A knee that gives way after an injury may have a torn ligament.",
            "The runner reports giving way since an injury: ligament rupture to be "
            "excluded.",
        ),
    ),
    flag(
        "neurological_loss",
        AnyOf((Yes("leg_weakness"), Yes("numbness_worsening"))),
        f"{_GLOS} (progressive or significant neurological loss)",
        Urgency.URGENT,
        "Weakness or spreading numbness",
        (
            "New weakness, or numbness that is spreading, means a nerve needs "
            "checking (the same day if it is getting worse quickly).",
            "The runner reports new leg or foot weakness or spreading numbness: "
            "neurological examination needed.",
        ),
    ),
    flag(
        "both_knees_with_back_pain",
        AllOf((Is("pain_side", ("both",)), Yes("back_or_buttock_pain"))),
        "clinical.md §2 (lumbar referral); GIRFT suspected cauda equina pathway "
        "2023 (bilateral symptoms)",
        Urgency.URGENT,
        "Pain in both knees with back pain",
        (
            "Pain in both knees together with back or buttock pain points to the "
            "spine rather than the knees; a doctor should examine your back.",
            "The runner reports bilateral knee pain with back or buttock pain: "
            "spinal cause to be assessed, neurological screen.",
        ),
    ),
    flag(
        "unrelenting_night_pain",
        Yes("pain_unrelenting"),
        f"{_GLOS}; NHS Cornwall (continuous or unrelenting night pain)",
        Urgency.URGENT,
        "Night pain that does not settle",
        (
            "Pain at night that rest and painkillers do not ease needs a doctor's "
            "check to rule out a serious cause.",
            "The runner reports unrelenting night pain not eased by rest or "
            "analgesia: serious pathology screen.",
        ),
    ),
    flag(
        "suspected_cancer",
        AnyOf(
            (
                Yes("unexplained_weight_loss"),
                Yes("night_sweats"),
                Yes("history_of_cancer"),
                Yes("lump_near_knee"),
            )
        ),
        f"{_CANCER} (weight loss, night sweats, history of cancer, mass)",
        Urgency.URGENT,
        "Signs that need a check for a serious cause",
        (
            "Losing weight without trying, drenching night sweats, a past cancer or "
            "a hard lump near the knee should be checked by a doctor; most knee pain "
            "in runners is not serious, but this must be ruled out first.",
            "The runner reports unexplained weight loss, night sweats, a history of "
            "cancer or a mass near the knee: malignancy screen.",
        ),
    ),
    flag(
        "bone_stress",
        AnyOf(
            (
                Chosen("pain_locations", ("groin",)),
                Is("pain_on_hopping", ("yes",)),
                AllOf((Yes("pain_at_rest"), LOAD_SPIKE)),
            )
        ),
        "clinical.md §3 and §2 — Howard Luks MD; urbanphysiotherapy.com; MSD Manual "
        "2025 (bone stress injury)",
        Urgency.URGENT,
        "Possible bone stress injury",
        (
            "Groin pain, pain when hopping, or pain at rest after a jump in training "
            "can mean a stress reaction in the bone; you may need a scan.",
            "The runner reports groin pain, pain on hopping or rest pain after a load "
            "spike: bone stress injury to be excluded, imaging.",
        ),
    ),
    flag(
        "low_energy_bone_stress",
        AllOf((_ENERGY_RISK, _WEIGHT_BEARING_PAIN)),
        _REDS,
        Urgency.URGENT,
        "Low energy and pain on loading: bone stress risk",
        (
            "Eating less than your training needs, missed periods or an earlier "
            "stress fracture, together with pain when walking, hopping or at rest, "
            "raise the chance of a bone stress injury.",
            "The runner reports a low energy availability risk factor (low intake, "
            "menstrual disturbance or previous bone stress injury) with "
            "weight-bearing, rest or night pain: bone stress injury and REDs to be "
            "assessed.",
        ),
    ),
    flag(
        "calf_pain",
        Yes("calf_pain_or_swelling"),
        "NICE NG158 (2020) (calf swelling and tenderness are Wells items)",
        Urgency.URGENT,
        "Calf pain or swelling",
        (
            "A painful or swollen calf should be checked by a doctor in the next day "
            "or two; go the same day if it swells more or you become breathless.",
            "The runner reports calf pain, tenderness or swelling without a listed VTE "
            "risk factor: DVT to be considered (Wells score).",
        ),
    ),
    flag(
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
        (
            "Long morning stiffness with other swollen joints (or psoriasis or bowel "
            "inflammation) can be an inflammatory arthritis, which does best when "
            "treated early; a doctor can refer you to a rheumatologist.",
            "The runner reports morning stiffness > 30 min with other swollen joints, "
            "psoriasis or IBD: inflammatory arthritis, rheumatology referral.",
        ),
    ),
)
