"""Short citations shared by the exercise library and the programme generator.

Each names the study and the section of clinical.md that summarises it, so a runner or
clinician can trace every exercise, dose and rule to its evidence.
"""

from __future__ import annotations

__all__ = [
    "BRIDGE_ABDUCTION",
    "CLAM_DOSE",
    "CONVENTION",
    "EKSTROM_2007",
    "EMG_TABLE",
    "FOAM_ROLLING",
    "HIP_ABDUCTION_TFL",
    "J_ORTHOP_2020",
    "LOG_ROLL",
    "PAIN_MONITORING",
    "RETURN_TO_RUN",
    "SELKOWITZ_2013",
    "SINGLE_LEG_SQUAT_RATING",
    "STAGED_MODEL",
    "STRETCHING",
    "TECHNIQUE",
]

EMG_TABLE = "IJSPT 2014;9(2):157, Table 2, PMC4004121 (clinical.md §6.1)"
EKSTROM_2007 = "Ekstrom 2007, JOSPT 37(12):754 (clinical.md §6.1)"
SELKOWITZ_2013 = (
    "Selkowitz 2013, JOSPT 43(2):54: gluteal-to-TFL index (clinical.md §6.1)"
)
HIP_ABDUCTION_TFL = (
    "Physical Therapy Korea, ptkorea.org uid 1072, Table 2: a hip-flexion set raises "
    "TFL to 52% MVIC (clinical.md §6.1)"
)
LOG_ROLL = "Baik 2020, J Athl Train 56(9):945, PMC8448474 (clinical.md §6.1)"
BRIDGE_ABDUCTION = "Kang 2016: bridging with 30° hip abduction (clinical.md §6.1)"
J_ORTHOP_2020 = (
    "J Orthop Surg Res 2020 pilot RCT, doi 10.1186/s13018-020-01713-7, Table 2 "
    "(clinical.md §5.4.1)"
)
CLAM_DOSE = "Human Kinetics, Total Control excerpt: 20 x 1, then x 2 (clinical.md §6.2)"
TECHNIQUE = "Technique and compensations (clinical.md §6.2)"
SINGLE_LEG_SQUAT_RATING = (
    "Crossley 2011, Am J Sports Med 39(4):866; Willy 2012 cue (clinical.md §6.2, §7.5)"
)
FOAM_ROLLING = (
    "Pepper 2021 IJSPT; Chaudhry 2008; Afshari 2023: no change in ITB stiffness, "
    "short-term symptom relief only (clinical.md §5.2)"
)
STRETCHING = (
    "Fredericson 2002, Arch Phys Med Rehabil 83(5):589; Falvey 2010; "
    "J Orthop Surg Res 2020 (clinical.md §5.3)"
)
STAGED_MODEL = "Fredericson & Weir 2006, Clin J Sport Med 16(3):261 (clinical.md §5.1)"
RETURN_TO_RUN = (
    "Trials 2023 return-to-run protocol, doi 10.1186/s13063-023-07502-x, Table 1; "
    "Fredericson & Weir 2006 (clinical.md §5.8)"
)
PAIN_MONITORING = (
    "Silbernagel 2007, Am J Sports Med 35(6):897, validated in Achilles "
    "tendinopathy only (clinical.md §5.9)"
)
CONVENTION = "Clinical convention, no trial tested this dose [expert opinion]"
