"""Running a video through the motion lab in the task worker.

The request stores the video and queues `run_analysis`; the worker runs pose
estimation and the analysers (tractus.motion), saves the report and draws the
key frames, reporting progress as it goes. The video is deleted afterwards,
whatever happened.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypedDict

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django_tasks import task

from clinic.dispatch.services import enqueue_fairly
from clinic.jobs.models import JobSupersededError
from clinic.jobs.running import run_job
from clinic.motionlab.models import Analysis, Kind
from clinic.runners.models import Runner
from tractus.errors import MotionError
from tractus.motion import (
    Exercise,
    ExerciseVideoReport,
    GaitVideoReport,
    PoseModel,
    TapPoint,
    View,
)

# Progress is saved at most every this many percent: a row update per frame would
# cost more than the pose model.
_PROGRESS_STEP_PCT = 2


@transaction.atomic
def start_analysis(
    *,
    runner: Runner,
    video: UploadedFile,
    kind: str,
    exercise: str,
    view: str,
    model: str,
    hint: tuple[float, float, float] | None,
    now: datetime,
) -> Analysis:
    """Store the video and queue its analysis."""
    analysis = Analysis.objects.create(
        runner=runner,
        kind=kind,
        exercise=exercise if kind == Kind.EXERCISE else "",
        view=view,
        model=model,
        video_name=Path(video.name or "video").name[:300],
        hint_x=hint[0] if hint else None,
        hint_y=hint[1] if hint else None,
        hint_time_s=hint[2] if hint else None,
        created_at=now,
    )
    analysis.folder.mkdir(parents=True, exist_ok=True)
    path = analysis.folder / "video"
    with path.open("wb") as out:
        for chunk in video.chunks():
            out.write(chunk)
    analysis.video_path = str(path)
    analysis.save(update_fields=["video_path"])
    queue_analysis(analysis)
    return analysis


def queue_analysis(analysis: Analysis) -> None:
    """Queue the analysis in the fair queue (clinic.dispatch) after commit."""
    enqueue_fairly(
        analysis_turn, owner=f"runner:{analysis.runner_id}", analysis_id=analysis.pk
    )


def analysis_turn(*, analysis_id: int, deadline: float) -> bool:
    """A video is analysed in one turn: pose estimation does not stop part-way."""
    attempt = (
        Analysis.objects.filter(pk=analysis_id)
        .values_list("attempts", flat=True)
        .first()
    )
    if attempt is not None:  # None: erased with its runner while it waited
        run_analysis.call(analysis_id=analysis_id, attempt=attempt)
    return True


def _hint(analysis: Analysis) -> TapPoint | None:
    """Where the user tapped the subject (the core turns it into pixels on a frame)."""
    if analysis.hint_x is None or analysis.hint_y is None:
        return None
    return TapPoint(analysis.hint_x, analysis.hint_y, analysis.hint_time_s or 0.0)


def _progress_saver(analysis: Analysis) -> Callable[[float], None]:
    last = {"pct": -_PROGRESS_STEP_PCT}

    def save(share: float) -> None:
        pct = min(99, int(share * 100))
        if pct - last["pct"] >= _PROGRESS_STEP_PCT:
            last["pct"] = pct
            analysis.progress_pct = pct
            analysis.save_progress("progress_pct")

    return save


class _AnalyseOptions(TypedDict):
    """The keyword arguments both video analysers take."""

    model: PoseModel
    hint: TapPoint | None
    progress: Callable[[float], None]


def _analyse(analysis: Analysis, video: Path) -> GaitVideoReport | ExerciseVideoReport:
    # The video adapter loads OpenCV and MediaPipe: imported in the worker only, so a
    # web process never loads them to serve a page.
    from tractus.motion.video import analyse_exercise_video, analyse_gait_video

    common: _AnalyseOptions = {
        "model": PoseModel(analysis.model),
        "hint": _hint(analysis),
        "progress": _progress_saver(analysis),
    }
    if analysis.kind == Kind.GAIT:
        return analyse_gait_video(
            video, view=View(analysis.view) if analysis.view else None, **common
        )
    return analyse_exercise_video(video, Exercise(analysis.exercise), **common)


def _save_key_frames(
    analysis: Analysis, video: Path, report: GaitVideoReport | ExerciseVideoReport
) -> list[dict[str, object]]:
    from tractus.motion.video.render import (
        KEY_FRAME_SUFFIX,
        render_key_frames,
        thumbnail,
    )

    # Each key frame also small: the video list shows the first, the workspace
    # timeline all of them, each opening full size.
    saved: list[dict[str, object]] = []
    for n, (key, picture) in enumerate(
        render_key_frames(video, report.series, report.key_frames)
    ):
        name, thumb = f"key_{n}{KEY_FRAME_SUFFIX}", f"thumb_{n}{KEY_FRAME_SUFFIX}"
        (analysis.folder / name).write_bytes(picture)
        (analysis.folder / thumb).write_bytes(thumbnail(picture))
        saved.append(
            {
                "file": name,
                "thumb": thumb,
                "frame": key.frame,
                "label": key.label,
                "angle_deg": key.angle_deg,
            }
        )
    return saved


@task()
def run_analysis(*, analysis_id: int, attempt: int = 1) -> str:
    """Analyse the stored video; returns the final status.

    `attempt` is the analysis's attempt this task was queued for (the sweep
    queues it once more when its worker died; see `clinic.jobs`).
    """
    with run_job(Analysis, analysis_id, attempt=attempt) as analysis:
        if analysis is None:
            return ""
        return _analyse_and_save(analysis)
    return ""  # a newer attempt took the analysis over


def _analyse_and_save(analysis: Analysis) -> str:
    video = Path(analysis.video_path)
    try:
        report = _analyse(analysis, video)
        analysis.key_frames = _save_key_frames(analysis, video, report)
        analysis.report = report.to_dict()
        _finish(analysis, Analysis.Status.DONE)
    except JobSupersededError:
        raise  # the newer attempt needs the video
    except MotionError as exc:
        analysis.error_kind = exc.kind
        _finish(analysis, Analysis.Status.FAILED, error=exc.problem)
    except Exception:
        _finish(
            analysis,
            Analysis.Status.FAILED,
            error="The analysis stopped on an internal error; the team has the details.",
        )
        raise
    return analysis.status


def _finish(analysis: Analysis, status: str, *, error: str = "") -> None:
    """Save the outcome, then delete the video (kept if a newer attempt owns it)."""
    video = analysis.video_path
    analysis.video_path = ""
    analysis.progress_pct = 100
    analysis.finish(
        status,
        error=error,
        fields=("video_path", "progress_pct", "report", "key_frames", "error_kind"),
    )
    if video:
        Path(video).unlink(missing_ok=True)
