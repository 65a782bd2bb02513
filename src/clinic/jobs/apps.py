from __future__ import annotations

from django.apps import AppConfig


class JobsConfig(AppConfig):
    """The shape every background job shares, its heartbeat and the stale-job sweep."""

    name = "clinic.jobs"
    label = "jobs"
