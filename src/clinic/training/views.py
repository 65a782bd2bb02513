"""Upload activity files, follow the import, and see the training load."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from clinic.jobs.views import job_partial
from clinic.lib.http import AuthenticatedHttpRequest
from clinic.lib.uploads import accepts_upload
from clinic.runners.access import can_view, get_viewable_runner
from clinic.runners.models import Area
from clinic.runners.services import ensure_runner
from clinic.training.forms import MAX_UPLOAD_BYTES, UploadForm
from clinic.training.models import ImportBatch
from clinic.training.selectors import (
    DEFAULT_RANGE,
    RANGES_WEEKS,
    recent_runs,
    training_overview,
)
from clinic.training.services import start_import


@login_required
def load(request: AuthenticatedHttpRequest, runner_id: int) -> HttpResponse:
    runner = get_viewable_runner(request.user, runner_id, Area.TRAINING)
    range_key = request.GET.get("weeks", DEFAULT_RANGE)
    if range_key not in RANGES_WEEKS:
        range_key = DEFAULT_RANGE
    today = runner.local_today(timezone.now())  # the runner's own date
    context = {
        "runner": runner,
        "is_own": runner.user_id == request.user.pk,
        "overview": training_overview(runner, today=today, range_key=range_key),
        "recent": recent_runs(runner, today=today),
        "range_key": range_key,
        "ranges": list(RANGES_WEEKS),
        "imports": runner.imports.all()[:5],
    }
    return render(request, "training/load.html", context)


@accepts_upload(max_bytes=MAX_UPLOAD_BYTES)
@login_required
def upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    runner = ensure_runner(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        batch = start_import(
            runner=runner, uploads=form.cleaned_data["files"], now=timezone.now()
        )
        for problem in form.refused:
            messages.error(request, f"Not imported: {problem}")
        return redirect("training:import", public_id=batch.public_id)
    return render(request, "training/upload.html", {"form": form, "runner": runner})


def _viewable_batch(request: HttpRequest, public_id: str) -> ImportBatch:
    batch = get_object_or_404(
        ImportBatch.objects.select_related("runner"), public_id=public_id
    )
    if not can_view(request.user, batch.runner, Area.TRAINING):
        raise Http404("No such import")
    return batch


@login_required
def import_progress(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    batch = _viewable_batch(request, public_id)
    return render(
        request, "training/import.html", {"batch": batch, "items": batch.items.all()}
    )


@login_required
def import_status(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    """The import page's status partial, polled while the import runs."""
    batch = _viewable_batch(request, public_id)
    context = {"batch": batch, "items": batch.items.all()}
    return job_partial(request, batch, "training/_import_status.html", context)


@login_required
def my_training(request: AuthenticatedHttpRequest) -> HttpResponse:
    runner = ensure_runner(request.user)
    return redirect("training:load", runner_id=runner.pk)
