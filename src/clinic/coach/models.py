"""Sets done with the live coach: only their numbers, never a picture.

The browser runs the pose model and the form check itself and sends the finished set's
numbers (checked by `tractus.motion.coached_set`); they are health data of the motion
part of the record, shown only through views that ask `clinic.runners.access`.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models

from clinic.runners.models import Runner
from tractus.motion.coached_set import CoachedSet, parse_coached_set
from tractus.motion.rules import RULES, Exercise


class CoachSet(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    runner = models.ForeignKey(
        Runner, on_delete=models.CASCADE, related_name="coach_sets"
    )
    exercise = models.CharField(
        max_length=30, choices=[(str(e), RULES[e].label) for e in Exercise]
    )
    rep_count = models.PositiveSmallIntegerField()
    # The whole set as `CoachedSet.to_dict()`; read back through `result`.
    numbers: models.JSONField[dict[str, Any]] = models.JSONField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_exercise_display()} {self.created_at:%Y-%m-%d}"

    @property
    def result(self) -> CoachedSet:
        """The saved numbers as the core's type (one serialiser both ways)."""
        return parse_coached_set(self.numbers)
