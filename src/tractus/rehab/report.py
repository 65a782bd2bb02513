"""A programme in words, for the command line and the printable plan."""

from __future__ import annotations

from tractus.rehab.library import EXERCISES
from tractus.rehab.programme import WEEKDAYS, Programme
from tractus.rehab.protocols import Phase

__all__ = ["PHASE_TITLES", "render_programme"]

PHASE_TITLES = {
    Phase.SETTLE: "Settle: calm the knee, wake up the hip muscles",
    Phase.STRENGTHEN: "Strengthen: load the hips, control on one leg",
    Phase.RETURN_TO_RUN: "Return to running: run-walk stages, strength continues",
}


def render_programme(programme: Programme) -> str:
    """Plain text of the whole programme (a referral alone for a red flag)."""
    if programme.referral is not None:
        lines = ["SEE A DOCTOR FIRST", "", programme.referral.text, ""]
        for flag in programme.referral.red_flags:
            lines.append(f"- {flag.title}: {flag.advice}")
        lines += ["", "No exercises or running until a doctor has seen the knee."]
        return "\n".join(lines) + "\n"
    lines = ["Your IT band programme", ""]
    lines += ["Findings it answers:"]
    lines += [f"- {code.label}" for code in programme.findings]
    lines += ["", "Usual week:"]
    for day in programme.schedule:
        parts = ["strength" if day.strength else "", "run" if day.run else ""]
        what = " + ".join(p for p in parts if p) or "rest"
        lines.append(f"  {WEEKDAYS[day.weekday]}  {what}")
    lines.append("  (runs start with the return-to-run phase)")
    phase = None
    for level in programme.levels:
        if level.phase != phase:
            phase = level.phase
            lines += ["", PHASE_TITLES[phase].upper()]
        lines.append(f"  Level {level.number}")
        for item in level.prescriptions:
            name = EXERCISES[item.exercise_id].name
            optional = " (optional)" if item.optional else ""
            answers = ", ".join(c.label for c in item.answers)
            lines.append(f"    - {name}: {item.dose.describe()}{optional}")
            lines.append(f"      for: {answers}")
    lines += ["", "RUNNING"]
    for guidance in programme.guidance:
        lines.append(
            f"- {guidance.text} ({guidance.when}; evidence: {guidance.evidence.label})"
        )
        lines.append(f"  source: {guidance.source}")
    lines += ["", "RETURN-TO-RUN STAGES (each at least twice, a rest day between runs)"]
    lines += [f"  {s.number}. {s.describe()}" for s in programme.run_stages]
    lines.append(f"  then build about 10% a week to {programme.weekly_run_cap_km} km")
    lines += ["", *programme.notes]
    return "\n".join(lines) + "\n"
