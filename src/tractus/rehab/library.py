"""The exercise library: every exercise the programme can prescribe, by id."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from tractus.errors import RehabInputError
from tractus.rehab.exercise import Exercise
from tractus.rehab.library_control import STANDING
from tractus.rehab.library_mobility import MOBILITY
from tractus.rehab.library_strength import STRENGTH_LYING

__all__ = ["EXERCISES", "LIBRARY_VERSION", "get_exercise"]

LIBRARY_VERSION = "1"
"""Raised when an exercise, dose or cue changes, so a saved plan says what it used."""

EXERCISES: Mapping[str, Exercise] = MappingProxyType(
    {e.id: e for e in (*MOBILITY, *STRENGTH_LYING, *STANDING)}
)
"""Every exercise by id, foam rolling and stretches first, then strength."""


def get_exercise(exercise_id: str) -> Exercise:
    """The exercise with this id, as stored or as a person types it.

    Any case, with spaces, hyphens or underscores: "Side-lying hip abduction" finds
    `side_lying_hip_abduction`.

    Raises
    ------
    RehabInputError
        When no exercise has that id.
    """
    key = "_".join(
        exercise_id.strip().lower().replace("-", " ").replace("_", " ").split()
    )
    try:
        return EXERCISES[key]
    except KeyError:
        raise RehabInputError("exercise", f"unknown exercise {exercise_id!r}") from None
