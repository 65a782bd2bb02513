"""A small kinematic body model that turns joint angles over time into a `LandmarkSeries`.

Tests and benchmarks need landmark sequences whose answers are known (no packaged footage
of running or of the home exercises exists, pose.md §3). A `BodyMotion` gives, per frame,
the pelvis position and placement, pelvic rotation and drop, trunk lean and each leg's hip
flexion/abduction, knee flexion and a rotation of the whole leg about its hip-ankle axis
(the clamshell). `synthesize` builds 3-D joint centres (segment lengths as fractions of
height, Winter's anthropometric table), projects them with an orthographic camera placed
at the side, rear, front or above, and can add pixel noise and drop frames.

Body frame: x forward, y to the body's left, z towards the head; world: X, Y horizontal,
Z up. Angles are degrees.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from tractus.motion.schema import FloatArray, Landmark, LandmarkSeries

__all__ = ["BodyMotion", "Camera", "compute_world_points", "rotation", "synthesize"]

# Winter, Biomechanics and Motor Control of Human Movement, table 4.1 (fractions of height).
_THIGH, _SHANK, _TRUNK = 0.245, 0.246, 0.288
_HIP_HALF, _SHOULDER_HALF, _FOOT, _HEEL = 0.05, 0.115, 0.11, 0.035
_UPPER_ARM, _FOREARM, _NECK = 0.186, 0.146, 0.11


def rotation(axis: str, deg: FloatArray | float) -> FloatArray:
    """Rotation matrices (... x 3 x 3) about a body axis 'x', 'y' or 'z'."""
    a = np.radians(np.asarray(deg, dtype=float))
    c, s = np.cos(a), np.sin(a)
    o, z = np.ones_like(a), np.zeros_like(a)
    rows = {
        "x": [[o, z, z], [z, c, -s], [z, s, c]],
        "y": [[c, z, s], [z, o, z], [-s, z, c]],
        "z": [[c, -s, z], [s, c, z], [z, z, o]],
    }[axis]
    return np.moveaxis(np.array(rows), (0, 1), (-2, -1))


@dataclass(frozen=True, slots=True)
class Camera:
    """Orthographic camera: viewing `direction` (world), `up` (world), scale, image size."""

    direction: tuple[float, float, float] = (0.0, -1.0, 0.0)
    up: tuple[float, float, float] = (0.0, 0.0, 1.0)
    px_per_m: float = 250.0
    frame_size_px: tuple[int, int] = (1280, 720)
    centre_m: tuple[float, float, float] = (0.0, 0.0, 0.9)

    def project(self, points_m: FloatArray) -> FloatArray:
        """World points (... x 3) -> pixels (... x 3): x right, y down, z away (depth)."""
        f = np.array(self.direction, dtype=float)
        f /= np.linalg.norm(f)
        d = -np.array(self.up, dtype=float)
        d -= f * (d @ f)
        d /= np.linalg.norm(d)
        r = np.cross(d, f)
        rel = points_m - np.array(self.centre_m)
        w, h = self.frame_size_px
        x = w / 2 + self.px_per_m * (rel @ r)
        y = h / 2 + self.px_per_m * (rel @ d)
        return np.stack([x, y, self.px_per_m * (rel @ f)], axis=-1)


def _zeros() -> FloatArray:
    return np.zeros(1)


@dataclass(frozen=True, slots=True)
class BodyMotion:
    """Joint angles (degrees) and pelvis position (m) per frame; scalars broadcast."""

    n_frames: int
    fps: float = 30.0
    height_m: float = 1.75
    placement: FloatArray = field(default_factory=lambda: np.eye(3))
    pelvis_m: FloatArray = field(default_factory=lambda: np.array([0.0, 0.0, 0.93]))
    pelvis_axial_deg: FloatArray = field(default_factory=_zeros)
    pelvic_drop_right_deg: FloatArray = field(default_factory=_zeros)
    trunk_flex_deg: FloatArray = field(default_factory=_zeros)
    trunk_side_left_deg: FloatArray = field(default_factory=_zeros)
    hip_flex_deg: tuple[FloatArray, FloatArray] = (_zeros(), _zeros())
    hip_abd_deg: tuple[FloatArray, FloatArray] = (_zeros(), _zeros())
    knee_flex_deg: tuple[FloatArray, FloatArray] = (_zeros(), _zeros())
    leg_axis_deg: tuple[FloatArray, FloatArray] = (_zeros(), _zeros())
    """Per side (left, right): rotation of knee and foot about the hip-ankle axis;
    positive lifts the knee away from the body's midline (clamshell opening)."""

    def _b(self, value: FloatArray | float) -> FloatArray:
        return np.broadcast_to(np.asarray(value, dtype=float), (self.n_frames,))


