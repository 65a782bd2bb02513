from __future__ import annotations

from django.apps import AppConfig


class RunnersConfig(AppConfig):
    name = "clinic.runners"
    label = "runners"
    verbose_name = "Runners"
