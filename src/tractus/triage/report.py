"""A triage result in plain words, for the terminal.

Red flags come first and stand out, because they decide what the runner should
do; then the likelihood band with its reasons, the conditions worth ruling out,
the training-load risks, the next step and the note on the evidence.
"""

from __future__ import annotations

import textwrap

from tractus.triage.result import TriageResult, Urgency

__all__ = ["render_result"]

_WIDTH = 78
_URGENCY_HEADLINE = {
    Urgency.EMERGENCY: "EMERGENCY — get medical care TODAY",
    Urgency.URGENT: "URGENT — see a doctor within the next few days",
}


def _wrap(text: str, indent: str = "  ") -> list[str]:
    return textwrap.wrap(
        text, _WIDTH, initial_indent=indent, subsequent_indent=indent + "  "
    )


def _red_flag_lines(result: TriageResult) -> list[str]:
    if not result.red_flags:
        return ["No red flags found.", ""]
    banner = "!" * _WIDTH
    lines = [banner, f"!! {_URGENCY_HEADLINE[result.urgency]}", banner]
    for flag in result.red_flags:
        lines.append(f"* {flag.title} [{flag.urgency}]")
        lines.extend(_wrap(flag.advice))
    lines.append("Do not start the exercise programme until a doctor has seen you.")
    return [*lines, ""]


def _likelihood_lines(result: TriageResult) -> list[str]:
    lines = [
        f"IT band syndrome: {str(result.itbs_likelihood).upper()} (a band, not a "
        "diagnosis)"
    ]
    if result.reasons_for:
        lines.append(" Reasons for:")
        lines.extend(
            line for reason in result.reasons_for for line in _wrap(f"+ {reason}")
        )
    if result.reasons_against:
        lines.append(" Reasons against:")
        lines.extend(
            line for reason in result.reasons_against for line in _wrap(f"- {reason}")
        )
    return [*lines, ""]


def _differential_lines(result: TriageResult) -> list[str]:
    if not result.differentials:
        return ["Other causes to rule out: none pointed to by your answers.", ""]
    lines = ["Other causes to rule out (most likely first):"]
    for rank, item in enumerate(result.differentials, start=1):
        lines.append(f"  {rank}. {item.name} (score {item.score})")
        lines.extend(_wrap("; ".join(item.reasons), indent="       "))
    return [*lines, ""]


def _load_lines(result: TriageResult) -> list[str]:
    if not result.load_risks:
        return ["Training-load risks: none in your answers.", ""]
    lines = ["Training-load risks:"]
    for risk in result.load_risks:
        lines.extend(_wrap(f"* {risk.text} {risk.evidence}"))
    return [*lines, ""]


def render_result(result: TriageResult) -> str:
    """The result as readable text, red flags first.

    Parameters
    ----------
    result
        The engine's result.

    Returns
    -------
    str
        Lines of text ending with a newline.
    """
    lines = [
        *_red_flag_lines(result),
        *_likelihood_lines(result),
        *_differential_lines(result),
        *_load_lines(result),
        "Next step:",
        *_wrap(result.next_step),
        "",
        *textwrap.wrap(f"Note: {result.evidence_note}", _WIDTH),
        f"(questionnaire {result.questionnaire_version}, engine "
        f"{result.engine_version}, "
        f"{len(result.rules_fired)} rules fired)",
    ]
    return "\n".join(lines) + "\n"
