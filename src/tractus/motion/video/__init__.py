"""The video and model adapter of the motion lab: OpenCV decoding, MediaPipe inference,
key-frame drawing. Everything here turns files into `LandmarkSeries` or pictures; the
analysis itself lives in the pure modules of `tractus.motion`. Import this package only
where a video is actually read (the command line, the task worker), never to load a web
page: it pulls in OpenCV and MediaPipe.
"""

from __future__ import annotations

from tractus.motion.extras import require_video

require_video()  # before the submodules import OpenCV: a clear error without the extra

from tractus.motion.video.pipeline import (  # noqa: E402
    analyse_exercise_video,
    analyse_gait_video,
    extract_landmarks,
)
from tractus.motion.video.pose import estimate_poses, iter_frames, read_frame  # noqa: E402
from tractus.motion.video.render import render_key_frames  # noqa: E402

__all__ = [
    "analyse_exercise_video",
    "analyse_gait_video",
    "estimate_poses",
    "extract_landmarks",
    "iter_frames",
    "read_frame",
    "render_key_frames",
]
