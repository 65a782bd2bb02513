"""The stored report, shaped for the results page: labels, units, plain words."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from clinic.motionlab.models import Analysis, Kind
from tractus.motion.gait_reference import GAIT_REFERENCES, GaitReference

# Gait metric names as a physiotherapist reads them, in the order shown.
GAIT_LABELS = {
    "cadence_spm": "Cadence",
    "knee_flexion_at_contact_deg": "Knee bend at foot contact",
    "peak_knee_flexion_stance_deg": "Peak knee bend in stance",
    "overstride_leg_lengths": "Overstride (foot ahead of hip at contact)",
    "trunk_forward_lean_deg": "Trunk lean (forward +, back −)",
    "contralateral_pelvic_drop_deg": "Pelvic drop (opposite side)",
    "hip_adduction_deg": "Hip adduction",
    "step_width_leg_lengths": "Step width",
    "crossover_leg_lengths": "Crossover (foot past the midline)",
}
UNITS = {"spm": "steps/min", "deg": "°", "leg lengths": "leg lengths"}
# Decimals worth showing: a degree or a step per minute is below what 2-D video resolves.
DECIMALS = {"spm": 0, "steps/min": 0, "deg": 0, "leg lengths": 2}


@dataclass
class MetricRow:
    name: str
    value: float | None
    uncertainty: float | None
    unit: str
    view: str
    min_visibility: float | None
    note: str
    reference: GaitReference | None = None


@dataclass
class ResultView:
    kind: str
    metrics: list[MetricRow] = field(default_factory=list)
    reps: list[dict[str, Any]] = field(default_factory=list)
    faults: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def headline(self) -> str:
        """One line for the video list: cadence, or repetitions and faults."""
        if self.kind == Kind.GAIT:
            cadence = next((m for m in self.metrics if m.name == "Cadence"), None)
            if cadence is None or cadence.value is None:
                return "No cadence measured"
            return f"Cadence {cadence.value:.0f} steps/min"
        count = self.summary.get("rep_count", 0)
        faults = ", ".join(str(f["code"]).replace("_", " ") for f in self.faults)
        return f"{count} reps" + (f"; seen: {faults}" if faults else "")


def _rounded(value: float | None, unit: str) -> float | None:
    if value is None:
        return None
    decimals = DECIMALS.get(unit, 2)
    return round(value) if decimals == 0 else round(value, decimals)


def _metric_rows(metrics: dict[str, dict[str, Any]]) -> list[MetricRow]:
    order = list(GAIT_LABELS)
    names = sorted(metrics, key=lambda k: order.index(k) if k in order else len(order))
    return [
        MetricRow(
            name=GAIT_LABELS.get(k, k.replace("_", " ").capitalize()),
            value=_rounded(m.get("value"), str(m.get("unit"))),
            uncertainty=_rounded(m.get("uncertainty"), str(m.get("unit"))),
            unit=UNITS.get(str(m.get("unit")), str(m.get("unit") or "")),
            view=str(m.get("view", "")),
            min_visibility=m.get("min_visibility"),
            note=str(m.get("note") or ""),
            reference=GAIT_REFERENCES.get(k),
        )
        for k in names
        for m in [metrics[k]]
    ]


def _fault_summary(reps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each fault once, with the reps it was seen in, for the plain-language feedback."""
    by_code: dict[str, dict[str, Any]] = {}
    for number, rep in enumerate(reps, start=1):
        for fault in rep.get("faults", []):
            entry = by_code.setdefault(fault["code"], {**fault, "reps": []})
            entry["reps"].append(number)
    return list(by_code.values())


def present(analysis: Analysis) -> ResultView | None:
    report = analysis.report
    if report is None:
        return None
    view = ResultView(kind=analysis.kind, warnings=list(report.get("warnings", [])))
    view.notes = list(report.get("notes", []))
    view.summary = {
        "camera_view": report.get("camera_view"),
        "fps": report.get("fps"),
        "model": report.get("model"),
        "frames": report.get("subject_frames"),
    }
    if analysis.kind == Kind.GAIT:
        view.metrics = _metric_rows(report.get("metrics", {}))
        view.summary["contacts"] = len(report.get("foot_contacts", []))
    else:
        view.reps = list(report.get("reps", []))
        view.faults = _fault_summary(view.reps)
        view.summary.update(
            rep_count=report.get("rep_count", 0),
            angle=report.get("angle"),
            angle_uncertainty_deg=report.get("angle_uncertainty_deg"),
            working_side=report.get("working_side"),
        )
    return view
