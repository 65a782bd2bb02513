"""Questionnaire pages on rest pain, nerves, general health, joints and training.

Covers the red-flag screens (clinical.md §3; §1.5 questions 7-9), the nerve and
spine differentials (§2) and the training changes of the last 2-6 weeks that
the load-risk rules read (§1.5 question 10, §4.1, §4.2). Plain language.
"""

from __future__ import annotations

from tractus.triage.questionnaire import (
    AnswerType,
    EnableWhen,
    Question,
)
from tractus.triage.questionnaire import (
    choice_question as _choice,
)
from tractus.triage.questionnaire import (
    yes_no_question as _yes_no,
)

__all__ = ["CLOT_RISK_OPTIONS", "HEALTH_AND_TRAINING_PAGES", "MAX_WEEKLY_DISTANCE_KM"]

# Risk factors for a deep-vein thrombosis a runner can report (NICE NG158, 2020;
# the Wells items of previous DVT, cancer, immobilisation and surgery, plus long
# travel and oestrogen). "none" lets the runner say so explicitly.
CLOT_RISK_OPTIONS: tuple[tuple[str, str], ...] = (
    ("long_travel", "A journey of 4 hours or more in the last 4 weeks"),
    (
        "immobilised",
        "Leg in plaster or a brace, or in bed 3 days or more, in the last 12 weeks",
    ),
    ("surgery", "An operation in the last 12 weeks"),
    ("oestrogen", "Taking the contraceptive pill, HRT or other oestrogen"),
    ("previous_clot", "A blood clot in the past"),
    ("active_cancer", "Cancer treatment now or in the last 6 months"),
    ("none", "None of these"),
)

# 300 km/week is above elite marathon volume: anything higher is a typo.
MAX_WEEKLY_DISTANCE_KM = 300

