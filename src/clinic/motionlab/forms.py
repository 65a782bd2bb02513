"""The video upload form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from clinic.motionlab.models import ExerciseChoice, Kind, ModelChoice, ViewChoice
from tractus.sizes import format_size

VIDEO_SUFFIXES = (".mp4", ".mov", ".m4v", ".webm", ".avi", ".mkv")
# A minute of 1080p phone video is about 150 MB; analyses need 5-60 s.
MAX_VIDEO_BYTES = 500 * 1024 * 1024


class AnalysisForm(forms.Form):
    video = forms.FileField(
        label="Video", widget=forms.ClearableFileInput(attrs={"accept": "video/*"})
    )
    kind = forms.ChoiceField(
        label="What is in the video",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        initial=Kind.GAIT,
    )
    exercise = forms.ChoiceField(
        label="Which exercise",
        choices=[("", "Choose"), *ExerciseChoice.choices],
        required=False,
    )
    view = forms.ChoiceField(
        label="Where the camera was (running)",
        choices=ViewChoice.choices,
        required=False,
    )
    model = forms.ChoiceField(
        label="Analysis", choices=ModelChoice.choices, initial=ModelChoice.FULL
    )
    hint_x = forms.FloatField(
        required=False, min_value=0, max_value=1, widget=forms.HiddenInput
    )
    hint_y = forms.FloatField(
        required=False, min_value=0, max_value=1, widget=forms.HiddenInput
    )
    # No upload is an hour long (MAX_VIDEO_BYTES); a larger time is not a tap.
    hint_time_s = forms.FloatField(
        required=False, min_value=0, max_value=3600, widget=forms.HiddenInput
    )

    def clean_video(self) -> UploadedFile:
        video: UploadedFile = self.cleaned_data["video"]
        name = video.name or "video"
        if not name.lower().endswith(VIDEO_SUFFIXES):
            raise forms.ValidationError(
                f"{name}: not a video file we can read (MP4, MOV, M4V, WebM, AVI or MKV)."
            )
        size = video.size or 0
        if size > MAX_VIDEO_BYTES:
            raise forms.ValidationError(
                f"{name}: {format_size(size)} is over the {format_size(MAX_VIDEO_BYTES)} "
                "limit; trim the video to the 10-30 seconds that matter."
            )
        return video

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("kind") == Kind.EXERCISE and not cleaned.get("exercise"):
            self.add_error("exercise", "Choose the exercise in the video.")
        return cleaned

    def hint(self) -> tuple[float, float, float] | None:
        x, y = self.cleaned_data.get("hint_x"), self.cleaned_data.get("hint_y")
        if x is None or y is None:
            return None
        return (x, y, self.cleaned_data.get("hint_time_s") or 0.0)
