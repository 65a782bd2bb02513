from __future__ import annotations

from django.apps import AppConfig


class CoachConfig(AppConfig):
    name = "clinic.coach"
    label = "coach"
    verbose_name = "Live form coach"
