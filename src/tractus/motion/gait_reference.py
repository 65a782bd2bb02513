"""What each gait number means, in plain words, with the reference it can be read against.

One `GaitReference` per metric of `tractus.motion.gait` and `gait_frontal`: a sentence a
runner understands, the reference values the literature gives (never a pass/fail cut-off
where none is published), and the source in clinical.md. The web shows them beside the
numbers; where the evidence is weak the sentence says so.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["GAIT_REFERENCES", "GaitReference"]


@dataclass(frozen=True, slots=True)
class GaitReference:
    """How to read one gait metric."""

    meaning: str
    reference: str
    source: str


GAIT_REFERENCES: dict[str, GaitReference] = {
    "cadence_spm": GaitReference(
        "How many steps you take a minute.",
        "Runners usually step 150-190 times a minute; raising your own rate by 5-10% "
        "lowers the load on the knee and hip (evidence moderate, in healthy runners).",
        "clinical.md §4.5 (Heiderscheit 2011; Anderson 2022)",
    ),
    "knee_flexion_at_contact_deg": GaitReference(
        "How bent the knee is as the foot lands.",
        "Women with IT band pain landed with 13° on average, pain-free runners with "
        "17° (one small study); no healthy range is published.",
        "clinical.md §4.4 (Suárez 2019), §1 (Orchard 1996)",
    ),
    "peak_knee_flexion_stance_deg": GaitReference(
        "How far the knee bends while the foot is on the ground.",
        "It falls as cadence rises; no cut-off is published.",
        "clinical.md §4.5 (Anderson 2022)",
    ),
    "overstride_leg_lengths": GaitReference(
        "How far ahead of the hip the foot lands, in leg lengths.",
        "Landing further ahead goes with a straighter knee at contact, which injured "
        "runners showed more often; no cut-off is published.",
        "clinical.md §4.4 (Bramah 2018)",
    ),
    "trunk_forward_lean_deg": GaitReference(
        "How far the upper body leans forward (+) or back (-).",
        "Injured runners leaned further forward at midstance than pain-free runners "
        "(one retrospective study); no cut-off is published.",
        "clinical.md §4.4 (Bramah 2018)",
    ),
    "contralateral_pelvic_drop_deg": GaitReference(
        "How far the hip on the side of the swinging leg drops while you stand on the "
        "other leg.",
        "Each degree more went with about 80% higher odds of being injured in one "
        "retrospective study; another found no link with IT band pain.",
        "clinical.md §4.4 (Bramah 2018; Foch & Milner 2014)",
    ),
    "hip_adduction_deg": GaitReference(
        "How far the thigh angles in towards the midline while the foot is down.",
        "Higher peak hip adduction came before IT band pain in women (moderate-quality "
        "review, small effects); no cut-off is published.",
        "clinical.md §4.4 (Aderem & Louw 2015)",
    ),
    "step_width_leg_lengths": GaitReference(
        "How far apart your feet land sideways, in leg lengths.",
        "A narrower step strains the IT band more; changes of 5% of leg length "
        "matter (healthy runners, mechanistic).",
        "clinical.md §4.6 (Meardon 2012)",
    ),
    "crossover_leg_lengths": GaitReference(
        "How far a foot lands across the midline, in leg lengths.",
        "Landing on or across the midline (crossover) narrows the step; rated by eye "
        "on rear-view video.",
        "clinical.md §4.6 (Meardon 2012; Brindle 2014)",
    ),
}
"""By metric name, as `GaitReport.metrics` keys them."""
