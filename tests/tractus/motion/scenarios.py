"""Ready-made synthetic movements with known answers: walking and the six home exercises.

Each builder returns a `Scenario`: the `BodyMotion`, the camera the analysis expects, and
the truth (rep boundaries, ranges, contacts) that an analyser must recover. Rep timing
follows a smooth profile: rest, rise over `up_s`, hold, lower over `down_s` (clinical.md
§6.2: about 2 s up / 2 s down). A compensation is injected in proportion to the profile,
so it peaks with the movement as it does in a patient.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from tests.tractus.motion.synthetic import BodyMotion, Camera, compute_world_points
from tests.tractus.motion.synthetic import rotation as _rotation
from tractus.motion.schema import FloatArray

__all__ = [
    "Scenario",
    "Tempo",
    "bridge",
    "clamshell",
    "rep_profile",
    "side_lying_abduction",
    "side_plank",
    "single_leg_squat",
    "walking",
]

# Body axes (columns: forward, left, head) placed in the world for each posture.
_SIDE_LYING_LEFT = np.array([[0.0, 0.0, 1.0], [-1.0, 0.0, 0.0], [0.0, -1.0, 0.0]])
_SUPINE = np.array([[0.0, 0.0, 1.0], [0.0, -1.0, 0.0], [1.0, 0.0, 0.0]])
FRONT_OF_LYING = Camera(direction=(0.0, 1.0, 0.0), centre_m=(0.0, 0.0, 0.25))
SIDE_OF_SUPINE = Camera(direction=(0.0, 1.0, 0.0), centre_m=(0.1, 0.0, 0.3))
SIDE = Camera(direction=(0.0, -1.0, 0.0))
REAR = Camera(direction=(1.0, 0.0, 0.0))
FRONT = Camera(direction=(-1.0, 0.0, 0.0))


@dataclass(frozen=True, slots=True)
class Tempo:
    """Seconds of one rep's phases (clinical.md §6.2: ~2 s up, 2 s down)."""

    up_s: float = 1.5
    hold_s: float = 0.5
    down_s: float = 1.5
    rest_s: float = 1.0


@dataclass(frozen=True, slots=True)
class Scenario:
    """A synthetic movement, the camera for it and its known answers."""

    motion: BodyMotion
    camera: Camera
    reps: tuple[tuple[int, int], ...] = ()
    truth: dict[str, float] = field(default_factory=dict)


def rep_profile(
    n_reps: int, tempo: Tempo, fps: float
) -> tuple[FloatArray, list[tuple[int, int]]]:
    """A 0-1 profile with `n_reps` smooth reps, and each rep's (start, end) frame."""
    parts: list[FloatArray] = [np.zeros(int(round(tempo.rest_s * fps)))]
    bounds = []
    for _ in range(n_reps):
        up = int(round(tempo.up_s * fps))
        down = int(round(tempo.down_s * fps))
        start = sum(len(p) for p in parts)
        rise = 0.5 - 0.5 * np.cos(np.linspace(0, np.pi, up, endpoint=False))
        fall = 0.5 + 0.5 * np.cos(np.linspace(0, np.pi, down + 1))
        parts += [rise, np.ones(int(round(tempo.hold_s * fps))), fall]
        bounds.append((start, start + up + len(parts[-2]) + down))
        parts.append(np.zeros(int(round(tempo.rest_s * fps))))
    return np.concatenate(parts), bounds


def clamshell(
    n_reps: int = 5,
    *,
    open_deg: float = 40.0,
    roll_back_deg: float = 0.0,
    tempo: Tempo = Tempo(),
    fps: float = 30.0,
) -> Scenario:
    """Side-lying on the left, hips 45° and knees 90° flexed, right knee opening."""
    p, reps = rep_profile(n_reps, tempo, fps)
    both = (np.full(1, 45.0), np.full(1, 45.0))
    m = BodyMotion(
        n_frames=p.size,
        fps=fps,
        placement=_SIDE_LYING_LEFT,
        pelvis_m=np.array([0.0, 0.0, 0.15]),
        pelvis_axial_deg=-roll_back_deg * p,
        hip_flex_deg=both,
        knee_flex_deg=(np.full(1, 90.0), np.full(1, 90.0)),
        leg_axis_deg=(np.zeros(1), open_deg * p),
    )
    return Scenario(m, FRONT_OF_LYING, tuple(reps), {"range_deg": _thigh_angle(m)})


