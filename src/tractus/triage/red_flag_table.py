"""The red-flag table: each flag's condition, source, urgency and wording.

Knee and trauma flags come from the red-flag table of clinical.md §3 (NHS
Gloucestershire G-Care knee pathway, NHS Cornwall referral criteria, 247econsult,
MSD Manual) and the Ottawa knee rule (Stiell 1995). The screens §3 does not list
cite the national guideline they come from: deep-vein thrombosis and pulmonary
embolism (NICE NG158, 2020), cauda equina syndrome (GIRFT National Suspected
Cauda Equina Syndrome pathway, NHS England 2023), malignancy (NICE CKS Knee pain
– assessment, red flags; NICE NG12) and low energy availability (IOC consensus
statement on REDs, Mountjoy 2023, Br J Sports Med 57:1073).

Every condition reads answers that are present; none uses `Not` (see
`red_flags` for why). Each flag carries plain advice for the runner and a
clinician's finding ("The runner reports …").
"""

from __future__ import annotations

from tractus.triage.red_flag_advice import RedFlagSpec, flag
from tractus.triage.red_flag_urgent import URGENT_FLAGS, ottawa_after_older_injury
from tractus.triage.result import Urgency
from tractus.triage.rules import AllOf, AnyOf, Chosen, Is, NumberAtLeast, Yes

__all__ = ["OTTAWA_AGE_YEARS", "RED_FLAG_SPECS", "RedFlagSpec"]

# Ottawa knee rule: X-ray after acute knee injury if any of five items holds
# (clinical.md §3, Stiell 1995): age >= 55, isolated patellar tenderness, fibular
# head tenderness, cannot flex to 90 degrees, cannot bear weight for 4 steps both
# immediately and now. Derived on injuries up to 7 days old: then it is an
# emergency; after an injury 1-6 weeks old a positive item still needs an X-ray,
# within days.
OTTAWA_AGE_YEARS = 55

_INJURY = Is("onset", ("after_injury",))
_NO_INJURY = Is("onset", ("gradual", "sudden_no_injury"))
_ACUTE = Is("injury_how_long_ago", ("within_7_days",))
_OTTAWA_ITEMS = AnyOf(
    (
        NumberAtLeast("age_years", OTTAWA_AGE_YEARS),
        Yes("tender_kneecap_only"),
        Yes("tender_fibular_head"),
        Is("can_bend_to_right_angle", (False,)),
        AllOf(
            (
                Is("walked_4_steps_after_injury", (False,)),
                Is("can_bear_weight", (False,)),
            )
        ),
    )
)
_CLOT_RISKS = Chosen(
    "clot_risk_factors",
    (
        "long_travel",
        "immobilised",
        "surgery",
        "oestrogen",
        "previous_clot",
        "active_cancer",
    ),
)
_GLOS = "clinical.md §3 — NHS Gloucestershire G-Care knee pathway"
_CORNWALL = "clinical.md §3 — NHS Cornwall knee referral criteria"
_OTTAWA = "clinical.md §3 — Ottawa knee rule (Stiell 1995, Ann Emerg Med 26:405)"
_NICE_VTE = "NICE NG158 (2020) Venous thromboembolic diseases: suspected DVT and PE"
_CES = "GIRFT National Suspected Cauda Equina Syndrome pathway (NHS England, 2023)"

