"""A set done with the live coach: only its numbers, checked before anything is kept.

The browser analyses the camera picture itself (`analysis.mjs`, the same analysis as
`tractus.motion.exercise`) and sends only the finished set's numbers: per repetition the
range, the tempo and the compensation codes; for a held exercise the seconds held in the
right posture; how long the set took and how many frames were analysed. `parse_coached_set`
turns that JSON into a `CoachedSet` or refuses it with the field and the problem. Unknown
fields are refused too, so nothing else (a picture, the landmarks) can ride along.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from tractus.errors import MotionError, MotionProblem
from tractus.motion.camera import View
from tractus.motion.exercise_checks import VIDEO_ANGLE_MDC_DEG
from tractus.motion.rules import RULES, Exercise

__all__ = ["MAX_REPS", "CoachedSet", "SetRep", "parse_coached_set"]

MAX_REPS = 200
"""More repetitions than any prescribed set (clinical.md §6.2: 10-15 per set)."""
_MAX_SET_S = 3600.0
_MAX_PHASE_S = 60.0
_SOURCE = "coached set"
_KEYS = {
    "exercise",
    "rules_version",
    "view",
    "side",
    "reps",
    "hold_s",
    "duration_s",
    "frames_analysed",
    "frames_per_s",
}
_REP_KEYS = {"range_deg", "up_s", "hold_s", "down_s", "faults"}


@dataclass(frozen=True, slots=True)
class SetRep:
    """One repetition: range (degrees), tempo (seconds) and compensation codes."""

    range_deg: float
    up_s: float
    hold_s: float
    down_s: float
    faults: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dict (the form `parse_coached_set` reads)."""
        return {
            "range_deg": round(self.range_deg, 1),
            "up_s": round(self.up_s, 2),
            "hold_s": round(self.hold_s, 2),
            "down_s": round(self.down_s, 2),
            "faults": list(self.faults),
        }


@dataclass(frozen=True, slots=True)
class CoachedSet:
    """The numbers of one set done with the live coach."""

    exercise: Exercise
    rules_version: str
    view: View
    side: str | None
    reps: tuple[SetRep, ...]
    hold_s: float | None
    duration_s: float
    frames_analysed: int
    frames_per_s: float

    @property
    def rep_count(self) -> int:
        """Number of repetitions counted."""
        return len(self.reps)

    @property
    def median_range_deg(self) -> float | None:
        """Typical range of the set's reps (median), None without reps."""
        return statistics.median(r.range_deg for r in self.reps) if self.reps else None

    @property
    def median_rep_s(self) -> float | None:
        """Typical length of one rep (up + hold + down), None without reps."""
        if not self.reps:
            return None
        return statistics.median(r.up_s + r.hold_s + r.down_s for r in self.reps)

    def fault_counts(self) -> dict[str, int]:
        """How many reps showed each compensation."""
        counts: dict[str, int] = {}
        for rep in self.reps:
            for code in rep.faults:
                counts[code] = counts.get(code, 0) + 1
        return counts

    def describe(self) -> str:
        """The set in one plain sentence, each camera number with its uncertainty.

        Ranges are 2-D camera angles, within the video MDC (clinical.md §7.5).
        """
        if self.hold_s is not None:
            text = f"held {self.hold_s:.0f} s in good position"
        else:
            text = f"{self.rep_count} rep{'s' * (self.rep_count != 1)}"
        if self.median_range_deg is not None and self.median_rep_s is not None:
            text += (
                f", typical range {self.median_range_deg:.0f}° "
                f"(±{VIDEO_ANGLE_MDC_DEG:.0f}°), typical rep {self.median_rep_s:.1f} s"
            )
        faults = [
            f"{code.replace('_', ' ')} in {n} of {self.rep_count}"
            for code, n in self.fault_counts().items()
        ]
        return text + ("; " + "; ".join(faults) if faults else "; no compensation seen")

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dict (the form `parse_coached_set` reads)."""
        return {
            "exercise": str(self.exercise),
            "rules_version": self.rules_version,
            "view": str(self.view),
            "side": self.side,
            "reps": [r.to_dict() for r in self.reps],
            "hold_s": self.hold_s,
            "duration_s": round(self.duration_s, 1),
            "frames_analysed": self.frames_analysed,
            "frames_per_s": round(self.frames_per_s, 1),
        }


def _fail(field: str, problem: str) -> MotionError:
    return MotionError(_SOURCE, f"{field}: {problem}", kind=MotionProblem.BAD_INPUT)


def _words(names: list[str]) -> str:
    """A list in words: 'a', 'a or b', 'a, b or c' (never a Python list's repr)."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _number(
    obj: dict[str, object], key: str, low: float, high: float, *, at: str = ""
) -> float:
    value = obj.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(at + key, f"must be a number from {low:g} to {high:g}")
    if not low <= value <= high:
        raise _fail(at + key, f"must be {low:g} to {high:g}, not {value:g}")
    return float(value)


