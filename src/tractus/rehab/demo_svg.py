"""Render a `Demonstration` as an animated SVG (SMIL, no script) that loops forever.

Each limb is a line whose end points move between the start and end poses with the
exercise's timing: up, hold at the top, down, a short rest. The far-side limbs are drawn
paler so a side view reads as depth. The SVG works as an `<img>` under a strict
Content-Security-Policy because it holds no script.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from tractus.rehab.demonstration import Demonstration, Figure

__all__ = ["demo_svg"]

SCALE = 200.0  # pixels per body height
PAD_PX = 16.0

_BONES = (
    ("shoulder", "hip_n", "trunk"),
    ("shoulder", "elbow", "near"),
    ("elbow", "wrist", "near"),
    ("hip_f", "knee_f", "far"),
    ("knee_f", "ankle_f", "far"),
    ("ankle_f", "toe_f", "far"),
    ("hip_n", "hip_f", "trunk"),
    ("hip_n", "knee_n", "near"),
    ("knee_n", "ankle_n", "near"),
    ("ankle_n", "toe_n", "near"),
)


def _px(figure: Figure, joint: str) -> tuple[str, str]:
    """SVG coordinates: x to the right, y down, the floor at y = 0."""
    x, y = figure[joint]
    return f"{x * SCALE:.1f}", f"{-y * SCALE:.1f}"


def _view_box(demo: Demonstration) -> tuple[float, float, float, float]:
    """The box holding both poses and the floor, padded for the head and line caps."""
    points = [*demo.start.values(), *demo.end.values()]
    xs = [x * SCALE for x, _ in points]
    ys = [-y * SCALE for _, y in points] + [0.0]
    left, top = min(xs) - PAD_PX, min(ys) - PAD_PX
    return left, top, max(xs) + PAD_PX - left, max(ys) + PAD_PX / 2 - top


def _timing(demo: Demonstration) -> tuple[str, str]:
    """SMIL keyTimes for start, top, top, start, start (the loop's rest)."""
    loop = demo.loop_s
    marks = [0.0, demo.up_s, demo.up_s + demo.hold_s, loop - demo.rest_s, loop]
    return ";".join(f"{m / loop:.4f}" for m in marks), f"{loop:.2f}s"


def _animate(attr: str, a: str, b: str, key_times: str, dur: str) -> str:
    if a == b:
        return ""
    return (
        f'<animate attributeName="{attr}" values="{a};{b};{b};{a};{a}" '
        f'keyTimes="{key_times}" dur="{dur}" repeatCount="indefinite" '
        'calcMode="spline" keySplines=".4 0 .6 1;0 0 1 1;.4 0 .6 1;0 0 1 1"/>'
    )


def _bone(
    demo: Demonstration, a: str, b: str, kind: str, timing: tuple[str, str]
) -> str:
    (x1, y1), (x2, y2) = _px(demo.start, a), _px(demo.start, b)
    (ex1, ey1), (ex2, ey2) = _px(demo.end, a), _px(demo.end, b)
    anims = "".join(
        _animate(attr, s, e, *timing)
        for attr, s, e in (
            ("x1", x1, ex1),
            ("y1", y1, ey1),
            ("x2", x2, ex2),
            ("y2", y2, ey2),
        )
    )
    return (
        f'<line class="{kind}" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}">{anims}</line>'
    )


def _head(demo: Demonstration, timing: tuple[str, str]) -> str:
    (cx, cy), (ex, ey) = _px(demo.start, "head"), _px(demo.end, "head")
    anims = _animate("cx", cx, ex, *timing) + _animate("cy", cy, ey, *timing)
    return f'<circle class="head" cx="{cx}" cy="{cy}" r="11">{anims}</circle>'


def _props(demo: Demonstration) -> str:
    parts = []
    if "step" in demo.props:
        x = float(_px(demo.start, "ankle_n")[0])
        parts.append(
            f'<rect class="prop" x="{x - 40:.0f}" y="{-0.15 * SCALE:.0f}" '
            f'width="80" height="{0.15 * SCALE:.0f}"/>'
        )
    if "roller" in demo.props:
        x = float(_px(demo.start, "hip_f")[0])
        parts.append(f'<circle class="prop" cx="{x + 20:.0f}" cy="-14" r="14"/>')
    return "".join(parts)


def demo_svg(demo: Demonstration, *, title: str) -> str:
    """The animated SVG document of one demonstration."""
    timing = _timing(demo)
    bones = "".join(_bone(demo, a, b, kind, timing) for a, b, kind in _BONES)
    band = " (band)" if "band" in demo.props else ""
    left, top, width, height = _view_box(demo)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="{left:.0f} {top:.0f} {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img">'
        f"<title>{escape(title)}{band}, seen from the {demo.view}</title>"
        "<style>line{stroke-linecap:round;stroke-width:7}"
        ".near,.trunk{stroke:#0b6e69}.far{stroke:#8fc3bf}.head{fill:#0b6e69}"
        ".prop{fill:#d9dee5}.floor{stroke:#5b6675;stroke-width:2}</style>"
        f'<line class="floor" x1="{left:.0f}" y1="4" x2="{left + width:.0f}" y2="4"/>'
        f"{_props(demo)}{bones}{_head(demo, timing)}</svg>"
    )