_EMERGENCIES: tuple[RedFlagSpec, ...] = (
    flag(
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
        (
            "A hot, red or swollen knee with fever or feeling unwell can be an "
            "infection of the joint.",
            "The runner reports a hot, red or swollen knee with fever or feeling "
            "unwell: septic arthritis to be excluded the same day.",
        ),
    ),
    flag(
        "immunocompromised_sudden_swelling",
        AllOf((Yes("immunocompromised"), Yes("swelling_sudden"), _NO_INJURY)),
        "clinical.md §3 — 247econsult (sudden atraumatic swelling, immunocompromised)",
        Urgency.EMERGENCY,
        "Sudden swelling with a weakened immune system",
        (
            "Sudden swelling without an injury when your immune system is weakened "
            "can be a joint infection.",
            "The runner reports sudden atraumatic swelling and is immunocompromised: "
            "septic arthritis to be excluded the same day.",
        ),
    ),
    flag(
        "cannot_bear_weight",
        Is("can_bear_weight", (False,)),
        f"{_CORNWALL}; NHS 111 guidance (unable to bear weight)",
        Urgency.EMERGENCY,
        "Cannot take weight on the leg",
        (
            "If you cannot stand on the leg or walk 4 steps, it needs checking today.",
            "The runner reports being unable to bear weight or walk 4 steps.",
        ),
    ),
    flag(
        "high_impact_trauma",
        AllOf((_INJURY, Yes("injury_high_impact"))),
        f"{_GLOS}; NHS Cornwall (suspected fracture or dislocation; high-impact trauma)",
        Urgency.EMERGENCY,
        "High-impact injury",
        (
            "A high-impact injury can break a bone or dislocate the knee.",
            "The runner reports high-impact trauma: fracture or dislocation to be "
            "excluded.",
        ),
    ),
    flag(
        "tendon_rupture",
        AllOf((_INJURY, Is("can_straight_leg_raise", (False,)))),
        f"{_GLOS}; NHS Cornwall (suspected quadriceps or patellar tendon rupture)",
        Urgency.EMERGENCY,
        "Cannot lift the straight leg after an injury",
        (
            "Not being able to lift the leg with the knee straight after an injury "
            "can mean a torn thigh or kneecap tendon, which is repaired early.",
            "The runner reports being unable to straight-leg raise after an injury: "
            "extensor mechanism (quadriceps or patellar tendon) rupture to be excluded.",
        ),
    ),
    flag(
        "ottawa_knee_rule",
        AllOf((_INJURY, _ACUTE, _OTTAWA_ITEMS)),
        _OTTAWA,
        Urgency.EMERGENCY,
        "An X-ray is needed after this injury",
        (
            "After an injury in the last 7 days, your answers meet the Ottawa knee "
            "rule, which says an X-ray is needed to rule out a broken bone.",
            "The runner reports an injury within 7 days with a positive Ottawa knee "
            "rule item (age, isolated patellar or fibular head tenderness, flexion "
            "< 90° or inability to bear weight): radiograph indicated.",
        ),
    ),
    flag(
        "suspected_dvt",
        AllOf((Yes("calf_pain_or_swelling"), _CLOT_RISKS)),
        f"{_NICE_VTE} (Wells items and risk factors)",
        Urgency.EMERGENCY,
        "Possible blood clot in the leg",
        (
            "A painful or swollen calf with a risk factor for clots (long travel, "
            "being immobile, an operation, oestrogen, a previous clot, cancer) can be "
            "a deep-vein thrombosis, which needs a scan the same day.",
            "The runner reports calf pain or swelling with a VTE risk factor: DVT to "
            "be excluded the same day (Wells score, D-dimer or proximal ultrasound).",
        ),
    ),
    flag(
        "suspected_pulmonary_embolism",
        AllOf((Yes("calf_pain_or_swelling"), Yes("breathless_or_chest_pain"))),
        _NICE_VTE,
        Urgency.EMERGENCY,
        "Calf pain with breathlessness or chest pain",
        (
            "Breathlessness or chest pain with a painful calf can mean a clot has "
            "reached the lungs. Call your local emergency number now if it is severe.",
            "The runner reports calf symptoms with new breathlessness or chest pain: "
            "pulmonary embolism to be excluded immediately.",
        ),
    ),
    flag(
        "cauda_equina",
        AnyOf(
            (
                Yes("saddle_numbness"),
                Yes("bladder_bowel_change"),
                Yes("both_legs_numb_or_weak"),
            )
        ),
        f"{_CES}; NICE CKS Sciatica (red flags)",
        Urgency.EMERGENCY,
        "Possible pressure on the nerves at the base of the spine",
        (
            "Numbness between the legs, a new change in bladder or bowel control, or "
            "weakness or numbness in both legs can mean pressure on the nerves at the "
            "base of the spine (cauda equina). It needs a scan the same day.",
            "The runner reports saddle numbness, new bladder or bowel change or "
            "bilateral leg symptoms: suspected cauda equina syndrome, emergency MRI.",
        ),
    ),
)

RED_FLAG_SPECS: tuple[RedFlagSpec, ...] = (
    *_EMERGENCIES,
    ottawa_after_older_injury(_OTTAWA_ITEMS, _OTTAWA),
    *URGENT_FLAGS,
)
