"""Following people between frames and choosing the subject among them.

The pose model returns up to N people per frame in no stable order. `track_people` links
them into tracks by bounding-box overlap with each track's last box (greedy, highest
overlap first), which is enough at video frame rates where a person moves a fraction of
their own width per frame. `select_subject` then picks the subject by one rule for every
command (gait, exercise, landmarks): the person who is largest, most visible, most
central and who moves through the picture, or the track under a point or box the user
gave on one frame (`SubjectHint`): real footage has bystanders (pose.md §3-4: on the
walking clip a single-person model locks onto a man on a box instead of the walker).
`extend_back` carries the subject's track back to frames before the model first found
them, from a second pass of the model run backwards in time (the model finds a person
who walks into the picture late, once most of the body is in it, but follows one who
walks out to the edge).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tractus.errors import MotionError, MotionProblem
from tractus.motion.schema import FloatArray, Landmark, LandmarkSeries

__all__ = [
    "SubjectHint",
    "TapPoint",
    "Track",
    "compute_box",
    "count_people",
    "extend_back",
    "select_subject",
    "several_people_warning",
    "track_people",
    "track_to_series",
]

MIN_IOU = 0.2
"""Smallest box overlap that continues a track from one frame to the next."""
MAX_MISSING_FRAMES = 15
"""A track not seen for this many frames is closed (0.5 s at 30 fps)."""
_BOX_VISIBILITY = 0.5
Box = tuple[float, float, float, float]
"""x0, y0, x1, y1 in pixels."""


@dataclass(frozen=True, slots=True)
class SubjectHint:
    """Where the user says the subject is: a point or a box (pixels) on one frame."""

    frame: int
    point_px: tuple[float, float] | None = None
    box_px: tuple[float, float, float, float] | None = None


@dataclass(frozen=True, slots=True)
class TapPoint:
    """A point tapped on a preview: fractions (0-1) of its width and height, and the
    video time in seconds. The web page knows only these; `to_hint` turns them into
    pixels and a frame once the video's size and frame rate are known."""

    x_frac: float
    y_frac: float
    time_s: float = 0.0

    def to_hint(self, *, fps: float, frame_size_px: tuple[int, int]) -> SubjectHint:
        """The same point as a `SubjectHint` in pixels on a frame."""
        width, height = frame_size_px
        return SubjectHint(
            frame=round(self.time_s * fps),
            point_px=(self.x_frac * width, self.y_frac * height),
        )


@dataclass(frozen=True, slots=True, eq=False)
class Track:
    """One person followed over frames: `poses` is (frames x 33 x 4) of x, y, z px, vis."""

    frames: FloatArray
    poses: FloatArray

    def box_at(self, frame: int) -> tuple[float, float, float, float] | None:
        """Bounding box (x0, y0, x1, y1) at a frame, or None if not seen there."""
        hit = np.flatnonzero(self.frames == frame)
        return compute_box(self.poses[hit[0]]) if hit.size else None


def compute_box(pose: FloatArray) -> Box:
    """Box around the confidently seen landmarks of one pose (33 x 4)."""
    seen = pose[pose[:, 3] >= _BOX_VISIBILITY]
    pts = seen if len(seen) >= 4 else pose
    x0, y0 = np.nanmin(pts[:, :2], axis=0)
    x1, y1 = np.nanmax(pts[:, :2], axis=0)
    return float(x0), float(y0), float(x1), float(y1)


def _iou(a: Box, b: Box) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    area = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / area if area > 0 else 0.0


def _match(open_boxes: dict[int, Box], boxes: list[Box]) -> dict[int, int]:
    """Greedy assignment detection -> track id by descending overlap."""
    pairs = sorted(
        (
            (_iou(tb, db), tid, di)
            for tid, tb in open_boxes.items()
            for di, db in enumerate(boxes)
        ),
        reverse=True,
    )
    assigned: dict[int, int] = {}
    used_tracks: set[int] = set()
    for overlap, tid, di in pairs:
        if overlap < MIN_IOU or tid in used_tracks or di in assigned:
            continue
        assigned[di] = tid
        used_tracks.add(tid)
    return assigned


def track_people(detections: list[FloatArray]) -> list[Track]:
    """Link per-frame detections (each k x 33 x 4) into tracks by box overlap."""
    rows: list[list[tuple[int, FloatArray]]] = []
    last_box: dict[int, Box] = {}
    last_seen: dict[int, int] = {}
    for frame, poses in enumerate(detections):
        open_boxes = {
            t: b
            for t, b in last_box.items()
            if frame - last_seen[t] <= MAX_MISSING_FRAMES
        }
        boxes = [compute_box(p) for p in poses]
        assigned = _match(open_boxes, boxes)
        for di, pose in enumerate(poses):
            tid = assigned.get(di)
            if tid is None:
                tid = len(rows)
                rows.append([])
            rows[tid].append((frame, pose))
            last_box[tid] = boxes[di]
            last_seen[tid] = frame
    return [
        Track(
            frames=np.array([f for f, _ in r], dtype=int),
            poses=np.stack([p for _, p in r]),
        )
        for r in rows
    ]


