"""`tractus motion`: JSON output, landmark export and one-line errors with status 2."""

from __future__ import annotations

import json

import cv2
import numpy as np
import pandas as pd
import pytest

from tractus.cli import main

from .conftest import SINGLE_LEG

CLIP = str(SINGLE_LEG["cam01"])


@pytest.mark.usefixtures("pose_models")
def test_gait_json_has_the_promised_keys(capfd) -> None:
    status = main(
        ["motion", "gait", CLIP, "--model", "lite", "--view", "rear", "--json"]
    )
    out, err = capfd.readouterr()
    assert status == 0, err
    data = json.loads(out)
    assert {
        "cadence_spm",
        "foot_contacts",
        "knee_flexion_at_contact_deg",
        "subject_box",
        "warnings",
    } <= data.keys()
    assert len(data["subject_box"]) == 4


@pytest.mark.usefixtures("pose_models")
def test_exercise_json_lists_reps_and_warnings(capfd, tmp_path) -> None:
    status = main(
        [
            "motion",
            "exercise",
            CLIP,
            "--exercise",
            "Side-lying hip-abduction",
            "--model",
            "lite",
            "--json",
            "--key-frames",
            str(tmp_path / "kf"),
        ]
    )
    out, err = capfd.readouterr()
    assert status == 0, err
    data = json.loads(out)
    assert data["exercise"] == "side_lying_hip_abduction"
    assert data["reps"] == []  # a standing balance is not a side-lying raise
    assert data["warnings"]


@pytest.mark.usefixtures("pose_models")
@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_landmarks_are_exported_by_suffix(tmp_path, capfd, suffix: str) -> None:
    target = tmp_path / f"lm{suffix}"
    status = main(["motion", "landmarks", CLIP, "--model", "lite", "-o", str(target)])
    assert status == 0, capfd.readouterr().err
    table = pd.read_csv(target) if suffix == ".csv" else pd.read_parquet(target)
    assert len(table) == 100 * 33
    assert {"frame", "time_s", "landmark", "x_px", "y_px", "visibility"} <= set(table)


def test_an_unknown_exercise_exits_2_with_one_line(capfd) -> None:
    status = main(["motion", "exercise", CLIP, "--exercise", "burpee"])
    _out, err = capfd.readouterr()
    assert status == 2
    assert err.count("\n") == 1 and "burpee" in err and "clamshell" in err


@pytest.mark.usefixtures("pose_models")
def test_a_video_without_a_person_exits_2_with_one_line(tmp_path, capfd) -> None:
    path = tmp_path / "empty.avi"
    writer = cv2.VideoWriter(
        str(path), cv2.VideoWriter.fourcc(*"MJPG"), 30.0, (160, 120)
    )
    for _ in range(40):
        writer.write(np.full((120, 160, 3), 100, np.uint8))
    writer.release()
    status = main(["motion", "gait", str(path), "--model", "lite"])
    _out, err = capfd.readouterr()
    assert status == 2
    assert err.count("\n") == 1 and "empty.avi" in err and "no person" in err


def test_an_unreadable_file_exits_2_with_one_line(tmp_path, capfd) -> None:
    path = tmp_path / "clip.mp4"
    path.write_bytes(b"garbage" * 100)
    status = main(["motion", "landmarks", str(path), "-o", str(tmp_path / "x.csv")])
    _out, err = capfd.readouterr()
    assert status == 2
    assert err.count("\n") == 1 and "clip.mp4" in err
