"""The ITBS likelihood band from a cluster of history features.

No history item or examination test for iliotibial band syndrome (ITBS) has
known sensitivity or specificity (clinical.md §1.4, §8). Following the design
note of §1.4, the band weighs a cluster of typical history features (§1.1):
pain over the lateral epicondyle, onset at a predictable time or distance into
a run, worse downhill or down stairs, and no trauma, locking, giving way or
swelling. Features that point to another condition (§2) count against. The
weights are our inference from those sections, not published values: the band
says how well the answers fit the typical picture, never that it is ITBS.

Bands:
- ``likely``: score >= `LIKELY_MIN_SCORE`, all three core features (pain over
  the epicondyle, onset at a set time in a run, worse downhill or down stairs)
  and no strong feature of another condition (trauma, locking, giving way,
  swelling, joint-line or front-of-knee pain, pain on sitting, squatting or
  pivoting, hopping pain, unrelenting night pain, numbness). A red flag
  raises the urgency; it does not change how well the answers fit ITBS;
- ``unlikely``: no pain on the outside of the knee or thigh, or score below
  `POSSIBLE_MIN_SCORE`;
- ``possible``: everything in between.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tractus.triage.load_risks import LOAD_SPIKE
from tractus.triage.result import Likelihood
from tractus.triage.rules import (
    AllOf,
    AnyOf,
    Chosen,
    Condition,
    Is,
    Not,
    OutcomeKind,
    Rule,
    Yes,
)

__all__ = [
    "ITBS_FEATURES",
    "LIKELY_MIN_SCORE",
    "POSSIBLE_MIN_SCORE",
    "FeatureSpec",
    "LikelihoodAssessment",
    "assess_likelihood",
]

# Score thresholds (design choice on top of clinical.md §1.4): the three core
# features (2 points each) make 6; "possible" needs more for than against.
LIKELY_MIN_SCORE = 6
POSSIBLE_MIN_SCORE = 2
# "Likely" needs all three core features of the typical history (clinical.md
# §1.1): the place (epicondyle), the onset in a run, the aggravators.
_CORE_FEATURES_FOR_LIKELY = 3

_S11 = "clinical.md §1.1"
_S2 = "clinical.md §2"
_EPICONDYLE = Chosen("pain_locations", ("lateral_epicondyle",))
_INJURY = Is("onset", ("after_injury",))


@dataclass(frozen=True, slots=True)
class FeatureSpec:
    """A history feature for (positive weight) or against (negative) ITBS."""

    rule: Rule
    weight: int
    reason: str
    core: bool = False
    mechanical: bool = False
    # A strong feature of another condition (clinical.md §1.1 absent features,
    # §2): any one keeps the band below "likely".
    strong: bool = False


def _for(
    fid: str,
    when: Condition,
    weight: int,
    reason: str,
    source: str,
    *,
    core: bool = False,
) -> FeatureSpec:
    rule = Rule(f"itbs.for.{fid}", "1", when, OutcomeKind.ITBS_FOR, source)
    return FeatureSpec(rule, weight, reason, core=core)


def _against(
    fid: str,
    when: Condition,
    weight: int,
    reason: str,
    source: str,
    *,
    mechanical: bool = False,
    strong: bool = False,
) -> FeatureSpec:
    rule = Rule(f"itbs.against.{fid}", "2", when, OutcomeKind.ITBS_AGAINST, source)
    return FeatureSpec(
        rule, -weight, reason, mechanical=mechanical, strong=strong or mechanical
    )


ITBS_FEATURES: tuple[FeatureSpec, ...] = (
    _for(
        "epicondyle_pain",
        _EPICONDYLE,
        2,
        "Pain on the outside of the knee just above the joint, where the IT band "
        "crosses the thigh bone.",
        f"{_S11} — BMJ Best Practice 587; AAFP 2007; Medscape 2022",
        core=True,
    ),
    _for(
        "predictable_onset",
        Is("pain_onset_in_run", ("after_predictable_time",)),
        2,
        "The pain starts after a fairly predictable time or distance into a run.",
        f"{_S11} — Medscape 2022; Dubin 2006",
        core=True,
    ),
    _for(
        "downhill_or_stairs",
        AnyOf((Yes("worse_downhill"), Yes("worse_stairs_down"))),
        2,
        "It is worse running downhill or going down stairs.",
        f"{_S11} — Medscape 2022; AAFP 2007",
        core=True,
    ),
    _for(
        "no_mechanical_signs",
        AllOf(
            (
                Not(_INJURY),
                Is("locking_catching", (False,)),
                Is("giving_way", (False,)),
                Is("knee_swelling", (False,)),
            )
        ),
        1,
        "No injury, locking, giving way or swelling, as is typical of IT band pain.",
        f"{_S11} — Patient Care Online vignette; MSD Manual 2025",
    ),
    _for(
        "camber_or_track",
        Yes("worse_camber_or_track"),
        1,
        "It is worse on sloping roads or on a track.",
        f"{_S11} — AAFP 2007; Medscape 2022",
    ),
    _for(
        "better_running_faster",
        Is("running_faster", ("better",)),
        1,
        "Running faster hurts less.",
        f"{_S11} — Orchard 1996",
    ),
    _for(
        "sitting_tolerated",
        Is("pain_sitting_bent", (False,)),
        1,
        "Sitting with the knee bent does not hurt.",
        f"{_S11} — Patient Care Online vignette",
    ),
    _for(
        "spreads_up_thigh",
        AllOf((_EPICONDYLE, Chosen("pain_locations", ("outer_thigh",)))),
        1,
        "The pain spreads up the outer thigh.",
        f"{_S11} — BMJ Best Practice 587; Medscape 2022",
    ),
    _for(
        "sharp_or_burning",
        Is("pain_quality", ("sharp_or_burning",)),
        1,
        "The pain is sharp or burning.",
        f"{_S11} — BMJ Best Practice 587",
    ),
    _for(
        "recent_training_change",
        AnyOf(
            (
                LOAD_SPIKE,
                Yes("new_hills_downhill"),
                Yes("new_speed_work"),
                Yes("new_shoes"),
                Yes("new_surface"),
            )
        ),
        1,
        "You recently changed your training (distance, hills, speed, shoes or "
        "surface).",
        f"{_S11} — Sutker 1985; Fredericson & Weir 2006",
    ),
    _against(
        "not_lateral",
        Not(
            Chosen(
                "pain_locations",
                ("lateral_epicondyle", "lateral_joint_line", "outer_thigh"),
            )
        ),
        4,
        "The pain is not on the outside of the knee or thigh, where IT band pain is "
        "felt.",
        f"{_S11} — BMJ Best Practice 587",
    ),
    _against(
        "injury_onset",
        _INJURY,
        3,
        "It started with an injury; IT band pain comes on gradually with running.",
        f"{_S11} — Patient Care Online vignette; MSD Manual 2025",
        mechanical=True,
    ),
    _against(
        "locking_catching",
        Yes("locking_catching"),
        3,
        "The knee catches or locks, which points to the cartilage (meniscus).",
        f"{_S11} and {_S2} — MSD Manual 2025; eorthopod",
        mechanical=True,
    ),
    _against(
        "giving_way",
        Yes("giving_way"),
        3,
        "The knee gives way, which points to a ligament or cartilage problem.",
        f"{_S11} and {_S2} — MSD Manual 2025",
        mechanical=True,
    ),
    _against(
        "swelling",
        Yes("knee_swelling"),
        3,
        "The knee is swollen; IT band pain does not cause a swollen joint.",
        f"{_S11} — Patient Care Online vignette; MSD Manual 2025",
        mechanical=True,
    ),
    _against(
        "joint_line_pain",
        AllOf((Chosen("pain_locations", ("lateral_joint_line",)), Not(_EPICONDYLE))),
        2,
        "The pain is on the joint line rather than above it, which fits the meniscus "
        "better.",
        f"{_S2} — key discriminators ITBS vs lateral meniscus",
        strong=True,
    ),
    _against(
        "front_of_knee",
        Chosen("pain_locations", ("front_of_knee",)),
        1,
        "Pain at the front of the knee fits kneecap pain.",
        f"{_S2} — AAFP 2007",
        strong=True,
    ),
    _against(
        "back_of_knee",
        Chosen("pain_locations", ("back_of_knee",)),
        1,
        "Pain at the back of the knee fits a hamstring or popliteus tendon.",
        f"{_S2} — physio-network (Noake)",
    ),
    _against(
        "hip_or_groin",
        Chosen("pain_locations", ("hip", "groin")),
        1,
        "Hip or groin pain can be felt in the knee but come from the hip.",
        f"{_S2} — NHS Devon referral guide",
    ),
    _against(
        "pain_from_start",
        Is("pain_onset_in_run", ("from_start",)),
        1,
        "The pain is there from the first steps; IT band pain usually starts after a "
        "pain-free spell.",
        f"{_S11} — Medscape 2022",
    ),
    _against(
        "no_running_pattern",
        Is("pain_onset_in_run", ("no_pattern",)),
        1,
        "The pain is not tied to running distance, which fits pain referred from the "
        "back.",
        f"{_S2} — Brukner & Khan; clinicalpub",
    ),
    _against(
        "sitting_pain",
        Yes("pain_sitting_bent"),
        1,
        "Sitting with the knee bent hurts, which fits kneecap pain.",
        f"{_S11} and {_S2} — Patient Care Online; AAFP 2007",
        strong=True,
    ),
    _against(
        "squat_or_pivot_pain",
        Yes("pain_squatting_pivoting"),
        1,
        "Squatting or turning on the leg hurts, which fits the cartilage (meniscus) "
        "or the kneecap.",
        f"{_S2} — lateral meniscus and patellofemoral rows",
        strong=True,
    ),
    _against(
        "unrelenting_pain",
        Yes("pain_unrelenting"),
        1,
        "Night pain that rest and painkillers do not ease is not the pattern of IT "
        "band pain.",
        f"{_S2} and clinical.md §3 — NHS Gloucestershire; NHS Cornwall",
        strong=True,
    ),
    _against(
        "hopping_pain",
        Is("pain_on_hopping", ("yes",)),
        2,
        "Hopping hurts, which fits a bone stress injury.",
        f"{_S2} — MSD Manual 2025",
        strong=True,
    ),
    _against(
        "rest_or_night_pain",
        AnyOf((Yes("pain_at_rest"), Yes("pain_at_night"))),
        1,
        "Pain at rest or at night fits bone stress or another cause (it can also come "
        "with "
        "long-standing IT band pain).",
        f"{_S11} and {_S2} — Medscape 2022; MSD Manual 2025",
    ),
    _against(
        "numbness",
        Yes("numbness_tingling"),
        1,
        "Numbness or tingling points to a nerve.",
        f"{_S2} — eorthopod; clinicalpub",
        strong=True,
    ),
    _against(
        "back_pain",
        Yes("back_or_buttock_pain"),
        1,
        "Back or buttock pain can mean the pain is referred from the spine.",
        f"{_S2} — Brukner & Khan",
    ),
    _against(
        "faster_is_worse",
        Is("running_faster", ("worse",)),
        1,
        "Running faster hurts more; IT band pain is usually easier when running fast.",
        f"{_S11} and {_S2} — Orchard 1996; physio-network (Noake)",
    ),
)


@dataclass(frozen=True, slots=True)
class LikelihoodAssessment:
    """The band, its score and the features that fired."""

    likelihood: Likelihood
    score: int
    fired: tuple[FeatureSpec, ...]

    @property
    def reasons_for(self) -> tuple[str, ...]:
        return tuple(f.reason for f in self.fired if f.weight > 0)

    @property
    def reasons_against(self) -> tuple[str, ...]:
        return tuple(f.reason for f in self.fired if f.weight < 0)


def assess_likelihood(answers: Mapping[str, object]) -> LikelihoodAssessment:
    """Band the fit with typical ITBS history.

    Parameters
    ----------
    answers
        Validated answers.

    Returns
    -------
    LikelihoodAssessment
        Band, score and the fired features (for the reasons).

    References
    ----------
    clinical.md §1.1 (typical history), §1.4 (design note: weight a cluster,
    present a band), §2 (features pointing elsewhere), §8 item 1.
    """
    fired = tuple(f for f in ITBS_FEATURES if f.rule.fires(answers))
    score = sum(f.weight for f in fired)
    ids = {f.rule.id for f in fired}
    core = sum(1 for f in fired if f.core)
    if "itbs.for.camber_or_track" in ids and "itbs.for.downhill_or_stairs" not in ids:
        core += 1  # camber or track is an aggravator of §1.1 too
    if "itbs.against.not_lateral" in ids or score < POSSIBLE_MIN_SCORE:
        band = Likelihood.UNLIKELY
    elif (
        score >= LIKELY_MIN_SCORE
        and core == _CORE_FEATURES_FOR_LIKELY
        and not any(f.strong for f in fired)
    ):
        band = Likelihood.LIKELY
    else:
        band = Likelihood.POSSIBLE
    return LikelihoodAssessment(band, score, fired)
