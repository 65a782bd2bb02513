"""Demonstrations: every exercise has one, drawn from the body model, at its tempo."""

from __future__ import annotations

import math
import re
from xml.etree import ElementTree

import pytest

from tractus.errors import RehabInputError
from tractus.rehab import EXERCISES
from tractus.rehab.demo_svg import demo_svg
from tractus.rehab.demonstration import (
    DEMONSTRATIONS,
    JOINTS,
    SHANK,
    THIGH,
    Demonstration,
    demonstration_for,
)

ALL = list(DEMONSTRATIONS.values())


def test_every_exercise_has_a_demonstration():
    assert set(DEMONSTRATIONS) == set(EXERCISES)


@pytest.mark.parametrize("demo", ALL, ids=lambda d: d.exercise_id)
def test_both_poses_have_every_joint_and_rest_on_or_above_the_floor(demo):
    for pose in (demo.start, demo.end):
        assert set(JOINTS) <= set(pose)
        assert min(y for _, y in pose.values()) >= -1e-9
    assert demo.start != demo.end  # it moves


@pytest.mark.parametrize("demo", ALL, ids=lambda d: d.exercise_id)
def test_the_loop_follows_the_exercise_tempo(demo: Demonstration):
    tempo = EXERCISES[demo.exercise_id].dose.tempo
    if tempo is not None:
        assert (demo.up_s, demo.hold_s, demo.down_s) == (
            tempo.up_s,
            tempo.hold_s,
            tempo.down_s,
        )
    assert demo.loop_s == pytest.approx(
        demo.up_s + demo.hold_s + demo.down_s + demo.rest_s
    )


def test_the_bridge_keeps_its_thigh_and_shank_lengths():
    for pose in (DEMONSTRATIONS["hip_bridge"].start, DEMONSTRATIONS["hip_bridge"].end):
        assert math.dist(pose["hip_n"], pose["knee_n"]) == pytest.approx(THIGH)
        assert math.dist(pose["knee_n"], pose["ankle_n"]) == pytest.approx(SHANK)


def test_the_bridge_lifts_the_hips_and_keeps_the_feet_down():
    demo = DEMONSTRATIONS["hip_bridge"]
    assert demo.end["hip_n"][1] > demo.start["hip_n"][1] + 0.1
    assert demo.end["ankle_n"] == demo.start["ankle_n"]


@pytest.mark.parametrize("demo", ALL, ids=lambda d: d.exercise_id)
def test_the_svg_is_well_formed_and_loops_at_the_tempo(demo: Demonstration):
    svg = demo_svg(demo, title="A <test> & more")
    root = ElementTree.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    animations = root.findall(f".//{ns}animate")
    assert animations
    assert {a.get("dur") for a in animations} == {f"{demo.loop_s:.2f}s"}
    assert all(a.get("repeatCount") == "indefinite" for a in animations)
    assert root.find(f"{ns}title") is not None
    assert "<script" not in svg
    assert re.search(r'viewBox="-?\d+ -?\d+ \d+ \d+"', svg)


def test_an_unknown_exercise_is_named():
    with pytest.raises(RehabInputError, match="unknown exercise 'lunge'"):
        demonstration_for("lunge")
