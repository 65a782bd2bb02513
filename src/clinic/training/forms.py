"""The upload form: several files at once, each checked for type and size."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from tractus.activities import ACTIVITY_SUFFIXES, MAX_ARCHIVE_BYTES, MAX_FILE_BYTES
from tractus.sizes import format_size


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else [data]
        files = [f for f in files if f]
        if not files:
            raise forms.ValidationError("Choose at least one file.")
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


ACCEPTED = (*ACTIVITY_SUFFIXES, ".zip")
# One upload (all its files): a full Strava export, with room for the form around it.
MAX_UPLOAD_BYTES = MAX_ARCHIVE_BYTES + 16 * 1024 * 1024


def _problem(upload: UploadedFile) -> str | None:
    name = upload.name or "file"
    lower = name.lower()
    if not lower.endswith(ACCEPTED):
        return f"{name}: not an activity file (accepted: FIT, GPX, TCX, plain or .gz, or a Strava export .zip)"
    limit = MAX_ARCHIVE_BYTES if lower.endswith(".zip") else MAX_FILE_BYTES
    size = upload.size or 0
    if size == 0:
        return f"{name}: the file is empty"
    if size > limit:
        return f"{name}: {format_size(size)} is over the {format_size(limit)} limit for this kind of file"
    return None


class UploadForm(forms.Form):
    refused: list[str]

    # The form metaclass moves declared fields into `base_fields`, so this field
    # never shadows `BaseForm.files` (the uploaded files) at run time.
    files = MultipleFileField(  # type: ignore[assignment]
        # Empty files are refused one by one in `clean_files`, not the whole upload.
        allow_empty_file=True,
        label="Activity files or a Strava export",
        widget=MultipleFileInput(attrs={"accept": ",".join(ACCEPTED)}),
    )

    def clean_files(self) -> list[UploadedFile]:
        """The acceptable files; refused ones are listed in `refused` (the rest go on)."""
        files: list[UploadedFile] = self.cleaned_data["files"]
        self.refused = [p for p in map(_problem, files) if p]
        accepted = [f for f in files if _problem(f) is None]
        if not accepted:
            raise forms.ValidationError(self.refused)
        return accepted
