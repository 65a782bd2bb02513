"""Questionnaire pages on the knee itself: where, how it started, what sets it off.

Covers the typical ITBS history and the features of its differential diagnoses
(clinical.md §1.1, §1.5 questions 1-6, §2), the injury questions behind the
trauma red flags and the Ottawa knee rule (§3). Plain language for a phone.
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

__all__ = ["MAX_AGE_YEARS", "MIN_AGE_YEARS", "PAIN_LOCATION_OPTIONS", "SYMPTOM_PAGES"]

# Age range of the check: children under 10 are out of scope; 110 catches typos.
MIN_AGE_YEARS = 10
MAX_AGE_YEARS = 110

_AFTER_INJURY = EnableWhen("onset", ("after_injury",))

# The places a runner can tap on the knee pictures (front, outside, back views),
# then the places off the knee. clinical.md §1.5 question 1 and §2 (fibular head,
# posterolateral corner, tibial plateau for bone stress).
PAIN_LOCATION_OPTIONS: tuple[tuple[str, str], ...] = (
    ("front_of_knee", "Front of the knee, around or behind the kneecap"),
    ("top_of_shin", "Top of the shin bone, just below the knee"),
    ("whole_knee", "All over the knee"),
    ("deep_hard_to_place", "Deep inside the knee, hard to put a finger on"),
    (
        "lateral_epicondyle",
        "Outside of the knee, on the bony bump just above the joint",
    ),
    ("lateral_joint_line", "Outside of the knee, right on the joint line"),
    ("fibular_head", "The bony knob on the outside, just below the knee"),
    ("outer_thigh", "Outer side of the thigh"),
    ("back_outer_corner", "Back of the knee, towards the outside"),
    ("back_of_knee", "Back of the knee, in the middle"),
    ("hip", "Hip or side of the hip"),
    ("groin", "Groin"),
)

SYMPTOM_PAGES: tuple[tuple[str, str, tuple[Question, ...]], ...] = (
    (
        "about_you",
        "About you",
        (
            Question(
                "age_years",
                "How old are you?",
                AnswerType.INTEGER,
                "In whole years.",
                minimum=MIN_AGE_YEARS,
                maximum=MAX_AGE_YEARS,
                unit="years",
            ),
            _choice(
                "sex",
                "What sex were you assigned at birth?",
                (
                    ("female", "Female"),
                    ("male", "Male"),
                    ("not_stated", "Prefer not to say"),
                ),
                "Some injuries are more common in one sex.",
            ),
            _yes_no(
                "periods_irregular",
                "Have your periods become irregular or stopped?",
                "Not because of pregnancy, menopause or contraception.",
                required=False,
                when=EnableWhen("sex", ("female",)),
            ),
            _yes_no(
                "previous_bone_stress_injury",
                "Have you ever had a stress fracture or bone stress injury?",
                required=False,
            ),
            _yes_no(
                "low_energy_intake",
                "Do you often eat less than your training needs?",
                "For example dieting, skipping meals, cutting out food groups or "
                "trying to lose weight while training.",
            ),
        ),
    ),
    (
        "where",
        "Where it hurts",
        (
            _choice(
                "pain_locations",
                "Where does it hurt most? Tick all that apply.",
                PAIN_LOCATION_OPTIONS,
                "Tap the numbered places on the knee pictures; each number is named "
                "under its picture. The joint line is the gap between thigh bone and "
                "shin bone.",
                multi=True,
            ),
            _choice(
                "pain_side",
                "Which knee hurts?",
                (
                    ("left", "Left"),
                    ("right", "Right"),
                    ("both", "Both knees"),
                ),
            ),
            _choice(
                "pain_duration",
                "How long has it hurt?",
                (
                    ("under_2_weeks", "Less than 2 weeks"),
                    ("2_to_6_weeks", "2 to 6 weeks"),
                    ("6_weeks_to_3_months", "6 weeks to 3 months"),
                    ("over_3_months", "More than 3 months"),
                ),
            ),
            _choice(
                "pain_quality",
                "What does the pain feel like?",
                (
                    ("sharp_or_burning", "Sharp or burning"),
                    ("dull_ache", "Dull ache"),
                    ("other", "Something else"),
                ),
                required=False,
            ),
        ),
    ),
    (
        "onset",
        "How it started",
        (
            _choice(
                "onset",
                "How did the pain start?",
                (
                    ("gradual", "Gradually, over runs or weeks"),
                    ("sudden_no_injury", "Suddenly, without an injury"),
                    ("after_injury", "After a fall, twist, blow or awkward landing"),
                ),
            ),
            _choice(
                "injury_how_long_ago",
                "When was the injury?",
                (
                    ("within_7_days", "In the last 7 days"),
                    ("1_to_6_weeks", "1 to 6 weeks ago"),
                    ("over_6_weeks", "More than 6 weeks ago"),
                ),
                when=_AFTER_INJURY,
            ),
            _choice(
                "injury_mechanism",
                "What happened? Tick all that apply.",
                (
                    ("twist", "The knee twisted"),
                    ("blow", "Something hit the knee"),
                    ("fall", "I fell"),
                    (
                        "pushed_sideways",
                        "The knee was pushed sideways (inwards or outwards)",
                    ),
                    (
                        "ankle_rolled_knee_bent",
                        "My ankle rolled under me with the knee bent",
                    ),
                    ("other", "Something else"),
                ),
                multi=True,
                when=_AFTER_INJURY,
            ),
            _yes_no(
                "injury_high_impact",
                "Was it a high-impact injury?",
                "For example a car or bike crash, a fall from a height, or a hard "
                "tackle.",
                when=_AFTER_INJURY,
            ),
            _yes_no(
                "felt_pop",
                "Did you feel or hear a 'pop' at the time?",
                when=_AFTER_INJURY,
            ),
        ),
    ),
    (
        "after_injury",
        "Straight after the injury",
        (
            _choice(
                "swelling_after_injury",
                "Did the knee swell up after the injury?",
                (
                    ("within_2_hours", "Yes, within about 2 hours"),
                    ("later", "Yes, later that day or the next day"),
                    ("no", "No"),
                ),
                when=_AFTER_INJURY,
            ),
            _yes_no(
                "walked_4_steps_after_injury",
                "Straight after the injury, could you take 4 steps on it?",
                "Limping counts as walking.",
                when=_AFTER_INJURY,
            ),
            _yes_no(
                "can_bend_to_right_angle",
                "Can you bend the knee to a right angle (90°)?",
                "As when sitting on a chair with your foot under the knee.",
                when=_AFTER_INJURY,
            ),
        ),
    ),
    (
        "injured_knee_checks",
        "Checking the injured knee",
        (
            _yes_no(
                "can_straight_leg_raise",
                "Lying on your back, can you lift the leg off the bed with the knee "
                "straight?",
                "Keep the knee locked straight and lift the whole leg a hand's width.",
                when=_AFTER_INJURY,
            ),
            _yes_no(
                "tender_kneecap_only",
                "When you press around the knee, is the kneecap the only sore place?",
                when=_AFTER_INJURY,
            ),
            _yes_no(
                "tender_fibular_head",
                "Is the bony knob on the outside, just below the knee, sore to press?",
                "The top of the thin bone of the shin (the fibula).",
                when=_AFTER_INJURY,
            ),
        ),
    ),
    (
        "knee_now",
        "Swelling",
        (
            _yes_no(
                "knee_swelling",
                "Is the knee swollen now?",
                "Puffy or bigger than the other knee.",
            ),
            _choice(
                "swelling_amount",
                "How swollen is it?",
                (
                    ("slight", "A little puffy"),
                    ("obvious", "Clearly bigger than the other knee"),
                    ("large", "Very swollen and tight; it is hard to bend"),
                ),
                required=False,
                when=EnableWhen("knee_swelling", (True,)),
            ),
            _yes_no(
                "swelling_sudden",
                "Did the swelling come on suddenly, within hours?",
                when=EnableWhen("knee_swelling", (True,)),
            ),
        ),
    ),
    (
        "how_it_moves",
        "How the knee moves",
        (
            _yes_no("locking_catching", "Does the knee catch or lock (get stuck)?"),
            _yes_no("giving_way", "Does the knee give way or feel unstable?"),
            _yes_no(
                "can_fully_straighten",
                "Can you straighten the knee fully?",
                "Sitting with the leg out in front, can the back of the knee go flat?",
            ),
        ),
    ),
    (
        "weight_bearing",
        "Standing and walking",
        (
            _yes_no(
                "can_bear_weight",
                "Can you stand on the leg and walk 4 steps now?",
                "Limping counts as walking.",
            ),
            _yes_no("pain_walking", "Does it hurt when you walk?"),
            _choice(
                "pain_on_hopping",
                "Does hopping on the painful leg hurt?",
                (
                    ("yes", "Yes"),
                    ("no", "No"),
                    ("not_tried", "I have not tried"),
                ),
                "Only try if standing on it is comfortable.",
                when=EnableWhen("can_bear_weight", (True,)),
            ),
        ),
    ),
    (
        "in_a_run",
        "During a run",
        (
            _choice(
                "pain_onset_in_run",
                "When does the pain start during a run?",
                (
                    (
                        "after_predictable_time",
                        "After a fairly predictable time or distance",
                    ),
                    ("from_start", "From the first steps, and it stays"),
                    (
                        "worst_at_start_then_eases",
                        "Worst at the start, then it eases as I warm up",
                    ),
                    ("only_after_runs", "Only after a run, not during it"),
                    ("no_pattern", "No pattern"),
                    ("cannot_run", "I cannot run at the moment"),
                ),
            ),
            Question(
                "pain_start_minutes",
                "About how many minutes into a run does it start?",
                AnswerType.INTEGER,
                minimum=0,
                maximum=300,
                unit="min",
                enable_when=EnableWhen(
                    "pain_onset_in_run", ("after_predictable_time",)
                ),
            ),
            _yes_no("worse_downhill", "Is it worse running downhill?"),
            _yes_no("worse_stairs_down", "Is it worse going down stairs?"),
            _choice(
                "running_faster",
                "How does running faster feel?",
                (
                    ("better", "Better, it hurts less"),
                    ("worse", "Worse"),
                    ("same", "About the same"),
                    ("not_sure", "Not sure"),
                ),
                required=False,
            ),
        ),
    ),
    (
        "other_triggers",
        "Other things that set it off",
        (
            _yes_no(
                "worse_camber_or_track",
                "Is it worse on sloping roads or on a track?",
                "Roads that slope to the side, or always running the same way round.",
            ),
            _yes_no(
                "pain_sitting_bent",
                "Does sitting for a long time with the knee bent hurt?",
                "For example in a car or at the cinema.",
            ),
            _yes_no(
                "pain_squatting_pivoting", "Does squatting or turning on the leg hurt?"
            ),
            _yes_no(
                "pivoting_sports",
                "Do you also play a sport with turning or pivoting?",
                "For example football, netball, basketball, tennis or skiing.",
            ),
        ),
    ),
)