def _thigh_angle(m: BodyMotion) -> float:
    """Largest angle between the thighs as the front camera sees it (the clam range).

    At 45° hip flexion the thighs point partly at the camera, so this overstates the
    3-D angle between them by about a fifth; the analyser reports what is seen.
    """
    xy = FRONT_OF_LYING.project(compute_world_points(m))[:, :, :2]
    left = xy[:, 25] - xy[:, 23]
    right = xy[:, 26] - xy[:, 24]
    cos = (
        np.sum(left * right, 1)
        / np.linalg.norm(left, axis=1)
        / np.linalg.norm(right, axis=1)
    )
    return float(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))).max())


def side_lying_abduction(
    n_reps: int = 5,
    *,
    abd_deg: float = 35.0,
    hip_flex_deg: float = 0.0,
    tempo: Tempo = Tempo(),
    fps: float = 30.0,
) -> Scenario:
    """Side-lying on the left, straight legs, right leg raised; optional hip flexion."""
    p, reps = rep_profile(n_reps, tempo, fps)
    m = BodyMotion(
        n_frames=p.size,
        fps=fps,
        placement=_SIDE_LYING_LEFT,
        pelvis_m=np.array([0.0, 0.0, 0.15]),
        hip_flex_deg=(np.zeros(1), hip_flex_deg * p),
        hip_abd_deg=(np.zeros(1), abd_deg * p),
    )
    return Scenario(m, FRONT_OF_LYING, tuple(reps), {"range_deg": abd_deg})


def _two_link_ik(
    hip: FloatArray, ankle: FloatArray, l1: float, l2: float
) -> FloatArray:
    """Knee position (sagittal x, z) for a leg from hip to a fixed ankle, knee up."""
    d = ankle - hip
    dist = np.linalg.norm(d, axis=1, keepdims=True)
    a = (l1**2 - l2**2 + dist**2) / (2 * dist)
    h = np.sqrt(np.clip(l1**2 - a**2, 0, None))
    base = hip + a * d / dist
    perp = np.stack([-d[:, 1], d[:, 0]], axis=1) / dist
    knee: FloatArray = base + h * np.where(perp[:, 1:2] > 0, perp, -perp)
    return knee


def bridge(
    n_reps: int = 5,
    *,
    lift_deg: float = 22.0,
    single_leg: bool = False,
    tempo: Tempo = Tempo(),
    fps: float = 30.0,
) -> Scenario:
    """Supine bridge: shoulders and feet stay put while the trunk rises `lift_deg`.

    Lifting past the shoulder-knee line is the arching fault; the truth gives the hip's
    deviation from that line at the top (+ above). In the single-leg version the right
    leg is held straight in line with its thigh.
    """
    p, reps = rep_profile(n_reps, tempo, fps)
    h = 1.75
    thigh, shank, trunk = 0.245 * h, 0.246 * h, 0.288 * h
    alpha = np.radians(5.0 + lift_deg * p)  # trunk below horizontal, hip to shoulder
    hip = np.stack([-trunk * np.cos(alpha), 0.10 + trunk * np.sin(alpha)], axis=1)
    ankle = np.broadcast_to(
        np.array([-trunk - 0.72 * (thigh + shank), 0.08]), hip.shape
    )
    knee = _two_link_ik(hip, ankle, thigh, shank)
    head_dir = np.stack([np.cos(alpha), -np.sin(alpha)], axis=1)
    front_dir = np.stack([np.sin(alpha), np.cos(alpha)], axis=1)
    u = (knee - hip) / thigh
    v = (ankle - knee) / shank
    flex = np.degrees(np.arctan2(np.sum(u * front_dir, 1), -np.sum(u * head_dir, 1)))
    knee_flex = np.degrees(np.arccos(np.clip(np.sum(u * v, 1), -1.0, 1.0)))
    placement = _SUPINE @ _rotation("y", -np.degrees(alpha))
    m = BodyMotion(
        n_frames=p.size,
        fps=fps,
        placement=placement,
        pelvis_m=np.stack([hip[:, 0], np.zeros(p.size), hip[:, 1]], axis=1),
        hip_flex_deg=(flex, flex),
        knee_flex_deg=(knee_flex, np.zeros(1) if single_leg else knee_flex),
    )
    angle = 180.0 - np.degrees(np.arccos(np.clip(np.sum(-head_dir * u, 1), -1, 1)))
    rel_k, rel_h = knee - np.array([0.0, 0.10]), hip - np.array([0.0, 0.10])
    # Above the shoulder-knee line when the hip lies counter-clockwise of it.
    side = np.sign(rel_k[:, 0] * rel_h[:, 1] - rel_k[:, 1] * rel_h[:, 0])
    deviation = (180.0 - angle) * -side
    truth = {
        "range_deg": float(np.ptp(deviation)),
        "top_deviation_deg": float(deviation.max()),
    }
    return Scenario(m, SIDE_OF_SUPINE, tuple(reps), truth)


