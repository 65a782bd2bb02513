"""Angles on image points, and following people between frames."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from tractus.errors import MotionError
from tractus.motion.geometry import compute_joint_angle
from tractus.motion.tracking import (
    SubjectHint,
    Track,
    count_people,
    extend_back,
    select_subject,
    several_people_warning,
    track_people,
)

_points = arrays(float, (3, 2), elements=st.floats(-500, 500))


@given(pts=_points, angle=st.floats(0, 2 * np.pi), shift=st.floats(-100, 100))
def test_joint_angle_is_in_range_and_unchanged_by_rotation(pts, angle, shift) -> None:
    a, b, c = pts
    if min(np.linalg.norm(a - b), np.linalg.norm(c - b)) < 1e-3:
        return
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    before = compute_joint_angle(a, b, c)
    after = compute_joint_angle(rot @ a + shift, rot @ b + shift, rot @ c + shift)
    assert 0.0 <= before <= 180.0
    assert after == pytest.approx(before, abs=1e-6)


def _person(cx: float, cy: float, height: float) -> np.ndarray:
    pose = np.zeros((33, 4))
    pose[:, 0] = cx + np.linspace(-0.2, 0.2, 33) * height
    pose[:, 1] = cy + np.linspace(-0.5, 0.5, 33) * height
    pose[:, 3] = 0.9
    return pose


def _two_people(n: int = 60) -> list[np.ndarray]:
    frames = []
    for i in range(n):
        walker = _person(200 + 10 * i, 500, 300)  # crosses the frame
        bystander = _person(600, 200, 250)  # stays put, slightly smaller
        order = [walker, bystander] if i % 2 else [bystander, walker]
        frames.append(np.stack(order))
    return frames


def test_tracks_follow_people_whatever_order_the_model_lists_them() -> None:
    tracks = track_people(_two_people())
    assert len(tracks) == 2
    assert all(len(t.frames) == 60 for t in tracks)


def test_the_largest_most_visible_person_is_the_subject() -> None:
    subject = select_subject(track_people(_two_people()), (1280, 720))
    box = subject.box_at(0)
    assert box is not None and box[1] > 300  # the walker, low in the frame


def test_a_point_chooses_the_subject() -> None:
    hint = SubjectHint(frame=10, point_px=(600.0, 200.0))
    subject = select_subject(track_people(_two_people()), (1280, 720), hint=hint)
    box = subject.box_at(10)
    assert box is not None and box[1] < 200  # the bystander


def test_nobody_at_the_point_is_an_error() -> None:
    hint = SubjectHint(frame=10, point_px=(5.0, 5.0))
    with pytest.raises(MotionError, match="no person at the point"):
        select_subject(track_people(_two_people()), (1280, 720), hint=hint)


def test_no_people_is_an_error() -> None:
    with pytest.raises(MotionError, match="no person"):
        select_subject(track_people([np.empty((0, 33, 4))] * 5), (640, 480))


def _walker_only(people: np.ndarray) -> np.ndarray:
    walker = int(np.argmax(people[:, :, 1].mean(axis=1)))  # the lower one
    return people[[walker]]


def test_people_are_counted_once_however_often_tracking_is_lost() -> None:
    frames = _two_people()
    # The bystander drops out for 20 frames: two pieces of one person, never at once.
    for i in range(20, 40):
        frames[i] = _walker_only(frames[i])
    tracks = track_people(frames)
    assert len(tracks) == 3 and count_people(tracks) == 2
    subject = select_subject(tracks, (1280, 720))
    warning = several_people_warning(tracks, subject)
    # Both ways to choose someone else, in the words of the upload page and the CLI.
    assert warning is not None and "Point at the runner" in warning
    assert "--point X,Y --frame N" in warning
    alone = track_people([_walker_only(f) for f in frames])
    assert several_people_warning(alone, select_subject(alone, (1280, 720))) is None


def test_a_subject_found_late_is_carried_back_by_the_backward_pass() -> None:
    frames = _two_people()
    late = track_people([_walker_only(f) for f in frames[30:]])
    subject = Track(late[0].frames + 30, late[0].poses)
    # The backward pass over frames 0-40 sees both people; only the walker continues.
    carried = extend_back(subject, track_people(frames[:41]))
    assert carried.frames[0] == 0 and carried.frames[-1] == 59
    assert np.array_equal(np.diff(carried.frames), np.ones(59))
    box = carried.box_at(5)
    assert box is not None and box[1] > 300  # the walker


def test_nobody_to_carry_back_leaves_the_track_as_it_was() -> None:
    frames = _two_people()
    subject = track_people([_walker_only(f) for f in frames[30:]])[0]
    elsewhere = track_people([f[[0]] * 0 + 5000 for f in frames[:10]])
    assert extend_back(subject, elsewhere) is subject


def test_a_fragment_leading_into_the_subject_is_stitched_in_front() -> None:
    (walker,) = track_people([_walker_only(f) for f in _two_people()])
    # The model lost the walker and found her again: two pieces, the later one longer.
    early = Track(walker.frames[:20], walker.poses[:20])
    later = Track(walker.frames[20:], walker.poses[20:])
    subject = select_subject([later, early], (1280, 720))
    assert subject.frames[0] == 0 and subject.frames[-1] == 59
    assert np.array_equal(subject.poses, walker.poses)
