from __future__ import annotations

from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "clinic.workspace"
    label = "workspace"
    verbose_name = "Clinician's workspace"