def side_plank(
    n_reps: int = 3,
    *,
    lift_deg: float = 18.0,
    sag_deg: float = 0.0,
    tempo: Tempo = Tempo(up_s=1.0, hold_s=3.0, down_s=1.0),
    fps: float = 30.0,
) -> Scenario:
    """Side plank on the left side, lifting about the feet; optional hip sag."""
    p, reps = rep_profile(n_reps, tempo, fps)
    half = sag_deg * p / 2.0
    m = BodyMotion(
        n_frames=p.size,
        fps=fps,
        placement=_SIDE_LYING_LEFT,
        pelvis_m=np.array([0.0, 0.0, 0.12]),
        trunk_side_left_deg=-half,
        hip_abd_deg=(-half, half),
    )
    m = _rolled(m, lift_deg * p)
    return Scenario(
        m, FRONT_OF_LYING, tuple(reps), {"range_deg": lift_deg, "sag_deg": sag_deg}
    )


def _rolled(m: BodyMotion, lift_deg: FloatArray) -> BodyMotion:
    """Raise the body about the feet in the frontal plane (side-plank lift)."""
    placement = _rotation("y", -lift_deg) @ m.placement
    leg = 0.491 * m.height_m
    feet = np.array([-leg, 0.0, 0.12])
    pelvis = feet + np.einsum(
        "nij,j->ni", _rotation("y", -lift_deg), -feet + np.array([0.0, 0.0, 0.12])
    )
    return replace(m, placement=placement, pelvis_m=pelvis)


def single_leg_squat(
    n_reps: int = 4,
    *,
    depth_deg: float = 60.0,
    stance: str = "left",
    pelvic_drop_deg: float = 0.0,
    trunk_lean_deg: float = 0.0,
    tempo: Tempo = Tempo(),
    fps: float = 30.0,
    camera: Camera = FRONT,
) -> Scenario:
    """Standing on one leg, the other foot lifted behind; the stance knee bends.

    `pelvic_drop_deg` drops the free side's hip; `trunk_lean_deg` leans the trunk over
    the stance leg, both in proportion to depth.
    """
    p, reps = rep_profile(n_reps, tempo, fps)
    k = depth_deg * p
    s = 0 if stance == "left" else 1
    sign = 1.0 if stance == "left" else -1.0
    knee = [np.zeros(1), np.zeros(1)]
    hip = [np.zeros(1), np.zeros(1)]
    knee[s], hip[s] = k, k / 2
    knee[1 - s], hip[1 - s] = np.full(1, 90.0), np.full(1, 20.0)
    h = 1.75
    drop = pelvic_drop_deg * p * sign  # + drops the right hip (left stance)
    pelvis_z = 0.93 - (0.245 + 0.246) * h * (1 - np.cos(np.radians(k / 2)))
    m = BodyMotion(
        n_frames=p.size,
        fps=fps,
        pelvis_m=np.stack([np.zeros(p.size), np.zeros(p.size), pelvis_z], 1),
        pelvic_drop_right_deg=drop,
        # The trunk rides on the pelvis: add the drop back so the lean is from vertical.
        trunk_side_left_deg=sign * (trunk_lean_deg + pelvic_drop_deg) * p,
        hip_flex_deg=(hip[0], hip[1]),
        knee_flex_deg=(knee[0], knee[1]),
    )
    # Keep the stance foot planted: the body pivots over it, not the foot under the body.
    ankle = compute_world_points(m)[:, 27 + s]
    m = replace(m, pelvis_m=m.pelvis_m - (ankle - ankle[0]))
    truth = {
        "range_deg": depth_deg,
        "pelvic_drop_deg": pelvic_drop_deg,
        "trunk_lean_deg": trunk_lean_deg,
    }
    return Scenario(m, camera, tuple(reps), truth)


