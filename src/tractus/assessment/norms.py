"""Cut-offs and reference values of the head-to-toe assessment, each with its source.

Every number here comes from the clinic's reference notes (clinical.md). Where the
notes say the evidence is weak or conflicting, the constant's comment says so, and
the summary shown to the clinician repeats it.
"""

from __future__ import annotations

__all__ = [
    "DORSIFLEXION_SHORT_BELOW_DEG",
    "FPI_ITEM_MAX",
    "FPI_ITEM_MIN",
    "FPI_ITEMS",
    "GRAVITY_M_PER_S2",
    "HIP_ABDUCTION_PCT_BW_H",
    "STRENGTH_DEFICIT_WEAK_PCT",
    "THOMAS_HIP_SHORT_ABOVE_DEG",
    "THOMAS_KNEE_SHORT_BELOW_DEG",
]

GRAVITY_M_PER_S2 = 9.81

# Hand-held dynamometer: hip abduction torque as % body weight x height (%BW·h).
# Fredericson 2000 (clinical.md §4.3): ITBS limb / other limb / controls.
# Shown beside the runner's values; no ITBS cut-off exists (clinical.md §7.6).
HIP_ABDUCTION_PCT_BW_H = {
    "women": (7.82, 9.82, 10.19),
    "men": (6.86, 8.62, 9.73),
}

# The painful limb was about 20% weaker than the other in Fredericson 2000
# (7.82 vs 9.82 women, 6.86 vs 8.62 men; clinical.md §4.3). A deficit this size
# is called weakness. Evidence that weakness causes ITBS is conflicting
# (Grau 2008 found none; clinical.md §4.3, §8.3).
STRENGTH_DEFICIT_WEAK_PCT = 20.0

# Modified Thomas test (clinical.md §1.2, BMC Sports Sci Med Rehabil 2021 Table 4):
# hip above horizontal = short one-joint hip flexors; knee flexion under 67° = short
# two-joint flexors (rectus femoris, TFL, sartorius). Validity is poor unless the
# pelvic tilt is controlled (Vigotsky 2016).
THOMAS_HIP_SHORT_ABOVE_DEG = 0.0
THOMAS_KNEE_SHORT_BELOW_DEG = 67.0

# Passive ankle dorsiflexion under 18°: with the knee straight and bent = short
# soleus; with the knee straight only = short gastrocnemius (clinical.md §1.6).
DORSIFLEXION_SHORT_BELOW_DEG = 18.0

# Foot Posture Index: six observations, each -2 to +2 (clinical.md §7.4, Redmond 2006).
FPI_ITEMS = (
    "talar head palpation",
    "curves above and below the lateral malleolus",
    "calcaneal frontal-plane position",
    "talonavicular bulge",
    "medial arch height and congruence",
    "forefoot abduction/adduction",
)
FPI_ITEM_MIN, FPI_ITEM_MAX = -2, 2
