from __future__ import annotations

from django.apps import AppConfig


class TriageConfig(AppConfig):
    name = "clinic.triage"
    label = "triage"
    verbose_name = "Symptom check"