def walking(
    duration_s: float = 6.0,
    *,
    cadence_spm: float = 110.0,
    knee_contact_deg: float = 8.0,
    knee_stance_peak_deg: float = 20.0,
    trunk_lean_deg: float = 4.0,
    pelvic_drop_deg: float = 0.0,
    hip_adduction_deg: float = 0.0,
    fps: float = 30.0,
    camera: Camera = SIDE,
) -> Scenario:
    """Walking forward (+X) at a steady cadence; contacts at phase 0 of each leg.

    Knee flexion: `knee_contact_deg` at contact, `knee_stance_peak_deg` at 15% of the
    cycle, 60° in swing (70%). Hip flexion 25° at contact to -10° at 55%.
    """
    n = int(round(duration_s * fps))
    t = np.arange(n) / fps
    stride_s = 120.0 / cadence_spm
    knots = np.array([0.0, 0.15, 0.4, 0.7, 0.92, 1.0])
    knee_vals = np.array(
        [knee_contact_deg, knee_stance_peak_deg, 5.0, 60.0, 5.0, knee_contact_deg]
    )
    legs_knee, legs_hip, legs_add, contacts = [], [], [], []
    for side, offset in ((0, 0.0), (1, 0.5)):
        phase = (t / stride_s + offset) % 1.0
        legs_knee.append(np.interp(phase, knots, knee_vals))
        legs_hip.append(7.5 + 17.5 * np.cos(2 * np.pi * phase))
        stance = np.clip(np.sin(np.pi * phase / 0.6), 0, None) * (phase < 0.6)
        # Half the adduction is held through swing, so the foot lands across as well.
        legs_add.append(hip_adduction_deg * (0.5 + 0.5 * stance))
        first = (1.0 - offset) % 1.0 * stride_s
        contacts += [
            (round(c * fps), side) for c in np.arange(first, duration_s, stride_s)
        ]
    right_stance = np.clip(
        np.sin(2 * np.pi * ((t / stride_s + 0.5) % 1.0) / 1.2), 0, None
    )
    left_stance = np.clip(np.sin(2 * np.pi * (t / stride_s % 1.0) / 1.2), 0, None)
    drop = pelvic_drop_deg * (left_stance - right_stance)
    speed = 0.75 * cadence_spm / 60.0  # step length 0.75 m
    m = BodyMotion(
        n_frames=n,
        fps=fps,
        pelvis_m=np.stack(
            [speed * t - speed * duration_s / 2, np.zeros(n), np.full(n, 0.93)], 1
        ),
        pelvic_drop_right_deg=drop,
        trunk_flex_deg=np.full(1, trunk_lean_deg),
        hip_flex_deg=(legs_hip[0], legs_hip[1]),
        knee_flex_deg=(legs_knee[0], legs_knee[1]),
        hip_abd_deg=(-legs_add[0], -legs_add[1]),
    )
    truth = {
        "cadence_spm": cadence_spm,
        "knee_contact_deg": knee_contact_deg,
        "knee_stance_peak_deg": knee_stance_peak_deg,
        "trunk_lean_deg": trunk_lean_deg,
        "pelvic_drop_deg": pelvic_drop_deg,
        "hip_adduction_deg": hip_adduction_deg,
    }
    reps = tuple(sorted(contacts))
    return Scenario(m, camera, reps, truth)
