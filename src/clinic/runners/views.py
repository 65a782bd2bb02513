"""The runner's record, the sharing page and the clinician's patient list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from clinic.lib.http import AuthenticatedHttpRequest
from clinic.runners.access import get_own_record, get_viewable_runner
from clinic.runners.data_export import data_members, stream_zip
from clinic.runners.forms import DeleteAccountForm, DetailsForm, GrantForm
from clinic.runners.models import AccessGrant, Area
from clinic.runners.services import (
    AccountDeletionError,
    delete_account,
    ensure_runner,
    grant_access,
    update_details,
    withdraw_access,
)


@login_required
def record(request: AuthenticatedHttpRequest, runner_id: int) -> HttpResponse:
    runner = get_viewable_runner(request.user, runner_id, Area.TRIAGE)
    checks = runner.triage_assessments.all()[:50]
    context = {
        "runner": runner,
        "checks": checks,
        "is_own": runner.user_id == request.user.pk,
    }
    return render(request, "runners/record.html", context)


@login_required
def sharing(request: AuthenticatedHttpRequest) -> HttpResponse:
    runner = ensure_runner(request.user)
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        grant = grant_access(
            runner=runner,
            clinic=form.cleaned_data["clinic"],
            areas=form.chosen_areas(),
            now=timezone.now(),
        )
        messages.success(
            request, f"{grant.clinic} can now see the parts of your record you chose."
        )
        return redirect("runners:sharing")
    grants = runner.grants.select_related("clinic")
    return render(request, "runners/sharing.html", {"form": form, "grants": grants})


@login_required
@require_POST
def withdraw(request: AuthenticatedHttpRequest, grant_id: int) -> HttpResponse:
    grant = get_object_or_404(AccessGrant, pk=grant_id, runner__user=request.user)
    withdraw_access(grant=grant, now=timezone.now())
    messages.success(request, f"{grant.clinic} can no longer see your record.")
    return redirect("runners:sharing")


@login_required
def details(request: AuthenticatedHttpRequest) -> HttpResponse:
    runner = ensure_runner(request.user)
    initial = {"full_name": request.user.full_name, "timezone": runner.timezone}
    form = DetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        update_details(runner=runner, **form.cleaned_data)
        messages.success(request, "Your details are saved.")
        return redirect("runners:details")
    delete_form = DeleteAccountForm(email=request.user.email)
    return render(
        request,
        "runners/details.html",
        {"form": form, "delete_form": delete_form, "runner": runner},
    )


@login_required
@require_POST
def delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST, email=request.user.email)
    if not form.is_valid():
        runner = ensure_runner(request.user)
        details_form = DetailsForm(
            initial={"full_name": request.user.full_name, "timezone": runner.timezone}
        )
        context = {"form": details_form, "delete_form": form, "runner": runner}
        return render(request, "runners/details.html", context, status=400)
    user = request.user
    try:
        delete_account(user=user)
    except AccountDeletionError as exc:
        messages.error(request, str(exc))
        return redirect("runners:details")
    logout(request)
    messages.success(request, "Your account and your record have been erased.")
    return redirect("home")


@login_required
def data_download(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    """All of the runner's data as one zip, streamed; nobody else's, to nobody else."""
    runner = get_own_record(request.user)
    now = timezone.now()
    response = StreamingHttpResponse(
        stream_zip(data_members(runner, now=now), when=now),
        content_type="application/zip",
    )
    filename = f"tractus-my-data-{runner.local_today(now):%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
