"""Giving and withdrawing a clinic's access to a runner's record."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from django.db import transaction

from clinic.accounts.models import User
from clinic.accounts.traces import erase_traces
from clinic.clinics.models import Clinic
from clinic.runners.models import AccessGrant, Area, Runner
from clinic.training.load_cache import forget_runner


def ensure_runner(user: User) -> Runner:
    """The runner record of `user`, created the first time they need one."""
    runner, _ = Runner.objects.get_or_create(user=user)
    return runner


@transaction.atomic
def grant_access(
    *, runner: Runner, clinic: Clinic, areas: Iterable[Area], now: datetime
) -> AccessGrant:
    """Give `clinic` access to `areas` of the record, replacing any active grant.

    A change of scope withdraws the old grant and records a new one, so the
    history shows exactly what was shared when.
    """
    chosen = set(areas)
    if not chosen:
        raise ValueError("A grant must cover at least one part of the record")
    for old in AccessGrant.objects.active().filter(runner=runner, clinic=clinic):
        withdraw_access(grant=old, now=now)
    return AccessGrant.objects.create(
        runner=runner,
        clinic=clinic,
        granted_at=now,
        **{f"share_{a.value}": a in chosen for a in Area},
    )


def withdraw_access(*, grant: AccessGrant, now: datetime) -> AccessGrant:
    if grant.withdrawn_at is None:
        grant.withdrawn_at = now
        grant.save(update_fields=["withdrawn_at"])
    return grant


@transaction.atomic
def update_details(*, runner: Runner, full_name: str, timezone: str) -> None:
    """Save the runner's name and time zone (new imports use the new zone)."""
    runner.user.full_name = full_name
    runner.user.save(update_fields=["full_name"])
    runner.timezone = timezone
    runner.save(update_fields=["timezone"])


class AccountDeletionError(ValueError):
    """The account cannot be erased yet; the message says what to do first."""


@transaction.atomic
def delete_account(*, user: User) -> None:
    """Erase the person and everything in their record (checks, runs, videos).

    Files on disk (key frames) go once the database rows are gone for good.
    """
    for membership in user.memberships.filter(is_admin=True).select_related("clinic"):
        others = membership.clinic.memberships.filter(is_admin=True).exclude(user=user)
        if not others.exists():
            raise AccountDeletionError(
                f"You are the only admin of {membership.clinic}: make someone else an "
                "admin first, so the clinic can still manage its staff."
            )
    runner = Runner.objects.filter(user=user).first()
    folders = [a.folder for a in runner.analyses.all()] if runner else []
    erase_traces(user)
    user.delete()
    if runner is not None:
        forget_runner(runner.pk)  # the kept load page goes with the record
    transaction.on_commit(lambda: _remove_folders(folders))


def _remove_folders(folders: list[Path]) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
