"""Saving a set the live coach counted."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from clinic.coach.models import CoachSet
from clinic.runners.models import Runner
from tractus.motion.coached_set import parse_coached_set


@transaction.atomic
def save_set(*, runner: Runner, data: object, now: datetime) -> CoachSet:
    """Check the set's numbers and save them.

    Raises
    ------
    MotionError
        When the numbers are incomplete, out of range or carry anything else.
    """
    result = parse_coached_set(data)
    return CoachSet.objects.create(
        runner=runner,
        exercise=str(result.exercise),
        rep_count=result.rep_count,
        numbers=result.to_dict(),
        created_at=now,
    )
