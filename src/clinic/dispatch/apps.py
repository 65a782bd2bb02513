from __future__ import annotations

from django.apps import AppConfig


class DispatchConfig(AppConfig):
    """Fair turns on the task workers (see `clinic.dispatch.services`)."""

    name = "clinic.dispatch"
    label = "dispatch"
