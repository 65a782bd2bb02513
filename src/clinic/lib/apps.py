from __future__ import annotations

from django.apps import AppConfig


class LibConfig(AppConfig):
    """Holds the project-wide management commands (`worker`, `serve`)."""

    name = "clinic.lib"
    label = "lib"
