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
    """The exercise with this id.

    Raises
    ------
    RehabInputError
        When no exercise has that id.
    """
    try:
        return EXERCISES[exercise_id]
    except KeyError:
        raise RehabInputError("exercise", f"unknown exercise {exercise_id!r}") from None