def _leg(m: BodyMotion, side: int, pelvis_r: FloatArray) -> dict[str, FloatArray]:
    """Hip, knee, ankle, heel and toe of one leg in the body frame (pelvis at 0)."""
    sign = 1.0 if side == 0 else -1.0  # left leg lies at +y
    h = m.height_m
    hip = pelvis_r @ np.array([0.0, sign * _HIP_HALF * h, 0.0])
    thigh_r = (
        pelvis_r
        @ rotation("x", sign * m._b(m.hip_abd_deg[side]))
        @ rotation("y", -m._b(m.hip_flex_deg[side]))
    )
    knee = hip + thigh_r @ np.array([0.0, 0.0, -_THIGH * h])
    shank_r = thigh_r @ rotation("y", m._b(m.knee_flex_deg[side]))
    ankle = knee + shank_r @ np.array([0.0, 0.0, -_SHANK * h])
    heel = ankle + shank_r @ np.array([-_HEEL * h, 0.0, -0.03 * h])
    toe = ankle + shank_r @ np.array([_FOOT * h, 0.0, -0.03 * h])
    axis = ankle - hip
    axis /= np.linalg.norm(axis, axis=-1, keepdims=True)
    turn = np.radians(m._b(m.leg_axis_deg[side]))[:, None]
    joints = {"knee": knee, "ankle": ankle, "heel": heel, "foot_index": toe}
    for name, point in joints.items():
        v = point - hip
        # Rodrigues: a positive turn moves the knee towards the body's outside (sign*y).
        k = axis * -sign
        v = (
            v * np.cos(turn)
            + np.cross(k, v) * np.sin(turn)
            + k * np.sum(k * v, axis=-1, keepdims=True) * (1 - np.cos(turn))
        )
        joints[name] = hip + v
    return {"hip": hip, **joints}


def _upper(m: BodyMotion, pelvis_r: FloatArray) -> dict[str, FloatArray]:
    """Shoulders, arms and face in the body frame."""
    h = m.height_m
    trunk_r = (
        pelvis_r
        @ rotation("x", -m._b(m.trunk_side_left_deg))
        @ rotation("y", m._b(m.trunk_flex_deg))
    )
    up = trunk_r @ np.array([0.0, 0.0, 1.0])
    mid = up * _TRUNK * h
    lateral = trunk_r @ np.array([0.0, _SHOULDER_HALF * h, 0.0])
    forward = trunk_r @ np.array([1.0, 0.0, 0.0])
    head = mid + up * _NECK * h
    out = {
        "left_shoulder": mid + lateral,
        "right_shoulder": mid - lateral,
        "nose": head + forward * 0.1 * h * 0.5,
    }
    for side, sgn in (("left", 1.0), ("right", -1.0)):
        shoulder = out[f"{side}_shoulder"]
        out[f"{side}_elbow"] = shoulder - up * _UPPER_ARM * h
        out[f"{side}_wrist"] = shoulder - up * (_UPPER_ARM + _FOREARM) * h
        for part in ("pinky", "index", "thumb"):
            out[f"{side}_{part}"] = out[f"{side}_wrist"] - up * 0.04 * h
        out[f"{side}_eye_inner"] = out["nose"] + sgn * lateral * 0.1 + up * 0.02 * h
        out[f"{side}_eye"] = out["nose"] + sgn * lateral * 0.18 + up * 0.02 * h
        out[f"{side}_eye_outer"] = out["nose"] + sgn * lateral * 0.26 + up * 0.02 * h
        out[f"{side}_ear"] = head + sgn * lateral * 0.35
        out[f"mouth_{side}"] = out["nose"] + sgn * lateral * 0.12 - up * 0.03 * h
    return out


def compute_world_points(motion: BodyMotion) -> FloatArray:
    """World positions (frames x 33 x 3, metres) of every landmark."""
    pelvis_r = (
        motion.placement
        @ rotation("z", motion._b(motion.pelvis_axial_deg))
        @ rotation("x", motion._b(motion.pelvic_drop_right_deg))
    )
    points = _upper(motion, pelvis_r)
    for side, name in ((0, "left"), (1, "right")):
        for joint, value in _leg(motion, side, pelvis_r).items():
            points[f"{name}_{joint}"] = value
    root = np.broadcast_to(motion.pelvis_m, (motion.n_frames, 3))
    stacked = np.stack(
        [np.broadcast_to(points[str(lm)], (motion.n_frames, 3)) for lm in Landmark],
        axis=1,
    )
    return stacked + root[:, None, :]


def synthesize(
    motion: BodyMotion,
    *,
    camera: Camera,
    noise_px: float = 0.0,
    drop_fraction: float = 0.0,
    rng: np.random.Generator | None = None,
) -> LandmarkSeries:
    """Project a motion into a landmark series, with optional noise and dropped frames.

    Dropped frames (chosen at random, never the first or last) have NaN landmarks, as a
    frame where the pose model found nobody.
    """
    xyz = camera.project(compute_world_points(motion))
    vis = np.full(xyz.shape[:2], 0.95)
    if noise_px > 0 or drop_fraction > 0:
        if rng is None:
            raise ValueError("noise or dropped frames need an rng")
        xyz = xyz + rng.normal(0.0, noise_px, xyz.shape)
        drop = rng.random(motion.n_frames) < drop_fraction
        drop[[0, -1]] = False
        xyz[drop] = np.nan
        vis[drop] = np.nan
    return LandmarkSeries(
        xyz_px=xyz,
        visibility=vis,
        time_s=np.arange(motion.n_frames) / motion.fps,
        frame_size_px=camera.frame_size_px,
        fps=motion.fps,
    )
