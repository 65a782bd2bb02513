"""End to end on real footage (lite model for speed; full where lite swaps the legs).

Walking clip (pose.md §3-4): the subject must be the walking woman, not the man on the
box, for every command (one selection rule), followed from when she walks into view
(frame 36; the model alone first finds her at frame 59) so the first two heel strikes
(about frames 42 and 61: pose.md §4's ankle-separation peaks, 18.4 frames apart) are
counted; cadence near the 98 steps/min measured by hand-checked heel peaks; knee flexion
at contact and in early stance in the range of walking (0-35°); no exercise counts any
rep.
Single-leg clips: the stance leg is the left one (pose.md §4: LANK stays planted while
the right leg sweeps). Bad input: no person, corrupt file, still image, very short clip.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from tractus.errors import MotionError
from tractus.motion.bundles import PoseModel
from tractus.motion.camera import View
from tractus.motion.exercise import Exercise, analyse_exercise, identify_stance_side
from tractus.motion.filtering import Movement, clean_series
from tractus.motion.video.pipeline import (
    analyse_exercise_video,
    analyse_gait_video,
    extract_landmarks,
)
from tractus.motion.video.render import render_key_frames

from .conftest import SINGLE_LEG, WALK

pytestmark = pytest.mark.usefixtures("pose_models")


@pytest.fixture(scope="module")
def walk_report(pose_models):
    return analyse_gait_video(WALK, view=View.SIDE, model=PoseModel.LITE)


def test_walking_subject_is_the_woman_not_the_man_on_the_box(walk_report) -> None:
    x0, y0, x1, y1 = walk_report.subject_box_px
    # The woman walks on the grass in the lower half; the man stands on a box above.
    assert y0 > 0.45 * 994 and y1 > 0.8 * 994
    first, last = walk_report.to_dict()["subject_frames"]
    assert 30 <= first <= 45 and last <= 215


def test_walking_is_followed_from_her_first_steps(walk_report) -> None:
    contacts = [c["frame"] for c in walk_report.to_dict()["foot_contacts"]]
    # Heel strikes every ~18.4 frames from about frame 42: the first two are counted.
    assert min(contacts) <= 46
    assert any(55 <= f <= 66 for f in contacts)


def test_the_exercise_command_follows_the_same_person_and_counts_nothing(
    walk_report,
) -> None:
    report = analyse_exercise_video(WALK, Exercise.CLAMSHELL, model=PoseModel.LITE)
    assert report.subject_box_px[1] > 0.45 * 994  # the walker, not the man on the box
    assert report.to_dict()["subject_frames"] == walk_report.to_dict()["subject_frames"]
    assert report.exercise is not None and report.exercise.reps == ()
    warnings = report.to_dict()["warnings"]
    assert isinstance(warnings, list) and any("--point" in w for w in warnings)


def test_walking_cadence_and_knee_are_plausible(walk_report) -> None:
    data = walk_report.to_dict()
    assert 85.0 <= data["cadence_spm"] <= 110.0
    assert len(data["foot_contacts"]) >= 5
    assert all(c["side"] in ("left", "right") for c in data["foot_contacts"])
    assert 0.0 <= data["knee_flexion_at_contact_deg"] <= 30.0
    peak = data["metrics"]["peak_knee_flexion_stance_deg"]["value"]
    assert 5.0 <= peak <= 60.0
    assert {"cadence_spm", "foot_contacts", "subject_box", "warnings"} <= data.keys()


def test_the_walking_clip_says_it_is_walking_and_who_was_followed(walk_report) -> None:
    warnings = walk_report.to_dict()["warnings"]
    assert any("walking rather than running" in w for w in warnings)
    several = [w for w in warnings if "people are in the video" in w]
    assert len(several) == 1 and "--point" in several[0]


@pytest.mark.parametrize("exercise", list(Exercise))
def test_walking_counts_zero_reps_for_every_exercise(walk_report, exercise) -> None:
    series = walk_report.series  # gait-cleaned (6 Hz); the 3 Hz pass smooths it further
    report = analyse_exercise(
        clean_series(series, movement=Movement.EXERCISE), exercise, view=View.SIDE
    )
    assert report.reps == ()


def test_key_frames_show_the_skeleton_on_the_walker(walk_report) -> None:
    images = render_key_frames(WALK, walk_report.series, walk_report.key_frames[:1])
    ((key, jpeg),) = images
    picture = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
    # Scaled to 1280 px wide with a caption band below; a compressed JPEG, not 2.7 MB.
    assert picture is not None and picture.shape[1] == 1280
    assert picture.shape[0] > round(994 * 1280 / 1768)
    assert jpeg[:3] == b"\xff\xd8\xff" and len(jpeg) < 400_000
    assert 0.0 <= key.angle_deg <= 40.0


@pytest.mark.parametrize(
    ("clip", "model"), [("cam01", PoseModel.LITE), ("cam02", PoseModel.FULL)]
)
def test_single_leg_stance_leg_is_identified(clip: str, model: PoseModel) -> None:
    subject = extract_landmarks(SINGLE_LEG[clip], model=model)
    assert identify_stance_side(subject.series) == "left"
    assert subject.warnings == ()  # one person: nothing to point at


def _write_video(path: Path, frames: list[np.ndarray], fps: float = 30.0) -> Path:
    height, width = frames[0].shape[:2]
    writer = cv2.VideoWriter(
        str(path), cv2.VideoWriter.fourcc(*"MJPG"), fps, (width, height)
    )
    for frame in frames:
        writer.write(frame)
    writer.release()
    return path


def test_a_video_with_no_person_is_refused(tmp_path, rng) -> None:
    frames = [np.full((240, 320, 3), 90 + i % 5, np.uint8) for i in range(45)]
    path = _write_video(tmp_path / "empty.avi", frames)
    with pytest.raises(MotionError, match="no person"):
        extract_landmarks(path, model=PoseModel.LITE)


def test_a_corrupt_file_is_refused(tmp_path) -> None:
    path = tmp_path / "broken.mp4"
    path.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"not a video" * 50)
    with pytest.raises(MotionError, match="not a readable video"):
        extract_landmarks(path, model=PoseModel.LITE)


def test_a_still_image_is_refused(tmp_path) -> None:
    path = tmp_path / "photo.png"
    cv2.imwrite(str(path), np.zeros((120, 160, 3), np.uint8))
    with pytest.raises(MotionError, match="still image"):
        extract_landmarks(path, model=PoseModel.LITE)


def test_a_very_short_clip_is_refused(tmp_path) -> None:
    capture = cv2.VideoCapture(str(SINGLE_LEG["cam01"]))
    frames = [capture.read()[1] for _ in range(8)]
    capture.release()
    path = _write_video(tmp_path / "short.avi", [f[::4, ::4] for f in frames], fps=60.0)
    with pytest.raises(MotionError, match="too short"):
        extract_landmarks(path, model=PoseModel.LITE)


def test_a_cut_short_video_says_how_many_frames_could_be_read(tmp_path) -> None:
    capture = cv2.VideoCapture(str(SINGLE_LEG["cam01"]))
    frames = [capture.read()[1][::4, ::4] for _ in range(90)]
    capture.release()
    whole = _write_video(tmp_path / "whole.avi", frames, fps=60.0).read_bytes()
    cut = tmp_path / "cut.avi"
    cut.write_bytes(whole[: len(whole) // 2])  # an upload that stopped half-way
    with pytest.raises(MotionError, match=r"only \d+ of its 90 frames could be read"):
        extract_landmarks(cut, model=PoseModel.LITE)
