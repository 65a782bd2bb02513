"""The audit log pages: the runner's "who looked at my record" and the clinic's log."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from clinic.audit.selectors import PAGE_SIZE, entries_about, entries_of_clinic
from clinic.lib.http import AuthenticatedHttpRequest
from clinic.runners.access import get_administered_clinic
from clinic.runners.services import ensure_runner


@login_required
@never_cache
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    runner = ensure_runner(request.user)
    context = {"entries": entries_about(runner), "page_size": PAGE_SIZE}
    return render(request, "audit/mine.html", context)


@login_required
@never_cache
def clinic_log(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    clinic = get_administered_clinic(request.user, slug)
    query = request.GET.get("q", "").strip()
    context = {
        "clinic": clinic,
        "entries": entries_of_clinic(clinic, query=query),
        "query": query,
        "page_size": PAGE_SIZE,
    }
    return render(request, "audit/clinic_log.html", context)