_LEG_COLUMNS = slice(23, 29)  # hips, knees, ankles
MIN_COVERAGE = 0.25
"""A track seen in less than this share of the best-covered track's frames is a passer-by."""


def count_people(tracks: list[Track]) -> int:
    """Most people seen at once, among those seen for a fair share of the clip
    (passers-by and flickers left out; pieces of one person's track never overlap)."""
    if not tracks:
        return 0
    longest = max(len(t.frames) for t in tracks)
    kept = [t for t in tracks if len(t.frames) >= MIN_COVERAGE * longest]
    frames = np.concatenate([t.frames for t in kept])
    return int(np.bincount(frames).max())


def several_people_warning(tracks: list[Track], chosen: Track) -> str | None:
    """A warning naming who was analysed when several people are in the clip."""
    people = count_people(tracks)
    if people < 2:
        return None
    x0, y0, x1, y1 = compute_box(chosen.poses[len(chosen.poses) // 2])
    frame = int(chosen.frames[len(chosen.frames) // 2])
    return (
        f"{people} people are in the video; the analysis follows the one at about "
        f"x {(x0 + x1) / 2:.0f}, y {(y0 + y1) / 2:.0f} px on frame {frame}. If that is "
        "not the runner, analyse the video again and point at them first: "
        "\u201cPoint at the runner\u201d on the upload page, or --point X,Y "
        "--frame N on the command line."
    )


def _travel(track: Track) -> float:
    """How far the person moves across the frame, in their own box heights."""
    boxes = np.array([compute_box(p) for p in track.poses])
    centre_x = (boxes[:, 0] + boxes[:, 2]) / 2
    height = float(np.median(boxes[:, 3] - boxes[:, 1]))
    return float(np.ptp(centre_x)) / height if height > 0 else 0.0


def _score(track: Track, frame_size_px: tuple[int, int]) -> float:
    """Typical size x leg visibility x centrality, per frame seen (not summed over time).

    Size is the box diagonal relative to the frame's (so lying and standing people
    compare fairly); a bystander seen longer but smaller or with hidden legs loses.
    """
    w, h = frame_size_px
    boxes = np.array([compute_box(p) for p in track.poses])
    diag = np.hypot(boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1])
    size: float = float(np.median(diag)) / np.hypot(w, h)
    legs = float(np.nanmean(track.poses[:, _LEG_COLUMNS, 3]))
    cx = np.median((boxes[:, 0] + boxes[:, 2]) / 2)
    cy = np.median((boxes[:, 1] + boxes[:, 3]) / 2)
    off: float = np.hypot(cx - w / 2, cy - h / 2) / np.hypot(w, h)
    return size * legs * (1.0 - off)


def _hinted(tracks: list[Track], hint: SubjectHint) -> int:
    best, best_key = -1, (np.inf, 0.0)
    for i, track in enumerate(tracks):
        near = np.abs(track.frames - hint.frame)
        if near.min() > MAX_MISSING_FRAMES:
            continue
        box = compute_box(track.poses[int(np.argmin(near))])
        if hint.box_px is not None:
            key = (float(near.min()), -_iou(box, hint.box_px))
            if -key[1] < MIN_IOU:
                continue
        else:
            px, py = hint.point_px or (np.nan, np.nan)
            if not (box[0] <= px <= box[2] and box[1] <= py <= box[3]):
                continue
            key = (float(near.min()), (box[2] - box[0]) * (box[3] - box[1]))
        if key < best_key:
            best, best_key = i, key
    return best


def _continues(track: Track, other: Track, frame: int) -> bool:
    """Whether `other`, seen first or last at `frame`, overlaps `track` near that frame."""
    near = int(np.argmin(np.abs(track.frames - frame)))
    if abs(int(track.frames[near]) - frame) > MAX_MISSING_FRAMES:
        return False
    mine = compute_box(track.poses[near])
    theirs = other.box_at(frame)
    return theirs is not None and _iou(mine, theirs) >= MIN_IOU


def _joined(first: Track, second: Track) -> Track:
    """`first`, then the frames of `second` after `first` ends."""
    later = second.frames > first.frames[-1]
    return Track(
        frames=np.concatenate([first.frames, second.frames[later]]),
        poses=np.concatenate([first.poses, second.poses[later]]),
    )


def _stitch(track: Track, tracks: list[Track]) -> Track:
    """Add fragments that carry on where the subject's track stops or that lead into
    where it starts (tracking lost for a moment, or the person found late)."""
    for other in sorted(tracks, key=lambda t: int(t.frames[0])):
        end = int(track.frames[-1])
        if other is track or other.frames[-1] <= end:
            continue
        if other.frames[0] <= end + MAX_MISSING_FRAMES and _continues(
            track, other, int(other.frames[other.frames > end - MAX_MISSING_FRAMES][0])
        ):
            track = _joined(track, other)
    for other in sorted(tracks, key=lambda t: -int(t.frames[-1])):
        start = int(track.frames[0])
        if other is track or other.frames[0] >= start:
            continue
        if other.frames[-1] >= start - MAX_MISSING_FRAMES and _continues(
            track,
            other,
            int(other.frames[other.frames < start + MAX_MISSING_FRAMES][-1]),
        ):
            track = _joined(_before(other, start), track)
    return track


def _before(track: Track, frame: int) -> Track:
    """The part of a track before `frame`."""
    keep = track.frames < frame
    return Track(frames=track.frames[keep], poses=track.poses[keep])


def _shared_overlap(track: Track, other: Track) -> int:
    """Frames both tracks have where their boxes overlap (the same person)."""
    same = 0
    for frame, pose in zip(other.frames, other.poses, strict=True):
        mine = track.box_at(int(frame))
        same += mine is not None and _iou(mine, compute_box(pose)) >= MIN_IOU
    return same


MIN_SHARED_FRAMES = 3
"""Frames a backward track must share with the subject to be the same person."""


def extend_back(track: Track, earlier: list[Track]) -> Track:
    """The subject's track with the frames before its start that `earlier` adds.

    `earlier` are tracks from the model run backwards over the frames up to a little
    after the track's start (frame numbers as in the video). The one that shares the
    most frames with the subject (boxes overlapping) is the subject; its frames before
    the track's start are put in front. Without such a track, the track is unchanged.
    """
    shared = [_shared_overlap(track, other) for other in earlier]
    if not shared or max(shared) < MIN_SHARED_FRAMES:
        return track
    same = earlier[int(np.argmax(shared))]
    order = np.argsort(same.frames)
    lead = _before(Track(same.frames[order], same.poses[order]), int(track.frames[0]))
    if lead.frames.size == 0:
        return track
    return _joined(lead, track)


def select_subject(
    tracks: list[Track],
    frame_size_px: tuple[int, int],
    *,
    hint: SubjectHint | None = None,
    source: str = "video",
) -> Track:
    """Choose the subject: the hinted track, else by one rule for every command.

    The rule: typical size x leg visibility x centrality (`_score`), multiplied by
    1 + the distance the person travels across the frame in body heights. The subject
    of a gait clip walks or runs through it while a bystander mostly stays put
    (pose.md §3: on the walking clip the man on the box is larger and more central,
    the walker crosses the picture); in an exercise clip nobody travels and the first
    part decides. When several people are seen, `several_people_warning` says whom
    the rule chose and how to point at the right one.

    Raises
    ------
    MotionError
        If there is no track, or nobody is at the hinted point or box.
    """
    if not tracks:
        raise MotionError(
            source, "no person was found in the video", kind=MotionProblem.NO_PERSON
        )
    if hint is not None:
        index = _hinted(tracks, hint)
        if index < 0:
            raise MotionError(
                source,
                f"no person at the point given on frame {hint.frame}",
                kind=MotionProblem.NO_PERSON_AT_POINT,
            )
        return _stitch(tracks[index], tracks)
    longest = max(len(t.frames) for t in tracks)
    scores = [
        _score(t, frame_size_px) * (1.0 + _travel(t))
        if len(t.frames) >= MIN_COVERAGE * longest
        else -1.0
        for t in tracks
    ]
    return _stitch(tracks[int(np.argmax(scores))], tracks)


def track_to_series(
    track: Track,
    *,
    n_frames: int,
    fps: float,
    frame_size_px: tuple[int, int],
) -> LandmarkSeries:
    """Turn a track into a series over the frames from its first to its last sighting.

    Frames inside that span where the person was not detected are NaN rows.
    """
    first, last = int(track.frames[0]), int(track.frames[-1])
    span = np.arange(first, min(last, n_frames - 1) + 1)
    xyz = np.full((span.size, len(Landmark), 3), np.nan)
    vis = np.full((span.size, len(Landmark)), np.nan)
    xyz[track.frames - first] = track.poses[:, :, :3]
    vis[track.frames - first] = track.poses[:, :, 3]
    return LandmarkSeries(
        xyz_px=xyz,
        visibility=vis,
        time_s=span / fps,
        frame_size_px=frame_size_px,
        fps=fps,
        frame_index=span,
    )
