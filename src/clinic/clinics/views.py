"""The clinic admin's staff page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from clinic.clinics.forms import AddMemberForm
from clinic.clinics.models import Membership
from clinic.clinics.services import MembershipError, add_member, remove_member
from clinic.lib.http import AuthenticatedHttpRequest
from clinic.runners.access import get_administered_clinic


@login_required
def staff(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    clinic = get_administered_clinic(request.user, slug)
    form = AddMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member = add_member(clinic=clinic, **form.cleaned_data)
        messages.success(request, f"{member.user} is now on the staff of {clinic}.")
        return redirect("clinics:staff", slug=clinic.slug)
    members = clinic.memberships.select_related("user").order_by("user__full_name")
    return render(
        request,
        "clinics/staff.html",
        {"clinic": clinic, "members": members, "form": form},
    )


@login_required
@require_POST
def remove(
    request: AuthenticatedHttpRequest, slug: str, membership_id: int
) -> HttpResponse:
    clinic = get_administered_clinic(request.user, slug)
    membership = get_object_or_404(Membership, pk=membership_id, clinic=clinic)
    try:
        remove_member(membership=membership)
    except MembershipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{membership.user} was removed from {clinic}.")
    return redirect("clinics:staff", slug=clinic.slug)
