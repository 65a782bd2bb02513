"""Motion lab: landmark series, gait and exercise-form analysis (pure, no video).

The video adapter (`tractus.motion.video`: OpenCV decoding, MediaPipe `PoseLandmarker` on
the CPU, key-frame drawing) turns a video into a `LandmarkSeries` (`schema`); subject
tracking (`tracking`) picks the person. Everything else works on the series alone and
never imports OpenCV or MediaPipe: cleaning (`filtering`), the camera check (`camera`),
gait metrics (`gait`), exercise repetitions and compensations (`exercise`), and
`reports`, which joins them for the command line and the web app. Each exercise is
defined once, as data, in `rules`: the offline analysis and the live coach in the
browser both read it. `bundles` names the
model files without loading them.
"""

from __future__ import annotations

from tractus.motion.bundles import PoseModel, model_path
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
from tractus.motion.reports import (
    ExerciseVideoReport,
    GaitVideoReport,
    KeyFrame,
    analyse_exercise_landmarks,
    analyse_gait_landmarks,
)
from tractus.motion.reps import Rep, detect_reps
from tractus.motion.rules import (
    RULES,
    ExerciseRule,
    FaultRule,
    parse_exercise,
    rules_document,
)
from tractus.motion.schema import (
    LANDMARK_NAMES,
    Landmark,
    LandmarkSeries,
    from_landmarks_file,
    to_dataframe,
    to_landmarks_file,
)
from tractus.motion.tracking import (
    SubjectHint,
    TapPoint,
    select_subject,
    track_people,
)

__all__ = [
    "CameraCheck",
    "CameraIssue",
    "Exercise",
    "ExerciseReport",
    "ExerciseRule",
    "ExerciseVideoReport",
    "Fault",
    "FaultRule",
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
    "RULES",
    "Rep",
    "RepResult",
    "SubjectHint",
    "TapPoint",
    "View",
    "analyse_exercise",
    "analyse_exercise_landmarks",
    "analyse_gait",
    "analyse_gait_landmarks",
    "butterworth_filtfilt",
    "check_camera",
    "classify_view",
    "clean_series",
    "compute_cadence",
    "compute_leg_length_px",
    "detect_foot_contacts",
    "detect_reps",
    "fill_gaps",
    "from_landmarks_file",
    "identify_stance_side",
    "model_path",
    "parse_exercise",
    "rules_document",
    "select_subject",
    "to_dataframe",
    "to_landmarks_file",
    "track_people",
]
