"""Upload a video, follow its analysis, see the result and its key frames."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from clinic.jobs.views import job_partial
from clinic.lib.http import AuthenticatedHttpRequest
from clinic.lib.uploads import accepts_upload
from clinic.motionlab.forms import MAX_VIDEO_BYTES, AnalysisForm
from clinic.motionlab.models import Analysis
from clinic.motionlab.presenters import present
from clinic.motionlab.services import start_analysis
from clinic.runners.access import can_view, get_viewable_runner
from clinic.runners.models import Area
from clinic.runners.services import ensure_runner
from tractus.motion.rules import parse_exercise


# The video and the few form fields around it.
@accepts_upload(max_bytes=MAX_VIDEO_BYTES + 1024 * 1024)
@login_required
def new(request: AuthenticatedHttpRequest) -> HttpResponse:
    runner = ensure_runner(request.user)
    form = AnalysisForm(
        request.POST or None, request.FILES or None, initial=_chosen(request)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        analysis = start_analysis(
            runner=runner,
            video=data["video"],
            kind=data["kind"],
            exercise=data["exercise"],
            view=data["view"],
            model=data["model"],
            hint=form.hint(),
            now=timezone.now(),
        )
        return redirect("motionlab:analysis", public_id=analysis.public_id)
    return render(request, "motionlab/new.html", {"form": form})


def _chosen(request: HttpRequest) -> dict[str, str]:
    """What a link chose (`?kind=exercise&exercise=side-lying leg raise`): the
    exercise as a person types it, in any case, with spaces or hyphens."""
    try:
        exercise = parse_exercise(request.GET.get("exercise", ""))
    except ValueError:
        return {}  # no exercise or an unknown one: the runner chooses in the form
    return {"kind": "exercise", "exercise": str(exercise)}


@login_required
def analyses(request: AuthenticatedHttpRequest, runner_id: int) -> HttpResponse:
    runner = get_viewable_runner(request.user, runner_id, Area.MOTION)
    context = {
        "runner": runner,
        "rows": [(a, present(a)) for a in runner.analyses.all()],
        "is_own": runner.user_id == request.user.pk,
    }
    return render(request, "motionlab/list.html", context)


def _viewable(request: HttpRequest, public_id: str) -> Analysis:
    analysis = get_object_or_404(
        Analysis.objects.select_related("runner"), public_id=public_id
    )
    if not can_view(request.user, analysis.runner, Area.MOTION):
        raise Http404("No such analysis")
    return analysis


@login_required
def analysis(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    item = _viewable(request, public_id)
    context = {
        "analysis": item,
        "view": present(item),
        # The runner reads the studies; a clinician also the reference file's section.
        "is_own": item.runner.user_id == request.user.pk,
    }
    return render(request, "motionlab/analysis.html", context)


@login_required
def status(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    """The analysis page's status partial; once it ends, the page loads its result."""
    item = _viewable(request, public_id)
    return job_partial(
        request,
        item,
        "motionlab/_analysis_status.html",
        {"analysis": item},
        reload_when_ended=True,
    )


@login_required
def report_json(request: AuthenticatedHttpRequest, public_id: str) -> JsonResponse:
    item = _viewable(request, public_id)
    if item.report is None:
        raise Http404("No report yet")
    response = JsonResponse(item.report)
    response["Content-Disposition"] = (
        f'attachment; filename="tractus-{item.kind}-{item.created_at:%Y-%m-%d}.json"'
    )
    return response


@login_required
def key_frame(
    request: AuthenticatedHttpRequest, public_id: str, index: int
) -> HttpResponse:
    item = _viewable(request, public_id)
    if not 0 <= index < len(item.key_frames):
        raise Http404("No such picture")
    picture = item.key_frames[index]
    # ?size=thumb: the small copy lists and the timeline show (older analyses have
    # none, or only for the first frame: full size then).
    wanted = "thumb" if request.GET.get("size") == "thumb" else "file"
    path = item.folder / picture.get(wanted, picture["file"])
    if not path.is_file():
        raise Http404("No such picture")
    # Key frames are small JPEGs (PNGs in older analyses): read whole, so no file handle
    # outlives the request. No cache header here: every response is no-store
    # (clinic.lib.middleware), so a picture does not outlive a withdrawn grant.
    kind = "image/png" if path.suffix == ".png" else "image/jpeg"
    return HttpResponse(path.read_bytes(), content_type=kind)


@login_required
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    return redirect("motionlab:list", runner_id=ensure_runner(request.user).pk)
