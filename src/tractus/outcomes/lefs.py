"""The Lower Extremity Functional Scale (LEFS): 20 items, each 0-4, total 0-80.

Binkley JM, Stratford PW, Lott SA, Riddle DL. The Lower Extremity Functional Scale
(LEFS): scale development, measurement properties, and clinical application. Phys Ther
1999;79(4):371-383 (clinical.md §7.1). Higher is better; MDC and MCID are 9 points.
"""

from __future__ import annotations

from collections.abc import Sequence

from tractus.errors import RehabInputError

__all__ = [
    "LEFS_ATTRIBUTION",
    "LEFS_ITEMS",
    "LEFS_LICENCE_NOTE",
    "LEFS_MAX",
    "LEFS_OPTIONS",
    "LEFS_STEM",
    "score_lefs",
]

LEFS_STEM = (
    "Today, do you or would you have any difficulty at all with the following "
    "activities because of your lower limb problem?"
)

LEFS_ITEMS: tuple[str, ...] = (
    "Any of your usual work, housework or school activities",
    "Your usual hobbies, recreational or sporting activities",
    "Getting into or out of the bath",
    "Walking between rooms",
    "Putting on your shoes or socks",
    "Squatting",
    "Lifting an object, like a bag of groceries, from the floor",
    "Performing light activities around your home",
    "Performing heavy activities around your home",
    "Getting into or out of a car",
    "Walking 2 blocks",
    "Walking a mile",
    "Going up or down 10 stairs (about 1 flight of stairs)",
    "Standing for 1 hour",
    "Sitting for 1 hour",
    "Running on even ground",
    "Running on uneven ground",
    "Making sharp turns while running fast",
    "Hopping",
    "Rolling over in bed",
)
"""The 20 items in the published order (Binkley 1999)."""

LEFS_OPTIONS: tuple[tuple[int, str], ...] = (
    (0, "Extreme difficulty or unable to perform activity"),
    (1, "Quite a bit of difficulty"),
    (2, "Moderate difficulty"),
    (3, "A little bit of difficulty"),
    (4, "No difficulty"),
)

LEFS_MAX = 4 * len(LEFS_ITEMS)

LEFS_ATTRIBUTION = (
    "Lower Extremity Functional Scale: Binkley JM, Stratford PW, Lott SA, Riddle DL. "
    "Phys Ther 1999;79(4):371-383. Reprinted with permission of the American Physical "
    "Therapy Association."
)
LEFS_LICENCE_NOTE = (
    "Listed as free to use (RehabMeasures); no explicit licence for embedding in "
    "software was found, so a clinic should confirm with the APTA before commercial "
    "use (clinical.md §7.1, §8)."
)


def score_lefs(answers: Sequence[object]) -> int:
    """The LEFS total: the sum of the 20 item scores (0-80, higher is better).

    Raises
    ------
    RehabInputError
        When there are not exactly 20 answers or one is not a whole number 0-4;
        a partly completed form is not scored.
    """
    if len(answers) != len(LEFS_ITEMS):
        raise RehabInputError(
            "lefs", f"needs {len(LEFS_ITEMS)} answers, got {len(answers)}"
        )
    total = 0
    for number, value in enumerate(answers, start=1):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 4:
            raise RehabInputError(
                f"lefs item {number}", f"must be 0 to 4, not {value!r}"
            )
        total += value
    return total
