"""Motion lab: pose estimation on video, landmark series, gait and exercise-form analysis.

The pose provider (`pose`, MediaPipe `PoseLandmarker` on CPU, offline model bundles) and
subject tracking (`tracking`) turn a video into a `LandmarkSeries` (`schema`); everything
after that works on the series alone: cleaning (`filtering`), the camera check
(`camera`), gait metrics (`gait`), exercise repetitions and compensations (`exercise`).
`pipeline` joins them for the command line and the web app; `render` draws key frames;
`synthetic` and `scenarios` make landmark sequences with known answers for tests.
"""

from __future__ import annotations

from tractus.motion.camera import (
    CameraCheck,
    CameraIssue,
    View,
    check_camera,
    classify_view,
)
from tractus.motion.exercise import (
    Exercise,
    ExerciseReport,
    RepResult,
    analyse_exercise,
    identify_stance_side,
)
from tractus.motion.exercise_checks import Fault
from tractus.motion.filtering import (
    Movement,
    butterworth_filtfilt,
    clean_series,
    compute_leg_length_px,
    fill_gaps,
)
from tractus.motion.gait import (
    FootContact,
    GaitMetric,
    GaitReport,
    analyse_gait,
    compute_cadence,
    detect_foot_contacts,
)
from tractus.motion.pipeline import (
    ExerciseVideoReport,
    GaitVideoReport,
    KeyFrame,
    analyse_exercise_video,
    analyse_gait_video,
    extract_landmarks,
)
from tractus.motion.pose import PoseModel, estimate_poses, model_path
from tractus.motion.reps import Rep, detect_reps
from tractus.motion.schema import (
    LANDMARK_NAMES,
    Landmark,
    LandmarkSeries,
    from_landmarks_file,
    to_dataframe,
    to_landmarks_file,
)
from tractus.motion.tracking import SubjectHint, select_subject, track_people

__all__ = [
    "CameraCheck",
    "CameraIssue",
    "Exercise",
    "ExerciseReport",
    "ExerciseVideoReport",
    "Fault",
    "FootContact",
    "GaitMetric",
    "GaitReport",
    "GaitVideoReport",
    "KeyFrame",
    "LANDMARK_NAMES",
    "Landmark",
    "LandmarkSeries",
    "Movement",
    "PoseModel",
    "Rep",
    "RepResult",
    "SubjectHint",
    "View",
    "analyse_exercise",
    "analyse_exercise_video",
    "analyse_gait",
    "analyse_gait_video",
    "butterworth_filtfilt",
    "check_camera",
    "classify_view",
    "clean_series",
    "compute_cadence",
    "compute_leg_length_px",
    "detect_foot_contacts",
    "detect_reps",
    "estimate_poses",
    "extract_landmarks",
    "fill_gaps",
    "from_landmarks_file",
    "identify_stance_side",
    "model_path",
    "select_subject",
    "to_dataframe",
    "to_landmarks_file",
    "track_people",
]
