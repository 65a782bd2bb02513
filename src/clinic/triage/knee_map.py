"""Where each pain location sits on the knee pictures the runner taps.

The locations are the core's options (`PAIN_LOCATION_OPTIONS`); this module only
says on which view (front, outside, back) each is drawn and its number there.
The spot positions are CSS classes (`.spot-<code>` in tractus.css): the page's
content security policy allows no inline style.
"""

from __future__ import annotations

from dataclasses import dataclass

from tractus.triage.catalogue_symptoms import PAIN_LOCATION_OPTIONS

KNEE_MAP_QUESTION = "pain_locations"


@dataclass(frozen=True, slots=True)
class KneeView:
    id: str
    title: str
    codes: tuple[str, ...]


KNEE_VIEWS: tuple[KneeView, ...] = (
    KneeView(
        "front",
        "Front of the right knee",
        ("front_of_knee", "top_of_shin", "whole_knee", "deep_hard_to_place"),
    ),
    KneeView(
        "outside",
        "Outside of the right knee",
        ("lateral_epicondyle", "lateral_joint_line", "fibular_head", "outer_thigh"),
    ),
    KneeView("back", "Back of the right knee", ("back_outer_corner", "back_of_knee")),
)
OFF_KNEE_CODES = tuple(
    code
    for code, _ in PAIN_LOCATION_OPTIONS
    if all(code not in view.codes for view in KNEE_VIEWS)
)