HEALTH_AND_TRAINING_PAGES: tuple[tuple[str, str, tuple[Question, ...]], ...] = (
    (
        "rest_and_night",
        "Rest and night",
        (
            _yes_no("pain_at_rest", "Does it hurt when you are resting?"),
            _yes_no("pain_at_night", "Does it hurt at night?"),
            _yes_no(
                "night_pain_eases_with_position",
                "Does the night pain ease when you change position?",
                required=False,
                when=EnableWhen("pain_at_night", (True,)),
            ),
            _yes_no(
                "pain_unrelenting",
                "Does the night pain go on even with rest or painkillers?",
                when=EnableWhen("pain_at_night", (True,)),
            ),
        ),
    ),
    (
        "nerves_and_back",
        "Nerves and back",
        (
            _yes_no("numbness_tingling", "Any numbness or pins and needles?"),
            _choice(
                "numbness_where",
                "Where is the numbness or tingling?",
                (
                    ("outer_thigh", "Outer thigh"),
                    (
                        "outer_lower_leg_or_foot",
                        "Outer side of the lower leg or top of the foot",
                    ),
                    ("around_knee", "Around the knee"),
                    ("elsewhere", "Somewhere else"),
                ),
                multi=True,
                when=EnableWhen("numbness_tingling", (True,)),
            ),
            _yes_no(
                "numbness_worsening",
                "Is the numbness spreading or getting worse?",
                when=EnableWhen("numbness_tingling", (True,)),
            ),
            _yes_no(
                "leg_weakness",
                "Any new weakness in the leg or foot?",
                "For example the foot slapping down or tripping over your toes.",
            ),
            _yes_no(
                "back_or_buttock_pain", "Do you have back or buttock pain as well?"
            ),
        ),
    ),
    (
        "spine_warning_signs",
        "Back, bladder and both legs",
        (
            _yes_no(
                "both_legs_numb_or_weak",
                "Do both legs feel weak, numb or tingly?",
            ),
            _yes_no(
                "saddle_numbness",
                "Is there numbness between your legs or around your bottom?",
                "The area that would touch a saddle: genitals, back passage, inner "
                "buttocks.",
            ),
            _yes_no(
                "bladder_bowel_change",
                "Any new change in passing water or in your bowels?",
                "For example not being able to pass water, not feeling when you need "
                "to, or leaking.",
            ),
        ),
    ),
    (
        "calf",
        "Your calf",
        (
            _yes_no(
                "calf_pain_or_swelling",
                "Is a calf painful, tender or swollen?",
                "Or one calf is bigger, warmer or redder than the other.",
            ),
            _choice(
                "clot_risk_factors",
                "Does any of these apply to you? Tick all that apply.",
                CLOT_RISK_OPTIONS,
                when=EnableWhen("calf_pain_or_swelling", (True,)),
                multi=True,
            ),
            _yes_no(
                "breathless_or_chest_pain",
                "Are you newly short of breath, or do you have chest pain?",
                when=EnableWhen("calf_pain_or_swelling", (True,)),
            ),
        ),
    ),
    (
        "general_health",
        "Your general health",
        (
            _yes_no(
                "fever_or_unwell",
                "Do you have a fever or feel generally unwell?",
                "Hot and shivery, or flu-like.",
            ),
            _yes_no("hot_red_knee", "Is the knee hot or red?"),
            _yes_no(
                "immunocompromised",
                "Is your immune system weakened?",
                "For example cancer treatment, diabetes, steroid tablets, HIV or "
                "heavy drinking.",
            ),
        ),
    ),
    (
        "serious_causes",
        "A few more health questions",
        (
            _yes_no("unexplained_weight_loss", "Have you lost weight without trying?"),
            _yes_no(
                "night_sweats",
                "Do you have night sweats that soak your bedclothes?",
            ),
            _yes_no("history_of_cancer", "Have you ever had cancer?"),
            _yes_no("lump_near_knee", "Can you feel a hard lump near the knee?"),
        ),
    ),
    (
        "joints",
        "Other joints",
        (
            _yes_no(
                "morning_stiffness_over_30_min",
                "Is the knee stiff for more than 30 minutes after you get up?",
            ),
            _yes_no("other_swollen_joints", "Are other joints swollen too?"),
            _yes_no(
                "psoriasis_or_ibd",
                "Do you have psoriasis or inflammatory bowel disease (Crohn's, "
                "colitis)?",
                required=False,
            ),
        ),
    ),
    (
        "training_load",
        "Your running",
        (
            Question(
                "weekly_distance_km",
                "About how far do you run in a normal week?",
                AnswerType.NUMBER,
                "Average over the last month.",
                minimum=0,
                maximum=MAX_WEEKLY_DISTANCE_KM,
                unit="km",
            ),
            Question(
                "weekly_distance_increase_pct",
                "By how much has your weekly distance gone up in the last 2-6 weeks?",
                AnswerType.NUMBER,
                "In percent. 0 if it has not gone up, negative if it has gone down. "
                "From 20 to 30 km a week is 50%.",
                minimum=-100,
                maximum=1000,
                unit="%",
            ),
            _choice(
                "longest_run_change",
                "Was your longest recent run longer than any run in the month before?",
                (
                    ("not_longer", "No, not longer"),
                    ("up_to_10_pct", "A little longer (up to 10% more)"),
                    ("10_to_30_pct", "10% to 30% longer"),
                    ("30_to_100_pct", "30% longer, up to twice as long"),
                    ("over_100_pct", "More than twice as long"),
                ),
            ),
        ),
    ),
    (
        "training_changes",
        "Changes in the last 2-6 weeks",
        (
            _yes_no(
                "new_hills_downhill", "Have you started running more hills or downhill?"
            ),
            _yes_no("new_speed_work", "Have you started speed work or intervals?"),
            _yes_no("new_shoes", "Have you changed your running shoes?"),
            _yes_no(
                "new_surface",
                "Have you changed where you run (surface)?",
                "For example from trails to roads, or onto a track.",
            ),
            _yes_no(
                "runs_camber_or_track",
                "Do you often run on sloping roads or the same way round a track?",
            ),
        ),
    ),
)
