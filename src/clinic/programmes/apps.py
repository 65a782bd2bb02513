from __future__ import annotations

from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "clinic.programmes"
    verbose_name = "Rehab programmes"
    default_auto_field = "django.db.models.BigAutoField"
