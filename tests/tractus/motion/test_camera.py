"""Camera check: wrong view, out of frame, too small, too dark, in plain words."""

from __future__ import annotations

import numpy as np

from tests.tractus.motion import scenarios as sc
from tests.tractus.motion.synthetic import Camera, synthesize
from tractus.motion.camera import View, check_camera, classify_view
from tractus.motion.schema import Landmark

NEEDS = (
    Landmark.LEFT_ANKLE,
    Landmark.RIGHT_ANKLE,
    Landmark.LEFT_HIP,
    Landmark.RIGHT_HIP,
)


def _walk(camera: Camera):
    scen = sc.walking(duration_s=2.0, camera=camera)
    return synthesize(scen.motion, camera=camera)


def test_views_are_told_apart() -> None:
    assert classify_view(_walk(sc.SIDE)) is View.SIDE
    assert classify_view(_walk(sc.REAR)) is View.REAR
    assert classify_view(_walk(sc.FRONT)) is View.FRONT


def test_a_good_clip_has_no_issues() -> None:
    check = check_camera(
        _walk(sc.SIDE), views=(View.SIDE,), needed=NEEDS, mean_brightness=120
    )
    assert check.ok, check.issues


def test_wrong_view_says_where_to_put_the_phone() -> None:
    check = check_camera(_walk(sc.REAR), views=(View.SIDE,), needed=NEEDS)
    (issue,) = check.issues
    assert issue.code == "wrong_view" and "side" in issue.message


def test_feet_out_of_the_picture_are_named() -> None:
    cropped = Camera(
        direction=(0.0, -1.0, 0.0), centre_m=(0.0, 0.0, 1.2), frame_size_px=(1280, 500)
    )
    check = check_camera(_walk(cropped), views=(View.SIDE,), needed=NEEDS)
    issue = next(i for i in check.issues if i.code == "out_of_frame")
    assert "feet" in issue.message and "further away" in issue.message


def test_a_small_person_is_told_to_come_closer() -> None:
    far = Camera(direction=(0.0, -1.0, 0.0), px_per_m=60.0)
    check = check_camera(_walk(far), views=(View.SIDE,), needed=NEEDS)
    assert [i.code for i in check.issues] == ["too_small"]
    assert "closer" in check.issues[0].message


def test_a_dark_clip_is_told_to_add_light() -> None:
    check = check_camera(
        _walk(sc.SIDE), views=(View.SIDE,), needed=NEEDS, mean_brightness=20
    )
    assert [i.code for i in check.issues] == ["too_dark"]
    assert "light" in check.issues[0].message


def test_no_sighting_means_everything_is_missing() -> None:
    series = _walk(sc.SIDE)
    blind = series.with_xyz(np.full(series.xyz_px.shape, np.nan))
    check = check_camera(blind, views=(View.SIDE,), needed=NEEDS)
    assert {"out_of_frame", "too_small"} <= {i.code for i in check.issues}