def _fields(obj: dict[str, object], keys: set[str], at: str) -> None:
    """Refuse a missing or an unknown field, naming it (`at` prefixes nested names)."""
    if unknown := sorted(set(obj) - keys):
        raise _fail(", ".join(at + k for k in unknown), "not a field of a repetition")
    if missing := sorted(keys - set(obj)):
        raise _fail(", ".join(at + k for k in missing), "missing")


def _rep(obj: object, n: int, codes: set[str]) -> SetRep:
    field = f"reps[{n}]"
    if not isinstance(obj, dict):
        raise _fail(field, "must be a repetition's numbers (range, tempo and faults)")
    _fields(obj, _REP_KEYS, f"{field}.")
    faults = obj["faults"]
    if not isinstance(faults, list) or not all(
        isinstance(f, str) and f in codes for f in faults
    ):
        problem = (
            f"must be a list of codes among {_words(sorted(codes))}"
            if codes
            else "must be an empty list: this exercise has no fault codes"
        )
        raise _fail(f"{field}.faults", problem)
    at = f"{field}."
    return SetRep(
        _number(obj, "range_deg", -180.0, 360.0, at=at),
        _number(obj, "up_s", 0.0, _MAX_PHASE_S, at=at),
        _number(obj, "hold_s", 0.0, _MAX_PHASE_S, at=at),
        _number(obj, "down_s", 0.0, _MAX_PHASE_S, at=at),
        tuple(str(c) for c in faults),
    )


def _choice(obj: dict[str, object], key: str, allowed: set[str]) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or value not in allowed:
        raise _fail(key, f"must be {_words(sorted(allowed))}")
    return value


def parse_coached_set(data: object) -> CoachedSet:
    """Check a set's JSON and return it as a `CoachedSet`.

    Raises
    ------
    MotionError
        Naming the field and the problem: a missing, unknown or out-of-range field.
    """
    if not isinstance(data, dict):
        raise _fail("set", "must be the set's numbers (a JSON object)")
    if unknown := set(data) - _KEYS:
        raise _fail(", ".join(sorted(unknown)), "not a field of a set")
    if missing := sorted(_KEYS - set(data) - {"side", "hold_s"}):
        raise _fail(", ".join(missing), "missing")
    exercise = Exercise(_choice(data, "exercise", {str(e) for e in Exercise}))
    rule = RULES[exercise]
    codes = {f.code for f in rule.faults}
    reps = data.get("reps")
    if not isinstance(reps, list) or len(reps) > MAX_REPS:
        raise _fail("reps", f"must be a list of 0 to {MAX_REPS} repetitions")
    version = data.get("rules_version")
    if not isinstance(version, str) or not 0 < len(version) <= 40:
        raise _fail(
            "rules_version",
            "must be the version of the exercise records (1-40 characters)",
        )
    hold = data.get("hold_s")
    return CoachedSet(
        exercise=exercise,
        rules_version=version,
        view=View(_choice(data, "view", {str(v) for v in View})),
        side=None
        if data.get("side") is None
        else _choice(data, "side", {"left", "right"}),
        reps=tuple(_rep(r, i, codes) for i, r in enumerate(reps)),
        hold_s=None if hold is None else _number(data, "hold_s", 0.0, _MAX_SET_S),
        duration_s=_number(data, "duration_s", 0.0, _MAX_SET_S),
        frames_analysed=int(_number(data, "frames_analysed", 0, 10**6)),
        frames_per_s=_number(data, "frames_per_s", 0.0, 240.0),
    )
