"""Limits on what a human can record, and the cleaning of samples beyond them.

A file says what it likes: a trackpoint 1e9 m along, positions that jump
between longitude 0 and 179 every minute, a lap of 1e22 m. The summary must
neither believe it (a 1,000,000 km run) nor let it set the amount of work. So
every step between two samples is checked against the fastest a person moves
for the activity's sport; a step beyond it is a GPS glitch, a corrupt sample
or a vehicle, and its distance is not counted (its time still is). A device
total is checked the same way against the activity's duration, and an
activity longer than any single human effort is refused. The limits are
deliberately generous: they remove what no one can do, not what is unusual.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from tractus.activities.schema import Sport

__all__ = [
    "FOOT_SPEED_SPORTS",
    "MAX_ACTIVITY_DURATION_S",
    "MAX_FOOT_SPEED_M_S",
    "MAX_UNPOWERED_SPEED_M_S",
    "MIN_STEP_S",
    "is_plausible_total",
    "max_speed_m_s",
    "plausible_steps_m",
]

FloatArray = npt.NDArray[np.float64]

# The fastest a human has run: Usain Bolt, 100 m world record, Berlin 2009,
# 20 m from 60 to 80 m in 1.61 s = 12.42 m/s (44.7 km/h; IAAF biomechanics
# project, Graubner & Nixdorf, New Studies in Athletics 2011;26(1/2):19-53).
# A step faster than this in a run, walk or hike is not the runner's.
MAX_FOOT_SPEED_M_S = 12.5
# The fastest a human has moved under their own power or gravity on the
# ground: the speed-skiing world record, 254.958 km/h = 70.82 m/s (Ivan
# Origone, Vars, 2016). It bounds every other sport (cycling descents reach
# about 36 m/s) and a recording whose sport is unknown; faster steps are
# glitches or a watch left running in a train.
MAX_UNPOWERED_SPEED_M_S = 71.0
# Sports whose steps are held to the running limit.
FOOT_SPEED_SPORTS = frozenset({Sport.RUNNING, Sport.WALKING, Sport.HIKING})
# FIT timestamps are whole seconds and GPX/TCX writers mostly write whole
# seconds, so two samples stamped in the same second may be up to a second
# apart: a step is never judged over less than this.
MIN_STEP_S = 1.0
# The longest single efforts timed as one activity are mountain ultras: the
# Tor des Geants (330 km) closes after 150 hours. A recording spanning more
# than a week is not one activity (a wrong clock, or days of a watch left on).
MAX_ACTIVITY_DURATION_S = 7 * 24 * 3600.0


def max_speed_m_s(sport: Sport) -> float:
    """The fastest speed a sample step of `sport` can show (see the constants)."""
    return MAX_FOOT_SPEED_M_S if sport in FOOT_SPEED_SPORTS else MAX_UNPOWERED_SPEED_M_S


def plausible_steps_m(
    step_m: FloatArray, step_s: FloatArray, *, max_speed: float
) -> FloatArray:
    """Step distances with the impossible ones set to 0.

    Parameters
    ----------
    step_m : numpy.ndarray
        Distance covered between consecutive samples, metres.
    step_s : numpy.ndarray
        Time between the same samples, seconds (NaN where unknown).
    max_speed : float
        Fastest possible speed, m/s (`max_speed_m_s`).

    Returns
    -------
    numpy.ndarray
        `step_m` where finite, non-negative and no faster than `max_speed`
        over at least `MIN_STEP_S`; 0 elsewhere. A step of unknown time is
        held to what `max_speed` covers in `MIN_STEP_S`.
    """
    seconds = np.fmax(step_s, MIN_STEP_S)  # fmax: NaN time -> MIN_STEP_S
    with np.errstate(invalid="ignore", over="ignore"):  # NaN and huge times
        ok = np.isfinite(step_m) & (step_m >= 0) & (step_m <= max_speed * seconds)
    cleaned: FloatArray = np.where(ok, step_m, 0.0)
    return cleaned


def is_plausible_total(distance_m: float, duration_s: float, *, sport: Sport) -> bool:
    """True if `distance_m` can be covered in `duration_s` at the sport's limit."""
    if not np.isfinite(distance_m) or distance_m < 0:
        return False
    return distance_m <= max_speed_m_s(sport) * max(duration_s, MIN_STEP_S)
