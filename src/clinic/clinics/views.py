"""The clinic admin's staff page, and the invitee's page to accept."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from clinic.clinics.forms import InviteForm
from clinic.clinics.models import Clinic, Membership
from clinic.clinics.services import (
    MembershipError,
    accept_invitation,
    approve_clinician,
    cancel_confirmation,
    confirm_alone,
    invite,
    may_approve,
    may_confirm_alone,
    open_invitation,
    remove_member,
)
from clinic.lib.dates import day_text
from clinic.lib.http import AuthenticatedHttpRequest


def _administered(request: HttpRequest, slug: str) -> Clinic:
    """The clinic with `slug` if the user is its admin; else 404."""
    return get_object_or_404(
        Clinic,
        slug=slug,
        memberships__user_id=request.user.pk,
        memberships__is_admin=True,
    )


@login_required
def staff(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    clinic = _administered(request, slug)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invite(clinic=clinic, by=request.user, now=timezone.now(), **form.cleaned_data)
        # The same words for any address: nothing about its account or its owner.
        messages.success(
            request, f"An invitation was sent to {form.cleaned_data['email']}."
        )
        return redirect("clinics:staff", slug=clinic.slug)
    members = clinic.memberships.select_related("user", "clinic").order_by(
        "user__full_name"
    )
    context = {
        "clinic": clinic,
        "members": [
            (m, may_approve(m, request.user), may_confirm_alone(m, request.user))
            for m in members
        ],
        "wait_h": settings.SOLE_ADMIN_WAIT_H,
        "invitations": clinic.invitations.filter(accepted_at__isnull=True),
        "events": clinic.staff_events.all()[:50],
        "form": form,
    }
    return render(request, "clinics/staff.html", context)


def _on_member(
    request: AuthenticatedHttpRequest,
    slug: str,
    membership_id: int,
    act: Callable[[Membership], str],
) -> HttpResponse:
    """Run `act` on a member of a clinic the user administers, then back to the staff page.

    `act` returns the success message; a refusal (`MembershipError`) is shown instead.
    """
    clinic = _administered(request, slug)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "clinic"),
        pk=membership_id,
        clinic=clinic,
    )
    try:
        done = act(membership)
    except MembershipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("clinics:staff", slug=clinic.slug)


@login_required
@require_POST
def approve(
    request: AuthenticatedHttpRequest, slug: str, membership_id: int
) -> HttpResponse:
    def act(membership: Membership) -> str:
        approve_clinician(membership=membership, by=request.user, now=timezone.now())
        return f"{membership.user} now has clinical access."

    return _on_member(request, slug, membership_id, act)


@login_required
@require_POST
def confirm(
    request: AuthenticatedHttpRequest, slug: str, membership_id: int
) -> HttpResponse:
    """A clinic's only admin confirms clinical access, with their password."""

    def act(membership: Membership) -> str:
        starts = confirm_alone(
            membership=membership,
            by=request.user,
            password=request.POST.get("password", ""),
            now=timezone.now(),
        )
        return (
            f"Clinical access for {membership.user} starts on "
            f"{day_text(starts)}, {starts:%H:%M} UTC. The runners who share with "
            f"{membership.clinic} and your staff have been told."
        )

    return _on_member(request, slug, membership_id, act)


@login_required
@require_POST
def cancel(
    request: AuthenticatedHttpRequest, slug: str, membership_id: int
) -> HttpResponse:
    def act(membership: Membership) -> str:
        cancel_confirmation(membership=membership, by=request.user, now=timezone.now())
        return f"Clinical access for {membership.user} will not start."

    return _on_member(request, slug, membership_id, act)


@login_required
@require_POST
def remove(
    request: AuthenticatedHttpRequest, slug: str, membership_id: int
) -> HttpResponse:
    def act(membership: Membership) -> str:
        remove_member(membership=membership, by=request.user, now=timezone.now())
        return f"{membership.user} was removed from {membership.clinic}."

    return _on_member(request, slug, membership_id, act)


@login_required
def invitation(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    """The invitee, logged in as the invited address, accepts (or just leaves)."""
    found = open_invitation(str(token), request.user)
    if found is None:
        raise Http404("No such invitation")
    if request.method == "POST":
        accept_invitation(invitation=found, user=request.user, now=timezone.now())
        messages.success(request, f"You are now on the staff of {found.clinic}.")
        return redirect("home")
    return render(request, "clinics/invitation.html", {"invitation": found})
