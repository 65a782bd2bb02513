"""The one status view pattern of every job: a server-rendered partial that htmx polls."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clinic.jobs.models import Job

# htmx stops polling an element whose request is answered with this status.
HTMX_STOP_POLLING = 286


def job_partial(
    request: HttpRequest,
    job: Job,
    template: str,
    context: dict[str, Any],
    *,
    reload_when_ended: bool = False,
) -> HttpResponse:
    """The job's status partial; it stops the polling once the job has ended.

    With `reload_when_ended` the page is loaded again instead (the result of a
    video analysis is a page of its own, not a partial).
    """
    # The status line is rewritten only when it changes (jobs/_poll.html).
    announce = request.GET.get("shown") != job.status_label
    response = render(request, template, {"job": job, "announce": announce, **context})
    if not job.is_live:
        if reload_when_ended:
            response["HX-Refresh"] = "true"
        else:
            response.status_code = HTMX_STOP_POLLING
    return response
